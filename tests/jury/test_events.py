"""The jury's work is in the event record (its audit trail), each step with its juror."""

from __future__ import annotations

from tests.events import only
from tests.jury.test_views import build_panel, review_data


def test_declaring_scoring_and_locking_are_recorded(client, make):
    panel = build_panel(make, proposals=1, jurors=1)
    challenge, proposal, juror = panel["challenge"], panel["proposals"][0], panel["jurors"][0]
    assert only("juror_invited").actor_id == panel["organiser"].id
    client.login_as(juror)
    client.post(f"/jury/{challenge.slug}/proposals/{proposal.id}/declare",
                data={"conflict": "no"})
    declared = only("conflict_declared")
    assert declared.actor_id == juror.id and declared.proposal_id == proposal.id
    assert declared.changes == {"conflict": False, "reason": None}
    client.post(f"/jury/{challenge.slug}/proposals/{proposal.id}/review",
                data=review_data(challenge, [4, 3, 5]))
    submitted = only("review_submitted")
    assert submitted.actor_id == juror.id and submitted.organisation_id == panel[
        "organisation"].id
    # The private note never goes into the record.
    assert "Alleen jury." not in str(submitted.changes)
    client.post(f"/jury/{challenge.slug}/lock")
    assert only("scoring_locked").actor_id == juror.id
