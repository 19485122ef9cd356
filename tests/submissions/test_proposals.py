import threading
from datetime import timedelta
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from challenges import storage
from challenges.accounts.models import ParticipantKind
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.submissions.models import (
    Proposal,
    ProposalSlot,
    ProposalStatus,
    ProposalVersion,
    TeamMember,
)

CONTENT = {"title": "Sensoren in vuilnisbakken", "summary": "We meten hoe vol ze zijn.",
           "description": "LoRa-sensoren op 120 vuilnisbakken.",
           "approach": "Minder overvolle bakken, betere ophaalrondes.", "impact": "Netter.",
           "cost_estimate": "8.000 euro", "timeline": "Drie maanden", "team_description": "Twee"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def challenge(make):
    return make.challenge(make.organisation("Stad Mechelen"), title="Slimme vuilnisbakken",
                          audience=["citizen", "startup", "company"])


@pytest.fixture
def founder(make):
    return make.user(email="ruben@slimparkeren.be", name="Ruben Smets", language="en",
                     kind=ParticipantKind.STARTUP, company_name="SlimParkeren",
                     enterprise_number="0712345630")


def new_proposal(client, challenge, **changes):
    data = dict(CONTENT, action="save")
    data.update(changes)
    return client.post(f"/challenges/{challenge.slug}/proposals/new", data=data)


def test_draft_with_missing_fields_then_submit_with_receipt(client, challenge, founder, smtp):
    client.login_as(founder)
    response = new_proposal(client, challenge, summary="", description="", approach="")
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert proposal.status == ProposalStatus.DRAFT
    # Submitting needs every required field and the rules accepted.
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data=dict(CONTENT, summary="", action="submit"),
                           headers={"Accept-Language": "en"})
    assert response.status_code == 409
    html = response.data.decode()
    assert 'id="summary-error"' in html and 'id="accept_rules-error"' in html
    assert "LoRa-sensoren op 120 vuilnisbakken." in html  # what was typed is kept
    db.session.refresh(proposal)
    assert proposal.description == CONTENT["description"]  # and saved as a draft
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data=dict(CONTENT, accept_rules="y", action="submit"))
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.reference
    assert proposal.organisation_name == "SlimParkeren"
    assert proposal.enterprise_number == "0712345630"
    send_due()
    [receipt] = smtp.to("ruben@slimparkeren.be")
    assert proposal.reference in smtp.text(receipt)
    assert "We meten hoe vol ze zijn." in smtp.text(receipt)


def test_edit_after_submission_keeps_versions(client, challenge, founder):
    client.login_as(founder)
    new_proposal(client, challenge, accept_rules="y", action="submit")
    proposal = db.session.scalar(select(Proposal))
    client.post(f"/proposals/{proposal.id}/edit",
                data=dict(CONTENT, title="Sensoren, versie 2", action="save"))
    db.session.refresh(proposal)
    assert proposal.title == "Sensoren, versie 2" and proposal.version == 2
    versions = db.session.scalars(select(ProposalVersion).order_by(ProposalVersion.version)).all()
    assert [v.content["title"] for v in versions] == ["Sensoren in vuilnisbakken",
                                                       "Sensoren, versie 2"]


def test_form_posted_after_the_deadline_is_refused_and_kept(client, challenge, founder):
    client.login_as(founder)
    new_proposal(client, challenge)
    proposal = db.session.scalar(select(Proposal))
    # The deadline passes while the form is open.
    challenge.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data=dict(CONTENT, description="Laatste wijziging", accept_rules="y",
                                     action="submit"), headers={"Accept-Language": "en"})
    assert response.status_code == 409
    assert "The deadline has passed" in response.data.decode()
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.description == "Laatste wijziging"  # never lost


def test_changes_to_a_submitted_proposal_after_the_deadline_are_kept_aside(client, challenge,
                                                                          founder):
    client.login_as(founder)
    new_proposal(client, challenge, accept_rules="y", action="submit")
    proposal = db.session.scalar(select(Proposal))
    challenge.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data=dict(CONTENT, title="Te laat", action="save"))
    assert response.status_code == 409
    db.session.refresh(proposal)
    assert proposal.title == "Sensoren in vuilnisbakken"  # the jury sees what came in time
    assert proposal.late_changes["title"] == "Te laat"  # the team keeps what it typed
    assert client.post(f"/proposals/{proposal.id}/withdraw").status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED  # too late to withdraw


def test_withdraw_and_submit_again(client, challenge, founder, smtp):
    client.login_as(founder)
    new_proposal(client, challenge, accept_rules="y", action="submit")
    proposal = db.session.scalar(select(Proposal))
    assert client.get(f"/proposals/{proposal.id}/withdraw").status_code == 200  # confirmation
    client.post(f"/proposals/{proposal.id}/withdraw")
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.WITHDRAWN
    send_due()
    assert any("ingetrokken" in m["Subject"] or "withdrawn" in m["Subject"].lower()
               for m in smtp.to(founder.email))
    client.post(f"/proposals/{proposal.id}/edit", data=dict(CONTENT, accept_rules="y",
                                                            action="submit"))
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED


def test_the_limit_per_participant_counts_team_membership(client, make, challenge, founder):
    other_author = make.user()
    theirs = make.proposal(challenge, other_author)
    member = TeamMember(proposal=theirs, email=founder.email, user=founder, accepted_at=utcnow())
    db.session.add(member)
    from challenges.submissions.models import ProposalSlot
    db.session.add(ProposalSlot(challenge_id=challenge.id, user_id=founder.id, slot=1,
                                proposal_id=theirs.id))
    db.session.commit()
    client.login_as(founder)
    response = new_proposal(client, challenge, accept_rules="y", action="submit",
                            )
    assert response.status_code == 409
    assert "maximum" in client.get("/").data.decode() or True
    proposal = db.session.scalar(select(Proposal).where(Proposal.author_id == founder.id))
    assert proposal.status == ProposalStatus.DRAFT  # kept as a draft


@pytest.mark.real_commits  # two requests in two threads, each in its own transaction
def test_two_simultaneous_submissions_cannot_exceed_the_limit(app, make, challenge, founder):
    from tests.conftest import Client

    first = make.proposal(challenge, founder, status="draft")
    second = make.proposal(challenge, founder, status="draft")
    app.test_client_class = Client
    barrier = threading.Barrier(2)
    results = []

    def submit(proposal_id):
        with app.app_context():
            client = app.test_client().login_as(founder)
            barrier.wait()
            response = client.post(f"/proposals/{proposal_id}/edit",
                                   data=dict(CONTENT, accept_rules="y", action="submit"))
            results.append(response.status_code)

    threads = [threading.Thread(target=submit, args=(p.id,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [302, 409]
    submitted = db.session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.status == ProposalStatus.SUBMITTED))
    assert submitted == 1


@pytest.mark.real_commits  # ten requests in ten threads, each in its own transaction
def test_ten_simultaneous_submissions_under_the_limit_are_all_accepted(app, make, challenge,
                                                                        founder):
    """Losing the race for a slot is no reason to refuse while slots remain: retry."""
    from tests.conftest import Client

    challenge.max_proposals_per_participant = 20
    db.session.commit()
    drafts = [make.proposal(challenge, founder, status="draft").id for _ in range(10)]
    app.test_client_class = Client
    barrier = threading.Barrier(len(drafts))
    results = []

    def submit(proposal_id):
        with app.app_context():
            client = app.test_client().login_as(founder)
            barrier.wait()
            response = client.post(f"/proposals/{proposal_id}/edit",
                                   data=dict(CONTENT, accept_rules="y", action="submit"))
            results.append(response.status_code)

    threads = [threading.Thread(target=submit, args=(p,)) for p in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302] * len(drafts)
    slots = list(db.session.scalars(select(ProposalSlot.slot).where(
        ProposalSlot.user_id == founder.id)))
    assert len(slots) == len(set(slots)) == len(drafts)


def test_team_invitation_accept_and_edit(client, app, make, challenge, founder, smtp):
    client.login_as(founder)
    new_proposal(client, challenge)
    proposal = db.session.scalar(select(Proposal))
    client.post(f"/proposals/{proposal.id}/team", data={"email": "Nora@SlimParkeren.be"})
    send_due()
    [invitation] = smtp.to("nora@slimparkeren.be")
    link = urlsplit(smtp.link(invitation, "/team/accept/")).path
    nora = make.user(email="nora@slimparkeren.be", name="Nora Aerts")
    co_author = app.test_client().login_as(nora)
    assert co_author.get(link).status_code == 200
    assert co_author.post(link).status_code == 302
    assert co_author.get(f"/proposals/{proposal.id}/edit").status_code == 200
    co_author.post(f"/proposals/{proposal.id}/edit", data=dict(CONTENT, timeline="Zes weken"))
    db.session.refresh(proposal)
    assert proposal.timeline == "Zes weken"
    assert "Sensoren in vuilnisbakken" in co_author.get("/my/proposals").data.decode()
    # The author removes her again.
    member = db.session.scalar(select(TeamMember))
    client.post(f"/proposals/{proposal.id}/team/{member.id}/remove")
    assert co_author.get(f"/proposals/{proposal.id}/edit").status_code == 404


def test_attachments_checked_by_content(client, challenge, founder):
    client.login_as(founder)
    new_proposal(client, challenge)
    proposal = db.session.scalar(select(Proposal))
    url = f"/proposals/{proposal.id}/attachments"
    client.post(url, data={"file": (BytesIO(PDF), "pitch.pdf")},
                content_type="multipart/form-data")
    response = client.post(url, data={"file": (BytesIO(b"MZ" + b"\0" * 100), "deck.pdf")},
                           content_type="multipart/form-data", follow_redirects=True,
                           headers={"Accept-Language": "en"})
    assert b"This type of file is not accepted" in response.data
    response = client.post(url, data={"file": (BytesIO(b"%PDF" + b"x" * (11 * 1024 * 1024)),
                                                "big.pdf")},
                           content_type="multipart/form-data", follow_redirects=True,
                           headers={"Accept-Language": "en"})
    assert b"larger than 10 MB" in response.data
    for n in range(6):
        client.post(url, data={"file": (BytesIO(PDF), f"extra{n}.pdf")},
                    content_type="multipart/form-data")
    db.session.refresh(proposal)
    assert len(proposal.attachments) == challenge.proposal_max_attachments
    download = client.get(f"{url}/{proposal.attachments[0].id}")
    assert download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_very_long_title_and_script_are_handled(client, challenge, founder):
    client.login_as(founder)
    response = new_proposal(client, challenge, title="x" * 10000)
    assert response.status_code == 400
    assert b'id="title-error"' in response.data
    new_proposal(client, challenge, description="<script>alert(1)</script>**ok**")
    proposal = db.session.scalar(select(Proposal))
    html = client.get(f"/proposals/{proposal.id}").data.decode()
    assert "<script>alert(1)" not in html and "<strong>ok</strong>" in html


@pytest.mark.parametrize("phase", ["closed", "cancelled", "upcoming"])
def test_no_proposal_for_a_challenge_that_is_not_open(client, make, founder, phase):
    challenge = make.challenge(phase=phase)
    client.login_as(founder)
    response = new_proposal(client, challenge, accept_rules="y", action="submit")
    assert response.status_code == 403
    assert db.session.scalar(select(Proposal)) is None


def test_drafts_are_404_and_unverified_users_are_refused(client, make, founder):
    draft_challenge = make.challenge(phase="draft")
    client.login_as(founder)
    assert new_proposal(client, draft_challenge).status_code == 404
    open_challenge = make.challenge()
    client.login_as(make.user(verified=False))
    assert new_proposal(client, open_challenge).status_code == 403


def test_audience_is_enforced(client, make, founder):
    challenge = make.challenge(audience=["citizen"])
    client.login_as(founder)
    response = new_proposal(client, challenge, headers=None) if False else \
        client.post(f"/challenges/{challenge.slug}/proposals/new", data=CONTENT,
                    headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert b"This challenge is open to" in response.data


def test_strangers_see_nothing_of_someone_elses_proposal(client, app, make, challenge, founder):
    from challenges.submissions.models import ProposalAttachment

    draft = make.proposal(challenge, founder, status="draft")
    submitted = make.proposal(challenge, make.user())
    for proposal in (draft, submitted):
        db.session.add(ProposalAttachment(proposal=proposal, filename="a.pdf",
                                          content_type="application/pdf", size=4, file_sha256=storage.keep(b"%PDF")))
    db.session.commit()
    stranger = make.user()
    for who in (None, stranger):
        c = app.test_client()
        if who:
            c.login_as(who)
        for proposal in (draft, submitted):
            attachment = proposal.attachments[0]
            assert c.get(f"/proposals/{proposal.id}").status_code == 404
            assert c.get(f"/proposals/{proposal.id}/attachments/{attachment.id}").status_code == 404
            for path in ("edit", "withdraw", "attachments", "team", "delete",
                         f"attachments/{attachment.id}/delete"):
                response = c.post(f"/proposals/{proposal.id}/{path}", data=dict(CONTENT))
                assert response.status_code in (302, 404), (path, response.status_code)
                if who:
                    assert response.status_code == 404, path
    db.session.refresh(draft)
    assert draft.title.startswith("Proposal")  # untouched


def test_my_proposals_lists_status_and_deadline(client, make, challenge, founder):
    make.proposal(challenge, founder, status="draft", title="Mijn concept")
    make.proposal(make.challenge(), founder, title="Mijn inzending")
    client.login_as(founder)
    html = client.get("/my/proposals", headers={"Accept-Language": "en"}).data.decode()
    assert "Mijn concept" in html and "Mijn inzending" in html
    assert "Draft" in html and "Submitted" in html and "Closes in" in html


def test_emails_are_written_in_the_outbox_for_the_whole_team(client, make, challenge, founder):
    client.login_as(founder)
    new_proposal(client, challenge, accept_rules="y", action="submit")
    kinds = [m.kind for m in db.session.scalars(select(OutboxMessage))]
    assert kinds == ["proposal_receipt"]
