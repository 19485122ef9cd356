"""Info sessions and pitch days: plan, change and cancel them; register, with a waiting list;
cancel a registration (the first on the waiting list moves up); remind the day before; offer
pitch slots and book them.

Each public function is one action and owns its commit; emails are outbox rows in the same
transaction; every action is in the event record."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from challenges import events
from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db, reload
from challenges.notifications.operations import queue_email
from challenges.sessions.calendar import calendar_attachment, session_url
from challenges.sessions.models import PitchSlot, Registration, Session, is_advanced
from challenges.submissions.models import Proposal

events.describe({
    "session_scheduled": _l("Event planned"),
    "session_updated": _l("Event changed"),
    "session_cancelled": _l("Event cancelled"),
    "session_registered": _l("Registered for an event"),
    "session_waiting": _l("Put on the waiting list of an event"),
    "session_moved_up": _l("Moved up from the waiting list"),
    "session_registration_cancelled": _l("Registration for an event cancelled"),
    "session_reminder_sent": _l("Event reminder sent"),
    "pitch_slots_added": _l("Pitch slots offered"),
    "pitch_slot_booked": _l("Pitch slot booked"),
    "pitch_slot_released": _l("Pitch slot given back"),
})

TITLE_MAX = 200
CAPACITY_MAX = 100_000
FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "place", "url", "capacity",
          "translations")


def _problems(data: dict[str, Any], now: datetime, new: bool) -> dict[str, str]:
    problems = {}
    if not (data.get("title") or "").strip():
        problems["title"] = _("Give the event a title.")
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts is None:
        problems["starts_at"] = _("Give the start.")
    elif new and starts <= now:
        problems["starts_at"] = _("The start must be in the future.")
    if ends is None:
        problems["ends_at"] = _("Give the end.")
    elif starts is not None and ends <= starts:
        problems["ends_at"] = _("The end must come after the start.")
    if not (data.get("place") or "").strip() and not (data.get("url") or "").strip():
        problems["place"] = _("Give an address, or a link for an online event.")
    capacity = data.get("capacity")
    if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
        problems["capacity"] = _("Give a capacity from 1 to %(n)d, or leave it empty for no "
                                 "limit.", n=CAPACITY_MAX)
    return problems


def _apply(session: Session, data: dict[str, Any]) -> None:
    for name in FIELDS:
        if name in data:
            value = data[name]
            setattr(session, name, value.strip() if isinstance(value, str) else value)


def schedule(challenge: Challenge, data: dict[str, Any], by: User) -> Session:
    problems = _problems(data, utcnow(), new=True)
    if problems:
        raise Refused(problems)
    session = Session(challenge=challenge, translations={})
    _apply(session, data)
    db.session.add(session)
    db.session.flush()
    events.record("session_scheduled", session, actor=by, challenge=challenge,
                  kind=session.kind, title=session.title, starts_at=session.starts_at)
    db.session.commit()
    return session


def change(session: Session, data: dict[str, Any], by: User) -> None:
    """Change an event; those registered are told when the time or the place changes."""
    if session.is_cancelled:
        raise Refused({"_": _("This event is cancelled.")})
    problems = _problems(data, utcnow(), new=False)
    capacity = data.get("capacity")
    if capacity is not None and capacity < session.registered_count and "capacity" not in problems:
        problems["capacity"] = _("%(n)d people are registered: the capacity cannot be lower.",
                                 n=session.registered_count)
    if problems:
        raise Refused(problems)
    before = (session.starts_at, session.ends_at, session.place, session.url)
    _apply(session, data)
    moved = before != (session.starts_at, session.ends_at, session.place, session.url)
    if moved:
        for registration in session.registrations:
            _tell(registration, "session_changed", _l("Changed: %(title)s", title=session.title))
    _fill_from_waiting_list(session)
    events.record("session_updated", session, actor=by, challenge=session.challenge,
                  moved=moved)
    db.session.commit()


def cancel_session(session: Session, by: User) -> None:
    if session.is_cancelled:
        raise Refused({"_": _("This event is already cancelled.")})
    session.cancelled_at = utcnow()
    for registration in session.registrations:
        _tell(registration, "session_cancelled", _l("Cancelled: %(title)s", title=session.title))
    events.record("session_cancelled", session, actor=by, challenge=session.challenge)
    db.session.commit()


def _tell(registration: Registration, kind: str, subject, with_calendar: bool = False) -> None:
    user, session = registration.user, registration.session
    if user.deleted_at is not None:
        return
    queue_email(user.email, user.language, kind, subject, user=user, session=session,
                registration=registration, challenge=session.challenge,
                link=session_url(session),
                attachments=[calendar_attachment(session)] if with_calendar else None)


# Registration ---------------------------------------------------------------------------------

def registration_problem(session: Session, user, now: datetime) -> str | None:
    if session.is_cancelled:
        return _("This event is cancelled.")
    if session.starts_at <= now:
        return _("Registration is closed: the event has started.")
    if not session.challenge.is_public:
        return _("Registration opens when the challenge is published.")
    if not user.is_verified:
        return _("Confirm your email address first: the confirmation is sent there.")
    return None


def _free_seat(session: Session) -> int | None:
    taken = {seat for seat in db.session.scalars(select(Registration.seat).where(
        Registration.session_id == session.id, Registration.seat.is_not(None)))
        if seat is not None}
    if session.capacity is None:
        return max(taken, default=0) + 1
    return next((n for n in range(1, session.capacity + 1) if n not in taken), None)


def register(session: Session, user: User, now: datetime | None = None) -> Registration:
    """A seat if one is free, else a place on the waiting list. Two people registering for
    the last seat at once: the unique seat number lets one have it; the other is put on the
    waiting list."""
    now = now or utcnow()
    problem = registration_problem(session, user, now)
    if problem:
        raise Refused({"_": problem})
    if session.registration_of(user) is not None:
        raise Refused({"_": _("You are already registered.")})
    session_id, user_id = session.id, user.id
    for _attempt in range(3):
        registration = Registration(session=session, user=user, seat=_free_seat(session),
                                    created_at=now)
        db.session.add(registration)
        try:
            db.session.flush()
            break
        except IntegrityError:
            db.session.rollback()
            session, user = reload(Session, session_id), reload(User, user_id)
            if session.registration_of(user) is not None:
                raise Refused({"_": _("You are already registered.")}) from None
    else:
        raise Refused({"_": _("Many people registered at the same moment; please try again.")})
    if registration.is_waiting:
        _tell(registration, "session_waiting",
              _l("Waiting list: %(title)s", title=session.title))
    else:
        _tell(registration, "session_confirmed",
              _l("Registered: %(title)s", title=session.title), with_calendar=True)
    events.record("session_waiting" if registration.is_waiting else "session_registered",
                  session, actor=user, challenge=session.challenge)
    db.session.commit()
    return registration


def _fill_from_waiting_list(session: Session) -> None:
    """Give free seats to the waiting list, first come first served. Conditional on the row
    still waiting, so that two cancellations at once move up two people, not one twice."""
    for registration in list(session.waiting):
        seat = _free_seat(session)
        if seat is None:
            return
        moved = db.session.execute(
            update(Registration).where(Registration.id == registration.id,
                                       Registration.seat.is_(None)).values(seat=seat))
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            continue
        db.session.refresh(registration)
        _tell(registration, "session_confirmed",
              _l("A place for you: %(title)s", title=session.title), with_calendar=True)
        events.record("session_moved_up", session, actor=None, challenge=session.challenge,
                      registration=registration.id)


def cancel_registration(registration: Registration, by: User) -> None:
    session = registration.session
    if session.starts_at <= utcnow():
        raise Refused({"_": _("The event has started; the registration can no longer be "
                              "cancelled.")})
    events.record("session_registration_cancelled", session, actor=by,
                  challenge=session.challenge, waiting=registration.is_waiting)
    db.session.delete(registration)
    db.session.flush()
    db.session.expire(session, ["registrations"])
    _fill_from_waiting_list(session)
    db.session.commit()


def send_reminders(now: datetime | None = None) -> int:
    """Remind everyone with a seat the day before (within 24 hours of the start), once."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Registration).join(Registration.session)
        .where(Registration.seat.is_not(None), Registration.reminder_sent_at.is_(None),
               Session.cancelled_at.is_(None), Session.starts_at > now,
               Session.starts_at <= now + timedelta(hours=24))).all()
    count = 0
    for registration in due:
        # Conditional, so that two runs at once remind each person once.
        claimed = db.session.execute(
            update(Registration).where(Registration.id == registration.id,
                                       Registration.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        _tell(registration, "session_reminder",
              _l("Tomorrow: %(title)s", title=registration.session.title), with_calendar=True)
        events.record("session_reminder_sent", registration.session, actor=None,
                      challenge=registration.session.challenge)
        count += 1
    db.session.commit()
    return count


# Pitch slots ------------------------------------------------------------------------------------

SLOTS_MAX = 60


def add_slots(session: Session, first_start: datetime | None, count: int, minutes: int,
              by: User) -> list[PitchSlot]:
    """Offer `count` consecutive slots of `minutes` each, from `first_start`."""
    if not session.is_pitch_day:
        raise Refused({"_": _("Only a pitch day has pitch slots.")})
    problems = {}
    if first_start is None:
        problems["first_start"] = _("Give the start of the first slot.")
    elif first_start < session.starts_at:
        problems["first_start"] = _("The first slot cannot start before the pitch day.")
    if not 1 <= count <= SLOTS_MAX:
        problems["count"] = _("Offer from 1 to %(n)d slots at a time.", n=SLOTS_MAX)
    if not 5 <= minutes <= 240:
        problems["minutes"] = _("A slot lasts from 5 to 240 minutes.")
    if first_start is not None and not problems and \
            first_start + timedelta(minutes=minutes * count) > session.ends_at:
        problems["count"] = _("These slots would end after the pitch day.")
    if problems:
        raise Refused(problems)
    assert first_start is not None
    slots = [PitchSlot(session=session, starts_at=first_start + timedelta(minutes=minutes * n),
                       ends_at=first_start + timedelta(minutes=minutes * (n + 1)))
             for n in range(count)]
    db.session.add_all(slots)
    events.record("pitch_slots_added", session, actor=by, challenge=session.challenge,
                  count=count, minutes=minutes, first=first_start)
    db.session.commit()
    return slots


def bookable_proposals(session: Session, user) -> list[Proposal]:
    """The advanced proposals of this challenge on whose team the user is."""
    if not getattr(user, "is_authenticated", False) or not session.is_pitch_day:
        return []
    proposals = db.session.scalars(select(Proposal).where(
        Proposal.challenge_id == session.challenge_id, is_advanced())).all()
    return [p for p in proposals if p.in_team(user)]


def book(slot: PitchSlot, proposal: Proposal, user: User, now: datetime | None = None) -> None:
    session = slot.session
    now = now or utcnow()
    advanced = db.session.scalar(select(Proposal.id).where(Proposal.id == proposal.id,
                                                            is_advanced()))
    if proposal.challenge_id != session.challenge_id or advanced is None \
            or not proposal.in_team(user):
        raise Refused({"_": _("Only the teams advanced to the pitch can book a slot.")})
    if session.is_cancelled or slot.starts_at <= now:
        raise Refused({"_": _("This slot can no longer be booked.")})
    has_one = db.session.scalar(select(func.count(PitchSlot.id)).where(
        PitchSlot.session_id == session.id, PitchSlot.proposal_id == proposal.id))
    if has_one:
        raise Refused({"_": _("Your team already has a slot on this day. Give it back first "
                              "to choose another.")})
    try:
        # Only while the slot is still free: of two teams booking it at once, one gets it.
        taken = db.session.execute(
            update(PitchSlot).where(PitchSlot.id == slot.id, PitchSlot.proposal_id.is_(None))
            .values(proposal_id=proposal.id, booked_by_id=user.id, booked_at=now))
    except IntegrityError:  # the same team booking two slots at once
        db.session.rollback()
        raise Refused({"_": _("Your team already has a slot on this day.")}) from None
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise Refused({"_": _("Another team has just booked this slot. Choose another one.")})
    db.session.refresh(slot)
    for member in proposal.team:
        if member.deleted_at is None:
            queue_email(member.email, member.language, "pitch_slot_booked",
                        _l("Your pitch slot: %(title)s", title=session.title), user=member,
                        session=session, slot=slot, proposal=proposal,
                        challenge=session.challenge, link=session_url(session),
                        attachments=[calendar_attachment(session)])
    events.record("pitch_slot_booked", proposal, actor=user, challenge=session.challenge,
                  slot=slot.id, starts_at=slot.starts_at)
    db.session.commit()


def release(slot: PitchSlot, user: User) -> None:
    proposal = slot.proposal
    if proposal is None or not (proposal.in_team(user) or slot.session.can_manage(user)):
        raise Refused({"_": _("This slot is not booked by your team.")})
    slot.proposal_id = None
    slot.booked_by_id = None
    slot.booked_at = None
    events.record("pitch_slot_released", proposal, actor=user, challenge=slot.session.challenge,
                  slot=slot.id)
    db.session.commit()
