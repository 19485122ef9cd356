from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    exists,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from challenges.access import Denied
from challenges.accounts.models import User
from challenges.challenges.models import Challenge, Criterion
from challenges.challenges.stages import ChallengeStage, EntryOutcome, StageEntry, StageKind
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model, db
from challenges.submissions.models import Proposal, ProposalStatus

# Proposals the jury looks at: entered and not ruled out by the organiser.
REVIEWABLE = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.WINNER,
              ProposalStatus.NOT_SELECTED)


class RankingView(LabelledEnum):
    WEIGHTED = "weighted", _l("Weighted mean")
    NORMALISED = "normalised", _l("Normalised per juror (z-scores)")
    BORDA = "borda", _l("Borda count")


class Jury(Model):
    """How a challenge's jury works: its scale, blind review, the authoritative view."""

    __tablename__ = "juries"
    __table_args__ = (
        CheckConstraint("scale_max > scale_min", name="scale_order"),
        CheckConstraint("reviewers_per_proposal >= 1", name="reviewers_positive"),
        # One final jury per challenge, and one jury per earlier stage.
        Index("uq_juries_challenge_id_final", "challenge_id", unique=True,
              sqlite_where=text("stage_id IS NULL"), postgresql_where=text("stage_id IS NULL")),
        UniqueConstraint("stage_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    # NULL: the challenge's final jury (of the last stage, or of a challenge without stages);
    # else the jury of an earlier stage. One jury per (challenge, stage).
    stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenge_stages.id", ondelete="CASCADE"))
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
    def stage(self) -> ChallengeStage | None:
        """The stage this jury assesses (None: the final jury); from the challenge's stages,
        which its pages load anyway."""
        if self.stage_id is None:
            return None
        return next((s for s in self.challenge.stages if s.id == self.stage_id), None)

    @property
    def decided(self) -> bool:
        return self.decided_at is not None

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    @property
    def assigns(self) -> bool:
        """Jurors review only the proposals assigned to them (not every proposal)."""
        return self.assignment_mode == "assigned"

    def member_for(self, user) -> JuryMember | None:
        """The user's accepted seat on this jury, if any."""
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return next((m for m in self.members
                     if m.user_id == user.id and m.accepted_at is not None), None)

    def is_chaired_by(self, user) -> bool:
        member = self.member_for(user)
        return member is not None and member.is_chair

    def includes(self, proposal: Proposal) -> bool:
        """Whether the proposal is part of this jury's work (see reviewed_by)."""
        if proposal.challenge_id != self.challenge_id:
            return False
        if self.stage_id is None and proposal.stage_id is None:   # one round, as always
            return proposal.status in REVIEWABLE
        return db.session.scalar(select(Proposal.id).where(
            Proposal.id == proposal.id, reviewed_by(self))) is not None

    def has_member(self, user) -> bool:
        """A juror's own pages: anyone with an accepted seat."""
        return self.member_for(user) is not None

    def can_oversee(self, user) -> bool:
        """Follow the progress, remind, assign, lock, see the ranking and the report: the
        chair and the organisers."""
        return can_oversee_jury(self.challenge, user, self)

    def can_unlock(self, user) -> bool:
        """Only the chair reopens scoring: whether the jury's work is finished is the jury's
        call. An organiser who locked by mistake asks the chair (or names one)."""
        return self.is_chaired_by(user)

    def can_decide(self, user) -> bool | Denied:
        """The deliberation is led by the chair."""
        if self.is_chaired_by(user):
            return True
        return Denied(_l("The jury's chair leads the deliberation and records the decision; "
                         "the organisers follow it on the progress page and publish the "
                         "results."))

    def can_review(self, user, proposal: Proposal) -> bool | Denied:
        """Declare and score: a juror of this jury, for a proposal assigned to them that they
        did not declare a conflict with (a declared conflict is final)."""
        member = self.member_for(user)
        if member is not None and member.has_conflict_with(proposal):
            return Denied(_l("You declared a conflict of interest with this proposal, so you "
                             "do not read or score it. The chair and the organisers know why."))
        return member is not None and member.is_assigned(proposal)


def reviewed_by(jury: Jury) -> ColumnElement[bool]:
    """The proposals a jury reviews, as a condition on Proposal.

    Without stages: the challenge's entered proposals that the organiser did not rule out
    (REVIEWABLE), as always. The final jury of a staged challenge: those of the last stage.
    The jury of an earlier stage: those submitted in that stage and not screened out there,
    wherever they went since (the ranking it made stays what it was)."""
    if jury.stage_id is not None:
        entered = exists().where(
            StageEntry.proposal_id == Proposal.id, StageEntry.stage_id == jury.stage_id,
            StageEntry.submitted_at.is_not(None),
            or_(StageEntry.outcome.is_(None), StageEntry.outcome != EntryOutcome.SCREENED_OUT))
        ruled_out = and_(Proposal.stage_id == jury.stage_id,
                         Proposal.status == ProposalStatus.INELIGIBLE)
        return and_(Proposal.challenge_id == jury.challenge_id, entered,
                    Proposal.status != ProposalStatus.WITHDRAWN, ~ruled_out)
    return final_round(jury.challenge_id)


def final_round(challenge_id: int) -> ColumnElement[bool]:
    """The proposals of a challenge's final round: all it reviews without stages, those in
    its last stage with them (proposals not advanced stay behind in an earlier one)."""
    last_stage = (select(ChallengeStage.id).where(ChallengeStage.challenge_id == challenge_id)
                  .order_by(ChallengeStage.position.desc()).limit(1).scalar_subquery())
    return and_(Proposal.challenge_id == challenge_id, Proposal.status.in_(REVIEWABLE),
                or_(Proposal.stage_id.is_(None), Proposal.stage_id == last_stage))


def criteria_of(jury: Jury) -> list[Criterion]:
    """What the jury scores: its stage's own criteria, or the challenge's (published) ones."""
    if jury.stage_id is None:
        return list(jury.challenge.criteria)
    return list(db.session.scalars(select(Criterion).where(Criterion.stage_id == jury.stage_id)
                                   .order_by(Criterion.position)))


def jury_of(challenge: Challenge) -> Jury | None:
    """The challenge's final jury (a challenge without stages has only this one)."""
    return db.session.scalar(select(Jury).where(Jury.challenge_id == challenge.id,
                                                Jury.stage_id.is_(None)))


def jury_of_stage(stage) -> Jury | None:
    """The jury of an earlier stage of a staged challenge (challenges.stages), if it has one."""
    return db.session.scalar(select(Jury).where(Jury.stage_id == stage.id))


def jury_for(challenge: Challenge, stage: ChallengeStage | None) -> Jury | None:
    """The jury a page is about: a stage's own, or (stage None) the final one. The one place
    where an address with or without a stage becomes a jury."""
    jury = jury_of_stage(stage) if stage is not None else jury_of(challenge)
    if jury is not None:
        # The challenge as the page loaded it (with its organisation, criteria, stages), so
        # that jury.challenge does not read it again once the caller has let it go.
        set_committed_value(jury, "challenge", challenge)
    return jury


def has_own_jury(stage: ChallengeStage) -> bool:
    """Whether a stage can have a jury of its own: a submission round before the last stage.
    The last stage is judged by the final jury, a screening by the organisation."""
    return stage.kind == StageKind.SUBMISSION and not stage.is_last


def can_oversee_jury(challenge: Challenge, user, jury: Jury | None = None,
                     stage: ChallengeStage | None = None) -> bool:
    """Set up the jury and follow its work: the organisers, and the chair, who chooses the
    authoritative view before scoring starts and may invite the other jurors. `stage`: the
    jury of that stage (the chair of the final jury is not the chair of a stage's)."""
    if challenge.can_edit(user):
        return True
    jury = jury if jury is not None else jury_for(challenge, stage)
    return jury is not None and jury.is_chaired_by(user)


class JuryMember(Model):
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

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None

    def declaration_for(self, proposal: Proposal) -> ConflictDeclaration | None:
        return db.session.scalar(select(ConflictDeclaration).where(
            ConflictDeclaration.member_id == self.id,
            ConflictDeclaration.proposal_id == proposal.id))

    def has_conflict_with(self, proposal: Proposal) -> bool:
        """A conflict declared here, or by the same person on another jury of the challenge
        (a stage's jury and the final one): a conflict is with the team, whatever the round."""
        found = self.declaration_for(proposal)
        if found is not None and found.has_conflict:
            return True
        if self.user_id is None:
            return False
        return db.session.scalar(
            select(ConflictDeclaration.id).join(JuryMember).join(Jury)
            .where(ConflictDeclaration.proposal_id == proposal.id,
                   ConflictDeclaration.has_conflict.is_(True),
                   JuryMember.user_id == self.user_id, JuryMember.id != self.id,
                   Jury.challenge_id == proposal.challenge_id).limit(1)) is not None

    def can_read(self, proposal: Proposal) -> bool:
        """A juror reads a proposal only after declaring that they have no conflict."""
        found = self.declaration_for(proposal)
        return found is not None and not found.has_conflict

    def is_assigned(self, proposal: Proposal) -> bool:
        if not self.jury.assigns:
            return True
        return db.session.scalar(select(Assignment.id).where(
            Assignment.member_id == self.id, Assignment.proposal_id == proposal.id)) is not None

    def review_of(self, proposal: Proposal) -> Review | None:
        return db.session.scalar(select(Review).where(
            Review.member_id == self.id, Review.proposal_id == proposal.id))

    def may_see_others(self, proposal: Proposal) -> bool:
        """Independence: a juror sees the others' scores only after submitting their own, and
        never for a proposal they have a conflict with."""
        review = self.review_of(proposal)
        return review is not None and review.is_submitted and self.can_read(proposal)


class ConflictDeclaration(Model):
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


class Assignment(Model):
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


class Review(Model):
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

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class Score(Model):
    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("review_id", "criterion_id"),
                      # The ranking page reads each review's values from this index alone.
                      Index("ix_scores_review_id_criterion_id_value", "review_id",
                            "criterion_id", "value"))

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"),
                                           index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id", ondelete="CASCADE"))
    value: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    comment: Mapped[str] = mapped_column(Text, default="")  # feedback for the participants

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()
