"""A screening stage: the organisation passes or refuses each proposal, with a reason for
every refusal, which is emailed to the team; the proposals that pass move on."""

from __future__ import annotations

from sqlalchemy import select

from challenges.challenges.stages import EntryOutcome, StageEntry
from challenges.extensions import db
from challenges.notifications.operations import send_due
from challenges.submissions.models import ProposalStatus
from tests.stages.decide_helpers import EN, decide_url, staged


def test_screening_passes_some_and_refuses_others_with_a_reason(client, make, smtp):
    world = staged(make, screening=True)
    alpha, beta, gamma = world["proposals"]
    _ideas, screening, full = world["stages"]
    client.login_as(world["editor"])
    everyone = {"advance": [str(p.id) for p in world["proposals"]], "step": "confirm"}
    assert client.post(decide_url(world), data=everyone).status_code == 302
    db.session.expire_all()
    # Into a screening stage a proposal moves as it is: still submitted.
    assert {(p.stage_id, p.status) for p in world["proposals"]} == {
        (screening.id, ProposalStatus.SUBMITTED)}
    send_due()
    smtp.clear()

    page = client.get(decide_url(world, screening), headers=EN).get_data(as_text=True)
    assert "Screening: Screening" in page and "Eligible: goes on" in page
    data = {f"eligible-{alpha.id}": "yes", f"eligible-{beta.id}": "no",
            f"feedback-{beta.id}": "Geen Belgische onderneming.",
            f"eligible-{gamma.id}": "no", "step": "confirm"}
    response = client.post(decide_url(world, screening), headers=EN, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give the reason why the proposal is not eligible" in page
    assert "Geen Belgische onderneming." in page
    db.session.expire_all()
    assert screening.decided_at is None and gamma.status == ProposalStatus.SUBMITTED

    data[f"feedback-{gamma.id}"] = "The budget is over the limit."
    assert client.post(decide_url(world, screening), data=dict(data, step="review"))\
        .status_code == 200
    assert client.post(decide_url(world, screening), data=data).status_code == 302
    db.session.expire_all()
    assert (alpha.stage_id, alpha.status) == (full.id, ProposalStatus.DRAFT)
    assert (beta.status, beta.ineligible_reason) == (ProposalStatus.INELIGIBLE,
                                                     "Geen Belgische onderneming.")
    outcomes = dict(db.session.execute(select(StageEntry.proposal_id, StageEntry.outcome)
                                       .where(StageEntry.stage_id == screening.id)).all())
    assert outcomes == {alpha.id: EntryOutcome.PASSED, beta.id: EntryOutcome.SCREENED_OUT,
                        gamma.id: EntryOutcome.SCREENED_OUT}
    send_due()
    [passed] = smtp.to("alpha@example.be")
    assert "Full proposal" in smtp.text(passed)
    [refused] = smtp.to("beta@example.be")
    assert "niet ontvankelijk" in smtp.text(refused)
    assert "Geen Belgische onderneming." in smtp.text(refused)
    [other] = smtp.to("gamma@example.be")
    assert "The budget is over the limit." in smtp.text(other)
