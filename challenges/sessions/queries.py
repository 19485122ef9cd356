"""Read paths of sessions: a challenge's sessions, the platform's upcoming ones, loaders."""

from __future__ import annotations

from datetime import datetime

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges.access import belongs_or_404
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.extensions import db
from challenges.sessions.models import PitchSlot, Registration, Session


def _options():
    return (selectinload(Session.registrations),
            selectinload(Session.challenge).selectinload(Challenge.organisation))


def sessions_of(challenge: Challenge) -> list[Session]:
    return list(db.session.scalars(
        select(Session).where(Session.challenge_id == challenge.id)
        .options(*_options(), selectinload(Session.slots))
        .order_by(Session.starts_at, Session.id)))


def upcoming(now: datetime, limit: int | None = None):
    """Events of published challenges that have not ended, soonest first (a query)."""
    query = (select(Session).join(Session.challenge)
             .where(Challenge.status != ChallengeStatus.DRAFT, Session.ends_at > now,
                    Session.cancelled_at.is_(None))
             .options(*_options())
             .order_by(Session.starts_at, Session.id))
    return query.limit(limit) if limit else query


def registrations_for_manage(session: Session) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(Registration.session_id == session.id)
        .options(selectinload(Registration.user))
        .order_by(Registration.seat.is_(None), Registration.created_at, Registration.id)))


def load_session(session_id: int) -> Session:
    """An event of a challenge the current user may see."""
    session = db.session.scalar(select(Session).where(Session.id == session_id)
                                .options(*_options(), selectinload(Session.slots)))
    if session is None or not session.can_view(current_user):
        abort(404)
    return session


def load_slot(session: Session, slot_id: int) -> PitchSlot:
    return belongs_or_404(PitchSlot, slot_id, session_id=session.id)


def load_registration(session: Session) -> Registration:
    """The current user's own registration for the event."""
    registration = session.registration_of(current_user)
    if registration is None:
        abort(404)
    return registration
