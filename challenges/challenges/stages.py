"""The rounds of a multi-stage challenge, what a proposal did in each, and the questions of
the configurable submission forms with their answers.

How the pieces fit (the design every part of the stages work follows):
- A challenge has zero or more `ChallengeStage` rows, ordered by `position` (1, 2, ...). None:
  one round, exactly as before. With rows, the challenge's own `opens_at` is the first stage's
  opening and its `closes_at` the last stage's deadline (kept in step by the operations), so
  the listing, the phase and the feeds keep working on the challenge row alone.
- A proposal is one row through all stages: `Proposal.stage_id` is the stage it is in now
  (NULL in a challenge without stages). New proposals start in the first stage; only
  proposals advanced into a later stage can be submitted there. Its built-in texts carry over
  from stage to stage; the answers to a stage's own questions belong to that stage.
- `StageEntry` records each proposal's passage through a stage: when it was submitted there,
  and the organisers' decision (advanced, not advanced with feedback, screened out with a
  reason).
- Criteria and juries: rows with `stage_id` NULL are the challenge's own (published) criteria
  and its final jury, used by the last stage and by a challenge without stages; a jury or
  criteria of an earlier stage carry that stage's id.
- `FormQuestion` rows with `stage_id` NULL are the form of a challenge without stages; with a
  stage id, that stage's form.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import User
from challenges.challenges.models import Challenge, Criterion, reader_language
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model, db


class StageKind(LabelledEnum):
    # Teams submit through the stage's form before its deadline; a jury may score them.
    SUBMISSION = "submission", _l("Submission round")
    # The organisation checks eligibility, pass or fail with a reason; nothing is submitted.
    SCREENING = "screening", _l("Screening (eligibility, pass or fail)")


class StageStatus(LabelledEnum):
    UPCOMING = "upcoming", _l("Upcoming")
    OPEN = "open", _l("Open")
    # Past its deadline (or under screening), not yet decided.
    CLOSED = "closed", _l("Closed, being assessed")
    # The organisers advanced proposals out of it.
    DECIDED = "decided", _l("Decided")


class ChallengeStage(Model):
    __tablename__ = "challenge_stages"
    __table_args__ = (
        UniqueConstraint("challenge_id", "position"),
        CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at",
                        name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[StageKind] = mapped_column(str_enum(StageKind, "stage_kind"),
                                            default=StageKind.SUBMISSION)
    # The public label in the challenge's language, and in the other one ({"en": "..."}).
    name: Mapped[str] = mapped_column(String(120))
    name_translations: Mapped[dict] = mapped_column(JSON, default=dict)
    description: Mapped[str] = mapped_column(Text, default="")
    description_translations: Mapped[dict] = mapped_column(JSON, default=dict)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Whether the stage's jury sees the teams' names.
    blind: Mapped[bool] = mapped_column(Boolean, default=True)
    # The built-in proposal fields this stage's form asks (None: all of them); a short idea
    # form asks only a few, the full proposal all.
    builtin_fields: Mapped[list | None] = mapped_column(JSON)
    # Once a proposal is submitted in the stage its form is locked: a change after that is
    # confirmed and announced (form_changed_at records the last one).
    form_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="stages")
    decided_by: Mapped[User | None] = relationship()
    questions: Mapped[list[FormQuestion]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="FormQuestion.position")

    @property
    def shown_name(self) -> tuple[str, str]:
        """The label in the reader's language where it exists, with its language."""
        main = self.challenge.language or "nl"
        reader = reader_language() or main
        if reader != main and (self.name_translations or {}).get(reader, "").strip():
            return self.name_translations[reader], reader
        return self.name, main

    @property
    def is_last(self) -> bool:
        return self.position == max(s.position for s in self.challenge.stages)

    @property
    def is_first(self) -> bool:
        return self.position == min(s.position for s in self.challenge.stages)

    def status_at(self, now: datetime) -> StageStatus:
        if self.decided_at is not None:
            return StageStatus.DECIDED
        if self.kind == StageKind.SCREENING:
            return StageStatus.CLOSED if self.has_started(now) else StageStatus.UPCOMING
        if self.opens_at is not None and now < self.opens_at:
            return StageStatus.UPCOMING
        if self.closes_at is not None and now >= self.closes_at:
            return StageStatus.CLOSED
        return StageStatus.OPEN

    def has_started(self, now: datetime) -> bool:
        return self.opens_at is None or self.opens_at <= now

    def is_open(self, now: datetime) -> bool:
        return self.kind == StageKind.SUBMISSION and self.status_at(now) == StageStatus.OPEN


class EntryOutcome(LabelledEnum):
    ADVANCED = "advanced", _l("Advanced to the next stage")
    NOT_ADVANCED = "not_advanced", _l("Not advanced")
    SCREENED_OUT = "screened_out", _l("Not eligible")
    PASSED = "passed", _l("Eligible")  # passed a screening stage (and so advanced)


class StageEntry(Model):
    """A proposal's passage through one stage."""

    __tablename__ = "stage_entries"
    __table_args__ = (UniqueConstraint("proposal_id", "stage_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    stage_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_stages.id", ondelete="CASCADE"), index=True)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[EntryOutcome | None] = mapped_column(str_enum(EntryOutcome, "entry_outcome"))
    # The feedback to the team (not advanced) or the reason of a refusal (screened out).
    feedback: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    stage: Mapped[ChallengeStage] = relationship()
    decided_by: Mapped[User | None] = relationship()


class QuestionKind(LabelledEnum):
    SHORT_TEXT = "short_text", _l("Short text")
    LONG_TEXT = "long_text", _l("Long text (Markdown)")  # with an optional word limit
    NUMBER = "number", _l("Number")
    CHOICE_ONE = "choice_one", _l("Choice (one)")
    CHOICE_MANY = "choice_many", _l("Choice (several)")
    YES_NO = "yes_no", _l("Yes or no")
    FILE = "file", _l("File upload")
    DATE = "date", _l("Date")
    URL = "url", _l("Web address")


class QuestionVisibility(enum.StrEnum):
    # The organisation and the jury see the answer (the public too where proposals are).
    JURY = "jury"
    # Only the organisation: never the jury, the public, exports for the jury or the API.
    PRIVATE = "private"


class FormQuestion(Model):
    """A question of a stage's submission form (or of a one-round challenge's form)."""

    __tablename__ = "form_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenge_stages.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind, "question_kind"))
    # Texts in the challenge's language, and in the other ({"en": {"label": ..., "help": ...}}).
    label: Mapped[str] = mapped_column(String(300))
    help_text: Mapped[str] = mapped_column(Text, default="")
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    visibility: Mapped[QuestionVisibility] = mapped_column(
        str_enum(QuestionVisibility, "question_visibility"), default=QuestionVisibility.JURY)
    # Per kind: word_limit (long text), min/max (number), choices ([{"nl": .., "en": ..}]),
    # file types (["pdf", ...]) and max_mb (file).
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    stage: Mapped[ChallengeStage | None] = relationship(back_populates="questions")

    @property
    def is_private(self) -> bool:
        return self.visibility == QuestionVisibility.PRIVATE


class ProposalAnswer(Model):
    """A team's answer to one question of a form."""

    __tablename__ = "proposal_answers"
    __table_args__ = (UniqueConstraint("proposal_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("form_questions.id", ondelete="CASCADE"), index=True)
    # Text, number, date (ISO), URL, yes/no and choices as JSON values; a file answer is one
    # of the proposal's attachments.
    value: Mapped[object | None] = mapped_column(JSON)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal_attachments.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    # Joined: an answer is never read without its question (label, kind, private or not).
    question: Mapped[FormQuestion] = relationship(lazy="joined")


def stage_after(stage: ChallengeStage) -> ChallengeStage | None:
    later = [s for s in stage.challenge.stages if s.position > stage.position]
    return min(later, key=lambda s: s.position) if later else None


def first_stage(challenge: Challenge) -> ChallengeStage | None:
    return challenge.stages[0] if challenge.stages else None


def current_stage(challenge: Challenge, now: datetime) -> ChallengeStage | None:
    """Where the challenge stands: the first stage not decided yet (the last one once all
    are); None for a challenge without stages."""
    for stage in challenge.stages:
        if stage.status_at(now) != StageStatus.DECIDED:
            return stage
    return challenge.stages[-1] if challenge.stages else None


def stage_criteria(stage: ChallengeStage) -> list[Criterion]:
    """An earlier stage's own criteria, in their order (what its jury scores on)."""
    return list(db.session.scalars(select(Criterion).where(Criterion.stage_id == stage.id)
                                   .order_by(Criterion.position)))
