"""A proposal's life is in the event record: who started, submitted, invited, withdrew it,
and which organiser ruled it out (and in again)."""

from __future__ import annotations

from challenges.accounts.models import Role
from tests.events import only, recorded
from tests.submissions.test_proposals import CONTENT, challenge, founder  # noqa: F401


def test_the_team_and_the_organisers_actions_name_who_acted(client, make, challenge, founder):  # noqa: F811
    client.login_as(founder)
    client.post(f"/challenges/{challenge.slug}/proposals/new",
                data=dict(CONTENT, action="save"))
    started = only("proposal_started")
    assert started.actor_id == founder.id and started.challenge_id == challenge.id
    proposal_id = started.proposal_id
    client.post(f"/proposals/{proposal_id}/edit",
                data=dict(CONTENT, accept_rules="y", action="submit"))
    submitted = only("proposal_submitted")
    assert submitted.actor_id == founder.id and submitted.changes["reference"]
    client.post(f"/proposals/{proposal_id}/team", data={"email": "co@slimparkeren.be"})
    assert only("co_author_invited").changes == {"email": "co@slimparkeren.be"}

    editor = make.user()
    make.membership(editor, challenge.organisation, Role.EDITOR)
    client.login_as(editor)
    client.post(f"/manage/proposals/{proposal_id}/ineligible", data={"reason": "Too late."})
    ruled_out = only("proposal_ineligible")
    assert ruled_out.actor_id == editor.id and ruled_out.changes["reason"] == "Too late."
    client.post(f"/manage/proposals/{proposal_id}/eligible")
    assert only("proposal_eligible").actor_id == editor.id

    client.login_as(founder)
    client.post(f"/proposals/{proposal_id}/withdraw")
    assert only("proposal_withdrawn").actor_id == founder.id
    assert {e.proposal_id for e in recorded("proposal_saved")} <= {proposal_id}
