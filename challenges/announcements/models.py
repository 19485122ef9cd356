from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model


class Segment(LabelledEnum):
    """Who an announcement is for."""

    FOLLOWERS = "followers", _l("Everyone who follows the challenge")
    DRAFTS = "drafts", _l("Teams with a draft")
    SUBMITTED = "submitted", _l("Teams that submitted a proposal")
    ADVANCED = "advanced", _l("Teams advanced to the next stage (shortlisted)")
    WINNERS = "winners", _l("Winners")


class Announcement(Model):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    segment: Mapped[Segment] = mapped_column(str_enum(Segment, "announcement_segment", 20))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    recipient_count: Mapped[int] = mapped_column(Integer, default=0)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    challenge: Mapped[Challenge] = relationship()
    sent_by: Mapped[User | None] = relationship()


class AnnouncementRecipient(Model):
    """Who received it: so that each participant finds, on the challenge page, the messages
    sent to them, and nobody sees who else received one."""

    __tablename__ = "announcement_recipients"
    __table_args__ = (UniqueConstraint("announcement_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    announcement: Mapped[Announcement] = relationship()
