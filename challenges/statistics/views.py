"""GET /statistics: the platform's figures and each municipality's, charts with their
tables. Public and served from the page cache like the other public pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import format_currency, format_decimal
from flask_babel import gettext as _

from challenges.access import public
from challenges.cache import cached_page
from challenges.pilots.models import Outcome, PilotStatus
from challenges.statistics.chart import bar_svg
from challenges.statistics.queries import OUTCOMES, Figures, compute

bp = Blueprint("statistics", __name__)


def outcome_labels() -> dict[str, str]:
    labels = {o.value: o.label for o in Outcome}
    labels.update({"evaluated": PilotStatus.EVALUATED.label,
                   "dropped": PilotStatus.DROPPED.label,
                   "running": PilotStatus.RUNNING.label})
    return {key: labels[key] for key in OUTCOMES}


def _charts(figures: Figures, everyone: list[Figures], platform: bool) -> list[dict]:
    """Each chart with the rows of its table: (label, value shown)."""
    name = figures.organisation.name if figures.organisation else _("the platform")
    charts = []
    kinds = [(kind.label, n, format_decimal(n)) for kind, n in figures.proposals.items()]
    charts.append({"id": "proposals", "title": _("Proposals received by participant kind"),
                   "description": _("Proposals received by %(name)s, by the kind of "
                                    "participant who submitted them.", name=name),
                   "head": _("Participant kind"), "unit": _("Proposals"), "bars": kinds})
    labels = outcome_labels()
    outcomes = [(labels[key], n, format_decimal(n)) for key, n in figures.outcomes.items()]
    charts.append({"id": "outcomes", "title": _("Pilots by outcome"),
                   "description": _("The pilots of %(name)s by their outcome.", name=name),
                   "head": _("Outcome"), "unit": _("Pilots"), "bars": outcomes})
    if platform:
        named = [(f, f.organisation) for f in everyone if f.organisation is not None]
        charts.append({"id": "challenges", "title": _("Challenges run per municipality"),
                       "description": _("How many challenges each municipality published "
                                        "(a joint challenge counts for each host)."),
                       "head": _("Municipality"), "unit": _("Challenges"),
                       "bars": [(o.name, f.challenges, format_decimal(f.challenges))
                                for f, o in named]})
        charts.append({"id": "awarded", "title": _("Money awarded per municipality"),
                       "description": _("Prizes and contracts awarded to pilots, excluding "
                                        "VAT, by the municipality where the pilot runs."),
                       "head": _("Municipality"), "unit": _("Awarded"),
                       "bars": [(o.name, f.awarded, format_currency(f.awarded, "EUR"))
                                for f, o in named]})
    for chart in charts:
        chart["svg"] = bar_svg(f"chart-{chart['id']}", chart["title"], chart["description"],
                               chart["bars"])
    return charts


@bp.get("/statistics")
@cached_page
@public()
def index():
    figures = compute()
    slug = (request.args.get("organisation") or "").strip()[:100]
    chosen = figures.of(slug) if slug else None
    shown = chosen or figures.platform
    return render_template(
        "statistics/index.html", statistics=figures, figures=shown, chosen=chosen,
        charts=_charts(shown, figures.organisations, platform=chosen is None),
        outcome_labels=outcome_labels())
