from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import User
from challenges.challenges.models import Challenge, Criterion
from challenges.db import UTCDateTime, str_enum, utcnow
from challenges.extensions import db
from challenges.submissions.models import Proposal


class RankingView(enum.StrEnum):
    WEIGHTED = "weighted"
    NORMALISED = "normalised"
    BORDA = "borda"

    @property
    def label(self) -> str:
        return str(VIEW_LABELS[self])


VIEW_LABELS = {
    RankingView.WEIGHTED: _l("Weighted mean"),
    RankingView.NORMALISED: _l("Normalised per juror (z-scores)"),
    RankingView.BORDA: _l("Borda count"),
}


class Jury(db.Model):
    """How a challenge's jury works: its scale, blind review, the authoritative view."""

    __tablename__ = "juries"
    __table_args__ = (
        CheckConstraint("scale_max > scale_min", name="scale_order"),
        CheckConstraint("reviewers_per_proposal >= 1", name="reviewers_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), unique=True)
    blind: Mapped[bool] = mapped_column(Boolean, default=True)
    scale_min: Mapped[int] = mapped_column(Integer, default=0)
    scale_max: Mapped[int] = mapped_column(Integer, default=5)
    # Per criterion id (as a string key), the meaning of each level: {"12": {"0": "...", ...}}
    level_descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    authoritative_view: Mapped[RankingView] = mapped_column(
        str_enum(RankingView, "ranking_view"), default=RankingView.WEIGHTED)
    # "all": every juror reviews every eligible proposal; "assigned": only their assignments.
    assignment_mode: Mapped[str] = mapped_column(String(16), default="all")
    reviewers_per_proposal: Mapped[int] = mapped_column(Integer, default=3)
    scoring_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    challenge: Mapped[Challenge] = relationship()
    members: Mapped[list[JuryMember]] = relationship(
        back_populates="jury", cascade="all, delete-orphan", order_by="JuryMember.id")

    @property
    def locked(self) -> bool:
        return self.scoring_locked_at is not None

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class JuryMember(db.Model):
    __tablename__ = "jury_members"
    __table_args__ = (UniqueConstraint("jury_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jury_id: Mapped[int] = mapped_column(ForeignKey("juries.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    jury: Mapped[Jury] = relationship(back_populates="members")
    user: Mapped[User | None] = relationship()

    @property
    def name(self) -> str:
        return self.user.name if self.user else self.email


class ConflictDeclaration(db.Model):
    __tablename__ = "conflict_declarations"
    __table_args__ = (UniqueConstraint("member_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("jury_members.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    has_conflict: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    member: Mapped[JuryMember] = relationship()
    proposal: Mapped[Proposal] = relationship()


class Assignment(db.Model):
    """Who reviews what, when the jury does not review everything."""

    __tablename__ = "jury_assignments"
    __table_args__ = (UniqueConstraint("member_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("jury_members.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)

    member: Mapped[JuryMember] = relationship()


class ReviewStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Review(db.Model):
    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("member_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("jury_members.id", ondelete="CASCADE"),
                                           index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    status: Mapped[ReviewStatus] = mapped_column(str_enum(ReviewStatus, "review_status", 16),
                                                 default=ReviewStatus.DRAFT)
    overall_comment: Mapped[str] = mapped_column(Text, default="")   # for the participants
    private_note: Mapped[str] = mapped_column(Text, default="")      # for the jury only
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    member: Mapped[JuryMember] = relationship()
    proposal: Mapped[Proposal] = relationship()
    scores: Mapped[list[Score]] = relationship(back_populates="review",
                                               cascade="all, delete-orphan")


class Score(db.Model):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("review_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"),
                                           index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id", ondelete="CASCADE"))
    value: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    comment: Mapped[str] = mapped_column(Text, default="")  # feedback for the participants

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()


class Decision(db.Model):
    """The jury's consensus on one proposal: shortlist, motivation, award."""

    __tablename__ = "jury_decisions"
    # A place goes to one proposal per challenge, even with two chairs deciding at once.
    __table_args__ = (UniqueConstraint("challenge_id", "place"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"),
                                              index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             unique=True)
    shortlisted: Mapped[bool] = mapped_column(Boolean, default=False)
    motivation: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[int | None] = mapped_column(Integer)
    award_name: Mapped[str | None] = mapped_column(String(120))
    award_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    honourable_mention: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    proposal: Mapped[Proposal] = relationship()


class AuditEvent(db.Model):
    """Every jury action, with who and when, for the organisation's administrators."""

    __tablename__ = "jury_audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"),
                                              index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id",
                                                               ondelete="SET NULL"))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()
