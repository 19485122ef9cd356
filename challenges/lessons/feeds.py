"""An Atom feed of newly published lessons records (/lessons.atom), with the library's
filters, built like the challenges' feeds (challenges.challenges.feeds): ElementTree
escapes what municipalities typed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask import Response, request
from flask_babel import get_locale
from flask_babel import gettext as _

from challenges.access import public
from challenges.cache import cached_page
from challenges.challenges.feeds import ATOM_NS, FEED_SIZE, XML_LANG, _add, _public_cache
from challenges.db import utcnow
from challenges.lessons import queries
from challenges.lessons.models import LessonsRecord
from challenges.lessons.views import bp
from challenges.links import external_url, iso_brussels, organisation_url, tag_uri


@bp.get("/lessons.atom")
@cached_page
@public()
def feed():
    filters = queries.read_filters(request.args)
    records, outcomes = queries.library_slice(filters, 0, FEED_SIZE)
    self_url = external_url("lessons.feed", **queries.filter_args(filters))
    root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: str(get_locale())})
    _add(root, "id", self_url)
    _add(root, "title", _("New lessons shared across municipalities"), type="text")
    _add(root, "updated", iso_brussels(max((r.published_at or r.updated_at for r in records),
                                           default=utcnow())))
    _add(root, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(root, "link", rel="alternate", type="text/html",
         href=external_url("lessons.library", **queries.filter_args(filters)))
    _add(_add(root, "author"), "name", _("Lessons shared across municipalities"))
    _add(root, "generator", "challenges")
    for record in records:
        _entry(root, record, [o.label for o in outcomes[record.challenge_id]])
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    _public_cache(response, vary_language=True)
    response.add_etag()
    response.make_conditional(request)
    return response


def _entry(root: ET.Element, record: LessonsRecord, outcomes: list[str]) -> None:
    challenge = record.challenge
    published = record.published_at or record.created_at
    entry = _add(root, "entry")
    _add(entry, "id", tag_uri("lessons", record.id, record.created_at))
    _add(entry, "title", _("Lessons of %(title)s", title=challenge.title), type="text")
    _add(entry, "updated", iso_brussels(max(record.updated_at, published)))
    _add(entry, "published", iso_brussels(published))
    _add(entry, "link", rel="alternate", type="text/html",
         href=external_url("lessons.view", slug=challenge.slug))
    summary = _("The lessons are not yet known.") if record.not_yet_known else record.summary
    if outcomes:
        summary = f"{summary}\n\n{_('Pilots')}: {', '.join(outcomes)}"
    _add(entry, "summary", summary, type="text")
    author = _add(entry, "author")
    _add(author, "name", challenge.organisation.name)
    _add(author, "uri", organisation_url(challenge.organisation.slug))
    for theme in challenge.themes:
        _add(entry, "category", term=theme.slug, label=theme.name)
