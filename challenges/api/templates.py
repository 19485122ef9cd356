"""GET /api/v1/templates: the challenge templates, filtered as the /templates page, each with
its lineage (the challenge it was made from, the public challenges made from it)."""

from __future__ import annotations

from flask import jsonify, request

from challenges.access import public
from challenges.api.views import _next_url, _paging, bp
from challenges.cache import cached_page
from challenges.links import external_url, iso_brussels
from challenges.reuse import queries
from challenges.reuse.models import ChallengeTemplate

# The library's filters, as on the /templates page.
TEMPLATE_KEYS = ("q", "theme", "organisation", "route", "recommended")


def template_item(template: ChallengeTemplate, children: list[queries.Child]) -> dict:
    source = template.source
    return {
        "slug": template.slug,
        "title": template.title,
        "summary": template.summary,
        "organisation": {"slug": template.organisation.slug,
                         "name": template.organisation.name},
        "themes": [t.slug for t in template.themes],
        "legal_route": template.legal_route.value,
        "revision": template.revision,
        "revised_at": iso_brussels(template.revised_at),
        "recommended": template.recommended,
        # Templates are made from published challenges only; a draft is never named.
        "derived_from": source.slug if source is not None and source.is_public else None,
        "adopted_by": [{"slug": child.challenge.slug,
                        "organisation": {"slug": child.challenge.organisation.slug,
                                         "name": child.challenge.organisation.name},
                        "revision": child.revision,
                        "outcomes": [o.value for o in child.outcomes]}
                       for child in children],
        "url": external_url("reuse.view", slug=template.slug),
    }


@bp.get("/templates")
@cached_page
@public()
def templates():
    filters = queries.read_filters(request.args)
    limit, page = _paging()
    # One row more than asked tells whether a next page exists, without a COUNT query.
    rows, children = queries.library_slice(filters, (page - 1) * limit, limit + 1)
    return jsonify(
        items=[template_item(t, children[t.id]) for t in rows[:limit]],
        next=_next_url("api.templates", TEMPLATE_KEYS, limit, page + 1) if len(rows) > limit
        else None)
