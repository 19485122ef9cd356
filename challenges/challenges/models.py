from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import Organisation, ParticipantKind, User
from challenges.db import UTCDateTime, str_enum, utcnow
from challenges.extensions import db


class ChallengeStatus(enum.StrEnum):
    """What the organiser decided. The phase shown to people also depends on the dates."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RESULTS_PUBLISHED = "results_published"
    FOLLOW_UP = "follow_up"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Phase(enum.StrEnum):
    DRAFT = "draft"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    RESULTS_PUBLISHED = "results_published"
    FOLLOW_UP = "follow_up"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[self])


PHASE_LABELS = {
    Phase.DRAFT: _l("Draft"),
    Phase.UPCOMING: _l("Upcoming"),
    Phase.OPEN: _l("Open for proposals"),
    Phase.CLOSED: _l("Closed, jury at work"),
    Phase.RESULTS_PUBLISHED: _l("Results published"),
    Phase.FOLLOW_UP: _l("Follow-up: pilot running"),
    Phase.COMPLETED: _l("Completed"),
    Phase.CANCELLED: _l("Cancelled"),
}

# Phases anyone can see; drafts are for the organisation only.
PUBLIC_PHASES = [p for p in Phase if p != Phase.DRAFT]


class ProposalVisibility(enum.StrEnum):
    AFTER_RESULTS = "after_results"
    IMMEDIATELY = "immediately"
    NEVER = "never"

    @property
    def label(self) -> str:
        return str(VISIBILITY_LABELS[self])


VISIBILITY_LABELS = {
    ProposalVisibility.AFTER_RESULTS: _l("Public once the results are published"),
    ProposalVisibility.IMMEDIATELY: _l("Public as soon as they are submitted"),
    ProposalVisibility.NEVER: _l("Never public"),
}


class FollowUp(enum.StrEnum):
    PROOF_OF_CONCEPT = "proof_of_concept"
    PILOT = "pilot"
    ACCELERATOR = "accelerator"
    PROCUREMENT = "procurement"

    @property
    def label(self) -> str:
        return str(FOLLOW_UP_LABELS[self])


FOLLOW_UP_LABELS = {
    FollowUp.PROOF_OF_CONCEPT: _l("Paid proof of concept"),
    FollowUp.PILOT: _l("Pilot project"),
    FollowUp.ACCELERATOR: _l("Accelerator programme"),
    FollowUp.PROCUREMENT: _l("Public procurement"),
}


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_nl: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def name(self) -> str:
        locale = get_locale()
        return self.name_en if locale is not None and locale.language == "en" else self.name_nl


challenge_themes = Table(
    "challenge_themes", db.Model.metadata,
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class ChallengeAudience(db.Model):
    """One kind of participant the challenge invites."""

    __tablename__ = "challenge_audiences"

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[ParticipantKind] = mapped_column(str_enum(ParticipantKind, "participant_kind"),
                                                  primary_key=True)


class Challenge(db.Model):
    __tablename__ = "challenges"
    __table_args__ = (
        CheckConstraint("max_proposals_per_participant >= 1", name="max_proposals_positive"),
        CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at",
                        name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[ChallengeStatus] = mapped_column(
        str_enum(ChallengeStatus, "challenge_status"), default=ChallengeStatus.DRAFT, index=True)

    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    context: Mapped[str] = mapped_column(Text, default="")
    expected_solutions: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    out_of_scope: Mapped[str] = mapped_column(Text, default="")
    constraints: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")

    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    jury_decision_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    results_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    reward_text: Mapped[str] = mapped_column(String(500), default="")
    reward_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    follow_ups: Mapped[list] = mapped_column(JSON, default=list)

    max_proposals_per_participant: Mapped[int] = mapped_column(Integer, default=1)
    proposal_max_attachments: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    proposal_max_attachment_mb: Mapped[int] = mapped_column(Integer, default=10,
                                                            server_default="10")
    public_support_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    proposal_visibility: Mapped[ProposalVisibility] = mapped_column(
        str_enum(ProposalVisibility, "proposal_visibility"), default=ProposalVisibility.AFTER_RESULTS)

    # After the results: what became of the winners, and what others can learn from it.
    pilot_summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    lessons_learned: Mapped[str] = mapped_column(Text, default="", server_default="")

    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")

    cancel_reason: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=challenge_themes,
                                               order_by=Theme.position)
    audience_rows: Mapped[list[ChallengeAudience]] = relationship(
        cascade="all, delete-orphan", order_by=ChallengeAudience.kind)
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="Criterion.position")
    attachments: Mapped[list[ChallengeAttachment]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="ChallengeAttachment.id")
    notices: Mapped[list[ChangeNotice]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="ChangeNotice.created_at")

    @property
    def audience(self) -> list[ParticipantKind]:
        order = list(ParticipantKind)
        return sorted((row.kind for row in self.audience_rows), key=order.index)

    def phase_at(self, now: datetime) -> Phase:
        if self.status == ChallengeStatus.PUBLISHED:
            if self.opens_at and now < self.opens_at:
                return Phase.UPCOMING
            if self.closes_at and now >= self.closes_at:
                return Phase.CLOSED
            return Phase.OPEN
        return Phase(self.status.value)

    @property
    def phase(self) -> Phase:
        return self.phase_at(utcnow())

    @property
    def is_public(self) -> bool:
        return self.status != ChallengeStatus.DRAFT

    @property
    def total_weight(self) -> int:
        return sum(c.weight for c in self.criteria)

    def can_edit(self, user) -> bool:
        return bool(user and user.is_authenticated and user.can_edit_for(self.organisation))

    def can_view(self, user) -> bool:
        return self.is_public or self.can_edit(user)


class Criterion(db.Model):
    __tablename__ = "criteria"
    __table_args__ = (
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_percent"),
        UniqueConstraint("challenge_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer)
    minimum_score: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))

    challenge: Mapped[Challenge] = relationship(back_populates="criteria")


class ChallengeAttachment(db.Model):
    """Briefing documents, data sets and images, kept in the database so that application
    servers stay stateless."""

    __tablename__ = "challenge_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="attachments")


class ChangeNotice(db.Model):
    """A public record of a change to the rules after publication."""

    __tablename__ = "change_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    text_nl: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="notices")

    @property
    def text(self) -> str:
        locale = get_locale()
        return self.text_en if locale is not None and locale.language == "en" else self.text_nl


class QuestionStatus(enum.StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"
    MERGED = "merged"
    REJECTED = "rejected"


class Question(db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    asker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[QuestionStatus] = mapped_column(
        str_enum(QuestionStatus, "question_status", 16), default=QuestionStatus.PENDING, index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    challenge: Mapped[Challenge] = relationship()
    asker: Mapped[User | None] = relationship(foreign_keys=[asker_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    merged_into: Mapped[Question | None] = relationship(remote_side=[id])
