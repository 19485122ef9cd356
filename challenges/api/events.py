"""GET /api/v1/events: the platform's upcoming info sessions and pitch days, as on /events."""

from __future__ import annotations

from flask import jsonify

from challenges.access import public
from challenges.api.serialise import event
from challenges.api.views import _next_url, _paging, bp
from challenges.cache import cached_page
from challenges.db import utcnow
from challenges.extensions import db
from challenges.links import challenge_url
from challenges.sessions import queries


@bp.get("/events")
@cached_page
@public()
def events():
    limit, page = _paging()
    # One row more than asked tells whether a next page exists, without a COUNT query.
    rows = list(db.session.scalars(
        queries.upcoming(utcnow()).offset((page - 1) * limit).limit(limit + 1)))
    return jsonify(
        items=[{**event(s), "challenge": {"slug": s.challenge.slug, "title": s.challenge.title,
                                          "organisation": s.challenge.organisation.name,
                                          "url": challenge_url(s.challenge.slug)}}
               for s in rows[:limit]],
        next=_next_url("api.events", (), limit, page + 1) if len(rows) > limit else None)
