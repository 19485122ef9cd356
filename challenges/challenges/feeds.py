"""Atom feeds of published challenges and an iCalendar file per challenge deadline.

Both are built with libraries that escape for us (ElementTree, icalendar): titles and
summaries are typed by organisations and must never break the document.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import Blueprint, Response, abort, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from challenges.access import public
from challenges.accounts.models import Organisation
from challenges.cache import cached_page
from challenges.calendars import ical_text, one_event
from challenges.challenges.models import Challenge, ChallengeStatus, Theme
from challenges.challenges.queries import ChallengeFilters, challenge_by_slug, public_challenges
from challenges.challenges.stages import ChallengeStage, StageKind
from challenges.db import utcnow
from challenges.extensions import db
from challenges.links import (
    challenge_url,
    external_url,
    host_name,
    iso_brussels,
    listing_url,
    organisation_url,
    tag_uri,
)

if TYPE_CHECKING:
    import icalendar

bp = Blueprint("feeds", __name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_SIZE = 50
FEED_MAX_AGE = 300
# Characters XML 1.0 cannot carry at all; a pasted one would make the feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Control characters iCalendar text may not hold (RFC 5545 3.3.11); tab and newline may stay.


# Atom ---------------------------------------------------------------------------------------

@bp.get("/feeds/challenges.atom")
@cached_page
@public()
def challenges():
    theme = _theme_or_404(request.args.get("theme"))
    organisation = _organisation_or_404(request.args.get("organisation"))
    return _feed(theme, organisation)


@bp.get("/themes/<slug>/feed.atom")
@cached_page
@public()
def theme(slug: str):
    return _feed(_theme_or_404(slug), None)


@bp.get("/organisations/<slug>/feed.atom")
@cached_page
@public()
def organisation(slug: str):
    return _feed(None, _organisation_or_404(slug))


def _theme_or_404(slug: str | None) -> Theme | None:
    if not slug:
        return None
    if "\x00" in slug:  # PostgreSQL refuses NUL in text
        abort(404)
    found = db.session.scalar(select(Theme).where(Theme.slug == slug))
    if found is None:
        abort(404)
    return found


def _organisation_or_404(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    if "\x00" in slug:
        abort(404)
    found = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if found is None:
        abort(404)
    return found


def _feed(theme: Theme | None, organisation: Organisation | None) -> Response:
    filters = ChallengeFilters(theme=theme.slug if theme else None,
                               organisation=organisation.slug if organisation else None,
                               sort="newest")
    items = list(db.session.scalars(public_challenges(filters, limit=FEED_SIZE)))

    if theme and organisation:
        title = _("Challenges of %(organisation)s on %(theme)s",
                  organisation=organisation.name, theme=theme.name)
    elif theme:
        title = _("Challenges on %(theme)s", theme=theme.name)
    elif organisation:
        title = _("Challenges of %(organisation)s", organisation=organisation.name)
    else:
        title = _("New challenges")
    self_url = _self_url(theme, organisation)
    alternate = (organisation_url(organisation.slug) if organisation and not theme
                 else listing_url(**_listing_filters(theme, organisation)))

    # Plain tag names under an xmlns attribute: ElementTree's default_namespace option
    # refuses the unqualified attributes (rel, href, term) that Atom uses.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: str(get_locale())})
    _add(feed, "id", self_url)
    _add(feed, "title", title, type="text")
    _add(feed, "updated", iso_brussels(max((c.updated_at for c in items), default=utcnow())))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=alternate)
    # Entries name their organisation; the feed's own author keeps an empty feed valid.
    _add(_add(feed, "author"), "name", organisation.name if organisation else _("Challenges"))
    _add(feed, "generator", "challenges")
    for item in items:
        _entry(feed, item)

    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    _public_cache(response, vary_language=True)
    # Feed readers poll; an ETag lets them get a 304 instead of the whole feed again.
    response.add_etag()
    response.make_conditional(request)
    return response


def _entry(feed: ET.Element, item: Challenge) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", tag_uri("challenge", item.id, item.created_at))
    # The texts in the feed's language where they are written in it.
    title, title_lang = item.shown("title")
    title_element = _add(entry, "title", title, type="text")
    if title_lang != str(get_locale()):
        title_element.set(XML_LANG, title_lang)
    _add(entry, "updated", iso_brussels(item.updated_at))
    _add(entry, "published", iso_brussels(item.published_at or item.created_at))
    _add(entry, "link", rel="alternate", type="text/html", href=challenge_url(item.slug))
    summary, summary_lang = item.shown("summary")
    summary_element = _add(entry, "summary", summary, type="text")
    if summary_lang != str(get_locale()):
        summary_element.set(XML_LANG, summary_lang)
    author = _add(entry, "author")
    _add(author, "name", item.organisation.name)
    _add(author, "uri", organisation_url(item.organisation.slug))
    for item_theme in item.themes:
        _add(entry, "category", term=item_theme.slug, label=item_theme.name)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag,
                            {k: _NOT_XML.sub("", v) for k, v in attributes.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _listing_filters(theme: Theme | None, organisation: Organisation | None) -> dict:
    filters = {}
    if theme:
        filters["theme"] = theme.slug
    if organisation:
        filters["organisation"] = organisation.slug
    return filters


def _self_url(theme: Theme | None, organisation: Organisation | None) -> str:
    """The feed's own canonical address (also its id): the same feed read through another
    spelling of the query keeps one identity."""
    if request.endpoint == "feeds.theme" and theme:
        return external_url("feeds.theme", slug=theme.slug)
    if request.endpoint == "feeds.organisation" and organisation:
        return external_url("feeds.organisation", slug=organisation.slug)
    return external_url("feeds.challenges", **_listing_filters(theme, organisation))


def _public_cache(response: Response, vary_language: bool = False) -> None:
    # Feed readers and calendar apps poll; shared caches may keep what anyone can see.
    if not current_user.is_authenticated:
        response.headers["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    if vary_language:
        response.vary.add("Accept-Language")


# iCalendar ----------------------------------------------------------------------------------

@bp.get("/challenges/<slug>/deadline.ics")
@cached_page
@public()
def deadline(slug: str):
    challenge = None if "\x00" in slug else challenge_by_slug(slug)
    if challenge is None or not challenge.is_public or challenge.closes_at is None:
        abort(404)
    body = _calendar(challenge).to_ical()
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.headers.set("Content-Disposition", "attachment",
                         filename=f"{challenge.slug}-deadline.ics")
    _public_cache(response, vary_language=True)
    return response


def _calendar(challenge: Challenge) -> icalendar.Calendar:
    url = challenge_url(challenge.slug)
    # One line: X-WR-CALNAME is not escaped by icalendar, and a line break in it would end
    # the property (a title typed with a newline broke the file for everyone).
    title = " ".join(ical_text(challenge.shown("title")[0]).split())
    deadlines = [stage for stage in challenge.stages
                 if stage.kind == StageKind.SUBMISSION and stage.closes_at is not None]
    if deadlines:
        return _stage_calendar(challenge, deadlines, title, url)
    return one_event(
        uid=f"challenge-{challenge.id}-deadline@{host_name()}", stamp=challenge.updated_at,
        start=challenge.closes_at, end=challenge.closes_at,
        summary=_("Deadline: %(title)s", title=title),
        description=f"{challenge.shown('summary')[0]}\n\n{url}", url=url,
        cancelled=challenge.status == ChallengeStatus.CANCELLED,
        alarm_before=timedelta(days=1),
        alarm_text=_("Deadline tomorrow: %(title)s", title=title),
        prodid="-//challenges//deadline//EN", calname=title)


def _stage_calendar(challenge: Challenge, stages: list[ChallengeStage], title: str,
                    url: str) -> icalendar.Calendar:
    """A challenge in stages: an event for each submission stage's deadline (newcomers
    submit in the first, advanced teams in a later one), each with its own UID, so a
    changed stage deadline moves its event."""
    calendars = []
    for stage in stages:
        name = " ".join(ical_text(stage.shown_name[0]).split())
        calendars.append(one_event(
            uid=f"challenge-{challenge.id}-stage-{stage.id}-deadline@{host_name()}",
            stamp=challenge.updated_at, start=stage.closes_at, end=stage.closes_at,
            summary=_("Deadline of %(stage)s: %(title)s", stage=name, title=title),
            description=f"{challenge.shown('summary')[0]}\n\n{url}", url=url,
            cancelled=challenge.status == ChallengeStatus.CANCELLED,
            alarm_before=timedelta(days=1),
            alarm_text=_("Deadline of %(stage)s tomorrow: %(title)s", stage=name, title=title),
            prodid="-//challenges//deadline//EN", calname=title))
    calendar = calendars[0]
    for other in calendars[1:]:
        for event in other.walk("VEVENT"):
            calendar.add_component(event)
    return calendar
