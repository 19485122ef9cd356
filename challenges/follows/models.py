from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import Organisation, User
from challenges.challenges.models import Challenge, Theme
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model


class Delivery(LabelledEnum):
    """How a follower hears of news: an email for each item, or one a week."""

    EACH = "each", _l("An email for each new item")
    WEEKLY = "weekly", _l("A weekly digest")


class Follow(Model):
    """One person following one challenge, municipality or theme.

    Exactly one of the three targets is set (a check constraint), and a person follows each
    target once (unique constraints; NULLs are distinct, so the other two columns do not
    collide). `seen_event_id` is how far the news in the event record has been sent: a new
    follow starts at the latest event, so it brings no old news."""

    __tablename__ = "follows"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN challenge_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN theme_id IS NULL THEN 0 ELSE 1 END) = 1", name="one_target"),
        UniqueConstraint("user_id", "challenge_id"),
        UniqueConstraint("user_id", "organisation_id"),
        UniqueConstraint("user_id", "theme_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    delivery: Mapped[Delivery] = mapped_column(str_enum(Delivery, "follow_delivery", 16),
                                               default=Delivery.EACH)
    seen_event_id: Mapped[int] = mapped_column(Integer, default=0)
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
    challenge: Mapped[Challenge | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    theme: Mapped[Theme | None] = relationship()

    @property
    def target(self) -> Challenge | Organisation | Theme:
        target = self.challenge or self.organisation or self.theme
        assert target is not None  # the check constraint
        return target

    @property
    def target_kind(self) -> str:
        if self.challenge_id is not None:
            return "challenge"
        return "organisation" if self.organisation_id is not None else "theme"

    @property
    def target_name(self) -> str:
        target = self.target
        return target.title if isinstance(target, Challenge) else target.name

    def covers(self, challenge_id: int, organisation_id: int, theme_ids: set[int]) -> bool:
        """Whether news about that challenge is news for this follow."""
        return (self.challenge_id == challenge_id or self.organisation_id == organisation_id
                or (self.theme_id is not None and self.theme_id in theme_ids))

    def can_change(self, user) -> bool:
        """Only the follower changes or ends a follow (the loader already 404s others')."""
        return bool(user is not None and user.is_authenticated and user.id == self.user_id)
