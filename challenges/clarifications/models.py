from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import User
from challenges.db import LabelledEnum, UTCDateTime, utcnow
from challenges.extensions import Model
from challenges.submissions.models import Proposal, ProposalAttachment


class ClarificationStatus(LabelledEnum):
    OPEN = "open", _l("Waiting for the answer")
    ANSWERED = "answered", _l("Answered")
    OVERDUE = "overdue", _l("Not answered in time")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


class Clarification(Model):
    """A question to a team about its proposal. Its status follows from its dates: open until
    it is answered or `reply_by` passes; the organisers may withdraw an open one."""

    __tablename__ = "clarifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(Text)
    reply_by: Mapped[datetime] = mapped_column(UTCDateTime())
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The revised document the team added with its answer: one of the proposal's attachments,
    # so the jury downloads it as any other (under a neutral name when the jury is blind).
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal_attachments.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    proposal: Mapped[Proposal] = relationship()
    asked_by: Mapped[User | None] = relationship(foreign_keys=[asked_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    attachment: Mapped[ProposalAttachment | None] = relationship()

    def status_at(self, now: datetime) -> ClarificationStatus:
        if self.withdrawn_at is not None:
            return ClarificationStatus.WITHDRAWN
        if self.answered_at is not None:
            return ClarificationStatus.ANSWERED
        if self.reply_by <= now:
            return ClarificationStatus.OVERDUE
        return ClarificationStatus.OPEN

    @property
    def status(self) -> ClarificationStatus:
        return self.status_at(utcnow())

    def can_answer(self, user) -> bool:
        """The proposal's team (the author and the co-authors who accepted)."""
        return self.proposal.in_team(user)

    def can_withdraw(self, user) -> bool:
        return self.proposal.can_manage(user)
