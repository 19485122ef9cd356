"""Events for everyone: the platform's upcoming events (/events, a feed), an event's page with
registration and, on a pitch day, the slots advanced teams book; its calendar file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from challenges.access import public, require, signed_in
from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.links import external_url, iso_brussels, tag_uri
from challenges.sessions import forms, operations, queries
from challenges.sessions.calendar import session_calendar, session_url
from challenges.sessions.models import PitchSlot, Registration, Session
from challenges.web import flash_problems, page_number, pressed

bp = Blueprint("sessions", __name__, cli_group="sessions")

ATOM_NS = "http://www.w3.org/2005/Atom"


@bp.app_template_global("session_section")
def section_context(challenge: Challenge) -> SimpleNamespace:
    """A challenge's events for its page (templates/sessions/_section.html)."""
    now = utcnow()
    sessions = queries.sessions_of(challenge)
    return SimpleNamespace(
        upcoming=[s for s in sessions if not s.is_past(now)],
        past=[s for s in sessions if s.is_past(now)],
        manage_url=(url_for("sessions_manage.index", slug=challenge.slug)
                    if challenge.can_edit(current_user) else None))


@bp.get("/events")
@public()
def index():
    page = db.paginate(queries.upcoming(utcnow()), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("sessions/index.html", page=page)


def _book_form(proposals) -> forms.BookForm:
    form = forms.BookForm(formdata=None)
    form.proposal_id.choices = [SelectChoice(p.id, p.title or _("Untitled proposal"))
                                for p in proposals]
    return form


@bp.get("/events/<id:session_id>")
@public(session=queries.load_session)
def detail(session: Session):
    now = utcnow()
    proposals = operations.bookable_proposals(session, current_user)
    booked = {slot.proposal_id for slot in session.slots if slot.proposal_id}
    return render_template(
        "sessions/detail.html", session=session, challenge=session.challenge,
        registration=session.registration_of(current_user),
        problem=(operations.registration_problem(session, current_user, now)
                 if current_user.is_authenticated else None),
        action_form=ActionForm(formdata=None), proposals=proposals,
        my_slot_ids={s.id for s in session.slots if s.proposal_id in {p.id for p in proposals}},
        team_has_slot=any(p.id in booked for p in proposals),
        book_form=_book_form(proposals), now=now)


@bp.get("/events/<id:session_id>/calendar.ics")
@public(session=queries.load_session)
def calendar(session: Session):
    response = Response(session_calendar(session), content_type="text/calendar; charset=utf-8")
    response.headers.set("Content-Disposition", "attachment", filename=f"event-{session.id}.ics")
    return response


@bp.get("/events/feed.atom")
@public()
def feed():
    items = list(db.session.scalars(queries.upcoming(utcnow(), limit=50)))
    self_url = external_url("sessions.feed")
    root = ET.Element("feed", {"xmlns": ATOM_NS,
                               "{http://www.w3.org/XML/1998/namespace}lang": str(get_locale())})
    ET.SubElement(root, "id").text = self_url
    ET.SubElement(root, "title").text = _("Upcoming events")
    ET.SubElement(root, "updated").text = iso_brussels(
        max((s.updated_at for s in items), default=utcnow()))
    ET.SubElement(root, "link", {"rel": "self", "href": self_url})
    ET.SubElement(root, "link", {"rel": "alternate", "href": external_url("sessions.index")})
    ET.SubElement(ET.SubElement(root, "author"), "name").text = _("Challenges")
    for item in items:
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "id").text = tag_uri("session", item.id, item.created_at)
        ET.SubElement(entry, "title").text = f"{item.kind.label}: {item.title}"
        ET.SubElement(entry, "updated").text = iso_brussels(item.updated_at)
        ET.SubElement(entry, "link", {"rel": "alternate", "href": session_url(item)})
        ET.SubElement(entry, "summary").text = _(
            "%(when)s, %(where)s. A challenge of %(organisation)s: %(title)s",
            when=iso_brussels(item.starts_at), where=item.place or _("online"),
            organisation=item.challenge.organisation.name, title=item.challenge.title)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    response.vary.add("Accept-Language")
    return response


def _back(session: Session):
    return redirect(url_for("sessions.detail", session_id=session.id))


@bp.post("/events/<id:session_id>/register")
@signed_in(session=queries.load_session)
def register(session: Session):
    def told(registration: Registration) -> str:
        if registration.is_waiting:
            return _("You are on the waiting list. We email you when a place is free.")
        return _("You are registered. The confirmation, with a calendar file, is in your email.")

    pressed(lambda: operations.register(session, current_user), told)
    return _back(session)


@bp.post("/events/<id:session_id>/registration/cancel")
@signed_in(session=queries.load_session, registration=queries.load_registration)
def cancel(session: Session, registration: Registration):
    pressed(lambda: operations.cancel_registration(registration, current_user),
            _("Your registration is cancelled."))
    return _back(session)


@bp.post("/events/<id:session_id>/slots/<id:slot_id>/book")
@signed_in(session=queries.load_session, slot=queries.load_slot)
def book(session: Session, slot: PitchSlot):
    proposals = {p.id: p for p in operations.bookable_proposals(session, current_user)}
    form = forms.BookForm()
    form.proposal_id.choices = [SelectChoice(p.id, p.title) for p in proposals.values()]
    # Seeing the event is public; booking is for the advanced teams only.
    require(bool(proposals))
    if form.validate_on_submit():
        try:
            operations.book(slot, proposals[form.proposal_id.data], current_user)
        except Refused as error:
            flash_problems(error)
            return _back(session)
        flash(_("Your slot is booked. The team gets the confirmation by email."), "success")
    else:
        flash(_("Choose the proposal the slot is for."), "danger")
    return _back(session)


@bp.post("/events/<id:session_id>/slots/<id:slot_id>/release")
@signed_in(session=queries.load_session, slot=queries.load_slot)
def release(session: Session, slot: PitchSlot):
    pressed(lambda: operations.release(slot, current_user),
            _("The slot is free again."))
    return _back(session)


@bp.cli.command("remind")
def remind_command():
    """Remind those registered for an event the day before (run it often)."""
    import click

    click.echo(f"reminded {operations.send_reminders()} registration(s)")
