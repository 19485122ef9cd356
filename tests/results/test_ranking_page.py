"""The jury's ranking page: the three views side by side, the flags, the explanation of the
arithmetic, conflicts kept out, and a fixed number of SQL queries however large the jury."""

from __future__ import annotations

import random
import re
from decimal import Decimal

from flask_babel import force_locale

from challenges.accounts.models import Role
from challenges.db import utcnow
from challenges.extensions import db
from challenges.jury import operations as ops
from challenges.jury.models import Jury, RankingView, Review, ReviewStatus, Score
from challenges.submissions.models import Proposal, ProposalStatus

EN = {"Accept-Language": "en"}
CRITERIA = (("Impact", 50, 3), ("Haalbaarheid", 30, None), ("Kost", 20, None))


class Panel:
    """A closed challenge with a jury; `score()` goes through the jury's own rules."""

    def __init__(self, make, *, proposals: int = 3, jurors: int = 2, tag: str = "",
                 **challenge_fields):
        self.organisation = make.organisation("Stad Mechelen")
        # Staff read English here; the participants keep Dutch (the default) for their emails.
        self.editor = make.user(email=f"{tag}editor@mechelen.be", name="Tom Editor", language="en")
        make.membership(self.editor, self.organisation, Role.EDITOR)
        self.admin = make.org_admin(self.organisation, email=f"{tag}admin@mechelen.be",
                                    name="Els Admin", language="en")
        self.challenge = make.challenge(self.organisation, phase="closed", criteria=CRITERIA,
                                        title="Slimme parkeerplaatsen", **challenge_fields)
        self.proposals = [make.proposal(self.challenge, title=f"Voorstel {n}",
                                        author=make.user(email=f"{tag}team{n}@example.be",
                                                         name=f"Teamlid {n}"))
                          for n in range(proposals)]
        self.jurors = [make.user(email=f"{tag}juror{n}@kuleuven.be", name=f"Jurylid {n}",
                                 language="en")
                       for n in range(jurors)]
        self.members = [ops.invite_member(self.challenge, user.email, self.editor,
                                          chair=(n == 0))
                        for n, user in enumerate(self.jurors)]

    @property
    def jury(self) -> Jury:
        return self.members[0].jury

    @property
    def chair(self):
        return self.jurors[0]

    def score(self, juror_index: int, proposal, values, *, note="GEHEIME NOTITIE",
              comment="Sterk idee."):
        member, user = self.members[juror_index], self.jurors[juror_index]
        ops.declare(member, proposal, False, "", user)
        criteria = self.challenge.criteria
        return ops.save_review(
            member, proposal, user,
            scores={c.id: v for c, v in zip(criteria, values, strict=True)},
            comments={c.id: f"Over {c.name.lower()}: {comment}" for c in criteria},
            overall_comment=f"Algemeen: {comment}", private_note=note, submit=True)

    def conflict(self, juror_index: int, proposal, reason="Mijn broer zit in het team."):
        ops.declare(self.members[juror_index], proposal, True, reason,
                    self.jurors[juror_index])


def scored_panel(make, **kwargs) -> Panel:
    """Three proposals, two jurors: "Voorstel 0" first, "Voorstel 2" below the minimum."""
    panel = Panel(make, **kwargs)
    first, second, third = panel.proposals
    for juror in (0, 1):
        panel.score(juror, first, [5, 4, 4])
        panel.score(juror, second, [4, 3, 3] if juror == 0 else [3, 4, 2])
        panel.score(juror, third, [2, 5, 5])
    return panel


def row_of(page: str, proposal) -> str:
    return re.search(rf'<tr id="proposal-{proposal.id}">.*?</tr>', page, re.S).group(0)


def test_chair_sees_three_views_flags_and_an_explanation(client, make):
    panel = scored_panel(make)
    _first, second, _third = panel.proposals
    client.login_as(panel.chair)
    response = client.get(f"/jury/{panel.challenge.slug}/ranking", headers=EN)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<h1") == 1
    with force_locale("en"):
        labels = [str(view.label) for view in RankingView]
    for label in labels:
        assert label in page
    assert "authoritative" in page
    # The authoritative (weighted) order: the third proposal is below the minimum on Impact.
    assert page.index("Voorstel 0") < page.index("Voorstel 1") < page.index("Voorstel 2")
    assert "Cannot win" in page and "below the minimum for: Impact" in page
    # 5,4,4 -> (250 + 120 + 80) / 100 = 4.5 for both jurors.
    assert "4.500" in page
    assert "GEHEIME NOTITIE" not in page

    response = client.get(f"/jury/{panel.challenge.slug}/ranking?explain={second.id}",
                          headers=EN)
    page = response.get_data(as_text=True)
    assert 'The arithmetic for "Voorstel 1"' in page
    assert "50×4 + 30×3 + 20×3 = 350.00" in page and "350.00 ÷ 100 = 3.5000" in page
    assert "Jurylid 1" in page


def test_organisers_see_the_ranking_and_a_conflicted_chair_does_not_see_those_scores(
        client, make):
    panel = Panel(make, jurors=3)
    first, second, third = panel.proposals
    panel.conflict(0, second)
    for juror in (1, 2):
        panel.score(juror, first, [5, 5, 5])
        panel.score(juror, second, [4, 4, 4])
        panel.score(juror, third, [3, 3, 3])
    slug = panel.challenge.slug
    client.login_as(panel.editor)
    page = client.get(f"/jury/{slug}/ranking", headers=EN).get_data(as_text=True)
    row = row_of(page, second)
    assert "4.000" in row
    # Only the chair read the others: the same number of reviews for every proposal.
    assert "Fewer reviews" not in page
    client.login_as(panel.chair)
    page = client.get(f"/jury/{slug}/ranking", headers=EN).get_data(as_text=True)
    row = row_of(page, second)
    assert "4.000" not in row and "conflict of interest" in row
    # Nor through the explanation.
    page = client.get(f"/jury/{slug}/ranking?explain={second.id}",
                      headers=EN).get_data(as_text=True)
    assert "The arithmetic for" not in page


def test_a_proposal_resting_on_fewer_reviews_is_flagged(client, make):
    panel = Panel(make, jurors=3)
    first, second, third = panel.proposals
    panel.conflict(0, second)
    for juror in (0, 1, 2):
        for proposal, score in ((first, 3), (second, 5), (third, 2)):
            if not (juror == 0 and proposal is second):
                panel.score(juror, proposal, [score] * 3)
    client.login_as(panel.editor)
    page = client.get(f"/jury/{panel.challenge.slug}/ranking", headers=EN).get_data(as_text=True)
    # The winner rests on two reviews where the others have three.
    assert "Fewer reviews" in row_of(page, second)
    assert "rests on 2 reviews; others on up to 3" in row_of(page, second)
    assert "Fewer reviews" not in row_of(page, first)


def test_unscored_proposals_are_listed_after_the_ranking(client, make):
    panel = Panel(make)
    panel.score(0, panel.proposals[0], [4, 4, 4])
    client.login_as(panel.editor)
    page = client.get(f"/jury/{panel.challenge.slug}/ranking", headers=EN).get_data(
        as_text=True)
    assert page.count("No submitted review yet.") == 2


def test_a_tie_and_a_disagreement_are_flagged(client, make):
    panel = Panel(make, proposals=4, jurors=2)
    a, b, c, d = panel.proposals
    panel.score(0, a, [5, 5, 5])
    panel.score(1, a, [1, 1, 1])   # 4 points apart: disagreement
    panel.score(0, b, [4, 4, 4])
    panel.score(1, b, [4, 4, 4])
    panel.score(0, c, [4, 4, 4])   # the same scores as b: a tie
    panel.score(1, c, [4, 4, 4])
    panel.score(0, d, [2, 2, 2])
    panel.score(1, d, [3, 3, 3])
    client.login_as(panel.chair)
    page = client.get(f"/jury/{panel.challenge.slug}/ranking", headers=EN).get_data(
        as_text=True)
    row_a = row_of(page, a)
    row_b = row_of(page, b)
    assert "Disagreement" in row_a
    assert "Tie" in row_b and "Voorstel 2" in row_b


# A fixed number of queries --------------------------------------------------------------------

def bulk_panel(make, *, proposals: int, jurors: int, tag: str, seed: int = 7) -> Panel:
    """A panel where every juror has scored every proposal, written in bulk."""
    panel = Panel(make, proposals=0, jurors=jurors, tag=tag)
    author = make.user(email=f"{tag}author@example.be")
    now = utcnow()
    rows = [Proposal(challenge_id=panel.challenge.id, author_id=author.id,
                     status=ProposalStatus.SUBMITTED, title=f"Bulk {n:03d}",
                     reference=f"{tag}B-{n:05d}", submitted_at=now, version=1)
            for n in range(proposals)]
    db.session.add_all(rows)
    db.session.flush()
    criteria = panel.challenge.criteria
    generator = random.Random(seed)
    reviews = []
    for member in panel.members:
        for proposal in rows:
            review = Review(member_id=member.id, proposal_id=proposal.id,
                            status=ReviewStatus.SUBMITTED, submitted_at=now,
                            overall_comment="", private_note="")
            review.scores = [Score(criterion_id=c.id, value=Decimal(generator.randint(1, 5)),
                                   comment="") for c in criteria]
            reviews.append(review)
    db.session.add_all(reviews)
    db.session.commit()
    panel.proposals = rows
    return panel


def _count(client, count_queries, url) -> int:
    with count_queries() as counter:
        response = client.get(url, headers=EN)
    assert response.status_code == 200
    return counter.count


def test_the_ranking_uses_a_fixed_number_of_queries(client, make, count_queries):
    small = bulk_panel(make, proposals=3, jurors=2, tag="small-")
    client.login_as(small.chair)
    small_count = _count(client, count_queries, f"/jury/{small.challenge.slug}/ranking")
    small_report = _count(client, count_queries, f"/jury/{small.challenge.slug}/report")
    small_export = _count(client, count_queries,
                          f"/jury/{small.challenge.slug}/export/scores.xlsx")

    large = bulk_panel(make, proposals=300, jurors=7, tag="large-", seed=11)
    client.login_as(large.chair)
    page = client.get(f"/jury/{large.challenge.slug}/ranking", headers=EN).get_data(
        as_text=True)
    # A page at a time (RANKING_PAGE_SIZE); the printable report has them all.
    assert page.count('<tr id="proposal-') == 50
    assert _count(client, count_queries, f"/jury/{large.challenge.slug}/ranking") == \
        small_count
    assert _count(client, count_queries, f"/jury/{large.challenge.slug}/ranking?page=6") == \
        small_count
    assert _count(client, count_queries, f"/jury/{large.challenge.slug}/report") == \
        small_report
    assert _count(client, count_queries,
                  f"/jury/{large.challenge.slug}/export/scores.xlsx") == small_export



def test_the_ranking_is_shown_a_page_at_a_time(client, make, app):
    """A large jury's ranking does not send every view of every proposal at once."""
    app.config["RANKING_PAGE_SIZE"] = 2
    panel = Panel(make, proposals=5, jurors=1, tag="paged")
    for n, proposal in enumerate(panel.proposals[:4]):
        panel.score(0, proposal, [5 - n, 3, 3])     # Voorstel 0 first, then 1, 2, 3
    client.login_as(panel.chair)
    url = f"/jury/{panel.challenge.slug}/ranking"
    first = client.get(url, headers=EN).get_data(as_text=True)
    assert 'id="proposal-' in first
    shown = re.findall(r'<tr id="proposal-(\d+)"', first)
    assert shown == [str(panel.proposals[0].id), str(panel.proposals[1].id)]
    assert "Page 1 of 2" in first
    assert "No submitted review yet." not in first     # the unreviewed come last
    assert f'href="{url}?page=2"' in first
    second = client.get(f"{url}?page=2", headers=EN).get_data(as_text=True)
    assert re.findall(r'<tr id="proposal-(\d+)"', second) == [
        str(panel.proposals[2].id), str(panel.proposals[3].id)]
    assert "No submitted review yet." in second


def test_a_changed_score_changes_the_ranking_at_once(client, make):
    """The page keeps a computed ranking for the same scores: a changed score, or a conflict
    declared afterwards, is other scores, so the ranking is computed again."""
    panel = scored_panel(make)
    _first, second, _third = panel.proposals
    client.login_as(panel.chair)
    url = f"/jury/{panel.challenge.slug}/ranking"
    page = client.get(url, headers=EN).get_data(as_text=True)
    assert page.index("Voorstel 0") < page.index("Voorstel 1")
    for juror in (0, 1):
        panel.score(juror, second, [5, 5, 5])
    page = client.get(url, headers=EN).get_data(as_text=True)
    assert page.index("Voorstel 1") < page.index("Voorstel 0")
    assert "5.000" in row_of(page, second)
    panel.conflict(1, second)
    page = client.get(url, headers=EN).get_data(as_text=True)
    assert "Fewer reviews" in row_of(page, second)
