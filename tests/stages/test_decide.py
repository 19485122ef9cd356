"""Deciding a stage: the organiser advances proposals (by hand or the top of the stage jury's
ranking), writes feedback for the others, confirms on a summary; the teams are emailed in
their language; never before the deadline, never twice, never for a proposal of elsewhere."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from challenges.challenges.models import Criterion
from challenges.challenges.stages import EntryOutcome, StageEntry
from challenges.db import utcnow
from challenges.events import Event
from challenges.extensions import db
from challenges.jury.models import Jury, JuryMember, Review, ReviewStatus, Score
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.submissions.models import ProposalStatus
from tests.stages.decide_helpers import EN, decide_url, staged


def outbox() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def entry(proposal, stage) -> StageEntry | None:
    return db.session.scalar(select(StageEntry).where(StageEntry.proposal_id == proposal.id,
                                                      StageEntry.stage_id == stage.id))


def decision(alpha, beta, gamma, step, beta_feedback="Te weinig uitgewerkt.",
             gamma_feedback="Not new enough."):
    return {"advance": [str(alpha.id)], f"feedback-{beta.id}": beta_feedback,
            f"feedback-{gamma.id}": gamma_feedback, "step": step}


def test_the_organiser_advances_one_idea_and_the_teams_are_told(client, make, smtp):
    world = staged(make)
    alpha, beta, gamma = world["proposals"]
    ideas, full = world["stages"]
    client.login_as(world["editor"])
    listing = client.get(f"/manage/challenges/{world['challenge'].slug}/proposals",
                         headers=EN).get_data(as_text=True)
    assert f'href="{decide_url(world)}">Decide who goes on' in listing
    page = client.get(decide_url(world), headers=EN).get_data(as_text=True)
    assert all(p.title in page for p in world["proposals"])
    assert "Full proposal" in page

    # Feedback is required for every team not advanced; what was typed stays.
    response = client.post(decide_url(world), headers=EN, data=decision(
        alpha, beta, gamma, "review", gamma_feedback="  "))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Write the feedback for this team" in page and "Te weinig uitgewerkt." in page
    assert f'id="advance-{alpha.id}" value="{alpha.id}" checked' in page

    # The summary changes nothing yet.
    response = client.post(decide_url(world), headers=EN,
                           data=decision(alpha, beta, gamma, "review"))
    assert response.status_code == 200
    assert "Confirm the decision" in response.get_data(as_text=True)
    assert ideas.decided_at is None and outbox() == 0

    response = client.post(decide_url(world), headers=EN,
                           data=decision(alpha, beta, gamma, "confirm"))
    assert response.status_code == 302
    db.session.expire_all()
    assert ideas.decided_at is not None and ideas.decided_by_id == world["editor"].id
    assert (alpha.stage_id, alpha.status) == (full.id, ProposalStatus.DRAFT)
    assert entry(alpha, ideas).outcome == EntryOutcome.ADVANCED
    assert entry(alpha, full) is not None and entry(alpha, full).submitted_at is None
    assert (beta.stage_id, beta.status) == (ideas.id, ProposalStatus.NOT_SELECTED)
    assert entry(beta, ideas).outcome == EntryOutcome.NOT_ADVANCED
    assert entry(beta, ideas).feedback == "Te weinig uitgewerkt."
    assert gamma.status == ProposalStatus.NOT_SELECTED
    actions = set(db.session.scalars(select(Event.action).where(
        Event.actor_id == world["editor"].id)))
    assert {"stage_decided", "stage_outcome"} <= actions
    page = client.get(decide_url(world), headers=EN).get_data(as_text=True)
    assert "This stage was decided on" in page and "Not new enough." in page

    send_due()
    [invitation] = smtp.to("alpha@example.be")
    text = smtp.text(invitation)
    assert "Full proposal" in text and "Brussels time" in text
    assert f"/proposals/{alpha.id}/edit" in text
    [refusal] = smtp.to("beta@example.be")
    assert "Te weinig uitgewerkt." in smtp.text(refusal)
    assert "Ideeën" in smtp.text(refusal) and "Bedankt" in smtp.text(refusal)
    [other] = smtp.to("gamma@example.be")
    assert "Not new enough." in smtp.text(other)

    # Not twice.
    again = client.post(decide_url(world), headers=EN, data=decision(alpha, beta, gamma,
                                                                     "confirm"))
    assert again.status_code == 409
    assert "This stage is decided already." in again.get_data(as_text=True)
    assert outbox() == 3


def test_a_co_author_is_emailed_too(client, make, smtp):
    from challenges.submissions.models import TeamMember

    world = staged(make)
    alpha, beta, gamma = world["proposals"]
    partner = make.user(email="partner@example.be", language="nl")
    db.session.add(TeamMember(proposal=alpha, email=partner.email, user=partner,
                              accepted_at=utcnow()))
    db.session.commit()
    client.login_as(world["editor"])
    assert client.post(decide_url(world), data=decision(alpha, beta, gamma, "confirm"))\
        .status_code == 302
    send_due()
    [mail] = smtp.to("partner@example.be")
    assert "Volledig voorstel" in smtp.text(mail)


def test_change_goes_back_to_the_form_with_what_was_chosen(client, make):
    world = staged(make)
    alpha, beta, gamma = world["proposals"]
    client.login_as(world["editor"])
    response = client.post(decide_url(world), headers=EN,
                           data=decision(alpha, beta, gamma, "change"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Review the decision" in page
    assert "Not new enough." in page and world["stages"][0].decided_at is None


def test_not_before_the_deadline_nor_the_last_stage(client, make):
    world = staged(make, idea_closes_in=timedelta(days=2))
    alpha, beta, gamma = world["proposals"]
    client.login_as(world["editor"])
    page = client.get(decide_url(world), headers=EN).get_data(as_text=True)
    assert "once its deadline has passed" in page
    response = client.post(decide_url(world), headers=EN,
                           data=decision(alpha, beta, gamma, "confirm"))
    assert response.status_code == 409
    db.session.expire_all()
    assert world["stages"][0].decided_at is None and alpha.status == ProposalStatus.SUBMITTED
    last = world["stages"][-1]
    page = client.get(decide_url(world, last), headers=EN).get_data(as_text=True)
    assert "The last stage is decided by the jury" in page
    assert client.post(decide_url(world, last), data={"step": "confirm"}).status_code == 409
    assert outbox() == 0


def test_tampered_ids_and_other_organisations_are_refused(client, make):
    world = staged(make)
    alpha, beta, gamma = world["proposals"]
    elsewhere = staged(make, tag="2")
    client.login_as(world["editor"])
    stranger_stage = elsewhere["stages"][0]
    url = f"/manage/challenges/{world['challenge'].slug}/stages/{stranger_stage.id}/decide"
    assert client.get(url).status_code == 404
    assert client.get(decide_url(world).replace(
        str(world["stages"][0].id), "99999999999999")).status_code == 404
    foreign = elsewhere["proposals"][0]
    for advance in ([str(foreign.id)], ["abc"], ["9" * 40], [str(alpha.id), "-1"]):
        data = dict(decision(alpha, beta, gamma, "confirm"), advance=advance)
        response = client.post(decide_url(world), headers=EN, data=data)
        assert response.status_code in (400, 409), advance
        assert "Only the proposals submitted in this stage" in response.get_data(as_text=True)
    client.login_as(elsewhere["editor"])
    assert client.get(decide_url(world)).status_code == 403
    assert client.post(decide_url(world), data=decision(alpha, beta, gamma, "confirm"))\
        .status_code == 403
    db.session.expire_all()
    assert world["stages"][0].decided_at is None and foreign.status == ProposalStatus.SUBMITTED
    assert outbox() == 0


def test_the_top_of_the_stage_jurys_ranking_is_ticked(client, make):
    world = staged(make)
    alpha, beta, gamma = world["proposals"]
    ideas = world["stages"][0]
    criterion = Criterion(challenge_id=world["challenge"].id, stage_id=ideas.id, position=1,
                          name="Originaliteit", weight=100)
    jury = Jury(challenge_id=world["challenge"].id, stage_id=ideas.id, level_descriptions={})
    db.session.add_all([criterion, jury])
    db.session.flush()
    for _n in range(2):
        juror = make.user()
        member = JuryMember(jury=jury, email=juror.email, user=juror, accepted_at=utcnow())
        db.session.add(member)
        db.session.flush()
        for proposal, value in ((alpha, 2), (beta, 5), (gamma, 3)):
            review = Review(member_id=member.id, proposal_id=proposal.id,
                            status=ReviewStatus.SUBMITTED, submitted_at=utcnow())
            review.scores = [Score(criterion_id=criterion.id, value=Decimal(value))]
            db.session.add(review)
    db.session.commit()
    client.login_as(world["editor"])
    page = client.get(decide_url(world) + "?top=1", headers=EN).get_data(as_text=True)
    assert "Place 1 in the stage jury's ranking, score 5" in page
    assert f'id="advance-{beta.id}" value="{beta.id}" checked' in page
    assert f'id="advance-{alpha.id}" value="{alpha.id}" checked' not in page
    assert page.index("Beta") < page.index("Gamma") < page.index("Alpha")
    for top in ("x", "-3", "9" * 30, "\x00"):
        assert client.get(decide_url(world) + f"?top={top}").status_code == 200
