"""A challenge's lessons record: what the organiser learned, in the shape the case libraries
use (problem, what was new, what went wrong, conditions for success, legal pitfalls, transfer
potential, contact). The facts (criteria, counts, timeline, money, pilots' outcomes and KPIs)
are read from the platform's own data when shown, never copied, so they cannot drift."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import Organisation, User
from challenges.challenges.models import Challenge
from challenges.db import UTCDateTime, str_enum, utcnow
from challenges.extensions import Model


class LessonsStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


# The texts the organiser writes, in the order of the form and the page.
TEXTS = ("summary", "problem", "what_was_new", "what_went_wrong", "conditions",
         "legal_pitfalls", "transfer_potential", "contact")

TEXT_LABELS = {
    "summary": _l("Lessons in brief"),
    "problem": _l("What the problem was"),
    "what_was_new": _l("What was new"),
    "what_went_wrong": _l("What went wrong, and why"),
    "conditions": _l("Conditions for success"),
    "legal_pitfalls": _l("Legal and procurement pitfalls"),
    "transfer_potential": _l("Transfer potential"),
    "contact": _l("Contact for questions"),
}


class LessonsRecord(Model):
    __tablename__ = "lessons_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), unique=True)
    status: Mapped[LessonsStatus] = mapped_column(
        str_enum(LessonsStatus, "lessons_status"), default=LessonsStatus.DRAFT, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    what_was_new: Mapped[str] = mapped_column(Text, default="")
    what_went_wrong: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    legal_pitfalls: Mapped[str] = mapped_column(Text, default="")
    transfer_potential: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    # "Lessons not yet known": published as such, with the date the organiser comes back.
    not_yet_known: Mapped[bool] = mapped_column(Boolean, default=False)
    revisit_on: Mapped[date | None] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    challenge: Mapped[Challenge] = relationship()
    published_by: Mapped[User | None] = relationship()

    @property
    def is_published(self) -> bool:
        return self.status == LessonsStatus.PUBLISHED

    def can_edit(self, user) -> bool:
        """Completed and published by the challenge's own organisation."""
        return self.challenge.can_edit(user)

    def can_view(self, user) -> bool:
        return (self.is_published and self.challenge.is_public) or self.can_edit(user)

    def can_ask(self, user) -> bool:
        """Ask the owners a question: an organiser (an editor or administrator) of another
        organisation, about a published record. Participants and visitors cannot."""
        return bool(self.is_published and self.challenge.is_public
                    and user is not None and user.is_authenticated and user.memberships
                    and any(m.organisation not in self.challenge.hosts
                            for m in user.memberships))

    def ask_as(self, user) -> list[Organisation]:
        """The organisations the user may ask for: theirs, but not the record's hosts."""
        hosts = {o.id for o in self.challenge.hosts}
        return sorted((m.organisation for m in user.memberships
                       if m.organisation_id not in hosts), key=lambda o: o.name)

    def texts(self) -> list[tuple[str, str]]:
        """(label, text) of what is written, in the page's order."""
        return [(str(TEXT_LABELS[name]), getattr(self, name)) for name in TEXTS
                if (getattr(self, name) or "").strip()]


class PeerQuestion(Model):
    """An organiser of another municipality asks the owners of a published lessons record
    ("how did you handle GDPR in the camera pilot?"). The owners answer publicly (shown on the
    record, with the asker's municipality, and their name only if they chose) or privately
    (emailed to the asker alone, kept here for the owners)."""

    __tablename__ = "peer_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("lessons_records.id", ondelete="CASCADE"), index=True)
    asker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    # The municipality the asker asks for (one of theirs): what the public sees of them.
    asker_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"))
    show_name: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answer_public: Mapped[bool] = mapped_column(Boolean, default=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    record: Mapped[LessonsRecord] = relationship()
    asker: Mapped[User | None] = relationship(foreign_keys=[asker_id])
    asker_organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    @property
    def is_public(self) -> bool:
        """Shown on the record: answered, publicly."""
        return self.answered_at is not None and self.answer_public

    @property
    def asked_by(self) -> str:
        """Who the public sees: the municipality, and the person only if they chose so."""
        municipality = (self.asker_organisation.name if self.asker_organisation
                        else str(_l("another municipality")))
        if self.show_name and self.asker is not None and self.asker.is_active:
            return str(_l("%(name)s (%(municipality)s)", name=self.asker.name,
                          municipality=municipality))
        return str(_l("an organiser of %(municipality)s", municipality=municipality))

    def can_answer(self, user) -> bool:
        """The record's owners: the editors and administrators of the challenge's hosts."""
        return self.record.can_edit(user)
