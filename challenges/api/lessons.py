"""GET /api/v1/lessons: the library of published lessons, filtered as the /lessons page."""

from __future__ import annotations

from flask import jsonify, request

from challenges.access import public
from challenges.api.views import _next_url, _paging, bp
from challenges.cache import cached_page
from challenges.lessons import queries
from challenges.lessons.models import LessonsRecord
from challenges.links import challenge_url, external_url, iso_brussels
from challenges.numbers import plain_number

# The library's filters, as on the /lessons page.
LESSON_KEYS = ("q", "theme", "organisation", "band", "route", "outcome", "year")


def _decimal(value) -> str | None:
    return None if value is None else plain_number(value)


def lesson_item(record: LessonsRecord, outcomes, kpis) -> dict:
    c = record.challenge
    return {
        "challenge": {"slug": c.slug, "title": c.title, "url": challenge_url(c.slug)},
        "organisation": {"slug": c.organisation.slug, "name": c.organisation.name,
                         "population_band": c.organisation.population_band.value
                         if c.organisation.population_band else None},
        "themes": [t.slug for t in c.themes],
        "legal_route": c.legal_route.value,
        "outcomes": [o.value for o in outcomes],
        "kpis": [{"name": k.kpi.name, "unit": k.kpi.unit, "baseline": _decimal(k.kpi.baseline),
                  "target": _decimal(k.kpi.target), "latest": _decimal(k.latest)}
                 for k in kpis],
        "published_at": iso_brussels(record.published_at),
        "not_yet_known": record.not_yet_known,
        "revisit_on": record.revisit_on.isoformat() if record.revisit_on else None,
        "summary": record.summary,
        "url": external_url("lessons.view", slug=c.slug),
    }


@bp.get("/lessons")
@cached_page
@public()
def lessons():
    filters = queries.read_filters(request.args)
    limit, page = _paging()
    # One row more than asked tells whether a next page exists, without a COUNT query.
    rows, outcomes = queries.library_slice(filters, (page - 1) * limit, limit + 1)
    shown = rows[:limit]
    kpis = queries.kpis_of([r.challenge_id for r in shown])
    return jsonify(
        items=[lesson_item(r, outcomes[r.challenge_id], kpis[r.challenge_id]) for r in shown],
        next=_next_url("api.lessons", LESSON_KEYS, limit, page + 1) if len(rows) > limit
        else None)

