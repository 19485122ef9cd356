"""Read paths of the templates: the loaders, the library, a template's public children and a
challenge's lineage. Each with a fixed number of queries; drafts never appear as children."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from challenges.access import found_or_404
from challenges.accounts.models import Organisation
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge, ChallengeStatus, Theme
from challenges.extensions import db
from challenges.pilots.models import Outcome, Pilot
from challenges.reuse.models import Adoption, ChallengeTemplate
from challenges.web import ListPage

PER_PAGE = 20


# Loaders -------------------------------------------------------------------------------------

def template_by_slug(slug: str) -> ChallengeTemplate | None:
    return db.session.scalar(
        select(ChallengeTemplate).where(ChallengeTemplate.slug == slug)
        .options(selectinload(ChallengeTemplate.revisions),
                 selectinload(ChallengeTemplate.organisation),
                 selectinload(ChallengeTemplate.themes),
                 selectinload(ChallengeTemplate.source)))


def load_template(slug: str) -> ChallengeTemplate:
    """Templates are public: any of them exists for everyone."""
    return found_or_404(template_by_slug(slug[:120]))


def template_of(challenge: Challenge) -> ChallengeTemplate | None:
    """The template published from this challenge, if any."""
    return db.session.scalar(select(ChallengeTemplate).where(
        ChallengeTemplate.source_challenge_id == challenge.id)
        .options(selectinload(ChallengeTemplate.revisions)))


def adoption_of(challenge: Challenge) -> Adoption | None:
    """How this challenge was derived from a template, if it was."""
    return db.session.scalar(select(Adoption).where(Adoption.challenge_id == challenge.id)
                             .options(selectinload(Adoption.template)
                                      .selectinload(ChallengeTemplate.organisation),
                                      selectinload(Adoption.template)
                                      .selectinload(ChallengeTemplate.source)))


def load_adoption(challenge: Challenge) -> Adoption:
    return found_or_404(adoption_of(challenge))


def adoption_by_key(key: str) -> Adoption | None:
    return db.session.scalar(select(Adoption).where(Adoption.request_key == key))


# A template's children -------------------------------------------------------------------------

@dataclass
class Child:
    challenge: Challenge
    revision: int
    outcomes: list[Outcome] = field(default_factory=list)


def public_children(template_ids: list[int]) -> dict[int, list[Child]]:
    """Each template's public children (never a draft, whoever asks), oldest adoption first,
    with the outcomes of their evaluated pilots: two queries for any number of templates."""
    result: dict[int, list[Child]] = {tid: [] for tid in template_ids}
    if not template_ids:
        return result
    adoptions = list(db.session.scalars(
        select(Adoption).join(Challenge, Challenge.id == Adoption.challenge_id)
        .where(Adoption.template_id.in_(template_ids),
               Challenge.status != ChallengeStatus.DRAFT)
        .options(selectinload(Adoption.challenge).selectinload(Challenge.organisation))
        .order_by(Adoption.adopted_at, Adoption.id)))
    children = {a.challenge_id: Child(a.challenge, a.revision) for a in adoptions}
    if children:
        for pilot in db.session.scalars(
                select(Pilot).where(Pilot.challenge_id.in_(children))
                .options(selectinload(Pilot.evaluation)).order_by(Pilot.id)):
            if pilot.evaluation is not None and pilot.evaluation.outcome is not None:
                children[pilot.challenge_id].outcomes.append(pilot.evaluation.outcome)
    for adoption in adoptions:
        result[adoption.template_id].append(children[adoption.challenge_id])
    return result


def own_drafts(template: ChallengeTemplate, user) -> list[Adoption]:
    """The drafts made from the template by the organisations the user writes for: shown to
    them only (a draft exists for its own organisation alone)."""
    if user is None or not user.is_authenticated or not user.memberships:
        return []
    return list(db.session.scalars(
        select(Adoption).join(Challenge, Challenge.id == Adoption.challenge_id)
        .where(Adoption.template_id == template.id, Challenge.status == ChallengeStatus.DRAFT,
               Challenge.organisation_id.in_([m.organisation_id for m in user.memberships]))
        .options(selectinload(Adoption.challenge)).order_by(Adoption.id)))


def waiting_adoptions(template: ChallengeTemplate) -> list[Adoption]:
    """The drafts made from this template that do not reflect its latest revision."""
    return list(db.session.scalars(
        select(Adoption).join(Challenge, Challenge.id == Adoption.challenge_id)
        .where(Adoption.template_id == template.id, Adoption.revision < template.revision,
               Challenge.status == ChallengeStatus.DRAFT)
        .options(selectinload(Adoption.challenge).selectinload(Challenge.organisation)
                 .selectinload(Organisation.memberships))))


# The library ---------------------------------------------------------------------------------

@dataclass
class TemplateFilters:
    q: str = ""
    theme: str = ""
    organisation: str = ""
    route: LegalRoute | None = None
    recommended: bool = False
    page: int = 1


def read_filters(args) -> TemplateFilters:
    """Query arguments to filters; a value that means nothing is ignored, never an error."""
    route = args.get("route", "")
    page = args.get("page", "")
    try:
        legal_route = LegalRoute(route) if route else None
    except ValueError:
        legal_route = None
    return TemplateFilters(
        q=args.get("q", "").strip()[:200], theme=args.get("theme", "")[:100],
        organisation=args.get("organisation", "")[:100], route=legal_route,
        recommended=args.get("recommended", "") in ("1", "true", "yes", "on"),
        page=min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1)


def _filtered(filters: TemplateFilters) -> Select:
    query = select(ChallengeTemplate).join(
        Organisation, Organisation.id == ChallengeTemplate.organisation_id)
    if filters.q:
        for word in filters.q.split()[:10]:
            query = query.where(or_(ChallengeTemplate.title.ilike(f"%{word}%"),
                                    ChallengeTemplate.summary.ilike(f"%{word}%")))
    if filters.theme:
        query = query.where(ChallengeTemplate.themes.any(Theme.slug == filters.theme))
    if filters.organisation:
        query = query.where(Organisation.slug == filters.organisation)
    if filters.route:
        query = query.where(ChallengeTemplate.legal_route == filters.route)
    if filters.recommended:
        query = query.where(ChallengeTemplate.recommended.is_(True))
    return query


def _ordered(query: Select) -> Select:
    """Recommended first, then the most recently revised."""
    return (query.options(selectinload(ChallengeTemplate.organisation),
                          selectinload(ChallengeTemplate.themes),
                          selectinload(ChallengeTemplate.source))
            .order_by(ChallengeTemplate.recommended.desc(), ChallengeTemplate.revised_at.desc(),
                      ChallengeTemplate.id.desc()))


@dataclass
class LibraryPage(ListPage):
    children: dict[int, list[Child]] = field(default_factory=dict)


def library(filters: TemplateFilters) -> LibraryPage:
    """One page of templates with their public children: a count, the page, its eager loads
    and the children's two queries, whatever the size of the library."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(filters.page, max(1, -(-total // PER_PAGE)))
    templates = list(db.session.scalars(
        _ordered(query).limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    return LibraryPage(templates, page, PER_PAGE, total,
                       public_children([t.id for t in templates]))


def library_slice(filters: TemplateFilters, offset: int, limit: int
                  ) -> tuple[list[ChallengeTemplate], dict[int, list[Child]]]:
    """Templates `offset` to `offset + limit` with their public children (the API)."""
    templates = list(db.session.scalars(_ordered(_filtered(filters)).offset(offset).limit(limit)))
    return templates, public_children([t.id for t in templates])


def filter_choices() -> dict:
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.id.in_(select(ChallengeTemplate.organisation_id)))
        .order_by(Organisation.name)).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)).all()
    return {"organisations": organisations, "themes": themes}


def theme_names() -> dict[str, str]:
    return {t.slug: t.name for t in db.session.scalars(select(Theme))}
