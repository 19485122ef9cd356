"""Deciding a stage: after a submission stage's deadline the organisers advance some
proposals to the next stage and close the others with feedback; in a screening stage they
pass or refuse each proposal with a reason. One action, one transaction: the outcomes, the
moves, the emails to every team member (through the outbox, in their language), the stage's
decided_at and the event record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from challenges import events
from challenges.accounts.models import User
from challenges.challenges.stages import (
    ChallengeStage,
    EntryOutcome,
    StageEntry,
    StageKind,
    StageStatus,
    stage_after,
)
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.links import external_url
from challenges.notifications.operations import queue_email
from challenges.submissions.models import Proposal, ProposalStatus

FEEDBACK_MAX = 5000

ACTIONS = {
    "stage_decided": _l("Stage decided"),
    "stage_screened": _l("Screening decided"),
    "stage_outcome": _l("Stage outcome"),
}
events.describe(ACTIONS)


def _refuse(message, field: str = "_") -> Refused:
    return Refused({field: str(message)})


def decidable_problem(stage: ChallengeStage, now: datetime) -> str | None:
    """Why the stage cannot be decided now, or None."""
    if stage.decided_at is not None:
        return _("This stage is decided already.")
    if stage_after(stage) is None:
        return _("The last stage is decided by the jury and the results, as a challenge in "
                 "one round is.")
    status = stage.status_at(now)
    if status == StageStatus.UPCOMING:
        return _("This stage has not started yet.")
    if status == StageStatus.OPEN:
        return _("This stage can be decided once its deadline has passed.")
    return None


def proposals_in(stage: ChallengeStage) -> list[Proposal]:
    """The proposals the decision is about: in the stage now and submitted there (a team
    advanced to a submission stage that did not submit by its deadline is left out)."""
    return list(db.session.scalars(
        select(Proposal).where(Proposal.stage_id == stage.id,
                               Proposal.status == ProposalStatus.SUBMITTED)
        .order_by(Proposal.submitted_at, Proposal.id)))


def not_submitted_in(stage: ChallengeStage) -> list[Proposal]:
    """The teams advanced to this stage that did not submit in it by its deadline: still a
    draft there. They cannot go on, and are closed with feedback like the others rather than
    left waiting without a word. (A draft never submitted in the first stage was never
    entered: it stays a draft, as in a challenge in one round. A withdrawn proposal was the
    team's own choice.)"""
    if stage.kind != StageKind.SUBMISSION or stage.is_first:
        return []
    return list(db.session.scalars(
        select(Proposal).where(Proposal.stage_id == stage.id,
                               Proposal.status == ProposalStatus.DRAFT)
        .order_by(Proposal.id)))


def _clean_feedback(texts: Mapping[int, str], ids: Iterable[int], message) -> dict[int, str]:
    cleaned, problems = {}, {}
    for pid in ids:
        text = (texts.get(pid) or "").strip()
        if not text:
            problems[f"feedback-{pid}"] = str(message)
        elif len(text) > FEEDBACK_MAX:
            problems[f"feedback-{pid}"] = _("Use at most %(n)d characters.", n=FEEDBACK_MAX)
        cleaned[pid] = text
    if problems:
        raise Refused(problems)
    return cleaned


def check_decision(stage: ChallengeStage, advanced: set[int], feedback: Mapping[int, str],
                   now: datetime) -> tuple[list[Proposal], dict[int, str]]:
    """Validate a decision without changing anything (the summary page shows what it will
    do); returns the proposals (those submitted, then those advanced here that were not)
    and the cleaned feedback of those not advanced."""
    problem = decidable_problem(stage, now)
    if problem:
        raise _refuse(problem)
    submitted = proposals_in(stage)
    ids = {p.id for p in submitted}
    if not advanced <= ids:
        raise _refuse(_("Only the proposals submitted in this stage can advance from it."))
    proposals = submitted + not_submitted_in(stage)
    if stage.kind == StageKind.SCREENING:
        message = _l("Give the reason why the proposal is not eligible; it is sent to the team.")
    else:
        message = _l("Write the feedback for this team; it is sent to them.")
    cleaned = _clean_feedback(feedback, [p.id for p in proposals if p.id not in advanced],
                              message)
    return proposals, cleaned


def decide(stage: ChallengeStage, by: User, advanced: set[int], feedback: Mapping[int, str],
           now: datetime | None = None) -> tuple[int, int]:
    """Advance (or, in a screening stage, pass) the chosen proposals, close the others with
    their feedback (or reason), tell every team member. Returns (advanced, not advanced)."""
    now = now or utcnow()
    proposals, cleaned = check_decision(stage, advanced, feedback, now)
    following = stage_after(stage)
    assert following is not None  # check_decision refuses the last stage
    # Conditional on decided_at in the database, so a double click or two organisers
    # deciding at the same moment decide once and email each team once.
    changed = db.session.execute(
        update(ChallengeStage)
        .where(ChallengeStage.id == stage.id, ChallengeStage.decided_at.is_(None))
        .values(decided_at=now, decided_by_id=by.id)
        .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
    if changed != 1:
        db.session.rollback()
        raise _refuse(_("This stage is decided already."))
    entries = {e.proposal_id: e for e in db.session.scalars(
        select(StageEntry).where(StageEntry.stage_id == stage.id,
                                 StageEntry.proposal_id.in_([p.id for p in proposals])))}
    screening = stage.kind == StageKind.SCREENING
    for proposal in proposals:
        entry = entries.get(proposal.id)
        if entry is None:   # a proposal from before the challenge had stages
            entry = StageEntry(proposal_id=proposal.id, stage_id=stage.id, entered_at=now,
                               submitted_at=proposal.submitted_at)
            db.session.add(entry)
        entry.decided_at, entry.decided_by_id = now, by.id
        if proposal.id in advanced:
            entry.outcome = EntryOutcome.PASSED if screening else EntryOutcome.ADVANCED
            _move(proposal, following, now)
            _tell_team(proposal, "stage_advanced",
                       _l("Your proposal goes on to the next stage: %(title)s",
                          title=proposal.title),
                       stage=stage, following=following,
                       link=external_url("submissions.edit" if following.kind
                                         == StageKind.SUBMISSION else "submissions.view",
                                         proposal_id=proposal.id))
        else:
            entry.feedback = cleaned[proposal.id]
            if screening:
                entry.outcome = EntryOutcome.SCREENED_OUT
                proposal.status = ProposalStatus.INELIGIBLE
                proposal.ineligible_reason = entry.feedback
            else:
                entry.outcome = EntryOutcome.NOT_ADVANCED
                proposal.status = ProposalStatus.NOT_SELECTED
            _tell_team(proposal, "stage_not_advanced",
                       _l("Your proposal does not go on to the next stage: %(title)s",
                          title=proposal.title),
                       stage=stage, feedback=entry.feedback, screening=screening,
                       link=external_url("submissions.view", proposal_id=proposal.id))
        events.record("stage_outcome", proposal, actor=by, challenge=stage.challenge, stage=stage.id,
                      outcome=str(entry.outcome))
    events.record("stage_screened" if screening else "stage_decided", stage, actor=by,
                  challenge=stage.challenge, advanced=sorted(advanced),
                  not_advanced=sorted(cleaned))
    db.session.commit()
    return len(advanced), len(cleaned)


def _move(proposal: Proposal, following: ChallengeStage, now: datetime) -> None:
    """Into the next stage: a submission stage reopens it as a draft that the team completes
    (its texts carried over) and submits by that stage's deadline; a screening stage takes it
    as it is."""
    proposal.stage_id = following.id
    db.session.add(StageEntry(proposal_id=proposal.id, stage_id=following.id, entered_at=now))
    if following.kind == StageKind.SUBMISSION:
        proposal.status = ProposalStatus.DRAFT


def _tell_team(proposal: Proposal, kind: str, subject, **context) -> None:
    for member in proposal.team:
        queue_email(member.email, member.language, kind, subject, user=member,
                    proposal=proposal, challenge=proposal.challenge, **context)
