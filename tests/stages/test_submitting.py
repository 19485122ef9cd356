"""Starting, editing and submitting per stage: new proposals only while the first stage is
open, each proposal in its current stage's window with that stage's fields, and a team that
was not advanced refused with a clear message, never a server error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from challenges.accounts.models import ParticipantKind
from challenges.challenges.stages import EntryOutcome, StageEntry
from challenges.db import utcnow
from challenges.extensions import db
from challenges.submissions.models import Proposal, ProposalStatus, ProposalVersion
from tests.stages.helpers import place, staged

EN = {"Accept-Language": "en"}
IDEA = {"title": "Sensoren in vuilnisbakken", "summary": "We meten hoe vol ze zijn.",
        "description": "LoRa-sensoren.", "language": "nl"}


@pytest.fixture
def founder(make):
    return make.user(email="ruben@slimparkeren.be", name="Ruben Smets", language="en",
                     kind=ParticipantKind.STARTUP, company_name="SlimParkeren")


def at(challenge, *, first_closed=False, second_open=False, second_closed=False):
    """Move the stages' dates so that the challenge is where the test wants it."""
    now = utcnow()
    first, second = challenge.stages
    if first_closed or second_open or second_closed:
        first.opens_at, first.closes_at = now - timedelta(days=20), now - timedelta(days=10)
        second.opens_at = now - timedelta(days=5) if (second_open or second_closed) \
            else now + timedelta(days=5)
        second.closes_at = now - timedelta(days=1) if second_closed else now + timedelta(days=20)
        # The second stage opens once the first is decided.
        first.decided_at = now - timedelta(days=6) if (second_open or second_closed) else None
        challenge.opens_at, challenge.closes_at = first.opens_at, second.closes_at
        db.session.commit()


def test_a_new_proposal_starts_in_the_first_stage_with_its_form(client, make, founder):
    challenge = staged(make)
    first = challenge.stages[0]
    first.builtin_fields = ["title", "summary", "description"]
    db.session.commit()
    client.login_as(founder)
    page = client.get(f"/challenges/{challenge.slug}/proposals/new", headers=EN)
    assert page.status_code == 200
    assert "Stage 1 of 2:" in page.text and 'lang="en"' not in page.text.split("<main")[1][:0]
    assert 'name="description"' in page.text and 'name="approach"' not in page.text
    assert 'name="team_description"' not in page.text

    # The stage does not ask how it answers the challenge, so submitting needs no approach.
    response = client.post(f"/challenges/{challenge.slug}/proposals/new",
                           data={**IDEA, "action": "submit", "accept_rules": "y"}, headers=EN)
    assert response.status_code == 302, response.text
    proposal = db.session.scalar(select(Proposal))
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.stage_id == first.id
    entry = db.session.scalar(select(StageEntry))
    assert (entry.stage_id, entry.proposal_id) == (first.id, proposal.id)
    assert entry.submitted_at is not None
    assert db.session.scalar(select(ProposalVersion)).stage_id == first.id


def test_the_stage_deadline_holds_not_the_challenges(client, make, founder):
    challenge = staged(make)
    proposal = make.proposal(challenge, founder, status="draft")
    place(proposal, challenge.stages[0])
    at(challenge, first_closed=True)
    client.login_as(founder)
    # The challenge as a whole is open until the last deadline, the first stage is not.
    assert challenge.is_open(utcnow())
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data={**IDEA, "action": "submit", "accept_rules": "y"}, headers=EN)
    assert response.status_code == 409
    assert "The stage “Idea” is not open" in response.text
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.description == "LoRa-sensoren."  # what was typed is kept


def test_newcomers_are_refused_once_the_first_stage_is_over(client, make, founder):
    challenge = staged(make)
    at(challenge, second_open=True)
    client.login_as(founder)
    response = client.get(f"/challenges/{challenge.slug}/proposals/new", headers=EN)
    assert response.status_code == 403
    assert "only during its first stage (“Idea”)" in response.text
    response = client.post(f"/challenges/{challenge.slug}/proposals/new",
                           data={**IDEA, "action": "save"})
    assert response.status_code == 403 and db.session.scalar(select(Proposal)) is None
    # The public page does not invite newcomers.
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).text
    assert "Open for proposals" not in page and "Submit a proposal" not in page
    assert "Stage 2 of 2:" in page and "New proposals are no longer accepted" in page
    listing = client.get("/challenges", headers=EN).text
    assert "Stage 2 of 2:" in listing and 'class="badge phase-open"' not in listing


def test_an_advanced_team_submits_in_the_next_stage_within_its_window(client, make, founder):
    challenge = staged(make)
    first, second = challenge.stages
    proposal = make.proposal(challenge, founder, status="submitted", impact="Carried over.")
    place(proposal, first, submitted=True, outcome=EntryOutcome.ADVANCED)
    place(proposal, second)
    proposal.status = ProposalStatus.DRAFT
    db.session.commit()
    at(challenge)  # the second stage is not open yet
    client.login_as(founder)
    data = {**IDEA, "approach": "Betere ophaalrondes.", "action": "submit", "accept_rules": "y"}
    response = client.post(f"/proposals/{proposal.id}/edit", data=data, headers=EN)
    assert response.status_code == 409 and "is not open" in response.text

    at(challenge, second_open=True)
    page = client.get(f"/proposals/{proposal.id}/edit", headers=EN)
    assert "Stage 2 of 2:" in page.text and "Carried over." in page.text
    response = client.post(f"/proposals/{proposal.id}/edit", data=data, headers=EN)
    assert response.status_code == 302, response.text
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.stage_id == second.id
    entries = {e.stage_id: e for e in db.session.scalars(select(StageEntry))}
    assert entries[second.id].submitted_at is not None
    assert proposal.versions[-1].stage_id == second.id
    assert proposal.impact == "Carried over."

    # Its page and "my proposals" say where it is and what was decided.
    view = client.get(f"/proposals/{proposal.id}", headers=EN).text
    assert "Advanced to the next stage" in view and "current stage" in view
    mine = client.get("/my/proposals", headers=EN).text
    assert "Stage 2 of 2:" in mine and "Advanced to the next stage" in mine

    at(challenge, second_closed=True)
    response = client.post(f"/proposals/{proposal.id}/edit",
                           data={**data, "action": "save", "summary": "Te laat."}, headers=EN)
    assert response.status_code == 409
    assert proposal.summary == "We meten hoe vol ze zijn."


@pytest.mark.parametrize("status", ["not_selected", "draft", "submitted"])
def test_a_team_not_advanced_is_refused_in_the_next_stage(client, make, founder, status):
    challenge = staged(make)
    proposal = make.proposal(challenge, founder, status=status)
    place(proposal, challenge.stages[0], submitted=status != "draft",
          outcome=EntryOutcome.NOT_ADVANCED if status == "not_selected" else None)
    at(challenge, second_open=True)
    client.login_as(founder)
    # A draft is saved whatever the dates, so nothing typed is lost; it is not submitted.
    for action in ("submit",) if status == "draft" else ("submit", "save"):
        response = client.post(f"/proposals/{proposal.id}/edit",
                               data={**IDEA, "action": action, "accept_rules": "y"}, headers=EN)
        assert response.status_code == 409, (action, response.status_code)
        assert "open only to the teams advanced to it" in response.text
    assert proposal.status == ProposalStatus(status)
    response = client.post(f"/proposals/{proposal.id}/withdraw", headers=EN,
                           follow_redirects=True)
    assert response.status_code == 200
    assert proposal.status == ProposalStatus(status)


def test_a_one_round_challenge_is_unchanged(client, make, founder):
    challenge = make.challenge()
    client.login_as(founder)
    data = {**IDEA, "approach": "Zo.", "action": "submit", "accept_rules": "y"}
    response = client.post(f"/challenges/{challenge.slug}/proposals/new", data=data)
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert proposal.stage_id is None and proposal.status == ProposalStatus.SUBMITTED
    assert db.session.scalar(select(StageEntry)) is None
    assert proposal.versions[0].stage_id is None
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).text
    assert "Open for proposals" in page and "stage-timeline" not in page
    assert "Stage 1 of" not in client.get("/my/proposals", headers=EN).text


def test_the_organisers_list_has_a_stage_column_and_filter(client, make):
    from tests.challenges.test_authoring import editor_of

    organisation, editor = editor_of(make)
    challenge = staged(make, organisation)
    first, second = challenge.stages
    ideas = [make.proposal(challenge, make.user(), title=f"Idee {n}") for n in range(3)]
    for proposal in ideas:
        place(proposal, first, submitted=True)
    place(ideas[0], second)
    client.login_as(editor)
    url = f"/manage/challenges/{challenge.slug}/proposals"
    page = client.get(url, headers=EN).text
    assert '<option value="2"' in page and "Stage 2 of 2:" in page
    filtered = client.get(f"{url}?stage=2", headers=EN).text
    assert "Idee 0" in filtered and "Idee 1" not in filtered
    for bad in ("x", "99999999999999", "-1", "%00"):
        response = client.get(f"{url}?stage={bad}", headers=EN)
        assert response.status_code == 200
    assert "Some filters were not understood" in client.get(f"{url}?stage=x", headers=EN).text
