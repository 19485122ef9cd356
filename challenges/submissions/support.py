"""Public support ("I support this") and the deadline reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from challenges.accounts.models import User
from challenges.challenges.models import Challenge, ChallengeStatus, Phase
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.outbox import external_url, queue_email
from challenges.submissions.models import Proposal, ProposalStatus, Support
from challenges.submissions.operations import ProposalError

REMINDER_BEFORE = timedelta(hours=48)


def support_problem(proposal: Proposal, user, now: datetime | None = None) -> str | None:
    challenge = proposal.challenge
    if not challenge.public_support_enabled:
        return _("This challenge does not collect public support.")
    if challenge.phase_at(now or utcnow()) != Phase.OPEN:
        return _("Support can only be given while the challenge is open.")
    if not proposal.is_public():
        return _("This proposal is not public.")
    if not user.is_authenticated:
        return _("Sign in to support a proposal.")
    if not user.is_verified:
        return _("Confirm your email address first; the link is in the email we sent you.")
    if proposal.is_team_member(user):
        return _("You cannot support your own proposal.")
    return None


def toggle_support(proposal: Proposal, user: User, now: datetime | None = None) -> bool:
    """Give or take back support; returns True when the user now supports it."""
    problem = support_problem(proposal, user, now)
    if problem:
        raise ProposalError({"_": problem})
    existing = db.session.scalar(select(Support).where(
        Support.proposal_id == proposal.id, Support.user_id == user.id))
    if existing is not None:
        db.session.delete(existing)
        db.session.commit()
        return False
    db.session.add(Support(proposal_id=proposal.id, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:  # a double click: the first one counted
        db.session.rollback()
    return True


def support_counts(proposal_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Support.proposal_id, func.count()).where(Support.proposal_id.in_(proposal_ids or [0]))
        .group_by(Support.proposal_id))
    return dict(rows.all())


def supported_by(user, proposal_ids: list[int]) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(Support.proposal_id).where(
        Support.user_id == user.id, Support.proposal_id.in_(proposal_ids or [0]))))


def send_deadline_reminders(now: datetime | None = None) -> int:
    """Remind the teams of unsubmitted drafts 48 hours before the deadline. Safe to run
    every few minutes: a proposal is marked in the same transaction as its emails, so the
    same reminder is never sent twice."""
    now = now or utcnow()
    query = (select(Proposal).join(Challenge)
             .where(Proposal.status.in_([ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN]),
                    Proposal.reminder_sent_at.is_(None),
                    Challenge.status == ChallengeStatus.PUBLISHED,
                    or_(Challenge.opens_at.is_(None), Challenge.opens_at <= now),
                    Challenge.closes_at > now,
                    Challenge.closes_at <= now + REMINDER_BEFORE))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Proposal)
    sent = 0
    for proposal in db.session.scalars(query).all():
        for member in proposal.team:
            queue_email(member.email, member.language, "proposal_reminder",
                        _l("Your proposal is not submitted yet"), user=member,
                        proposal=proposal, challenge=proposal.challenge,
                        link=external_url("submissions.edit", proposal_id=proposal.id))
        proposal.reminder_sent_at = now
        sent += 1
    db.session.commit()
    return sent
