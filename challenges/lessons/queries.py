"""Read paths of the lessons: the facts a record is pre-filled with, the library, the loaders.
Each with a fixed number of queries, whatever the number of proposals, pilots or records."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_login import current_user
from sqlalchemy import Select, extract, func, literal_column, or_, select
from sqlalchemy.orm import selectinload

from challenges.access import found_or_404
from challenges.accounts.models import Organisation, ParticipantKind, PopulationBand, User
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge, ChallengeStatus, Theme
from challenges.challenges.queries import challenge_by_slug
from challenges.extensions import db
from challenges.lessons.models import TEXTS, LessonsRecord, LessonsStatus
from challenges.pilots.models import Evaluation, Kpi, KpiValue, Outcome, Pilot
from challenges.submissions.models import Proposal, ProposalStatus
from challenges.web import ListPage

PER_PAGE = 20
# Proposals that reached the jury count as received; drafts and withdrawals do not.
RECEIVED = (ProposalStatus.SUBMITTED, ProposalStatus.INELIGIBLE, ProposalStatus.SHORTLISTED,
            ProposalStatus.WINNER, ProposalStatus.NOT_SELECTED)


@dataclass
class KpiResult:
    kpi: Kpi
    latest: Decimal | None


@dataclass
class Facts:
    """What the platform knows of a challenge, shown beside the organiser's lessons."""

    challenge: Challenge
    counts: list[tuple[ParticipantKind, int]] = field(default_factory=list)
    total: int = 0
    pilots: list[Pilot] = field(default_factory=list)
    kpis: list[KpiResult] = field(default_factory=list)

    # Of a joint challenge: the latest value of each KPI at each host's site.
    latest_by_site: dict[tuple[int, int], Decimal] = field(default_factory=dict)

    @property
    def outcomes(self) -> list[Outcome]:
        return [p.evaluation.outcome for p in self.pilots
                if p.evaluation is not None and p.evaluation.outcome is not None]

    @property
    def sites(self) -> list[SiteResult]:
        """The sites compared (a joint challenge): each host with the pilots at its site,
        their outcomes, the money awarded and the latest value of each KPI there."""
        if not self.challenge.is_joint:
            return []
        results = []
        for host in self.challenge.hosts:
            pilots = [p for p in self.pilots if p.site_organisation.id == host.id]
            results.append(SiteResult(
                host, pilots,
                [p.evaluation.outcome for p in pilots
                 if p.evaluation is not None and p.evaluation.outcome is not None],
                sum((p.amount for p in pilots), Decimal(0)),
                [self.latest_by_site.get((host.id, k.kpi.id)) for k in self.kpis]))
        return results


@dataclass
class SiteResult:
    organisation: Organisation
    pilots: list[Pilot]
    outcomes: list[Outcome]
    amount: Decimal
    kpi_values: list[Decimal | None]


def facts(challenge: Challenge) -> Facts:
    """Counts by participant kind (never names), the pilots with their evaluations, and each
    KPI's latest measured value: four queries."""
    rows = db.session.execute(
        select(User.participant_kind, func.count(Proposal.id))
        .join(User, User.id == Proposal.author_id)
        .where(Proposal.challenge_id == challenge.id, Proposal.status.in_(RECEIVED))
        .group_by(User.participant_kind)).all()
    order = list(ParticipantKind)
    counts = sorted(((kind, n) for kind, n in rows), key=lambda row: order.index(row[0]))
    pilots = list(db.session.scalars(
        select(Pilot).where(Pilot.challenge_id == challenge.id)
        .options(selectinload(Pilot.evaluation), selectinload(Pilot.proposal),
                 selectinload(Pilot.site))
        .order_by(Pilot.id)))
    site_of = {p.id: p.site_organisation.id for p in pilots}
    kpis = list(db.session.scalars(select(Kpi).where(Kpi.challenge_id == challenge.id)
                                   .order_by(Kpi.id)))
    latest: dict[int, Decimal] = {}
    by_site: dict[tuple[int, int], Decimal] = {}
    for value in db.session.scalars(
            select(KpiValue).join(Pilot).where(Pilot.challenge_id == challenge.id)
            .order_by(KpiValue.measured_on, KpiValue.id)):
        latest[value.kpi_id] = value.value
        by_site[(site_of[value.pilot_id], value.kpi_id)] = value.value
    return Facts(challenge, counts, sum(n for _, n in counts), pilots,
                 [KpiResult(k, latest.get(k.id)) for k in kpis], by_site)


# Loaders -------------------------------------------------------------------------------------

def record_of(challenge: Challenge) -> LessonsRecord | None:
    return db.session.scalar(select(LessonsRecord).where(
        LessonsRecord.challenge_id == challenge.id))


def load_lessons(slug: str) -> LessonsRecord:
    """A published record of a public challenge; a draft only for its own organisation."""
    challenge = challenge_by_slug(slug)
    record = record_of(challenge) if challenge is not None else None
    return found_or_404(record if record is not None and record.can_view(current_user)
                        else None)


# The library ---------------------------------------------------------------------------------

@dataclass
class LibraryFilters:
    q: str = ""
    theme: str = ""
    organisation: str = ""
    band: PopulationBand | None = None
    route: LegalRoute | None = None
    outcome: Outcome | None = None
    year: int | None = None
    page: int = 1


def filter_args(filters: LibraryFilters) -> dict[str, str]:
    """The filters that are set, as query arguments (the feed's links keep them)."""
    values = {"q": filters.q, "theme": filters.theme, "organisation": filters.organisation,
              "band": filters.band.value if filters.band else "",
              "route": filters.route.value if filters.route else "",
              "outcome": filters.outcome.value if filters.outcome else "",
              "year": str(filters.year) if filters.year else ""}
    return {k: v for k, v in values.items() if v}


def _enum(cls, value: str):
    try:
        return cls(value) if value else None
    except ValueError:
        return None


def read_filters(args) -> LibraryFilters:
    """Query arguments to filters; a value that means nothing is ignored, never an error."""
    year = args.get("year", "")
    page = args.get("page", "")
    return LibraryFilters(
        q=args.get("q", "").strip()[:200], theme=args.get("theme", "")[:100],
        organisation=args.get("organisation", "")[:100],
        band=_enum(PopulationBand, args.get("band", "")),
        route=_enum(LegalRoute, args.get("route", "")),
        outcome=_enum(Outcome, args.get("outcome", "")),
        year=int(year) if year.isdigit() and 1900 < int(year) < 3000 else None,
        page=min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1)


def _search(query: Select, q: str) -> Select:
    """The challenges' search: Dutch-aware text search on PostgreSQL, every word as a
    substring elsewhere; over the lessons' texts and the challenge's title and summary."""
    columns = [Challenge.title, Challenge.summary,
               *(getattr(LessonsRecord, name) for name in TEXTS)]
    if db.engine.dialect.name == "postgresql":
        # The lessons' texts from their stored tsvector (migration 10b1); the challenge's
        # title and summary, two short texts, at query time.
        document = literal_column("lessons_records.search_vector").op("||")(func.to_tsvector(
            "dutch", func.concat_ws(" ", Challenge.title, Challenge.summary)))
        return query.where(document.op("@@")(func.websearch_to_tsquery("dutch", q)))
    for word in q.split()[:10]:
        query = query.where(or_(*(column.ilike(f"%{word}%") for column in columns)))
    return query


def _filtered(filters: LibraryFilters) -> Select:
    query = (select(LessonsRecord).join(Challenge, Challenge.id == LessonsRecord.challenge_id)
             .join(Organisation, Organisation.id == Challenge.organisation_id)
             .where(LessonsRecord.status == LessonsStatus.PUBLISHED,
                    Challenge.status != ChallengeStatus.DRAFT))
    if filters.q:
        query = _search(query, filters.q)
    if filters.theme:
        query = query.where(Challenge.themes.any(Theme.slug == filters.theme))
    if filters.organisation:
        query = query.where(Organisation.slug == filters.organisation)
    if filters.band:
        query = query.where(Organisation.population_band == filters.band)
    if filters.route:
        query = query.where(Challenge.legal_route == filters.route)
    if filters.outcome:
        query = query.where(select(Evaluation.id).join(Pilot)
                            .where(Pilot.challenge_id == Challenge.id,
                                   Evaluation.outcome == filters.outcome).exists())
    if filters.year:
        query = query.where(extract("year", LessonsRecord.published_at) == filters.year)
    return query


@dataclass
class LibraryPage(ListPage):
    """One page of the library (paging as every list page), with each challenge's outcomes."""

    outcomes: dict[int, list[Outcome]] = field(default_factory=dict)


def _ordered(query: Select) -> Select:
    return (query.options(
        selectinload(LessonsRecord.challenge).selectinload(Challenge.organisation),
        selectinload(LessonsRecord.challenge).selectinload(Challenge.themes))
        .order_by(LessonsRecord.published_at.desc(), LessonsRecord.id.desc()))


def _outcomes(records: list[LessonsRecord]) -> dict[int, list[Outcome]]:
    """Each challenge's pilot outcomes, in the order the pilots started: one query."""
    outcomes: dict[int, list[Outcome]] = {r.challenge_id: [] for r in records}
    if records:
        for pilot in db.session.scalars(
                select(Pilot).where(Pilot.challenge_id.in_(outcomes))
                .options(selectinload(Pilot.evaluation)).order_by(Pilot.id)):
            if pilot.evaluation is not None and pilot.evaluation.outcome is not None:
                outcomes[pilot.challenge_id].append(pilot.evaluation.outcome)
    return outcomes


EXPORT_MAX = 5000


def library_export(filters: LibraryFilters) -> tuple[list[LessonsRecord], dict[int, list[Outcome]]]:
    """Every matching record (at most EXPORT_MAX), newest first, for the CSV download."""
    records = list(db.session.scalars(_ordered(_filtered(filters)).limit(EXPORT_MAX)))
    return records, _outcomes(records)


def library_slice(filters: LibraryFilters, offset: int, limit: int
                  ) -> tuple[list[LessonsRecord], dict[int, list[Outcome]]]:
    """Records `offset` to `offset + limit`, newest first, with their outcomes (the API)."""
    records = list(db.session.scalars(
        _ordered(_filtered(filters)).offset(offset).limit(limit)))
    return records, _outcomes(records)


def library(filters: LibraryFilters) -> LibraryPage:
    """One page of published records, newest first, with each challenge's pilot outcomes:
    three queries and the eager loads, whatever the size of the library."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(filters.page, max(1, -(-total // PER_PAGE)))
    records = list(db.session.scalars(
        _ordered(query).limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    return LibraryPage(records, page, PER_PAGE, total, _outcomes(records))


def filter_choices() -> dict:
    """The themes and municipalities that have published lessons, for the filter selects."""
    published = (select(LessonsRecord.challenge_id)
                 .where(LessonsRecord.status == LessonsStatus.PUBLISHED))
    organisations = db.session.scalars(
        select(Organisation).join(Challenge, Challenge.organisation_id == Organisation.id)
        .where(Challenge.id.in_(published)).distinct().order_by(Organisation.name)).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)).all()
    return {"organisations": organisations, "themes": themes}


def kpis_of(challenge_ids: list[int]) -> dict[int, list[KpiResult]]:
    """Each challenge's KPIs with their latest measured value: two queries for any number."""
    result: dict[int, list[KpiResult]] = {cid: [] for cid in challenge_ids}
    if not challenge_ids:
        return result
    kpis = list(db.session.scalars(select(Kpi).where(Kpi.challenge_id.in_(challenge_ids))
                                   .order_by(Kpi.id)))
    latest: dict[int, Decimal] = {}
    for value in db.session.scalars(
            select(KpiValue).where(KpiValue.kpi_id.in_([k.id for k in kpis]))
            .order_by(KpiValue.measured_on, KpiValue.id)):
        latest[value.kpi_id] = value.value
    for kpi in kpis:
        result[kpi.challenge_id].append(KpiResult(kpi, latest.get(kpi.id)))
    return result
