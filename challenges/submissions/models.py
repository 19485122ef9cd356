from __future__ import annotations

from datetime import datetime
from pathlib import PurePath
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import User
from challenges.challenges.models import Challenge, ChallengeStatus, ProposalVisibility
from challenges.challenges.stages import ChallengeStage, StageEntry, StageStatus, first_stage
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model

# What the event record calls each proposal action (registered by operations.py).
EVENT_LABELS = {
    "proposal_started": _l("Proposal started"),
    "proposal_saved": _l("Proposal saved"),
    "proposal_resubmitted": _l("New version submitted"),
    "late_changes_kept": _l("Changes after the deadline kept aside"),
    "proposal_submitted": _l("Proposal submitted"),
    "proposal_withdrawn": _l("Proposal withdrawn"),
    "proposal_deleted": _l("Draft proposal deleted"),
    "proposal_attachment_added": _l("Attachment added to a proposal"),
    "proposal_attachment_removed": _l("Attachment removed from a proposal"),
    "co_author_invited": _l("Co-author invited"),
    "co_author_joined": _l("Co-author joined"),
    "co_author_removed": _l("Co-author removed"),
    "proposal_ineligible": _l("Proposal marked ineligible"),
    "proposal_eligible": _l("Proposal made eligible again"),
    "support_given": _l("Support given"),
    "support_withdrawn": _l("Support taken back"),
    "reminder_sent": _l("Deadline reminder sent"),
}

class ProposalStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Submitted")
    WITHDRAWN = "withdrawn", _l("Withdrawn")
    INELIGIBLE = "ineligible", _l("Ineligible")
    SHORTLISTED = "shortlisted", _l("Shortlisted")
    WINNER = "winner", _l("Winner")
    NOT_SELECTED = "not_selected", _l("Not selected")


# Statuses in which a proposal takes part in the challenge (and counts towards the limit).
ENTERED = (ProposalStatus.SUBMITTED, ProposalStatus.INELIGIBLE, ProposalStatus.SHORTLISTED,
           ProposalStatus.WINNER, ProposalStatus.NOT_SELECTED)

CONTENT_FIELDS = ("title", "summary", "description", "approach", "impact", "cost_estimate",
                  "timeline", "team_description")
REQUIRED_TO_SUBMIT = ("title", "summary", "description", "approach")
# What every stage's form asks, whatever else it does.
ALWAYS_ASKED = ("title", "summary")
# Statuses in which a proposal can be taken up again and submitted.
RESUMABLE = (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN)
# A proposal that takes part and has no final result yet can be found ineligible.
MARKABLE = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.NOT_SELECTED)
# What the public may see of a challenge that shows its proposals.
PUBLIC_STATUSES = tuple(s for s in ENTERED if s != ProposalStatus.INELIGIBLE)
# What an organiser sees: everything but drafts, which are private to the team.
ORGANISER_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN,
                      ProposalStatus.INELIGIBLE, ProposalStatus.SHORTLISTED,
                      ProposalStatus.WINNER, ProposalStatus.NOT_SELECTED)


def asked_in(stage: ChallengeStage | None) -> tuple[str, ...]:
    """The built-in fields a stage's form asks (all of them without stages)."""
    asked = stage.builtin_fields if stage is not None else None
    if asked is None:
        return CONTENT_FIELDS
    return tuple(name for name in CONTENT_FIELDS if name in ALWAYS_ASKED or name in asked)


def start_problem(challenge: Challenge, user, now: datetime, new: bool = True) -> str | None:
    """Why this person cannot start a proposal now (`new`), or take part with one, or None if
    they can. A challenge run in stages takes new proposals only while its first stage is
    open (a proposal already in a stage keeps to that stage's window)."""
    if not challenge.is_open(now):
        return str(_l("This challenge does not accept proposals now."))
    first = first_stage(challenge)
    if new and first is not None and not first.is_open(now):
        return str(_l("This challenge takes new proposals only during its first stage "
                      "(“%(stage)s”), which is over. Only the teams advanced to a later stage "
                      "take part in it.", stage=first.shown_name[0]))
    if not user.is_authenticated:
        return str(_l("Sign in to submit a proposal."))
    if not user.is_verified:
        return str(_l("Confirm your email address first; the link is in the email we sent "
                      "you."))
    if challenge.is_organised_by(user):
        return str(_l("You organise this challenge, so you cannot submit a proposal to it."))
    if challenge.audience and user.participant_kind not in challenge.audience:
        return str(_l("This challenge is open to: %(kinds)s. You can change how you take part "
                      "on your profile.", kinds=", ".join(k.label for k in challenge.audience)))
    return None


class Proposal(Model):
    __tablename__ = "proposals"
    # The organiser's list and the jury's read a challenge's proposals in a status, in the
    # order they came in.
    __table_args__ = (CheckConstraint("language IN ('nl', 'en')", name="language"),
                      Index("ix_proposals_challenge_id_status_submitted_at", "challenge_id",
                            "status", "submitted_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"),
                                           index=True)
    # The stage it is in now, in a challenge run in stages (challenges.stages); else NULL.
    stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenge_stages.id", ondelete="SET NULL"), index=True)
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus, "proposal_status"), default=ProposalStatus.DRAFT, index=True)

    title: Mapped[str] = mapped_column(String(200), default="")
    # The language the team writes in: pages in the other language mark the texts `lang`.
    language: Mapped[str] = mapped_column(String(2), default="nl", server_default="nl")
    summary: Mapped[str] = mapped_column(String(600), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str] = mapped_column(Text, default="")
    cost_estimate: Mapped[str] = mapped_column(Text, default="")
    timeline: Mapped[str] = mapped_column(Text, default="")
    team_description: Mapped[str] = mapped_column(Text, default="")

    # Taken from the author's profile when submitting, as the jury and the records need it.
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    enterprise_number: Mapped[str | None] = mapped_column(String(10))

    rules_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ineligible_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Changes posted after the deadline: kept for the team, never shown to the jury.
    late_changes: Mapped[dict | None] = mapped_column(JSON)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    challenge: Mapped[Challenge] = relationship()
    author: Mapped[User] = relationship()
    stage: Mapped[ChallengeStage | None] = relationship()
    # Its passage through the stages, earliest first.
    stage_entries: Mapped[list[StageEntry]] = relationship(
        cascade="all, delete-orphan", order_by=[StageEntry.entered_at, StageEntry.id])
    members: Mapped[list[TeamMember]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="TeamMember.id")
    # The team's own attachments; a file that answers a form question is one of
    # `answer_files` instead, so that every list of attachments (the jury's, the public's)
    # leaves out the files of private questions without knowing of them.
    attachments: Mapped[list[ProposalAttachment]] = relationship(
        primaryjoin="and_(ProposalAttachment.proposal_id == Proposal.id, "
                    "ProposalAttachment.question_id.is_(None))",
        back_populates="proposal", cascade="all, delete-orphan",
        order_by="ProposalAttachment.id")
    answer_files: Mapped[list[ProposalAttachment]] = relationship(
        primaryjoin="and_(ProposalAttachment.proposal_id == Proposal.id, "
                    "ProposalAttachment.question_id.is_not(None))",
        viewonly=True, order_by="ProposalAttachment.id")
    # The answers to the questions of its forms (challenges.challenges.stages.ProposalAnswer).
    answers: Mapped[list[Any]] = relationship(
        "ProposalAnswer", cascade="all, delete-orphan", order_by="ProposalAnswer.id")
    versions: Mapped[list[ProposalVersion]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan",
        order_by="ProposalVersion.version")

    @property
    def is_draft(self) -> bool:
        return self.status == ProposalStatus.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == ProposalStatus.SUBMITTED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ProposalStatus.WITHDRAWN

    @property
    def is_ineligible(self) -> bool:
        return self.status == ProposalStatus.INELIGIBLE

    @property
    def is_resumable(self) -> bool:
        """A draft, or withdrawn: the team may work on it and submit it (while open)."""
        return self.status in RESUMABLE

    @property
    def is_markable(self) -> bool:
        """The organiser may still find it ineligible."""
        return self.status in MARKABLE

    @property
    def team(self) -> list[User]:
        """Everyone who may edit: the author and the co-authors who accepted."""
        return [self.author] + [m.user for m in self.members
                                if m.accepted_at is not None and m.user is not None]

    def in_team(self, user) -> bool:
        """The author and the co-authors who accepted: they may edit it."""
        if not user or not getattr(user, "is_authenticated", False):
            return False
        return self.author_id == user.id or any(
            m.user_id == user.id and m.accepted_at is not None for m in self.members)

    def is_public(self) -> bool:
        if self.status not in PUBLIC_STATUSES:
            return False
        visibility = self.challenge.proposal_visibility
        if visibility == ProposalVisibility.IMMEDIATELY:
            return True
        if visibility == ProposalVisibility.AFTER_RESULTS:
            return self.challenge.results_public
        return False

    def support_refusal(self, user, now: datetime):
        """Why this user may not support this proposal now, or None when they may."""
        if not self.challenge.public_support_enabled:
            return _l("This challenge does not collect public support.")
        if not self.challenge.is_open(now):
            return _l("Support can only be given while the challenge is open.")
        if not self.is_public():
            return _l("This proposal is not public.")
        if not user.is_authenticated:
            return _l("Sign in to support a proposal.")
        if not user.is_verified:
            return _l("Confirm your email address first; the link is in the email we sent you.")
        if self.in_team(user):
            return _l("You cannot support your own proposal.")
        return None

    def can_view(self, user) -> bool:
        """Before results only the team, the organisation (and later the jury) may see it."""
        if self.in_team(user):
            return True
        if self.challenge.can_edit(user):
            return self.status != ProposalStatus.DRAFT
        return self.is_public()

    # Stages ------------------------------------------------------------------------------

    def accepts_entries(self, now: datetime) -> bool:
        """Whether the team may submit it, or change what it submitted, now: while the
        challenge is open, or in a challenge run in stages, while the stage it is in is open."""
        if self.stage is None:
            return self.challenge.is_open(now)
        return self.challenge.status == ChallengeStatus.PUBLISHED and self.stage.is_open(now)

    @property
    def deadline(self) -> datetime | None:
        """The deadline it is submitted by: its stage's, else the challenge's."""
        return self.stage.closes_at if self.stage is not None else self.challenge.closes_at

    @property
    def stage_entry(self) -> StageEntry | None:
        """Its entry in the stage it is in now."""
        return next((e for e in self.stage_entries if e.stage_id == self.stage_id), None)

    @property
    def asked_fields(self) -> tuple[str, ...]:
        """The built-in fields its current stage's form asks (all of them without stages)."""
        return asked_in(self.stage)

    def closed_stage_message(self, now: datetime) -> str | None:
        """Why the team cannot submit in a later stage: it was not advanced to it (None
        when no later stage is open, or it is not in a staged challenge)."""
        if self.stage is None:
            return None
        later = [s for s in self.challenge.stages if s.position > self.stage.position]
        open_later = next((s for s in later if s.status_at(now) == StageStatus.OPEN), None)
        if open_later is None:
            return None
        return str(_l("The stage “%(stage)s” is open only to the teams advanced to it; your "
                      "proposal was not, so it cannot be submitted or changed there.",
                      stage=open_later.shown_name[0]))

    def can_edit(self, user, now: datetime) -> bool:
        """Open the form and save: a draft any time, a submitted proposal until the deadline."""
        return self.in_team(user) and (
            self.is_resumable or (self.is_submitted and self.accepts_entries(now)))

    def can_submit(self, user, now: datetime) -> bool:
        return self.in_team(user) and self.is_resumable and self.accepts_entries(now)

    def can_withdraw(self, user, now: datetime) -> bool:
        return self.in_team(user) and self.is_submitted and self.accepts_entries(now)

    def can_delete(self, user) -> bool:
        """Only its author deletes a draft; a submitted proposal is withdrawn instead."""
        return bool(self.is_draft and user.is_authenticated and self.author_id == user.id)

    def can_lead(self, user) -> bool:
        """The author invites and removes co-authors."""
        return bool(user.is_authenticated and self.author_id == user.id)

    def can_manage(self, user) -> bool:
        """The organisers' screens: the challenge's organisation (a draft is the team's
        alone and does not exist for them: its loader answers 404)."""
        return self.challenge.can_edit(user)

    def missing_for_submission(self) -> dict[str, str]:
        messages = {
            "title": _l("Give your proposal a title."),
            "summary": _l("Write a short summary."),
            "description": _l("Describe your solution."),
            "approach": _l("Explain how your solution answers the challenge."),
        }
        return {name: str(messages[name]) for name in REQUIRED_TO_SUBMIT
                if name in self.asked_fields and not (getattr(self, name) or "").strip()}


class TeamMember(Model):
    """A co-author: invited by email, a member once they accept."""

    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("proposal_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    proposal: Mapped[Proposal] = relationship(back_populates="members")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class ProposalSlot(Model):
    """One of a participant's places in a challenge (its maximum proposals per participant).

    Taken for every team member when a proposal is submitted and given back when it is
    withdrawn. The unique constraint is what keeps two simultaneous submissions by the same
    person from exceeding the limit, on SQLite and PostgreSQL alike.
    """

    __tablename__ = "proposal_slots"
    __table_args__ = (
        UniqueConstraint("challenge_id", "user_id", "slot"),
        UniqueConstraint("proposal_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    slot: Mapped[int] = mapped_column(Integer)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)


class ProposalVersion(Model):
    """What was submitted, each time it was submitted; the jury reads the last one."""

    __tablename__ = "proposal_versions"
    __table_args__ = (UniqueConstraint("proposal_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    # The stage it was submitted in (NULL in a challenge without stages).
    stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenge_stages.id", ondelete="SET NULL"))
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="versions")
    stage: Mapped[ChallengeStage | None] = relationship()


class ProposalAttachment(Model):
    __tablename__ = "proposal_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    # The bytes, kept once whoever refers to them (challenges/storage.py).
    file_sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Flagged by the organiser: the file names the team, so a blind jury does not get it.
    identifies_team: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The form question this file answers (challenges.challenges.stages.FormQuestion); NULL for
    # the team's own attachments.
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("form_questions.id", ondelete="CASCADE"), index=True)

    proposal: Mapped[Proposal] = relationship(back_populates="attachments")
    question: Mapped[Any] = relationship("FormQuestion")

    def can_download(self, user) -> bool:
        """A private question's file is the team's and the organisation's only."""
        question = self.question
        if question is None or not question.is_private:
            return True
        return self.proposal.in_team(user) or self.proposal.challenge.can_edit(user)

    @property
    def neutral_name(self) -> str:
        """The name a blind jury sees: its place among the proposal's attachments and its
        kind, never the name the team gave it."""
        suffix = PurePath(self.filename).suffix.lower()
        suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""
        if self.question_id is not None:
            return f"answer-{self.question_id}{suffix}"
        ordered = sorted(self.proposal.attachments, key=lambda a: a.id)
        return f"attachment-{ordered.index(self) + 1}{suffix}"


class Support(Model):
    """"I support this": one per verified user and proposal."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
