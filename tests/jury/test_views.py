"""The jury screens through the app: the organiser's set-up, a juror's whole journey from
invitation to a locked review, blind review, the chair's progress page, reminders by email."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from challenges import storage
from challenges.accounts.models import ParticipantKind, Role
from challenges.events import Event as AuditEvent
from challenges.extensions import db
from challenges.jury import operations as ops
from challenges.jury.models import (
    Assignment,
    ConflictDeclaration,
    Jury,
    JuryMember,
    Review,
    ReviewStatus,
)
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.submissions.models import ProposalAttachment, TeamMember

EN = {"Accept-Language": "en"}


def build_panel(make, *, proposals: int = 2, jurors: int = 2, blind: bool = False,
                prefix: str = ""):
    """A closed challenge of Stad Mechelen with proposals by named teams, an organiser, and
    jurors who joined at once (the first one chairs). `prefix` keeps two panels apart."""
    mechelen = make.organisation("Stad Mechelen", slug=f"{prefix}stad-mechelen")
    organiser = make.user(email=f"{prefix}els@mechelen.be", name="Els Peeters", language="en")
    make.membership(organiser, mechelen, Role.EDITOR)
    challenge = make.challenge(mechelen, phase="closed", title="Slimme vuilnisbakken",
                               criteria=(("Impact", 50, 3), ("Haalbaarheid", 30, None),
                                         ("Kost", 20, None)))
    items = []
    for n in range(proposals):
        author = make.user(email=f"{prefix}founder{n}@slimparkeren.be", name=f"Ruben Smets{n}",
                           kind=ParticipantKind.STARTUP)
        colleague = make.user(name=f"An Peeters{n}")
        proposal = make.proposal(challenge, author, title=f"Sensoren {n}",
                                 organisation_name=f"SlimParkeren{n} BV",
                                 enterprise_number="0123456749", impact="Een **vernieuwend** plan.")
        proposal.members.append(TeamMember(email=colleague.email, user=colleague,
                                           accepted_at=proposal.submitted_at))
        proposal.attachments.append(ProposalAttachment(
            filename="plan.pdf", content_type="application/pdf", size=4, file_sha256=storage.keep(b"%PDF")))
        db.session.commit()
        items.append(proposal)
    people = [make.user(email=f"{prefix}juror{n}@kuleuven.be", name=f"Juror Nummer{n}", language="en")
              for n in range(jurors)]
    members = [ops.invite_member(challenge, person.email, organiser, chair=(n == 0))
               for n, person in enumerate(people)]
    jury = members[0].jury if members else ops.ensure_jury(challenge)
    jury.blind = blind
    db.session.commit()
    return {"challenge": challenge, "organiser": organiser, "proposals": items,
            "jurors": people, "members": members, "jury": jury, "organisation": mechelen}


def review_data(challenge, values, action="submit", **extra):
    data = {"action": action, "overall_comment": "Goed idee.", "private_note": "Alleen jury."}
    for criterion, value in zip(challenge.criteria, values, strict=True):
        if value is not None:
            data[f"score_{criterion.id}"] = str(value)
        data[f"comment_{criterion.id}"] = f"over {criterion.name}"
    data.update(extra)
    return data


@pytest.fixture
def panel(make):
    return build_panel(make)


# Set-up ---------------------------------------------------------------------------------------

def test_setup_form_has_a_description_input_per_criterion_and_level(client, make):
    world = build_panel(make, jurors=0)
    challenge = world["challenge"]
    client.login_as(world["organiser"])
    page = client.get(f"/manage/challenges/{challenge.slug}/jury", headers=EN)
    assert page.status_code == 200
    html = page.data.decode()
    names = set(re.findall(r'name="(level_\d+_\d+)"', html))
    assert len(names) == 3 * 6  # three criteria, scale 0-5
    for criterion in challenge.criteria:
        assert f'for="level_{criterion.id}_0"' in html
    assert "Borda count" in html and "z-scores" in html

    impact = challenge.criteria[0]
    response = client.post(f"/manage/challenges/{challenge.slug}/jury", headers=EN, data={
        "blind": "y", "scale_min": "1", "scale_max": "4", "authoritative_view": "borda",
        "assignment_mode": "assigned", "reviewers_per_proposal": "2",
        f"level_{impact.id}_0": "Out of the new scale", f"level_{impact.id}_1": "Geen impact",
        f"level_{impact.id}_4": "  Grote impact  "})
    assert response.status_code == 302
    jury = db.session.scalar(select(Jury))
    assert (jury.blind, jury.scale_min, jury.scale_max, jury.authoritative_view.value,
            jury.assignment_mode, jury.reviewers_per_proposal) == (True, 1, 4, "borda",
                                                                    "assigned", 2)
    assert jury.level_descriptions == {str(impact.id): {"1": "Geen impact", "4": "Grote impact"}}
    html = client.get(f"/manage/challenges/{challenge.slug}/jury", headers=EN).data.decode()
    assert len(set(re.findall(r'name="(level_\d+_\d+)"', html))) == 3 * 4
    assert 'value="Grote impact"' in html


def test_setup_errors_are_shown_next_to_the_field_with_the_input_kept(client, panel):
    challenge = panel["challenge"]
    client.login_as(panel["organiser"])
    url = f"/manage/challenges/{challenge.slug}/jury"
    base = {"scale_min": "3", "scale_max": "2", "authoritative_view": "weighted",
            "assignment_mode": "all", "reviewers_per_proposal": "3"}
    response = client.post(url, headers=EN, data=base)
    assert response.status_code == 409
    html = response.data.decode()
    assert 'id="scale_max-error"' in html and "above the lowest" in html
    assert 'value="3"' in html
    response = client.post(url, headers=EN, data={**base, "scale_min": "abc", "scale_max": "99"})
    assert response.status_code == 400
    assert 'id="scale_min-error"' in response.data.decode()

    # Once a review is submitted the scale stays.
    member, juror, proposal = panel["members"][1], panel["jurors"][1], panel["proposals"][0]
    ops.declare(member, proposal, False, "", juror)
    ops.save_review(member, proposal, juror, scores={c.id: 3 for c in challenge.criteria},
                    comments={}, overall_comment="", private_note="", submit=True)
    response = client.post(url, headers=EN, data={**base, "scale_min": "1", "scale_max": "10"})
    assert response.status_code == 409
    html = response.data.decode()
    assert 'id="authoritative_view-error"' in html and "Scoring has started" in html
    assert db.session.scalar(select(Jury)).scale_max == 5


def test_invite_chair_and_remove_from_the_setup_page(client, panel, make):
    challenge = panel["challenge"]
    client.login_as(panel["organiser"])
    url = f"/manage/challenges/{challenge.slug}/jury"
    response = client.post(f"{url}/members", headers=EN, data={"email": "nobody"})
    assert response.status_code == 400 and 'id="email-error"' in response.data.decode()
    response = client.post(f"{url}/members", headers=EN,
                           data={"email": "Nieuw@Voka.be", "chair": "y"},
                           follow_redirects=True)
    assert "We sent an invitation to nieuw@voka.be" in response.data.decode()
    invited = db.session.scalar(select(JuryMember).where(JuryMember.email == "nieuw@voka.be"))
    assert invited.is_chair and invited.accepted_at is None
    response = client.post(f"{url}/members", headers=EN, data={"email": "nieuw@voka.be"})
    assert response.status_code == 409 and "already on the jury" in response.data.decode()

    html = client.get(url, headers=EN).data.decode()
    assert "not accepted yet" in html and "Accepted on" in html

    first = panel["members"][0]
    client.post(f"{url}/members/{first.id}/chair")
    db.session.expire_all()
    assert first.is_chair and not invited.is_chair

    # A juror who started scoring stays; one who did not can be removed.
    scorer, person = panel["members"][1], panel["jurors"][1]
    ops.declare(scorer, panel["proposals"][0], False, "", person)
    ops.save_review(scorer, panel["proposals"][0], person, scores={}, comments={},
                    overall_comment="", private_note="", submit=False)
    response = client.post(f"{url}/members/{scorer.id}/remove", headers=EN,
                           follow_redirects=True)
    assert "stays on the jury" in response.data.decode()
    client.post(f"{url}/members/{invited.id}/remove")
    emails = set(db.session.scalars(select(JuryMember.email)))
    assert emails == {"juror0@kuleuven.be", "juror1@kuleuven.be"}


# The juror's journey -----------------------------------------------------------------------

def test_the_whole_journey_of_a_juror(client, panel, make):
    challenge, organiser = panel["challenge"], panel["organiser"]
    chair_member, chair = panel["members"][0], panel["jurors"][0]
    first, second = panel["proposals"]
    slug = challenge.slug

    # Invitation of someone without an account, who signs up and accepts.
    client.login_as(organiser)
    client.post(f"/manage/challenges/{slug}/jury/members", data={"email": "hilde@kuleuven.be"})
    message = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.recipient == "hilde@kuleuven.be"))
    link = next(w for w in message.body_text.split() if "/jury/accept/" in w)
    path = urlsplit(link).path
    hilde = make.user(email="hilde@kuleuven.be", name="Hilde Goossens", language="en")
    client.login_as(hilde)
    page = client.get(path, headers=EN)
    assert page.status_code == 200 and "Join the jury" in page.data.decode()
    response = client.post(path, headers=EN)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jury/{slug}")
    member = db.session.scalar(select(JuryMember).where(JuryMember.email == "hilde@kuleuven.be"))
    assert member.user_id == hilde.id and member.accepted_at is not None
    assert client.get(path, headers=EN).status_code == 302  # accepting again just goes on

    # Home and challenge page: titles and teams, but nothing to read before declaring.
    home = client.get("/jury", headers=EN).data.decode()
    assert challenge.title in home and "0 of 2" in home
    listing = client.get(f"/jury/{slug}", headers=EN).data.decode()
    assert "Sensoren 0" in listing and "Ruben Smets0" in listing and "SlimParkeren0 BV" in listing
    assert listing.count("Declare conflict first") == 2
    assert "0 of 2 done" in listing
    assert "vernieuwend" not in listing

    review_url = f"/jury/{slug}/proposals/{first.id}/review"
    declare_url = f"/jury/{slug}/proposals/{first.id}/declare"
    response = client.get(review_url, headers=EN)
    assert response.status_code == 302 and response.headers["Location"].endswith(declare_url)
    attachment = first.attachments[0]
    assert client.get(f"/jury/{slug}/proposals/{first.id}/attachments/{attachment.id}"
                      ).status_code == 403

    # Declaration: a conflict needs a reason; "no conflict" opens the proposal.
    page = client.get(declare_url, headers=EN).data.decode()
    assert "Sensoren 0" in page and "Ruben Smets0" in page and "vernieuwend" not in page
    response = client.post(declare_url, headers=EN, data={"conflict": "yes", "reason": " "})
    assert response.status_code == 400
    assert 'id="reason-error"' in response.data.decode()
    response = client.post(declare_url, headers=EN, data={})
    assert response.status_code == 400 and 'id="conflict-error"' in response.data.decode()
    response = client.post(declare_url, data={"conflict": "no"})
    assert response.status_code == 302 and response.headers["Location"].endswith(review_url)

    page = client.get(review_url, headers=EN).data.decode()
    assert "<strong>vernieuwend</strong>" in page and "Ruben Smets0" in page and "0123.456.749" in page
    assert "Save draft" in page and "Submit review" in page
    assert "for the participants" in page.lower() and "only the jury sees" in page.lower()
    download = client.get(f"/jury/{slug}/proposals/{first.id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == b"%PDF"

    # A draft may be incomplete; submitting needs every score, the input stays.
    impact, feasibility, cost = challenge.criteria
    response = client.post(review_url, data=review_data(challenge, [4, None, None], "draft"))
    assert response.status_code == 302
    review = db.session.scalar(select(Review).where(Review.member_id == member.id))
    assert review.status == ReviewStatus.DRAFT
    response = client.post(review_url, headers=EN,
                           data=review_data(challenge, [4, 3, None], overall_comment="Mijn tekst"))
    assert response.status_code == 400
    html = response.data.decode()
    assert f'id="score_{cost.id}-error"' in html and "Score every criterion" in html
    chosen = re.search(rf'<select[^>]*id="score_{feasibility.id}".*?</select>', html, re.S)
    assert '<option value="3" selected>' in chosen.group(0)
    assert "Mijn tekst" in html
    listing = client.get(f"/jury/{slug}", headers=EN).data.decode()
    assert "Draft saved" in listing

    response = client.post(review_url, data=review_data(challenge, [4, 3, 2]))
    assert response.status_code == 302
    db.session.expire_all()
    assert review.status == ReviewStatus.SUBMITTED
    assert {s.criterion_id: int(s.value) for s in review.scores} == {
        impact.id: 4, feasibility.id: 3, cost.id: 2}
    page = client.get(review_url, headers=EN).data.decode()
    assert "The other jurors’ reviews" in page and "No other juror has submitted" in page
    # The juror sees their own weighted total: (50×4 + 30×3 + 20×2) ÷ 100.
    assert "Your weighted total: 3.30." in page
    assert "Save changes" in page and "Save draft" not in page

    # The chair scores too: now each sees the other's scores, with names.
    ops.declare(chair_member, first, False, "", chair)
    ops.save_review(chair_member, first, chair, scores={c.id: 5 for c in challenge.criteria},
                    comments={impact.id: "Sterk"}, overall_comment="Top",
                    private_note="Vertrouwelijk voor de jury", submit=True)
    page = client.get(review_url, headers=EN).data.decode()
    assert "Juror Nummer0" in page and "Sterk" in page and "Vertrouwelijk voor de jury" in page

    # Changing a submitted review is possible and audited.
    client.post(review_url, data=review_data(challenge, [5, 3, 2]))
    change = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "score_changed"))
    assert change.changes["criterion"] == impact.id

    # The juror declares a conflict on the second proposal: it is out of their reach.
    second_declare = f"/jury/{slug}/proposals/{second.id}/declare"
    client.post(second_declare, data={"conflict": "yes", "reason": "Mijn broer."})
    listing = client.get(f"/jury/{slug}", headers=EN).data.decode()
    assert "Conflict declared" in listing and "2 of 2 done" in listing
    refused = client.get(f"/jury/{slug}/proposals/{second.id}/review", headers=EN)
    assert refused.status_code == 403
    # Told why, not that their account lacks a role.
    assert "You declared a conflict of interest with this proposal" in refused.data.decode()
    assert "does not have the role" not in refused.data.decode()
    assert client.get(second_declare).status_code == 403

    # The chair locks: the review is read-only and a late post changes nothing.
    client.login_as(chair)
    assert client.post(f"/jury/{slug}/lock").status_code == 302
    client.login_as(hilde)
    page = client.get(review_url, headers=EN).data.decode()
    assert "Scoring is locked" in page and "Submit review" not in page and "Save changes" not in page
    response = client.post(review_url, headers=EN, data=review_data(challenge, [0, 0, 0]))
    assert response.status_code == 409 and "Scoring is locked" in response.data.decode()
    db.session.expire_all()
    assert sorted(int(s.value) for s in review.scores) == [2, 3, 5]


def test_blind_review_hides_who_wrote_the_proposal(client, make):
    world = build_panel(make, blind=True)
    slug, proposal = world["challenge"].slug, world["proposals"][0]
    client.login_as(world["jurors"][1])
    hidden = ("Ruben Smets0", "An Peeters0", "SlimParkeren0", "0123.456.749", "0123456749",
              "founder0@")
    listing = client.get(f"/jury/{slug}", headers=EN).data.decode()
    declare = client.get(f"/jury/{slug}/proposals/{proposal.id}/declare", headers=EN)
    assert declare.status_code == 200
    client.post(f"/jury/{slug}/proposals/{proposal.id}/declare", data={"conflict": "no"})
    review = client.get(f"/jury/{slug}/proposals/{proposal.id}/review", headers=EN)
    assert review.status_code == 200
    for html in (listing, declare.data.decode(), review.data.decode()):
        assert "Sensoren 0" in html
        for text in hidden:
            assert text not in html, text
    assert "<strong>vernieuwend</strong>" in review.data.decode()


def test_assigned_mode_shows_only_the_assigned_proposals(client, panel):
    jury, member = panel["jury"], panel["members"][1]
    first, second = panel["proposals"]
    jury.assignment_mode = "assigned"
    db.session.add(Assignment(member_id=member.id, proposal_id=second.id))
    db.session.commit()
    client.login_as(panel["jurors"][1])
    listing = client.get(f"/jury/{panel['challenge'].slug}", headers=EN).data.decode()
    assert "Sensoren 1" in listing and "Sensoren 0" not in listing
    assert "0 of 1 done" in listing
    slug = panel["challenge"].slug
    assert client.get(f"/jury/{slug}/proposals/{first.id}/declare").status_code == 403


@pytest.mark.csrf
def test_a_declaration_needs_the_csrf_token(client, panel):
    slug, proposal = panel["challenge"].slug, panel["proposals"][0]
    client.login_as(panel["jurors"][1])
    url = f"/jury/{slug}/proposals/{proposal.id}/declare"
    assert client.post(url, data={"conflict": "no"}).status_code == 400
    assert db.session.scalar(select(func.count(ConflictDeclaration.id))) == 0
    page = client.get(url).data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(url, data={"conflict": "no", "csrf_token": token})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(ConflictDeclaration.id))) == 1


def test_an_invalid_or_used_elsewhere_invitation_gets_a_clear_page(client, panel, make):
    client.login_as(panel["jurors"][1])
    response = client.get("/jury/accept/not-a-token", headers=EN)
    assert response.status_code == 400
    assert "This jury invitation does not work" in response.data.decode()
    # Someone else's accepted seat cannot be taken over with its link.
    from challenges.jury.queries import invitation_token as make_jury_token

    token = make_jury_token(panel["members"][0])
    response = client.post(f"/jury/accept/{token}", headers=EN, follow_redirects=True)
    assert "already accepted by someone else" in response.data.decode()
    assert panel["members"][0].user_id == panel["jurors"][0].id


# The chair's progress page --------------------------------------------------------------------

def test_progress_page_counts_per_juror_and_proposal_and_lists_conflicts(client, panel):
    challenge = panel["challenge"]
    (chair_member, member), (chair, juror) = panel["members"], panel["jurors"]
    first, second = panel["proposals"]
    ops.declare(member, first, True, "Ik adviseer dit team.", juror)
    ops.declare(member, second, False, "", juror)
    ops.save_review(member, second, juror, scores={c.id: 2 for c in challenge.criteria},
                    comments={}, overall_comment="", private_note="", submit=True)
    ops.declare(chair_member, second, False, "", chair)
    ops.save_review(chair_member, second, chair, scores={}, comments={}, overall_comment="",
                    private_note="", submit=False)
    for viewer in (chair, panel["organiser"]):
        client.login_as(viewer)
        response = client.get(f"/jury/{challenge.slug}/progress", headers=EN)
        assert response.status_code == 200
        html = response.data.decode()
        assert "Ik adviseer dit team." in html
        table = html.split('id="proposals-heading"')[1].split('id="conflicts-heading"')[0]
        rows = {title: row for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
                for title in ("Sensoren 0", "Sensoren 1") if title in row}
        # The first: the juror has a conflict, the chair has not started.
        assert "0 of 1" in rows["Sensoren 0"] and "Conflict declared" in rows["Sensoren 0"]
        # The second: one submitted, the chair's draft still open.
        assert "1 of 2" in rows["Sensoren 1"] and "Draft saved" in rows["Sensoren 1"]
        assert "Send a reminder" in html and "Lock scoring" in html


def test_lock_unlock_and_assignment_from_the_progress_page(client, panel, make):
    challenge, jury = panel["challenge"], panel["jury"]
    slug = challenge.slug
    extra = make.proposal(challenge, title="Sensoren extra")
    chair, organiser = panel["jurors"][0], panel["organiser"]

    client.login_as(organiser)
    client.post(f"/jury/{slug}/lock")
    db.session.expire_all()
    assert jury.locked
    assert client.post(f"/jury/{slug}/unlock").status_code == 403  # only the chair reopens
    client.login_as(chair)
    response = client.post(f"/jury/{slug}/unlock", headers=EN, follow_redirects=True)
    assert "Scoring is open again" in response.data.decode()
    db.session.expire_all()
    assert not jury.locked

    jury.reviewers_per_proposal = 1
    db.session.commit()
    client.post(f"/jury/{slug}/assign")
    db.session.expire_all()
    assert jury.assignment_mode == "assigned"
    assert db.session.scalar(select(func.count(Assignment.id))) == 3
    html = client.get(f"/jury/{slug}/progress", headers=EN).data.decode()
    assert "Unassign" in html and ">Assign<" in html

    member = panel["members"][1]
    assigned = {p for (p,) in db.session.execute(select(Assignment.proposal_id).where(
        Assignment.member_id == member.id))}
    target = next(p for p in (*panel["proposals"], extra) if p.id not in assigned)
    client.post(f"/jury/{slug}/assignments",
                data={"member_id": member.id, "proposal_id": target.id, "assigned": "1"})
    assert member.is_assigned(target)
    client.post(f"/jury/{slug}/assignments",
                data={"member_id": member.id, "proposal_id": target.id, "assigned": "0"})
    assert not member.is_assigned(target)

    # Someone else's juror or proposal, or nonsense: a message or 404, never a 500.
    other = build_other_challenge(make)
    response = client.post(f"/jury/{slug}/assignments", headers=EN, follow_redirects=True, data={
        "member_id": other["member"].id, "proposal_id": target.id, "assigned": "1"})
    assert "not part of this jury" in response.data.decode()
    response = client.post(f"/jury/{slug}/assignments", data={
        "member_id": "99999999999", "proposal_id": target.id, "assigned": "1"})
    assert response.status_code == 302
    response = client.post(f"/jury/{slug}/assignments", data={
        "member_id": "2147483000", "proposal_id": target.id, "assigned": "1"})
    assert response.status_code == 404


def build_other_challenge(make):
    """Another organisation's challenge with its own juror and proposal."""
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    editor = make.user(name="Brugse redacteur")
    make.membership(editor, brugge, Role.EDITOR)
    challenge = make.challenge(brugge, phase="closed", title="Fietsstraten")
    proposal = make.proposal(challenge, title="Fietsenteller")
    person = make.user(name="Brugse jurylid")
    member = ops.invite_member(challenge, person.email, editor, chair=True)
    return {"challenge": challenge, "editor": editor, "proposal": proposal, "juror": person,
            "member": member}


def _progress_queries(client, count_queries, world) -> int:
    client.login_as(world["jurors"][0])
    with count_queries() as counter:
        response = client.get(f"/jury/{world['challenge'].slug}/progress")
    assert response.status_code == 200
    return counter.count


def test_the_progress_page_uses_a_fixed_number_of_queries(app, client, make, count_queries):
    small = build_panel(make, proposals=3, jurors=2)
    for member, person in zip(small["members"], small["jurors"], strict=True):
        ops.declare(member, small["proposals"][0], True, "Familie.", person)
    small_count = _progress_queries(client, count_queries, small)

    large = build_panel(make, proposals=30, jurors=5, prefix="large-")
    for member, person in zip(large["members"], large["jurors"], strict=True):
        for proposal in large["proposals"][:4]:
            ops.declare(member, proposal, proposal.id % 2 == 0, "Familie.", person)
    large["jury"].reviewers_per_proposal = 2
    ops.auto_assign(large["jury"], large["organiser"])  # the matrix with assign buttons
    app.config["PAGE_SIZE"] = 50  # every row on one page
    assert _progress_queries(client, count_queries, large) == small_count


def test_the_juror_pages_use_a_fixed_number_of_queries(app, client, make, count_queries):
    counts = []
    for proposals, jurors, prefix in ((3, 2, "small-"), (30, 5, "large-")):
        world = build_panel(make, proposals=proposals, jurors=jurors, prefix=prefix)
        app.config["PAGE_SIZE"] = 50
        client.login_as(world["jurors"][1])
        with count_queries() as counter:
            assert client.get(f"/jury/{world['challenge'].slug}").status_code == 200
            assert client.get("/jury").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


# Reminders ---------------------------------------------------------------------------------

def test_reminders_go_to_jurors_with_work_left_in_their_language(client, make, smtp):
    world = build_panel(make, proposals=1, jurors=3)
    challenge, proposal = world["challenge"], world["proposals"][0]
    done_member, done = world["members"][2], world["jurors"][2]
    ops.declare(done_member, proposal, False, "", done)
    ops.save_review(done_member, proposal, done, scores={c.id: 3 for c in challenge.criteria},
                    comments={}, overall_comment="", private_note="", submit=True)
    dutch = world["jurors"][1]
    dutch.language = "nl"
    db.session.commit()
    db.session.query(OutboxMessage).delete()
    db.session.commit()

    client.login_as(world["organiser"])
    response = client.post(f"/jury/{challenge.slug}/remind", headers=EN, follow_redirects=True)
    assert "A reminder is on its way to 2 jurors" in response.data.decode()
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "jury_reminder_sent"))
    sent, failed = send_due()
    assert (sent, failed) == (2, 0)
    assert not smtp.to(done.email)
    english = smtp.to(world["jurors"][0].email)[0]
    assert challenge.title in english["Subject"]
    assert smtp.link(english, f"/jury/{challenge.slug}").endswith(f"/jury/{challenge.slug}")
    assert "1 proposal still to declare or score" in smtp.text(english)
    assert smtp.to(dutch.email)
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert {m.language for m in messages} == {"en", "nl"}


def test_nothing_to_remind_when_locked(client, panel):
    ops.lock(panel["jury"], panel["jurors"][0])
    client.login_as(panel["jurors"][0])
    before = db.session.scalar(select(func.count(OutboxMessage.id)))
    response = client.post(f"/jury/{panel['challenge'].slug}/remind", headers=EN,
                           follow_redirects=True)
    assert "Scoring is locked" in response.data.decode()
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == before


# In a real browser, with axe ----------------------------------------------------------------

def _sign_in(page, email, password):
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.mark.browser
def test_the_jury_screens_are_accessible(page, make, axe_check):
    world = build_panel(make)
    slug, proposal = world["challenge"].slug, world["proposals"][0]
    criteria = world["challenge"].criteria
    world["jury"].level_descriptions = {str(criteria[0].id): {"0": "Geen", "5": "Uitstekend"}}
    db.session.commit()
    ops.declare(world["members"][1], world["proposals"][1], True, "Familie.",
                world["jurors"][1])

    _sign_in(page, world["organiser"].email, make.PASSWORD)
    page.goto(f"/manage/challenges/{slug}/jury")
    axe_check(page, "jury set-up")
    page.fill("#scale_max", "1")
    page.fill("#scale_min", "3")
    page.locator("form[action$='/jury'] button[type=submit]").click()
    page.locator("#scale_max-error").wait_for()
    axe_check(page, "jury set-up with errors")
    page.goto(f"/jury/{slug}/progress")
    axe_check(page, "progress")

    page.context.clear_cookies()
    _sign_in(page, world["jurors"][1].email, make.PASSWORD)
    for path in ("/jury", f"/jury/{slug}", f"/jury/{slug}/proposals/{proposal.id}/declare"):
        page.goto(path)
        axe_check(page, path)
    page.locator("main form button[name=conflict][value=yes]").click()
    page.locator("#conflict-error, #reason-error").first.wait_for()
    axe_check(page, "declaration with errors")
    page.locator("main form button[name=conflict][value=no]").click()
    page.wait_for_url(f"**/proposals/{proposal.id}/review")
    axe_check(page, "review")
    page.locator(f"#score_{criteria[0].id}").select_option("5")
    page.locator("button[name=action][value=submit]").click()
    page.locator(f"#score_{criteria[1].id}-error").wait_for()
    axe_check(page, "review with errors")
    assert page.locator(f"#score_{criteria[0].id}").input_value() == "5"
