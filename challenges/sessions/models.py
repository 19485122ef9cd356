from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.challenges.stages import EntryOutcome, StageEntry
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model
from challenges.submissions.models import Proposal, ProposalStatus

# The teams that may book a pitch slot: those the organisers advanced.
ADVANCED = (ProposalStatus.SHORTLISTED, ProposalStatus.WINNER)
# In a challenge run in stages, a team advanced out of a stage is a draft or submitted in the
# next one: it counts as advanced until it is withdrawn, refused or not advanced later.
OUT_OF_THE_RUNNING = (ProposalStatus.WITHDRAWN, ProposalStatus.INELIGIBLE,
                      ProposalStatus.NOT_SELECTED)


def is_advanced():
    """The SQL condition on Proposal: shortlisted or a winner, or advanced out of a stage and
    still in the running."""
    moved_on = select(StageEntry.proposal_id).where(
        StageEntry.outcome.in_((EntryOutcome.ADVANCED, EntryOutcome.PASSED)))
    return or_(Proposal.status.in_(ADVANCED),
               and_(Proposal.id.in_(moved_on), Proposal.status.not_in(OUT_OF_THE_RUNNING)))


class SessionKind(LabelledEnum):
    INFO_SESSION = "info_session", _l("Info session")
    PITCH_DAY = "pitch_day", _l("Pitch day")


class Session(Model):
    """An info session or a pitch day: online (a link) or at an address, with a capacity."""

    __tablename__ = "challenge_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
        CheckConstraint("place <> '' OR url <> ''", name="place_or_url"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SessionKind] = mapped_column(str_enum(SessionKind, "session_kind", 20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The title and description in the other language: {"en": {"title": ..., ...}}.
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    # None: no limit.
    capacity: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    challenge: Mapped[Challenge] = relationship()
    registrations: Mapped[list[Registration]] = relationship(
        back_populates="session", cascade="all, delete-orphan",
        order_by="Registration.created_at, Registration.id")
    slots: Mapped[list[PitchSlot]] = relationship(
        back_populates="session", cascade="all, delete-orphan",
        order_by="PitchSlot.starts_at, PitchSlot.id")

    @property
    def is_pitch_day(self) -> bool:
        return self.kind == SessionKind.PITCH_DAY

    @property
    def is_online(self) -> bool:
        return bool(self.url) and not self.place

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def is_past(self, now: datetime) -> bool:
        return self.ends_at <= now

    @property
    def confirmed(self) -> list[Registration]:
        return [r for r in self.registrations if r.seat is not None]

    @property
    def waiting(self) -> list[Registration]:
        return [r for r in self.registrations if r.seat is None]

    @property
    def registered_count(self) -> int:
        return len(self.confirmed)

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.registered_count, 0)

    def registration_of(self, user) -> Registration | None:
        if not getattr(user, "is_authenticated", False):
            return None
        return next((r for r in self.registrations if r.user_id == user.id), None)

    def shown(self, field: str) -> tuple[str, str]:
        """The text of `field` in the reader's language where it was written in it, else in
        the challenge's own language; with the language it is in, for the `lang` attribute."""
        main = getattr(self.challenge, "language", None) or "nl"
        locale = get_locale()
        wanted = locale.language if locale is not None else main
        if wanted != main:
            other = ((self.translations or {}).get(wanted) or {}).get(field)
            if other:
                return other, wanted
        return getattr(self, field), main

    def can_view(self, user) -> bool:
        return self.challenge.can_view(user)

    def can_manage(self, user) -> bool:
        return self.challenge.can_edit(user)


class Registration(Model):
    """One person's place at a session. A confirmed registration holds a numbered seat; the
    unique (session, seat) constraint is what keeps two people registering at the same moment
    from exceeding the capacity. Without a seat, the person is on the waiting list, in the
    order they registered."""

    __tablename__ = "session_registrations"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        UniqueConstraint("session_id", "seat"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    seat: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    session: Mapped[Session] = relationship(back_populates="registrations")
    user: Mapped[User] = relationship()

    @property
    def is_waiting(self) -> bool:
        return self.seat is None


class PitchSlot(Model):
    """A time on a pitch day that one advanced team books. The booking is a conditional
    update (only while the slot is free), so two teams clicking the last slot at once cannot
    both get it; the unique (session, proposal) constraint keeps a team to one slot."""

    __tablename__ = "pitch_slots"
    __table_args__ = (
        UniqueConstraint("session_id", "proposal_id"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_sessions.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    session: Mapped[Session] = relationship(back_populates="slots")
    proposal: Mapped[Proposal | None] = relationship()

    @property
    def is_free(self) -> bool:
        return self.proposal_id is None
