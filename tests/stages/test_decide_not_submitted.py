"""A team advanced to a stage that does not submit there by its deadline does not vanish at
that stage's decision: the decision page lists it as not submitted, with feedback ready to
change, and the decision closes it (not selected, emailed) like the teams not advanced."""

from __future__ import annotations

from datetime import timedelta

from challenges.accounts.models import Role
from challenges.challenges.stages import ChallengeStage, EntryOutcome, StageEntry, StageKind
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.operations import send_due
from challenges.submissions.models import ProposalStatus

EN = {"Accept-Language": "en"}


def three_stages(make):
    """Ideas (decided) -> full proposal (its deadline passed) -> pitch (open later). In the
    full proposal stage one advanced team submitted and one did not."""
    now = utcnow()
    organisation = make.organisation()
    editor = make.user(email="els@gent.be", language="en")
    make.membership(editor, organisation, Role.EDITOR)
    challenge = make.challenge(organisation, title="Slimme parkeerplaatsen")
    stages = []
    for position, (name, opens, closes) in enumerate((
            ("Ideeën", now - timedelta(days=40), now - timedelta(days=30)),
            ("Volledig voorstel", now - timedelta(days=29), now - timedelta(days=1)),
            ("Pitch", now + timedelta(days=5), now + timedelta(days=20))), start=1):
        stages.append(ChallengeStage(challenge=challenge, position=position, name=name,
                                     kind=StageKind.SUBMISSION, opens_at=opens,
                                     closes_at=closes))
    db.session.add_all(stages)
    stages[0].decided_at = now - timedelta(days=29)
    challenge.opens_at, challenge.closes_at = stages[0].opens_at, stages[-1].closes_at
    db.session.flush()
    ideas, full, _pitch = stages
    submitted = make.proposal(challenge, make.user(email="alpha@example.be", language="en"),
                              title="Alpha", stage_id=full.id)
    silent = make.proposal(challenge, make.user(email="beta@example.be", language="nl"),
                           title="Beta", stage_id=full.id, status="draft")
    for proposal, submitted_at in ((submitted, now - timedelta(days=2)), (silent, None)):
        db.session.add_all([
            StageEntry(proposal_id=proposal.id, stage_id=ideas.id, outcome=EntryOutcome.ADVANCED,
                       submitted_at=now - timedelta(days=31), decided_at=now - timedelta(days=29)),
            StageEntry(proposal_id=proposal.id, stage_id=full.id, submitted_at=submitted_at)])
    # A newcomer's draft that never got past the ideas stage is not this stage's business.
    make.proposal(challenge, make.user(email="gamma@example.be"), title="Gamma",
                  stage_id=ideas.id, status="draft")
    db.session.commit()
    return challenge, editor, full, submitted, silent


def url(challenge, stage) -> str:
    return f"/manage/challenges/{challenge.slug}/stages/{stage.id}/decide"


def test_the_team_that_did_not_submit_is_shown_and_closed_with_feedback(client, make, smtp):
    challenge, editor, full, submitted, silent = three_stages(make)
    client.login_as(editor)
    page = client.get(url(challenge, full), headers=EN).text
    assert "Advanced here, not submitted" in page and "Beta" in page and "Gamma" not in page
    assert f'id="advance-{silent.id}"' not in page     # it cannot go on
    assert "We did not receive your proposal in this stage before its deadline" in page

    # Its feedback is required, as for any team not going on.
    data = {"advance": [str(submitted.id)], f"feedback-{silent.id}": " ", "step": "review"}
    response = client.post(url(challenge, full), headers=EN, data=data)
    assert response.status_code == 400 and "Write the feedback for this team" in response.text

    data[f"feedback-{silent.id}"] = "Jammer: we ontvingen geen volledig voorstel."
    response = client.post(url(challenge, full), headers=EN, data=data)
    assert response.status_code == 200
    assert "Not submitted: does not go on" in response.text
    # Advancing it by a tampered form is refused.
    tampered = {**data, "advance": [str(submitted.id), str(silent.id)], "step": "confirm"}
    assert client.post(url(challenge, full), headers=EN, data=tampered).status_code == 409
    db.session.rollback()

    response = client.post(url(challenge, full), headers=EN, data={**data, "step": "confirm"})
    assert response.status_code == 302
    db.session.expire_all()
    assert silent.status == ProposalStatus.NOT_SELECTED and silent.stage_id == full.id
    entry = db.session.scalar(db.select(StageEntry).where(StageEntry.proposal_id == silent.id,
                                                          StageEntry.stage_id == full.id))
    assert entry.outcome == EntryOutcome.NOT_ADVANCED
    assert entry.feedback == "Jammer: we ontvingen geen volledig voorstel."
    assert submitted.status == ProposalStatus.DRAFT   # into the pitch stage
    page = client.get(url(challenge, full), headers=EN).text
    assert "Not advanced (not submitted)" in page

    send_due()
    [mail] = smtp.to("beta@example.be")
    assert "we ontvingen geen volledig voorstel" in smtp.text(mail)


def test_in_the_first_stage_an_unsubmitted_draft_stays_a_draft(client, make):
    from tests.stages.decide_helpers import decide_url, staged

    world = staged(make)
    ideas = world["stages"][0]
    draft = make.proposal(world["challenge"], make.user(), title="Nooit ingediend",
                          stage_id=ideas.id, status="draft")
    client.login_as(world["editor"])
    page = client.get(decide_url(world), headers=EN).text
    assert "Nooit ingediend" not in page and "Advanced here, not submitted" not in page
    alpha, beta, gamma = world["proposals"]
    response = client.post(decide_url(world), headers=EN, data={
        "advance": [str(alpha.id)], f"feedback-{beta.id}": "Nee.", f"feedback-{gamma.id}": "Nee.",
        "step": "confirm"})
    assert response.status_code == 302
    db.session.expire_all()
    assert draft.status == ProposalStatus.DRAFT


def test_at_the_results_a_team_that_did_not_submit_in_the_last_stage_is_closed_and_told(
        client, make, smtp):
    from challenges.jury import operations as jury_ops
    from challenges.results import operations as results_ops
    from tests.results.test_ranking_page import Panel

    now = utcnow()
    panel = Panel(make, proposals=1, jurors=1)
    challenge = panel.challenge
    ideas = ChallengeStage(challenge=challenge, position=1, name="Ideeën",
                           opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=30),
                           decided_at=now - timedelta(days=29))
    full = ChallengeStage(challenge=challenge, position=2, name="Volledig voorstel",
                          opens_at=now - timedelta(days=29), closes_at=now - timedelta(days=2))
    db.session.add_all([ideas, full])
    db.session.flush()
    [submitted] = panel.proposals
    submitted.stage_id = full.id
    silent = make.proposal(challenge, make.user(email="stil@example.be"), title="Stil",
                           stage_id=full.id, status="draft")
    db.session.add(StageEntry(proposal_id=silent.id, stage_id=full.id))
    db.session.commit()
    panel.score(0, submitted, [5, 4, 4])
    jury_ops.lock(panel.jury, panel.chair)
    results_ops.record_decision(panel.jury, submitted, panel.chair, shortlisted=True,
                                motivation="Sterk.", place=1, award_name="Winnaar",
                                award_amount=None, honourable_mention=False)
    results_ops.publish_results(challenge, panel.editor)
    db.session.expire_all()
    assert submitted.status == ProposalStatus.WINNER
    assert silent.status == ProposalStatus.NOT_SELECTED

    send_due()
    [mail] = smtp.to("stil@example.be")
    text = smtp.text(mail)
    assert "Volledig voorstel" in text and "niet ingediend" in text
    assert f"/challenges/{challenge.slug}/results" in text
