"""Deliberation, publication, the public results, the audit trail, the exports and the jury
report: who gets in, what a refused request leaves untouched, and the whole flow through the
app with real email."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from challenges.challenges.models import ChallengeStatus
from challenges.db import utcnow
from challenges.events import Event as AuditEvent
from challenges.extensions import db
from challenges.jury import operations as ops
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.results import operations as results_ops
from challenges.results import queries as results_queries
from challenges.results.models import Decision
from challenges.submissions.models import ProposalStatus, Support, TeamMember
from tests.access import sent_to_sign_in
from tests.results.test_ranking_page import EN, Panel, scored_panel

RANKING_ROUTES = ("/jury/{slug}/ranking", "/jury/{slug}/report", "/jury/{slug}/export/scores.csv",
                  "/jury/{slug}/export/scores.xlsx", "/jury/{slug}/export/ranking.csv")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def decide(client, panel, proposal, **fields):
    data = {"proposal": proposal.id}
    data.update({f"p{proposal.id}-{name}": value for name, value in fields.items()})
    return client.post(f"/jury/{panel.challenge.slug}/decide", data=data, headers=EN)


@pytest.fixture
def panel(make):
    return scored_panel(make)


@pytest.fixture
def outsiders(make, panel):
    """Everyone who must be refused: a participant, a juror and the chair of another
    challenge, an editor of another organisation, a non-chair juror of this one."""
    other = Panel(make, proposals=1, jurors=2, tag="other-")
    return {
        "participant": panel.proposals[0].author,
        "other chair": other.chair,
        "other juror": other.jurors[1],
        "other editor": other.editor,
        "juror": panel.jurors[1],
    }


# Access ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("route", RANKING_ROUTES)
def test_ranking_exports_and_report_are_for_the_chair_and_organisers(client, panel, outsiders,
                                                                   make, route):
    url = route.format(slug=panel.challenge.slug)
    assert sent_to_sign_in(client.get(url))   # a stranger
    for who, user in outsiders.items():
        assert client.login_as(user).get(url).status_code == 403, who
    platform_admin = make.user(platform_admin=True, language="en")
    for user in (panel.chair, panel.editor, panel.admin, platform_admin):
        assert client.login_as(user).get(url).status_code == 200
    assert client.login_as(panel.editor).get(
        route.format(slug="no-such-challenge")).status_code == 404


def test_a_draft_or_a_challenge_without_jury_has_no_ranking(client, make, panel):
    draft = make.challenge(make.organisation(), phase="draft")
    client.login_as(panel.editor)
    assert client.get(f"/jury/{draft.slug}/ranking").status_code == 404
    no_jury = make.challenge(panel.organisation, phase="closed")
    assert client.get(f"/jury/{no_jury.slug}/ranking").status_code == 404


def test_only_the_chair_decides(client, panel, outsiders):
    ops.lock(panel.jury, panel.chair)
    url = f"/jury/{panel.challenge.slug}/decide"
    winner = panel.proposals[0]
    assert sent_to_sign_in(client.get(url))
    assert sent_to_sign_in(decide(client, panel, winner, place="1", motivation="x"))
    refused = dict(outsiders, editor=panel.editor, admin=panel.admin)
    for who, user in refused.items():
        client.login_as(user)
        assert client.get(url).status_code == 403, who
        assert decide(client, panel, winner, place="1", motivation="x").status_code == 403, who
    assert count(Decision) == 0
    assert client.login_as(panel.chair).get(url).status_code == 200
    # The organisers are told who decides, and their progress page offers no link to it.
    page = client.login_as(panel.editor).get(url, headers=EN).get_data(as_text=True)
    assert "chair leads the deliberation" in page
    progress = client.get(f"/jury/{panel.challenge.slug}/progress", headers=EN)
    assert progress.status_code == 200 and url not in progress.get_data(as_text=True)
    assert url in client.login_as(panel.chair).get(
        f"/jury/{panel.challenge.slug}/progress").get_data(as_text=True)


def test_the_organisers_list_links_to_a_ranking_only_where_a_jury_is(client, make, panel):
    no_jury = make.challenge(panel.organisation, phase="closed", title="Zonder jury")
    page = client.login_as(panel.editor).get("/manage").get_data(as_text=True)
    assert f"/jury/{panel.challenge.slug}/ranking" in page
    assert f"/jury/{no_jury.slug}/ranking" not in page
    assert f"/manage/challenges/{no_jury.slug}/jury" in page


def test_only_organisers_publish_and_refusals_change_nothing(client, panel, outsiders, smtp):
    ops.lock(panel.jury, panel.chair)
    results_ops.record_decision(panel.jury, panel.proposals[0], panel.chair, shortlisted=True,
                        motivation="Sterk.", place=1, award_name="Winnaar",
                        award_amount=None, honourable_mention=False)
    url = f"/manage/challenges/{panel.challenge.slug}/results/publish"
    emails = count(OutboxMessage)
    assert sent_to_sign_in(client.get(url))
    assert sent_to_sign_in(client.post(url))
    for who, user in dict(outsiders, chair=panel.chair).items():
        client.login_as(user)
        assert client.get(url).status_code == 403, who
        assert client.post(url).status_code == 403, who
    db.session.expire_all()
    assert panel.challenge.status == ChallengeStatus.PUBLISHED
    assert panel.proposals[0].status == ProposalStatus.SUBMITTED
    assert count(OutboxMessage) == emails
    page = client.login_as(panel.admin).get(url, headers=EN)
    assert page.status_code == 200
    assert "Winnaar" in page.get_data(as_text=True)


def test_the_audit_trail_is_for_the_organisations_administrators(client, panel, outsiders,
                                                                 make):
    url = f"/manage/challenges/{panel.challenge.slug}/jury/audit"
    assert sent_to_sign_in(client.get(url))
    for who, user in dict(outsiders, editor=panel.editor, chair=panel.chair).items():
        assert client.login_as(user).get(url).status_code == 403, who
    assert client.login_as(panel.admin).get(url).status_code == 200
    assert client.login_as(make.user(platform_admin=True)).get(url).status_code == 200
    draft = make.challenge(make.organisation(), phase="draft")
    assert client.login_as(panel.admin).get(
        f"/manage/challenges/{draft.slug}/jury/audit").status_code == 404


def test_the_results_page_opens_only_with_publication(client, make, panel):
    url = f"/challenges/{panel.challenge.slug}/results"
    for user in (None, panel.editor, panel.chair):
        if user is not None:
            client.login_as(user)
        assert client.get(url).status_code == 404
    draft = make.challenge(panel.organisation, phase="draft")
    assert client.login_as(panel.editor).get(
        f"/challenges/{draft.slug}/results").status_code == 404
    assert client.get("/challenges/nothing-here/results").status_code == 404


# Deliberation ---------------------------------------------------------------------------------

def test_deciding_before_the_lock_is_explained_and_saves_nothing(client, panel):
    client.login_as(panel.chair)
    page = client.get(f"/jury/{panel.challenge.slug}/decide", headers=EN)
    assert page.status_code == 200
    assert "Scoring is not locked yet" in page.get_data(as_text=True)
    response = decide(client, panel, panel.proposals[0], place="1", motivation="Sterk.")
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "lock it first" in page
    assert count(Decision) == 0


def test_decisions_in_ranking_order_with_public_support(client, panel, make):
    panel.challenge.public_support_enabled = True
    db.session.add_all([Support(proposal_id=panel.proposals[1].id, user_id=make.user().id)
                        for _ in range(3)])
    db.session.commit()
    ops.lock(panel.jury, panel.chair)
    client.login_as(panel.chair)
    page = client.get(f"/jury/{panel.challenge.slug}/decide", headers=EN).get_data(
        as_text=True)
    first, second, third = panel.proposals
    assert page.index(f'id="proposal-{first.id}"') < page.index(
        f'id="proposal-{second.id}"') < page.index(f'id="proposal-{third.id}"')
    assert "3 people support it" in page
    response = decide(client, panel, first, shortlisted="y", motivation="Sterk en haalbaar.",
                      place="1", award_name="Winnaar", award_amount="10000")
    assert response.status_code == 302
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == first.id))
    assert (decision.place, decision.award_name, decision.award_amount) == (
        1, "Winnaar", Decimal("10000"))
    # Saving again updates the same decision.
    decide(client, panel, first, motivation="Sterk, haalbaar en goedkoop.", place="1",
           award_name="Winnaar", award_amount="10000")
    assert count(Decision) == 1
    db.session.expire_all()
    assert decision.motivation == "Sterk, haalbaar en goedkoop."


def test_saving_one_decision_keeps_what_was_typed_for_the_others(client, panel):
    ops.lock(panel.jury, panel.chair)
    client.login_as(panel.chair)
    first, second, third = panel.proposals
    url = f"/jury/{panel.challenge.slug}/decide"
    page = client.get(url, headers=EN).get_data(as_text=True)
    assert page.count("<form") - page.count('action="/logout"') - page.count(
        'action="/language"') == 1  # the proposals share one form
    assert f'name="proposal" value="{second.id}"' in page  # each Save says which one
    # The chair typed in all three, and pressed Save on the second.
    data = {"proposal": str(second.id)}
    for proposal, text in ((first, "Eerste tekst"), (second, "Tweede tekst"),
                           (third, "Derde tekst")):
        data.update({f"p{proposal.id}-motivation": text, f"p{proposal.id}-place": "",
                     f"p{proposal.id}-award_name": "", f"p{proposal.id}-award_amount": ""})
    response = client.post(url, data=data, headers=EN)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Eerste tekst" in page and "Derde tekst" in page  # kept on the page
    assert "not saved yet" in page
    decisions = {d.proposal_id: d.motivation for d in db.session.scalars(select(Decision))}
    assert decisions == {second.id: "Tweede tekst"}
    # Nothing typed elsewhere: the usual redirect.
    assert decide(client, panel, first, motivation="Eerste tekst").status_code == 302


def test_a_place_goes_to_one_proposal_only(client, panel):
    ops.lock(panel.jury, panel.chair)
    client.login_as(panel.chair)
    first, second, _third = panel.proposals
    decide(client, panel, first, place="1", award_name="Winnaar", motivation="Sterk.")
    response = decide(client, panel, second, place="1", award_name="Publieksprijs",
                      motivation="Heel geliefd bij het publiek.")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Place 1 already goes to &#34;Voorstel 0&#34;" in page
    assert "Heel geliefd bij het publiek." in page   # what was typed is kept
    assert db.session.scalar(select(Decision).where(
        Decision.proposal_id == second.id)) is None
    assert decide(client, panel, second, place="2", award_name="Publieksprijs",
                  motivation="Heel geliefd.").status_code == 302


def test_bad_decisions_get_a_message_never_a_500(client, panel, make):
    ops.lock(panel.jury, panel.chair)
    client.login_as(panel.chair)
    first, _second, third = panel.proposals
    for fields, message in (
            ({"place": "0"}, "Enter a place from 1 to 100."),
            ({"place": "99999999999"}, "Enter a place from 1 to 100."),
            ({"place": "een"}, "Not a valid integer value."),
            ({"place": "1", "award_amount": "NaN"}, "Enter an amount in euro"),
            ({"place": "1", "award_amount": "-5"}, "Enter an amount from 0"),
            ({"place": "1", "award_amount": "1e20"}, "Enter an amount from 0"),
            ({"award_amount": "500"}, "An amount goes with a place"),
            ({"motivation": "x" * 6000}, "Field cannot be longer than 5000 characters."),
    ):
        response = decide(client, panel, first, **fields)
        assert response.status_code == 400, fields
        assert message in response.get_data(as_text=True), fields
    # Below the minimum on Impact: shortlisted yes, a place no.
    response = decide(client, panel, third, place="3", motivation="Mooi, maar te duur.")
    assert response.status_code == 400
    assert "does not reach the minimum score for: Impact" in response.get_data(as_text=True)
    assert decide(client, panel, third, shortlisted="y").status_code == 302
    # A proposal of another challenge, or none at all.
    foreign = make.proposal(make.challenge(phase="closed"))
    for proposal_id in (foreign.id, 0, "abc"):
        response = client.post(f"/jury/{panel.challenge.slug}/decide",
                                data={"proposal": proposal_id, "p0-place": "1"}, headers=EN)
        assert response.status_code == 302
        page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
        assert "not part of this jury&#39;s work" in page
    assert count(Decision) == 1
    assert db.session.scalar(select(Decision)).proposal_id == third.id


@pytest.mark.csrf
def test_a_decision_without_the_form_token_is_refused(client, panel):
    ops.lock(panel.jury, panel.chair)
    client.login_as(panel.chair)
    response = decide(client, panel, panel.proposals[0], place="1")
    assert response.status_code == 400
    assert count(Decision) == 0


# The whole flow -------------------------------------------------------------------------------

def test_lock_decide_publish_email_and_results_page(client, make, smtp):
    panel = scored_panel(make, proposal_visibility="after_results")
    winner, shortlisted, other = panel.proposals
    co_author = make.user(email="co@example.be", name="Co Auteur")
    db.session.add(TeamMember(proposal=winner, email=co_author.email, user=co_author,
                              accepted_at=utcnow()))
    winner.organisation_name = "Slim Parkeren BV"
    db.session.commit()
    ruled_out = make.proposal(panel.challenge, status="ineligible", title="Buiten de regels")
    slug = panel.challenge.slug

    client.login_as(panel.chair)
    assert client.post(f"/jury/{slug}/lock").status_code == 302   # the jury's own screen
    assert panel.jury.locked
    assert decide(client, panel, winner, shortlisted="y", place="1", award_name="Winnaar",
                  award_amount="10000",
                  motivation="Sterk, haalbaar en klaar voor een pilot.").status_code == 302
    assert decide(client, panel, shortlisted, shortlisted="y", honourable_mention="y",
                  motivation="Een frisse kijk op laadpalen.").status_code == 302

    client.login_as(panel.editor)
    confirm = client.get(f"/manage/challenges/{slug}/results/publish", headers=EN)
    page = confirm.get_data(as_text=True)
    assert "Winnaar" in page and "Voorstel 0" in page and "Co Auteur" in page
    response = client.post(f"/manage/challenges/{slug}/results/publish", headers=EN)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/challenges/{slug}/results")
    db.session.expire_all()
    assert (winner.status, shortlisted.status, other.status) == (
        ProposalStatus.WINNER, ProposalStatus.SHORTLISTED, ProposalStatus.NOT_SELECTED)
    # Publishing twice is refused with a message, and the decisions are final.
    again = client.post(f"/manage/challenges/{slug}/results/publish", headers=EN)
    assert "Results can be published once the challenge is closed." in client.get(
        again.headers["Location"], headers=EN).get_data(as_text=True)
    client.login_as(panel.chair)
    assert "can no longer change" in client.get(f"/jury/{slug}/decide", headers=EN).get_data(
        as_text=True)
    late = decide(client, panel, other, shortlisted="y", motivation="Toch nog?")
    assert "already published" in client.get(late.headers["Location"], headers=EN).get_data(
        as_text=True)
    assert other.id not in results_queries.decisions(panel.challenge)

    send_due()
    for address in (winner.author.email, co_author.email):
        mail = smtp.text(smtp.to(address)[0])
        assert "Winnaar" in mail and "Sterk, haalbaar en klaar voor een pilot." in mail
        assert "10.000" in mail
    mention = smtp.text(smtp.to(shortlisted.author.email)[0])
    assert "Een frisse kijk op laadpalen." in mention
    loser = smtp.text(smtp.to(other.author.email)[0])
    assert "Winnaar" not in loser
    assert "Impact (50%)" in loser and "Over impact: Sterk idee." in loser
    assert "Algemeen: Sterk idee." in loser
    assert smtp.link(smtp.to(other.author.email)[0], f"/challenges/{slug}/results")
    for message in smtp.messages:
        for body in (smtp.text(message), smtp.html(message)):
            assert "GEHEIME NOTITIE" not in body
            assert "Jurylid" not in body and "kuleuven" not in body

    client.logout()
    page = client.get(f"/challenges/{slug}/results", headers=EN)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.count("<h1") == 1
    assert "Voorstel 0" in text and "Winnaar" in text
    assert "Sterk, haalbaar en klaar voor een pilot." in text
    assert "Teamlid 0" in text and "Co Auteur" in text and "Slim Parkeren BV" in text
    assert "Honourable mentions" in text and "Een frisse kijk op laadpalen." in text
    assert f'href="/proposals/{other.id}"' in text   # all proposals, after the results
    assert "Buiten de regels" not in text and f"/proposals/{ruled_out.id}" not in text
    assert "GEHEIME NOTITIE" not in text and "Jurylid" not in text and "4.5" not in text

    # The audit trail tells who did what.
    client.login_as(panel.admin)
    audit = client.get(f"/manage/challenges/{slug}/jury/audit", headers=EN).get_data(
        as_text=True)
    for label in ("Results published", "Decision recorded", "Scoring locked",
                  "Review submitted", "Juror invited"):
        assert label in audit
    assert "Tom Editor" in audit and "Jurylid 0" in audit and "Voorstel 0" in audit
    assert "Impact: 5" in audit   # criterion ids in the details become names


def test_the_results_page_lists_no_proposals_when_they_stay_private(client, make):
    panel = scored_panel(make, proposal_visibility="never")
    ops.lock(panel.jury, panel.chair)
    results_ops.record_decision(panel.jury, panel.proposals[0], panel.chair, shortlisted=True,
                        motivation="Sterk.", place=1, award_name="Winnaar",
                        award_amount=Decimal("2500"), honourable_mention=False)
    results_ops.publish_results(panel.challenge, panel.editor)
    text = client.get(f"/challenges/{panel.challenge.slug}/results", headers=EN).get_data(
        as_text=True)
    assert "Voorstel 0" in text and "Winnaar" in text
    assert "All proposals" not in text and "/proposals/" not in text
    assert "Voorstel 2" not in text


# Exports and the report -----------------------------------------------------------------------

def test_scores_and_ranking_exports_read_back(client, panel, make):
    panel.proposals[1].title = "=HYPERLINK(\"http://evil\")"
    db.session.commit()
    client.login_as(panel.editor)
    slug = panel.challenge.slug
    response = client.get(f"/jury/{slug}/export/scores.csv", headers=EN)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Reference", "Title", "Juror", "Criterion", "Weight (%)", "Score",
                       "Comment"]
    assert len(rows) == 1 + 3 * 2 * 3    # proposals × jurors × criteria
    first = panel.proposals[0]
    assert [first.reference, "Voorstel 0", "Jurylid 0", "Impact", "50", "5",
            "Over impact: Sterk idee."] in rows
    assert all(not row[1].startswith("=") for row in rows)
    assert "GEHEIME" not in response.data.decode("utf-8-sig")

    ranking = list(csv.reader(io.StringIO(client.get(
        f"/jury/{slug}/export/ranking.csv", headers=EN).data.decode("utf-8-sig")),
        delimiter=";"))
    header = ranking[0]
    assert "Rank: Weighted mean (authoritative)" in header
    assert "Score: Borda count" in header and "Mean: Impact" in header
    assert next(row[1] for row in ranking[1:]) == "Voorstel 0"
    weighted = header.index("Score: Weighted mean (authoritative)")
    assert ranking[1][weighted] == "4,5000"
    assert ranking[3][header.index("Eligible to win")] == "no"
    # Negative numbers (z-scores below a juror's mean) are numbers, not quoted text.
    cells = [cell for row in ranking[1:] for cell in row]
    assert any(re.fullmatch(r"-\d+,\d{4}", cell) for cell in cells)
    assert not any(cell.startswith("'-") for cell in cells)

    response = client.get(f"/jury/{slug}/export/scores.xlsx", headers=EN)
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Scores", "Ranking"]
    scores = list(workbook["Scores"].iter_rows(values_only=True))
    assert len(scores) == 1 + 18
    assert (first.reference, "Voorstel 0", "Jurylid 0", "Impact", 50, 5,
            "Over impact: Sterk idee.") in scores
    ranked = list(workbook["Ranking"].iter_rows(values_only=True))
    assert ranked[1][1] == "Voorstel 0" and ranked[1][weighted] == 4.5
    formula_cell = next(row[1] for row in scores[1:] if row[1].startswith("=HYPERLINK"))
    assert formula_cell   # kept as text: openpyxl reads back the string, not a formula
    assert workbook["Scores"]["B2"].data_type == "s"


def test_a_conflicted_chair_gets_no_scores_of_that_proposal_in_the_exports(client, make):
    panel = Panel(make, jurors=3)
    first, second, third = panel.proposals
    panel.conflict(0, second, reason="Ik adviseer dit team.")
    for juror in (1, 2):
        for proposal, values in ((first, [5, 5, 5]), (second, [4, 4, 4]), (third, [3, 3, 3])):
            panel.score(juror, proposal, values)
    client.login_as(panel.chair)
    rows = list(csv.reader(io.StringIO(client.get(
        f"/jury/{panel.challenge.slug}/export/scores.csv",
        headers=EN).data.decode("utf-8-sig")), delimiter=";"))
    assert {row[1] for row in rows[1:]} == {"Voorstel 0", "Voorstel 2"}
    client.login_as(panel.editor)
    rows = list(csv.reader(io.StringIO(client.get(
        f"/jury/{panel.challenge.slug}/export/scores.csv",
        headers=EN).data.decode("utf-8-sig")), delimiter=";"))
    assert {row[1] for row in rows[1:]} == {"Voorstel 0", "Voorstel 1", "Voorstel 2"}


def test_the_printable_report(client, panel):
    panel.conflict(1, panel.proposals[2], reason="Oud-collega van de indiener.")
    ops.lock(panel.jury, panel.chair)
    results_ops.record_decision(panel.jury, panel.proposals[0], panel.chair, shortlisted=True,
                        motivation="Sterk en haalbaar.", place=1, award_name="Winnaar",
                        award_amount=Decimal("10000"), honourable_mention=False)
    client.login_as(panel.admin)
    response = client.get(f"/jury/{panel.challenge.slug}/report", headers=EN)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<h1") == 1
    assert 'href="/static/css/print.css" media="print"' in page
    for text in ("Criteria and weights", "Impact", "50%", "Haalbaarheid", "30%",
                 "Scores per proposal and juror", "Jurylid 0", "Jurylid 1",
                 "Weighted mean", "Normalised per juror", "Borda count",
                 "Sterk en haalbaar.", "Winnaar", "Conflicts of interest declared",
                 "Oud-collega van de indiener.", "Generated on"):
        assert text in page, text
    assert "GEHEIME NOTITIE" not in page
    assert "style=" not in page.split("<main")[1] and "<script>" not in page
    css = client.get("/static/css/print.css")
    assert css.status_code == 200 and b"@page" in css.data
    css.close()
    # The report is the only page with the print stylesheet.
    ranking = client.get(f"/jury/{panel.challenge.slug}/ranking").get_data(as_text=True)
    assert "print.css" not in ranking


def test_the_audit_trail_pages_with_a_fixed_number_of_queries(client, make, count_queries):
    panel = Panel(make, proposals=1, jurors=1)
    client.login_as(panel.admin)
    url = f"/manage/challenges/{panel.challenge.slug}/jury/audit"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    proposal = panel.proposals[0]
    db.session.add_all([AuditEvent(challenge_id=panel.challenge.id, actor_id=user.id,
                                   action="score_changed", proposal_id=proposal.id,
                                   object_type="proposals", object_id=proposal.id,
                                   changes={"criterion": panel.challenge.criteria[0].id,
                                            "old": "3.00", "new": "4"})
                        for user in (panel.chair, panel.editor) * 40])
    db.session.commit()
    with count_queries() as many:
        response = client.get(url, headers=EN)
    assert few.count == many.count
    page = response.get_data(as_text=True)
    assert "Score changed after submission" in page and "Old score" in page
    assert "Page 1 of 2" in page
    assert client.get(url + "?page=2").status_code == 200
    assert client.get(url + "?page=999999999999").status_code == 200


def test_the_results_page_uses_a_fixed_number_of_queries(client, make, count_queries):
    def published(proposals: int, tag: str) -> str:
        panel = Panel(make, proposals=proposals, jurors=1, tag=tag,
                      proposal_visibility="immediately")
        ops.lock(panel.jury, panel.chair)
        for n, proposal in enumerate(panel.proposals[:3]):
            results_ops.record_decision(panel.jury, proposal, panel.chair, shortlisted=True,
                                motivation="Goed.", place=n + 1 if n < 2 else None,
                                award_name=None, award_amount=None,
                                honourable_mention=n == 2)
        results_ops.publish_results(panel.challenge, panel.editor)
        return f"/challenges/{panel.challenge.slug}/results"

    small, large = published(3, "s-"), published(30, "l-")
    with count_queries() as few:
        assert client.get(small).status_code == 200
    with count_queries() as many:
        page = client.get(large, headers=EN)
    assert few.count == many.count
    assert "Page 1 of 2" in page.get_data(as_text=True)
