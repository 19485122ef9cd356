"""A template is a challenge made reusable: a versioned snapshot of its framing, criteria, jury
set-up, legal route, KPI definitions, relative timeline and terms. Never what people sent in:
no participants, proposals, jurors or scores are part of a snapshot (operations.snapshot).

An adoption ties the draft made from a template to the revision it reflects; a newer
revision waits for review while that challenge is a draft (as the LPDC catalogue flags a
municipality's copy when its source changes)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.accounts.models import Organisation, User
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge, Theme
from challenges.db import UTCDateTime, str_enum, utcnow
from challenges.extensions import Model
from challenges.timezones import utc_to_brussels

template_themes = Table(
    "challenge_template_themes", Model.metadata,
    Column("template_id", ForeignKey("challenge_templates.id", ondelete="CASCADE"),
           primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class ChallengeTemplate(Model):
    """One template per source challenge; its content lives in its revisions. The columns
    beside them (title, legal route, themes) copy the latest revision for the library's
    filters."""

    __tablename__ = "challenge_templates"
    __table_args__ = (CheckConstraint("revision >= 1", name="revision_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    source_challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL"), unique=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    legal_route: Mapped[LegalRoute] = mapped_column(str_enum(LegalRoute, "legal_route"))
    revision: Mapped[int] = mapped_column(Integer, default=1)  # the latest revision's number
    revised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # Curated by the platform's administrators (e.g. the association of municipalities).
    recommended: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    recommended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    source: Mapped[Challenge | None] = relationship()
    organisation: Mapped[Organisation] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=template_themes,
                                               order_by=Theme.position)
    revisions: Mapped[list[TemplateRevision]] = relationship(
        back_populates="template", cascade="all, delete-orphan",
        order_by="TemplateRevision.number")

    @property
    def latest(self) -> TemplateRevision:
        return self.revisions[-1]

    @property
    def language(self) -> str:
        """The language its texts are written in (for `lang` on pages in the other one)."""
        return self.latest.content.get("language") or "nl"

    @property
    def year(self) -> int:
        """The year of the source challenge ("adapted from Stad Mechelen's ... (2026)")."""
        moment = (self.source.published_at if self.source is not None else None) \
            or self.created_at
        return utc_to_brussels(moment).year

    def revision_number(self, number: int) -> TemplateRevision | None:
        return next((r for r in self.revisions if r.number == number), None)

    def can_revise(self, user) -> bool:
        """Publish a new revision: whoever may edit the challenge it comes from (the hosts of
        a joint challenge too), or else its organisation's editors and administrators."""
        if self.source is not None:
            return self.source.can_edit(user)
        return self.organisation.can_edit(user)

    def can_adopt(self, user) -> bool:
        """Anyone who writes challenges for some organisation (the view then checks the
        organisation chosen)."""
        return bool(user is not None and user.is_authenticated
                    and (user.is_platform_admin or user.memberships))

    def can_curate(self, user) -> bool:
        return bool(user is not None and user.is_authenticated and user.is_platform_admin)


class TemplateRevision(Model):
    __tablename__ = "challenge_template_revisions"
    __table_args__ = (UniqueConstraint("template_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_templates.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    # The snapshot: {field: value} for the fields of content.FIELDS.
    content: Mapped[dict] = mapped_column(JSON)
    change_note: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    template: Mapped[ChallengeTemplate] = relationship(back_populates="revisions")
    published_by: Mapped[User | None] = relationship()


class Adoption(Model):
    """The challenge made from a template: which one, and the revision it now reflects."""

    __tablename__ = "challenge_template_adoptions"
    __table_args__ = (CheckConstraint("revision >= 1", name="revision_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), unique=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("challenge_templates.id", ondelete="CASCADE"), index=True)
    adopted_revision: Mapped[int] = mapped_column(Integer)
    # Moves on when the organiser takes over or dismisses a newer revision's changes.
    revision: Mapped[int] = mapped_column(Integer)
    # The adopt form's one-time key: a double click makes one draft, not two.
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    challenge: Mapped[Challenge] = relationship()
    template: Mapped[ChallengeTemplate] = relationship()

    @property
    def review_waiting(self) -> bool:
        """A newer revision the organiser has not reviewed, while the challenge is a draft
        (a published challenge keeps its own rules)."""
        return self.challenge.is_draft and self.revision < self.template.revision

    def can_review(self, user) -> bool:
        return self.challenge.can_edit(user)


ACTION_LABELS = {
    "template_published": _l("Published as a template"),
    "template_revised": _l("Template revised"),
    "template_adopted": _l("Template adopted into a new draft"),
    "template_changes_taken": _l("Template changes taken over"),
    "template_changes_dismissed": _l("Template changes dismissed"),
    "template_recommended": _l("Template recommended"),
    "template_unrecommended": _l("Template no longer recommended"),
}
