"""GET /api/v1/statistics: the figures of /statistics, for the platform and per municipality."""

from __future__ import annotations

from flask import jsonify

from challenges.access import public
from challenges.api.views import bp
from challenges.cache import cached_page
from challenges.links import external_url
from challenges.numbers import plain_number
from challenges.statistics.queries import Figures, compute


def _decimal(value) -> str:
    return plain_number(value) if value else "0"


def figures_item(figures: Figures) -> dict:
    organisation = figures.organisation
    median = figures.median_days_to_pilot
    return {
        "organisation": None if organisation is None else {
            "slug": organisation.slug, "name": organisation.name,
            "population_band": organisation.population_band.value
            if organisation.population_band else None},
        "challenges": figures.challenges,
        "cancelled": figures.cancelled,
        "proposals": {"total": figures.proposals_total,
                      "by_kind": {kind.value: n for kind, n in figures.proposals.items()}},
        "awarded": {"total": _decimal(figures.awarded), "prizes": _decimal(figures.prizes),
                    "contracts": _decimal(figures.contracts)},
        "pilots": {"started": figures.pilots, "by_outcome": dict(figures.outcomes)},
        "median_days_to_pilot": None if median is None else float(median),
    }


@bp.get("/statistics")
@cached_page
@public()
def statistics():
    found = compute()
    return jsonify(platform=figures_item(found.platform),
                   organisations=[figures_item(f) for f in found.organisations],
                   url=external_url("statistics.index"))
