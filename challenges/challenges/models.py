from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    inspect,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm import Session as OrmSession

from challenges.accounts.models import Organisation, ParticipantKind, User
from challenges.challenges.legal import LegalRoute
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model
from challenges.text import StoresMarkdown, digest


class ChallengeStatus(enum.StrEnum):
    """What the organiser decided. The phase shown to people also depends on the dates."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RESULTS_PUBLISHED = "results_published"
    FOLLOW_UP = "follow_up"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Phase(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    UPCOMING = "upcoming", _l("Upcoming")
    OPEN = "open", _l("Open for proposals")
    CLOSED = "closed", _l("Closed, jury at work")
    RESULTS_PUBLISHED = "results_published", _l("Results published")
    FOLLOW_UP = "follow_up", _l("Follow-up: pilot running")
    COMPLETED = "completed", _l("Completed")
    CANCELLED = "cancelled", _l("Cancelled")


# Phases anyone can see; drafts are for the organisation only.
PUBLIC_PHASES = [p for p in Phase if p != Phase.DRAFT]
# Once the results are out they stay out, through the follow-up to the end.
RESULTS_OUT = (ChallengeStatus.RESULTS_PUBLISHED, ChallengeStatus.FOLLOW_UP,
               ChallengeStatus.COMPLETED)
# Which explicit step may follow which. Results are published through the jury's decision
# (challenges.results.operations.publish_results), never by a bare status change.
NEXT_STEPS = {
    Phase.RESULTS_PUBLISHED: ChallengeStatus.FOLLOW_UP,
    Phase.FOLLOW_UP: ChallengeStatus.COMPLETED,
}


class ProposalVisibility(LabelledEnum):
    AFTER_RESULTS = "after_results", _l("Public once the results are published")
    IMMEDIATELY = "immediately", _l("Public as soon as they are submitted")
    NEVER = "never", _l("Never public")


class FollowUp(LabelledEnum):
    PROOF_OF_CONCEPT = "proof_of_concept", _l("Paid proof of concept")
    PILOT = "pilot", _l("Pilot project")
    ACCELERATOR = "accelerator", _l("Accelerator programme")
    PROCUREMENT = "procurement", _l("Public procurement")


# The legal route's texts: the terms participants accept, and what the file must show.
LEGAL_TEXT_FIELDS = ("ip_terms", "payment_terms", "open_data_terms", "consulted_companies",
                     "tender_url")

# The challenge's own fields, named once for the form, the operations and the duplicate.
TEXT_FIELDS = ("title", "summary", "problem", "context", "expected_solutions", "goals",
               "out_of_scope", "constraints", "eligibility", "reward_text", "contact_name",
               "contact_email", "lessons_learned", *LEGAL_TEXT_FIELDS)
DATE_FIELDS = ("opens_at", "closes_at", "jury_decision_at", "results_at")
SETTING_FIELDS = ("language", "reward_amount", "follow_ups", "max_proposals_per_participant",
                  "public_support_enabled", "proposal_visibility", "legal_route",
                  "estimated_value", "estimate_includes_follow_up")
PLAIN_FIELDS = TEXT_FIELDS + DATE_FIELDS + SETTING_FIELDS
# What happened after the results belongs to that challenge, not to a copy of it.
NOT_DUPLICATED = (*DATE_FIELDS, "lessons_learned")
# The rules a team plans by and accepts when it submits. Once the challenge is published, a
# change to one of them, or to the deadline, is confirmed by the organiser and emailed to
# every team and everyone who asked a question. Labels as on the form.
RULE_LABELS = {
    "audience": _l("Who may take part"),
    "eligibility": _l("Eligibility rules"),
    "constraints": _l("Constraints"),
    "max_proposals_per_participant": _l("Proposals per participant"),
    "criteria": _l("Evaluation criteria"),
    "reward_text": _l("Reward"),
    "reward_amount": _l("Amount in euro (optional)"),
    "follow_ups": _l("What follows for the winners"),
    "proposal_visibility": _l("Proposals become public"),
    "legal_route": _l("Legal route to a contract"),
    "ip_terms": _l("Intellectual property and data ownership"),
    "payment_terms": _l("Payment schedule"),
    "open_data_terms": _l("Open-data clauses"),
}

# The languages a challenge's texts can be written in, and the texts that may be translated
# (ChallengeTranslation holds them in the language other than the challenge's own).
LANGUAGES = ("nl", "en")
TRANSLATED_FIELDS = ("title", "summary", "problem", "context", "expected_solutions", "goals",
                     "out_of_scope", "constraints", "eligibility", "reward_text", "ip_terms",
                     "payment_terms", "open_data_terms")
TRANSLATED_MARKDOWN = ("problem", "context", "expected_solutions", "goals", "out_of_scope",
                       "constraints", "eligibility", "ip_terms", "payment_terms",
                       "open_data_terms")
# The labels of the form fields, for the list of missing translations (the same messages).
TRANSLATED_LABELS = {
    "title": _l("Title"), "summary": _l("Short summary"), "problem": _l("Problem statement"),
    "context": _l("Context"), "expected_solutions": _l("Kinds of solutions we hope for"),
    "goals": _l("Our goals"), "out_of_scope": _l("Out of scope"),
    "constraints": _l("Constraints"), "eligibility": _l("Eligibility rules"),
    "reward_text": _l("Reward"), "ip_terms": _l("Intellectual property and data ownership"),
    "payment_terms": _l("Payment schedule"), "open_data_terms": _l("Open-data clauses"),
}
# What the search reads, in every language the challenge is written in (Challenge.search_text).
SEARCHED_FIELDS = ("title", "summary", "problem", "context", "expected_solutions", "goals",
                   "lessons_learned")
LANGUAGE_NAMES = {"nl": _l("Dutch"), "en": _l("English")}


def reader_language() -> str | None:
    """The language of the page being written (None outside a request or an email)."""
    locale = get_locale()
    return locale.language if locale is not None else None


class Theme(Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_nl: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def name(self) -> str:
        locale = get_locale()
        return self.name_en if locale is not None and locale.language == "en" else self.name_nl


challenge_themes = Table(
    "challenge_themes", Model.metadata,
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
    # The listing's theme filter looks the challenges up by theme.
    Index("ix_challenge_themes_theme_id", "theme_id"),
)


class ChallengeAudience(Model):
    """One kind of participant the challenge invites."""

    __tablename__ = "challenge_audiences"
    # The listing's audience filter looks the challenges up by kind.
    __table_args__ = (Index("ix_challenge_audiences_kind", "kind"),)

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[ParticipantKind] = mapped_column(str_enum(ParticipantKind, "participant_kind"),
                                                  primary_key=True)


class Challenge(StoresMarkdown, Model):
    __tablename__ = "challenges"
    markdown_fields = ("problem", "context", "expected_solutions", "goals", "out_of_scope",
                       "constraints", "eligibility", "lessons_learned",
                       "cancel_reason")
    __table_args__ = (
        CheckConstraint("max_proposals_per_participant >= 1", name="max_proposals_positive"),
        CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at",
                        name="closes_after_opening"),
        CheckConstraint("language IN ('nl', 'en')", name="language"),
        # Everything the public listing's order (by phase, hence by the clock) and its count
        # read, in an index a fraction of the table's size: the database sorts its entries,
        # not rows of 5 KB (challenges.challenges.queries.public_challenge_ids).
        Index("ix_challenges_listing", "status", "opens_at", "closes_at", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[ChallengeStatus] = mapped_column(
        str_enum(ChallengeStatus, "challenge_status"), default=ChallengeStatus.DRAFT, index=True)

    title: Mapped[str] = mapped_column(String(200))
    # The language the texts are written in: pages in the other language mark them `lang`.
    language: Mapped[str] = mapped_column(String(2), default="nl", server_default="nl")
    summary: Mapped[str] = mapped_column(String(500), default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    context: Mapped[str] = mapped_column(Text, default="")
    expected_solutions: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    out_of_scope: Mapped[str] = mapped_column(Text, default="")
    constraints: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")

    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    jury_decision_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    results_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    reward_text: Mapped[str] = mapped_column(String(500), default="")
    reward_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    follow_ups: Mapped[list] = mapped_column(JSON, default=list)

    max_proposals_per_participant: Mapped[int] = mapped_column(Integer, default=1)
    proposal_max_attachments: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    proposal_max_attachment_mb: Mapped[int] = mapped_column(Integer, default=10,
                                                            server_default="10")
    public_support_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    proposal_visibility: Mapped[ProposalVisibility] = mapped_column(
        str_enum(ProposalVisibility, "proposal_visibility"), default=ProposalVisibility.AFTER_RESULTS)

    # After the results: what others can learn from it. What became of the winners is their
    # pilots' record (challenges.pilots).
    lessons_learned: Mapped[str] = mapped_column(Text, default="", server_default="")

    # The legal route to a contract (challenges.legal), checked at publication.
    legal_route: Mapped[LegalRoute] = mapped_column(
        str_enum(LegalRoute, "legal_route"), default=LegalRoute.PRIZE, server_default="prize")
    estimated_value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # excluding VAT
    estimate_includes_follow_up: Mapped[bool] = mapped_column(Boolean, default=False,
                                                              server_default="0")
    consulted_companies: Mapped[str] = mapped_column(Text, default="", server_default="")
    ip_terms: Mapped[str] = mapped_column(Text, default="", server_default="")
    payment_terms: Mapped[str] = mapped_column(Text, default="", server_default="")
    open_data_terms: Mapped[str] = mapped_column(Text, default="", server_default="")
    tender_url: Mapped[str] = mapped_column(String(500), default="", server_default="")

    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    # The Markdown fields rendered and cleaned when saved (challenges.text.StoresMarkdown);
    # read only by the pages that show them.
    rendered_markdown: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    # The searched texts in both languages, one document kept up to date when saved (before
    # every flush that changed them, like the rendered Markdown): the search on SQLite and
    # PostgreSQL's full-text index read this one column, so they cannot drift apart.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="",
                                             deferred=True)

    cancel_reason: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=challenge_themes,
                                               order_by=Theme.position)
    audience_rows: Mapped[list[ChallengeAudience]] = relationship(
        cascade="all, delete-orphan", order_by=ChallengeAudience.kind)
    # The challenge's own (published) criteria: those of a challenge without stages and of
    # the last stage. An earlier stage's criteria carry its stage_id (challenges.stages).
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        primaryjoin="and_(Criterion.challenge_id == Challenge.id, Criterion.stage_id.is_(None))",
        order_by="Criterion.position")
    # Its rounds, if it has more than one: challenges.challenges.stages.ChallengeStage, named by
    # string and typed loosely here, as that module builds on this one (no import upward).
    stages: Mapped[list[Any]] = relationship(
        "ChallengeStage", back_populates="challenge", cascade="all, delete-orphan",
        order_by="ChallengeStage.position")
    attachments: Mapped[list[ChallengeAttachment]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="ChallengeAttachment.id")
    # Loaded with every challenge in one query per batch (its images stay deferred): the
    # cards of a list show it.
    cover: Mapped[ChallengeCover | None] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", lazy="selectin")
    notices: Mapped[list[ChangeNotice]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="ChangeNotice.created_at")
    translations: Mapped[list[ChallengeTranslation]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="ChallengeTranslation.language")
    # The partner organisations of a joint challenge (invited, accepted or declined).
    host_rows: Mapped[list[ChallengeHost]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", order_by="ChallengeHost.id")

    @property
    def audience(self) -> list[ParticipantKind]:
        order = list(ParticipantKind)
        return sorted((row.kind for row in self.audience_rows), key=order.index)

    def phase_at(self, now: datetime) -> Phase:
        if self.status == ChallengeStatus.PUBLISHED:
            if self.opens_at and now < self.opens_at:
                return Phase.UPCOMING
            if self.closes_at and now >= self.closes_at:
                return Phase.CLOSED
            return Phase.OPEN
        return Phase(self.status.value)

    @property
    def phase(self) -> Phase:
        return self.phase_at(utcnow())

    @property
    def newcomers_deadline(self) -> datetime | None:
        """The deadline someone new faces: run in stages, its first stage's (new proposals come
        in there; `closes_at` is the last stage's, for the advanced teams only); else its own.
        The rule of queries.newcomers_deadline, for a challenge with its stages loaded."""
        return self.stages[0].closes_at if self.stages else self.closes_at

    def is_open(self, now: datetime) -> bool:
        """Accepting proposals and questions now."""
        return self.phase_at(now) == Phase.OPEN

    def is_closed(self, now: datetime) -> bool:
        """Past the deadline, results not yet published: the jury is at work."""
        return self.phase_at(now) == Phase.CLOSED

    @property
    def is_public(self) -> bool:
        return self.status != ChallengeStatus.DRAFT

    @property
    def is_draft(self) -> bool:
        return self.status == ChallengeStatus.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == ChallengeStatus.CANCELLED

    @property
    def results_public(self) -> bool:
        return self.status in RESULTS_OUT

    def next_step(self, now: datetime) -> ChallengeStatus | None:
        """The explicit lifecycle step the organiser may take now, if any."""
        return NEXT_STEPS.get(self.phase_at(now))

    @property
    def can_be_cancelled(self) -> bool:
        return self.status not in (ChallengeStatus.CANCELLED, ChallengeStatus.COMPLETED)

    @property
    def proposals_public(self) -> bool:
        """Whether its proposals may be shown to everyone now."""
        if self.proposal_visibility == ProposalVisibility.IMMEDIATELY:
            return self.is_public and self.phase not in (Phase.UPCOMING,)
        if self.proposal_visibility == ProposalVisibility.AFTER_RESULTS:
            return self.results_public
        return False

    @property
    def participant_terms(self) -> list[tuple[str, str]]:
        """The terms that matter to participants, accepted at submission: (label, text)."""
        labels = (("ip_terms", _l("Intellectual property and data")),
                  ("payment_terms", _l("Payment schedule")),
                  ("open_data_terms", _l("Open data")))
        return [(str(label), getattr(self, name)) for name, label in labels
                if (getattr(self, name) or "").strip()]

    # Texts in two languages ------------------------------------------------------------

    @property
    def other_language(self) -> str:
        """The language a translation of this challenge is written in."""
        return "en" if (self.language or "nl") == "nl" else "nl"

    def translation(self, language: str) -> ChallengeTranslation | None:
        if language == self.language:
            return None
        return next((t for t in self.translations if t.language == language), None)

    def _texts_by_language(self, reader: str | None):
        """(language, holder) in the order a reader of `reader` wants them."""
        main = self.language or "nl"
        holders: list[tuple[str, object]] = [(main, self)]
        other = self.translation(self.other_language)
        if other is not None:
            holders.append((other.language, other))
        if reader is not None and reader != main:
            holders.reverse()
        return holders

    def shown(self, field: str) -> tuple[str, str]:
        """The text of `field` in the reader's language where it is written in it, else in
        the language it exists in; with that language, for the `lang` attribute."""
        reader = reader_language()
        for language, holder in self._texts_by_language(reader):
            text = getattr(holder, field) or ""
            if text.strip():
                return text, language
        return "", reader or self.language

    @property
    def reader_title(self) -> LazyString:
        """The title in the language of whoever reads it, decided when it is written out:
        an email's subject made with `_l(..., title=challenge.reader_title)` carries the
        title in the recipient's language."""
        return LazyString(lambda: self.shown("title")[0])

    def shown_html(self, field: str) -> tuple[Markup, str]:
        """Like `shown`, for a Markdown text: its stored HTML."""
        reader = reader_language()
        for language, holder in self._texts_by_language(reader):
            if (getattr(holder, field) or "").strip():
                return holder.html(field), language
        return Markup(""), reader or self.language

    @property
    def shown_terms(self) -> list[tuple[str, Markup, str]]:
        """The participant terms as (label, HTML, language), in the reader's language."""
        labels = (("ip_terms", _l("Intellectual property and data")),
                  ("payment_terms", _l("Payment schedule")),
                  ("open_data_terms", _l("Open data")))
        shown = [(str(label), *self.shown_html(name)) for name, label in labels]
        return [(label, html, language) for label, html, language in shown if html]

    def outdated_translations(self) -> list[str]:
        """The labels of the translated texts whose original changed since."""
        other = self.translation(self.other_language)
        if other is None:
            return []
        return [str(TRANSLATED_LABELS[name]) for name in TRANSLATED_FIELDS
                if other.is_outdated(name)]

    def shown_outdated(self, field: str, language: str) -> bool:
        """Whether the text of `field` shown in `language` is a translation that is out of
        date (for the notice beside it)."""
        translated = self.translation(language)
        return translated is not None and translated.is_outdated(field)

    def missing_translations(self) -> list[str]:
        """The labels of the texts written in the challenge's language but not in the other
        one (criteria by name); empty when the translation is complete."""
        other = self.translation(self.other_language)
        missing = [str(TRANSLATED_LABELS[name]) for name in TRANSLATED_FIELDS
                   if (getattr(self, name) or "").strip()
                   and not (other is not None and (getattr(other, name) or "").strip())]
        for criterion in self.criteria:
            texts = criterion.texts_in(self.other_language)
            if not texts.get("name") or (criterion.description.strip()
                                         and not texts.get("description")):
                missing.append(str(_l("Criterion: %(name)s", name=criterion.name)))
        return missing

    def searched_document(self, leaving=()) -> str:
        """What the search reads: the searched texts in every language, one line each
        (without the translations `leaving`, being deleted)."""
        parts = [getattr(self, name) or "" for name in SEARCHED_FIELDS]
        for translated in self.translations:
            if translated in leaving:
                continue
            parts += [getattr(translated, name, "") or "" for name in SEARCHED_FIELDS]
        return "\n".join(part for part in parts if part.strip())

    @property
    def total_weight(self) -> int:
        return sum(c.weight for c in self.criteria)

    @property
    def partners(self) -> list[Organisation]:
        """The organisations that accepted to co-host it, besides the lead."""
        return [row.organisation for row in self.host_rows if row.is_accepted]

    @property
    def hosts(self) -> list[Organisation]:
        """Everyone who hosts it: the lead (the owning organisation) first, then partners."""
        return [self.organisation, *self.partners]

    @property
    def is_joint(self) -> bool:
        return any(row.is_accepted for row in self.host_rows)

    def host_role(self, organisation: Organisation) -> HostRole | None:
        if organisation.id == self.organisation_id:
            return HostRole.LEAD
        if any(o.id == organisation.id for o in self.partners):
            return HostRole.PARTNER
        return None

    def _partner_with(self, user, test) -> bool:
        # Only someone who works for an organisation can be a partner's editor: a visitor or
        # a participant never loads the partner rows (public lists stay one query per page).
        if not (user is not None and user.is_authenticated and user.memberships):
            return False
        return any(test(organisation) for organisation in self.partners)

    def can_edit(self, user) -> bool:
        """Write it, run it and read what comes in: the editors and admins of the lead
        organisation and of every accepted partner (platform admins too). A removed
        partner's editors lose this at once: the predicate reads the partner rows."""
        return (self.organisation.can_edit(user)
                or self._partner_with(user, lambda o: o.can_edit(user)))

    def can_manage_hosts(self, user) -> bool:
        """Invite and remove partners: the lead organisation's administrators."""
        return self.organisation.can_manage_members(user)

    def can_view(self, user) -> bool:
        return self.is_public or self.can_edit(user)

    def is_organised_by(self, user) -> bool:
        """An editor or administrator of the organisation: they run the challenge, so they do
        not take part in it (no proposal, no question)."""
        return bool(user and user.is_authenticated and user.memberships
                    and any(user.role_in(o) is not None for o in self.hosts))

    def can_read_audit(self, user) -> bool:
        """The record of who did what, scores per juror and conflicts included: the
        administrators of its host organisations and platform administrators."""
        return self.can_view(user) and (
            self.organisation.can_manage_members(user)
            or self._partner_with(user, lambda o: o.can_manage_members(user)))


class HostStatus(LabelledEnum):
    INVITED = "invited", _l("Invited, no answer yet")
    ACCEPTED = "accepted", _l("Partner")
    DECLINED = "declined", _l("Declined")


class HostRole(LabelledEnum):
    LEAD = "lead", _l("Lead organisation")
    PARTNER = "partner", _l("Partner")


class ChallengeHost(Model):
    """A partner organisation of a joint challenge: invited by the lead's administrators,
    accepted or declined by the partner's. Removing a partner deletes the row (the event
    record keeps that it was one), so its editors lose access at once."""

    __tablename__ = "challenge_hosts"
    __table_args__ = (UniqueConstraint("challenge_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    status: Mapped[HostStatus] = mapped_column(str_enum(HostStatus, "host_status"),
                                               default=HostStatus.INVITED)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    challenge: Mapped[Challenge] = relationship(back_populates="host_rows")
    organisation: Mapped[Organisation] = relationship()

    @property
    def is_accepted(self) -> bool:
        return self.status == HostStatus.ACCEPTED

    @property
    def is_pending(self) -> bool:
        return self.status == HostStatus.INVITED

    def can_answer(self, user) -> bool:
        """Accept or decline: the invited organisation's administrators."""
        return self.organisation.can_manage_members(user)


class Criterion(Model):
    __tablename__ = "criteria"
    __table_args__ = (
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_percent"),
        # Positions are unique among the challenge's own criteria and within each stage's.
        Index("uq_criteria_challenge_id_position", "challenge_id", "position", unique=True,
              sqlite_where=text("stage_id IS NULL"), postgresql_where=text("stage_id IS NULL")),
        UniqueConstraint("stage_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    # NULL: the challenge's own criteria; else those of an earlier stage (challenges.stages).
    stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenge_stages.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer)
    minimum_score: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    # The name and description in the challenge's other language: {"en": {"name": ...}}.
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    challenge: Mapped[Challenge] = relationship(back_populates="criteria")

    def texts_in(self, language: str) -> dict:
        return dict((self.translations or {}).get(language) or {})

    def shown(self, field: str) -> tuple[str, str]:
        """Its name or description in the reader's language where written in it, else in
        the challenge's; with the language it is in."""
        main = self.challenge.language or "nl"
        reader = reader_language()
        if reader is not None and reader != main:
            text = self.texts_in(reader).get(field) or ""
            if text.strip():
                return text, reader
        text = getattr(self, field) or ""
        if not text.strip() and reader is not None and reader == main:
            other = self.texts_in(self.challenge.other_language).get(field) or ""
            if other.strip():
                return other, self.challenge.other_language
        return text, main


class ChallengeTranslation(StoresMarkdown, Model):
    """A challenge's texts in its other language: the same fields, the same limits, the
    Markdown kept rendered like the challenge's own. An empty field is not translated."""

    __tablename__ = "challenge_translations"
    markdown_fields = TRANSLATED_MARKDOWN
    __table_args__ = (CheckConstraint("language IN ('nl', 'en')", name="language"),)

    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    context: Mapped[str] = mapped_column(Text, default="")
    expected_solutions: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    out_of_scope: Mapped[str] = mapped_column(Text, default="")
    constraints: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    reward_text: Mapped[str] = mapped_column(String(500), default="")
    ip_terms: Mapped[str] = mapped_column(Text, default="")
    payment_terms: Mapped[str] = mapped_column(Text, default="")
    open_data_terms: Mapped[str] = mapped_column(Text, default="")
    rendered_markdown: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    # What each text translated, {field: digest of the challenge's own text when the
    # translation was saved}: a text changed since then makes its translation out of date.
    sources: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="translations")

    def is_outdated(self, field: str) -> bool:
        """Whether the challenge's own text of `field` changed since this was translated
        (unknown, for a translation saved before the platform kept track: not outdated)."""
        source = (self.sources or {}).get(field)
        if not source or not (getattr(self, field) or "").strip():
            return False
        return source != digest(getattr(self.challenge, field) or "")

    @property
    def is_empty(self) -> bool:
        return not any((getattr(self, name) or "").strip() for name in TRANSLATED_FIELDS)


class ChallengeAttachment(Model):
    """Briefing documents, data sets and images. The bytes are kept in the file store
    (challenges/storage.py), never on an application server."""

    __tablename__ = "challenge_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    # The bytes, kept once whoever refers to them (challenges/storage.py).
    file_sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="attachments")


class ChallengeCover(Model):
    """A challenge's cover image, in the sizes the pages show (challenges.images), with the
    text alternative that describes it. One per challenge, replaced as a whole."""

    __tablename__ = "challenge_covers"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), unique=True)
    alt_text: Mapped[str] = mapped_column(String(300))
    # Changes with the image: part of its address and its ETag, so a browser keeps an image
    # for a year and still gets the new one at once.
    version: Mapped[str] = mapped_column(String(20))
    card: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    detail: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="cover")


class ChangeNotice(Model):
    """A public record of a change to the rules after publication."""

    __tablename__ = "change_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    text_nl: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    challenge: Mapped[Challenge] = relationship(back_populates="notices")

    @property
    def text(self) -> str:
        locale = get_locale()
        return self.text_en if locale is not None and locale.language == "en" else self.text_nl


@event.listens_for(OrmSession, "before_flush")
def _keep_search_text(session: OrmSession, _context, _instances) -> None:
    """Challenge.search_text follows its searched texts, in both languages."""
    touched: set[Challenge] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Challenge) and obj not in session.deleted:
            # A translation taken off the collection is deleted only during the flush.
            if obj in session.new or _searched_changed(obj) or \
                    inspect(obj).attrs.translations.history.has_changes():
                touched.add(obj)
        elif isinstance(obj, ChallengeTranslation):
            if obj in session.dirty and not _searched_changed(obj):
                continue
            challenge = obj.challenge
            if challenge is not None and challenge not in session.deleted:
                touched.add(challenge)
    for challenge in touched:
        challenge.search_text = challenge.searched_document(leaving=session.deleted)


def _searched_changed(obj) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in SEARCHED_FIELDS
               if name in state.attrs)
