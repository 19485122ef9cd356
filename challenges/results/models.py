"""The jury's decisions: who is shortlisted, who wins which place and award, and why."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.db import UTCDateTime, utcnow
from challenges.extensions import Model
from challenges.submissions.models import Proposal


class Decision(Model):
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

    @property
    def wins(self) -> bool:
        return self.place is not None
