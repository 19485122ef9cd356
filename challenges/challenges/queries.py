"""Read paths for challenges. Each uses a fixed number of SQL queries whatever the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import abort
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Text, and_, case, exists, func, literal_column, or_, select, true
from sqlalchemy.orm import aliased, defer, selectinload, undefer

from challenges.access import belongs_or_404
from challenges.accounts.models import Organisation, ParticipantKind
from challenges.challenges.hosts import hosted_by
from challenges.challenges.models import (
    Challenge,
    ChallengeAttachment,
    ChallengeAudience,
    ChallengeHost,
    ChallengeStatus,
    ChallengeTranslation,
    HostStatus,
    Phase,
    Theme,
    challenge_themes,
)
from challenges.challenges.stages import ChallengeStage, StageKind
from challenges.db import utcnow
from challenges.extensions import db

CLOSING_SOON = timedelta(days=14)
SORTS = ("closing", "newest")


def takes_newcomers_condition(now: datetime):
    """SQL for "someone new may start a proposal, as far as its stages go": it has no
    stages, or its first stage is open (the rule of challenges.stages.timeline's
    takes_newcomers). A challenge past its first stage runs on for the advanced teams only."""
    first = aliased(ChallengeStage)
    first_position = (select(func.min(ChallengeStage.position))
                      .where(ChallengeStage.challenge_id == Challenge.id).scalar_subquery())
    has_stages = exists().where(ChallengeStage.challenge_id == Challenge.id)
    first_open = exists().where(
        first.challenge_id == Challenge.id, first.position == first_position,
        first.kind == StageKind.SUBMISSION, first.decided_at.is_(None),
        or_(first.opens_at.is_(None), first.opens_at <= now),
        or_(first.closes_at.is_(None), first.closes_at > now))
    return or_(~has_stages, first_open)


def newcomers_deadline():
    """SQL for the deadline someone new faces: in a challenge run in stages, its first
    stage's (where new proposals come in; the challenge's own deadline is its last stage's,
    for the advanced teams only); else the challenge's own. Read from the stage with the
    least position, as takes_newcomers_condition does."""
    first_deadline = (select(ChallengeStage.closes_at)
                      .where(ChallengeStage.challenge_id == Challenge.id)
                      .order_by(ChallengeStage.position).limit(1)
                      .correlate(Challenge).scalar_subquery())
    return func.coalesce(first_deadline, Challenge.closes_at)


def phase_condition(phase: Phase, now: datetime, newcomers: bool = True):
    """SQL for "the challenge is in this phase now"; the same rule as Challenge.phase_at.

    With `newcomers` (the public pages), "open" means what a visitor looking for a call
    expects: a newcomer can still submit. A challenge in stages past its first counts as
    closed to them (its card says which stage it is in and that new proposals are no longer
    accepted); the API's status keeps the challenge's own phase, so it passes False."""
    published = Challenge.status == ChallengeStatus.PUBLISHED
    if phase == Phase.UPCOMING:
        return and_(published, Challenge.opens_at > now)
    in_dates = and_(published, or_(Challenge.opens_at.is_(None), Challenge.opens_at <= now),
                    or_(Challenge.closes_at.is_(None), Challenge.closes_at > now))
    if phase == Phase.OPEN:
        return and_(in_dates, takes_newcomers_condition(now)) if newcomers else in_dates
    if phase == Phase.CLOSED:
        closed = and_(published, Challenge.closes_at <= now)
        return or_(closed, and_(in_dates, ~takes_newcomers_condition(now))) if newcomers \
            else closed
    return Challenge.status == ChallengeStatus(phase.value)


def search_condition(q: str):
    """Dutch-aware full-text search on PostgreSQL; every word as a substring elsewhere. Both
    read Challenge.search_text: the searched texts in every language the challenge has; on
    PostgreSQL through its stored tsvector, challenges.search_vector (migration 10b1), and
    that column's GIN index."""
    if db.engine.dialect.name == "postgresql":
        return literal_column("challenges.search_vector").op("@@")(
            func.websearch_to_tsquery("dutch", q))
    words = [w for w in q.split() if w][:10]
    if not words:
        return true()
    return and_(*[Challenge.search_text.ilike(f"%{w}%") for w in words])


def translated_titles():
    """The loader option for a list that shows titles and summaries in the reader's
    language: the translations' short texts, one query for the whole page."""
    return selectinload(Challenge.translations).load_only(
        ChallengeTranslation.language, ChallengeTranslation.title, ChallengeTranslation.summary)


@dataclass
class ChallengeFilters:
    phase: Phase | None = None
    theme: str | None = None           # theme slug
    organisation: str | None = None    # organisation slug
    audience: ParticipantKind | None = None
    q: str = ""
    sort: str = "closing"
    now: datetime = field(default_factory=utcnow)
    # The home page's "closing soon", by the deadline a newcomer faces (newcomers_deadline);
    # not a query argument.
    closes_by: datetime | None = None
    # "Open" means a newcomer can still submit (see phase_condition); the API says False.
    newcomers: bool = True

    @classmethod
    def from_args(cls, args, status_key: str = "phase") -> tuple[ChallengeFilters, dict]:
        """Read filters from query arguments; returns the filters and the errors found."""
        errors = {}
        filters = cls()
        raw_phase = (args.get(status_key) or "").strip()
        if raw_phase:
            try:
                filters.phase = Phase(raw_phase)
            except ValueError:
                errors[status_key] = raw_phase
            if filters.phase == Phase.DRAFT:
                errors[status_key] = raw_phase
                filters.phase = None
        raw_audience = (args.get("audience") or "").strip()
        if raw_audience:
            try:
                filters.audience = ParticipantKind(raw_audience)
            except ValueError:
                errors["audience"] = raw_audience
        def text(name: str, length: int) -> str:
            # PostgreSQL refuses NUL characters in text; nobody means to search for one.
            return (args.get(name) or "").replace("\x00", "").strip()[:length]

        filters.theme = text("theme", 60) or None
        filters.organisation = text("organisation", 100) or None
        filters.q = text("q", 200)
        sort = (args.get("sort") or "closing").strip()
        if sort not in SORTS:
            errors["sort"] = sort
            sort = "closing"
        filters.sort = sort
        return filters, errors


def _long_texts() -> list:
    """The challenge's long texts (about 5 KB a row): a list shows none of them, so a list
    does not read them (the search reads them in the database)."""
    return [getattr(Challenge, column.key) for column in Challenge.__table__.columns
            if isinstance(column.type, Text) and column.key != "rendered_markdown"]


def _public_conditions(filters: ChallengeFilters) -> list:
    """What a public list's filters ask for, never a draft: the same conditions for the
    page's ids and for the count."""
    conditions = [Challenge.status != ChallengeStatus.DRAFT]
    if filters.phase is not None:
        conditions.append(phase_condition(filters.phase, filters.now, filters.newcomers))
    if filters.theme:
        conditions.append(Challenge.id.in_(
            select(challenge_themes.c.challenge_id).join(Theme)
            .where(Theme.slug == filters.theme)))
    if filters.organisation:
        # A joint challenge is found under each of its hosts.
        conditions.append(hosted_by(
            select(Organisation.id).where(Organisation.slug == filters.organisation)))
    if filters.audience is not None:
        conditions.append(Challenge.id.in_(
            select(ChallengeAudience.challenge_id)
            .where(ChallengeAudience.kind == filters.audience)))
    if filters.q:
        conditions.append(search_condition(filters.q))
    if filters.closes_by is not None:
        conditions.append(newcomers_deadline() <= filters.closes_by)
    return conditions


def _public_order(filters: ChallengeFilters) -> list:
    """The listing's order; the id last, so that every row has one place and pages never
    overlap."""
    if filters.sort == "newest":
        return [Challenge.published_at.desc(), Challenge.id.desc()]
    # Open challenges first, by deadline; then upcoming; then the rest, newest first.
    open_now = phase_condition(Phase.OPEN, filters.now, filters.newcomers)
    upcoming = phase_condition(Phase.UPCOMING, filters.now)
    rank = case((open_now, 0), (upcoming, 1), else_=2)
    return [rank, case((rank < 2, Challenge.closes_at), else_=None),
            Challenge.closes_at.desc(), Challenge.id.desc()]


def public_challenge_ids(filters: ChallengeFilters):
    """The ids of the public challenges that match, in the listing's order. Everything the
    order and the filters read but the search is in one narrow index (ix_challenges_listing),
    so the database sorts index entries, not rows of 5 KB."""
    return select(Challenge.id).where(*_public_conditions(filters)).order_by(*_public_order(filters))


def public_challenges(filters: ChallengeFilters, translated: bool = True, *, offset: int = 0,
                      limit: int | None = None):
    """The select for the public listing, the feeds and the API: never a draft. Pages and
    feeds show titles in the reader's language (`translated`); the API's list keeps the
    challenge's own language, so it does not read the translations.

    With a `limit`, the ids of that slice are chosen first (public_challenge_ids) and only
    its rows are read: the order depends on the phase, hence on the clock, so no index can
    give it, and sorting whole rows for a page 20 cost ten times as much as sorting ids."""
    query = select(Challenge).options(
        *(defer(text) for text in _long_texts()),
        selectinload(Challenge.organisation), selectinload(Challenge.themes),
        selectinload(Challenge.audience_rows), *host_options())
    if translated:
        # The cards say where a challenge run in stages stands; the API's list does not.
        query = query.options(translated_titles(), selectinload(Challenge.stages))
    if limit is None:
        query = query.where(*_public_conditions(filters))
    else:
        chosen = public_challenge_ids(filters).offset(offset).limit(limit)
        query = query.where(Challenge.id.in_(chosen.scalar_subquery()))
    return query.order_by(*_public_order(filters))


class ChallengePage(Pagination):
    """A page of the public listing, as db.paginate gives one (the templates use the same
    attributes): the page's rows through public_challenges' slice, the total counted on the
    listing index."""

    def _query_items(self) -> list[Challenge]:
        filters, translated = self._query_args["filters"], self._query_args["translated"]
        return list(db.session.scalars(public_challenges(
            filters, translated, offset=self._query_offset, limit=self.per_page)))

    def _query_count(self) -> int:
        ids = public_challenge_ids(self._query_args["filters"]).order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(ids)) or 0


def public_page(filters: ChallengeFilters, page: int, per_page: int,
                translated: bool = True) -> ChallengePage:
    return ChallengePage(page=page, per_page=per_page, max_per_page=None, error_out=False,
                         filters=filters, translated=translated)


def host_options() -> list:
    """Load the partners with the challenges (two queries, whatever the number of rows)."""
    return [selectinload(Challenge.host_rows).selectinload(ChallengeHost.organisation)]


def closing_soon(limit: int = 6, now: datetime | None = None) -> list[Challenge]:
    """The open challenges a newcomer can still submit to within CLOSING_SOON, nearest first,
    by the deadline they face: a challenge in stages by its first stage's, and not at all once
    that has passed (the 'open' filter's rule). Its own order, not the listing's (which sorts
    by the challenge's last deadline, on its index): a few rows, sorted after the filter."""
    now = now or utcnow()
    filters = ChallengeFilters(phase=Phase.OPEN, now=now, closes_by=now + CLOSING_SOON)
    deadline = newcomers_deadline()
    chosen = (select(Challenge.id).where(*_public_conditions(filters))
              .order_by(deadline, Challenge.id).limit(limit))
    query = (public_challenges(filters).where(Challenge.id.in_(chosen.scalar_subquery()))
             .order_by(None).order_by(deadline, Challenge.id))
    return list(db.session.scalars(query))


def open_challenges(limit: int = 6, now: datetime | None = None) -> list[Challenge]:
    filters = ChallengeFilters(phase=Phase.OPEN, now=now or utcnow())
    return list(db.session.scalars(public_challenges(filters, limit=limit)))


def active_themes() -> list[Theme]:
    return list(db.session.scalars(
        select(Theme).where(Theme.active == true()).order_by(Theme.position, Theme.id)))


def themes_for_choice(current=()) -> list[Theme]:
    """The themes offered when writing a challenge: the active ones, plus any switched-off
    theme the challenge already has, so that saving it does not silently drop that theme."""
    themes = active_themes()
    themes += sorted((t for t in current if t not in themes), key=lambda t: (t.position, t.id))
    return themes


def organisations_with_public_challenges() -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).where(or_(
            Organisation.id.in_(select(Challenge.organisation_id)
                                .where(Challenge.status != ChallengeStatus.DRAFT)),
            Organisation.id.in_(select(ChallengeHost.organisation_id)
                                .join(Challenge, Challenge.id == ChallengeHost.challenge_id)
                                .where(Challenge.status != ChallengeStatus.DRAFT,
                                       ChallengeHost.status == HostStatus.ACCEPTED))))
        .order_by(Organisation.name)))


def challenge_by_slug(slug: str) -> Challenge | None:
    return db.session.scalar(
        select(Challenge).where(Challenge.slug == slug)
        .options(undefer(Challenge.rendered_markdown), selectinload(Challenge.organisation), selectinload(Challenge.themes),
                 selectinload(Challenge.audience_rows), selectinload(Challenge.criteria),
                 selectinload(Challenge.attachments), selectinload(Challenge.notices),
                 selectinload(Challenge.stages),
                 selectinload(Challenge.translations).undefer(
                     ChallengeTranslation.rendered_markdown),
                 *host_options()))


def managed_challenges(organisation_ids: list[int], now: datetime | None = None):
    """The organisers' list, in the order of what needs them: open challenges (the nearest
    deadline first), upcoming ones, drafts, closed ones with the jury at work, then those
    with results, in follow-up, completed and cancelled; within a group the last changed
    first."""
    now = now or utcnow()
    published = Challenge.status == ChallengeStatus.PUBLISHED
    rank = case(
        (and_(published, Challenge.opens_at <= now, Challenge.closes_at > now), 0),
        (and_(published, Challenge.opens_at > now), 1),
        (Challenge.status == ChallengeStatus.DRAFT, 2),
        (published, 3),
        (Challenge.status == ChallengeStatus.RESULTS_PUBLISHED, 4),
        (Challenge.status == ChallengeStatus.FOLLOW_UP, 5),
        (Challenge.status == ChallengeStatus.COMPLETED, 6),
        else_=7)
    upcoming_deadline = case((rank <= 1, Challenge.closes_at), else_=None)
    return (select(Challenge)
            .where(hosted_by(organisation_ids or [0]))
            .options(selectinload(Challenge.organisation), selectinload(Challenge.translations),
                     selectinload(Challenge.criteria), *host_options())
            .order_by(rank, upcoming_deadline.asc(), Challenge.updated_at.desc(),
                      Challenge.id.desc()))




# Loaders for routes (challenges.access) -----------------------------------------------------

def load_challenge(slug: str) -> Challenge:
    """A challenge the current user may see; a draft does not exist outside its organisation."""
    challenge = challenge_by_slug(slug)
    if challenge is None or not challenge.can_view(current_user):
        abort(404)
    return challenge


def load_attachment(challenge: Challenge, attachment_id: int) -> ChallengeAttachment:
    return belongs_or_404(ChallengeAttachment, attachment_id, challenge_id=challenge.id)
