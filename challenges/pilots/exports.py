"""A pilot as files: the XLSX of its milestones and payments for the organiser's records,
and the public progress of a challenge's pilots as an Atom feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, time

from flask import Response, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.files import download
from challenges.i18n import format_day, format_number
from challenges.links import challenge_url, external_url, iso_brussels, tag_uri
from challenges.pilots.models import MilestoneStatus, Pilot
from challenges.pilots.queries import PublicPilot
from challenges.spreadsheets import XLSX_MIMETYPE, Cell, neutralise, to_xlsx
from challenges.timezones import BRUSSELS

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return neutralise(value or "")


def milestone_rows(pilot: Pilot) -> tuple[list[str], list[list[Cell]]]:
    header = [_("Milestone"), _("Due date"), _("Status"), _("Amount on acceptance"),
              _("Accepted on"), _("Deliverable")]
    body: list[list[Cell]] = [
        [_text(m.title), m.due_on.isoformat(), m.shown_status.label, m.amount,
         m.accepted_at.astimezone(BRUSSELS).date().isoformat() if m.accepted_at else "",
         _text(m.deliverable)] for m in pilot.milestones]
    return header, body


def payment_rows(pilot: Pilot) -> tuple[list[str], list[list[Cell]]]:
    header = [_("Milestone"), _("Amount"), _("Status"), _("Approved on"), _("Internal note")]
    body: list[list[Cell]] = [
        [_text(p.milestone.title), p.amount, p.status.label,
         p.approved_at.astimezone(BRUSSELS).date().isoformat() if p.approved_at else "",
         _text(p.internal_note)] for p in pilot.payments]
    body.append([_("Total paid"), pilot.paid, "", "", ""])
    body.append([_("Award"), pilot.amount, "", "", ""])
    return header, body


def xlsx_response(pilot: Pilot) -> Response:
    content = to_xlsx([(_("Milestones"), *milestone_rows(pilot)),
                       (_("Payments"), *payment_rows(pilot))], wrap_columns=frozenset({0, 5}))
    reference = pilot.proposal.reference or str(pilot.proposal_id)
    return download(content, XLSX_MIMETYPE, f"pilot-{reference}.xlsx")


# Atom ---------------------------------------------------------------------------------------

def _moment(day) -> datetime:
    return datetime.combine(day, time(12), tzinfo=BRUSSELS).astimezone(UTC)


def _entries(item: PublicPilot) -> list[tuple[datetime, str, str, str]]:
    """(when, id, title, text) of each public step of one pilot."""
    pilot, title = item.pilot, item.pilot.proposal.title
    rows = [(pilot.created_at, tag_uri("pilot", pilot.id, pilot.created_at),
             _("Pilot started: %(title)s", title=title),
             _("From %(start)s to %(end)s.", start=format_day(pilot.starts_on),
               end=format_day(pilot.ends_on)))]
    for milestone in pilot.milestones:
        if milestone.status == MilestoneStatus.ACCEPTED and milestone.accepted_at:
            rows.append((milestone.accepted_at,
                         tag_uri("milestone", milestone.id, milestone.created_at),
                         _("Milestone reached: %(milestone)s (%(title)s)",
                           milestone=milestone.title, title=title), milestone.description))
    for series in item.series:
        for day, value, note in series.points:
            tag = tag_uri(f"kpi-{series.kpi.id}-{day.isoformat()}", pilot.id, pilot.created_at)
            rows.append((_moment(day), tag,
                         _("%(kpi)s: %(value)s %(unit)s (%(title)s)", kpi=series.kpi.name,
                           value=format_number(value), unit=series.kpi.unit, title=title),
                         note))
    if pilot.evaluation is not None and pilot.evaluation.outcome is not None:
        rows.append((pilot.evaluation.evaluated_at,
                     tag_uri("evaluation", pilot.evaluation.id, pilot.evaluation.evaluated_at),
                     _("Pilot evaluated: %(outcome)s (%(title)s)",
                       outcome=pilot.evaluation.outcome.label, title=title),
                     pilot.evaluation.what_worked))
    return rows


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _NOT_XML.sub("", v) for k, v in attributes.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def atom_response(challenge: Challenge, timeline: list[PublicPilot]) -> Response:
    rows = sorted((row for item in timeline for row in _entries(item)), key=lambda r: r[0],
                  reverse=True)[:50]
    self_url = external_url("pilots.feed", slug=challenge.slug)
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: str(get_locale())})
    _add(feed, "id", self_url)
    _add(feed, "title", _("Pilots of %(title)s", title=challenge.title), type="text")
    _add(feed, "updated", iso_brussels(rows[0][0] if rows else utcnow()))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html",
         href=challenge_url(challenge.slug) + "#pilots")
    _add(_add(feed, "author"), "name", challenge.organisation.name)
    for when, ident, title, text in rows:
        entry = _add(feed, "entry")
        _add(entry, "id", ident)
        _add(entry, "title", title, type="text")
        _add(entry, "updated", iso_brussels(when))
        _add(entry, "link", rel="alternate", type="text/html",
             href=challenge_url(challenge.slug) + "#pilots")
        if text:
            _add(entry, "summary", text, type="text")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    if not current_user.is_authenticated:
        response.headers["Cache-Control"] = "public, max-age=300"
    response.vary.add("Accept-Language")
    response.add_etag()
    response.make_conditional(request)
    return response
