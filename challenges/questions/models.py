"""Public questions on a challenge. As in fair procurement, every participant sees the same
information: a question is answered publicly, never privately to the person who asked."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import User
from challenges.challenges.models import Challenge, Phase
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model
from challenges.text import StoresMarkdown


class QuestionStatus(LabelledEnum):
    PENDING = "pending", _l("Waiting for an answer")
    ANSWERED = "answered", _l("Answered")
    MERGED = "merged", _l("Merged into another question")
    REJECTED = "rejected", _l("Rejected")


class AskRefusal(enum.StrEnum):
    SIGN_IN = "sign_in"
    VERIFY = "verify"
    NOT_OPEN = "not_open"
    ORGANISER = "organiser"


def ask_refusal(challenge: Challenge, user, now: datetime) -> AskRefusal | None:
    """Why `user` may not ask a question on `challenge` now, or None if they may.

    Only while the challenge is open: before it opens the framing may still change, and after
    the deadline an answer can no longer help anyone write a proposal.
    """
    if not challenge.is_open(now):
        return AskRefusal.NOT_OPEN
    if user is None or not user.is_authenticated:
        return AskRefusal.SIGN_IN
    if not user.is_verified:
        return AskRefusal.VERIFY
    if challenge.is_organised_by(user):
        return AskRefusal.ORGANISER
    return None


def refusal_message(refusal: AskRefusal | None, challenge: Challenge) -> str:
    if refusal == AskRefusal.SIGN_IN:
        return str(_l("Sign in to ask a question."))
    if refusal == AskRefusal.VERIFY:
        return str(_l("Confirm your email address to ask a question: follow the link in the "
                      "email we sent you."))
    if refusal == AskRefusal.NOT_OPEN:
        if challenge.phase == Phase.UPCOMING:
            return str(_l("Questions can be asked once the challenge opens."))
        return str(_l("This challenge is not open, so no new questions can be asked."))
    if refusal == AskRefusal.ORGANISER:
        return str(_l("You organise this challenge: you answer its questions, you do not ask "
                      "them."))
    return ""


class Question(StoresMarkdown, Model):
    __tablename__ = "questions"
    markdown_fields = ("answer",)
    # Numbered per challenge ("Question 3"), so a page never shows a platform-wide id.
    __table_args__ = (UniqueConstraint("challenge_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
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
    # The answer rendered and cleaned when saved (challenges.text.StoresMarkdown).
    rendered_markdown: Mapped[dict | None] = mapped_column(JSON)

    challenge: Mapped[Challenge] = relationship()
    asker: Mapped[User | None] = relationship(foreign_keys=[asker_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    merged_into: Mapped[Question | None] = relationship(remote_side=[id])

    @property
    def shown_number(self) -> int:
        return self.number or self.id

    # Which action applies in which state.
    @property
    def can_be_answered(self) -> bool:
        return self.status in (QuestionStatus.PENDING, QuestionStatus.ANSWERED)

    @property
    def can_be_merged(self) -> bool:
        return self.status == QuestionStatus.PENDING

    @property
    def can_be_rejected(self) -> bool:
        return self.status == QuestionStatus.PENDING

    @property
    def is_pending(self) -> bool:
        return self.status == QuestionStatus.PENDING

    @property
    def is_answered(self) -> bool:
        return self.status == QuestionStatus.ANSWERED

    def can_moderate(self, user) -> bool:
        """Answer, merge, reject: the challenge's organisers."""
        return self.challenge.can_edit(user)
