"""The organisers' screens for events: plan, change, cancel, see who registered, offer
pitch slots."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs
from challenges.challenges.models import Challenge
from challenges.challenges.queries import load_challenge
from challenges.errors import Refused
from challenges.forms import ActionForm
from challenges.sessions import forms, operations, queries
from challenges.sessions.models import Session
from challenges.timezones import brussels_to_utc
from challenges.web import flash_problems, pressed, show_problems

bp = Blueprint("sessions_manage", __name__)


def _render_index(challenge: Challenge, form, status: int = 200):
    return render_template("sessions/manage_index.html", challenge=challenge, form=form,
                           sessions=queries.sessions_of(challenge)), status


@bp.get("/manage/challenges/<slug>/events")
@needs(Challenge.can_edit, challenge=load_challenge)
def index(challenge: Challenge):
    return _render_index(challenge, forms.SessionForm(formdata=None))


@bp.post("/manage/challenges/<slug>/events")
@needs(Challenge.can_edit, challenge=load_challenge)
def create(challenge: Challenge):
    form = forms.SessionForm()
    if not form.validate_on_submit():
        return _render_index(challenge, form, 400)
    try:
        session = operations.schedule(challenge, form.data_for_operations(), current_user)
    except Refused as error:
        show_problems(form, error.problems)
        return _render_index(challenge, form, 400)
    flash(_("The event is planned and shown on the challenge page."), "success")
    return redirect(url_for("sessions_manage.edit", session_id=session.id))


def _render_edit(session: Session, form, slots_form, status: int = 200):
    return render_template("sessions/manage_edit.html", session=session,
                           challenge=session.challenge, form=form, slots_form=slots_form,
                           registrations=queries.registrations_for_manage(session),
                           action_form=ActionForm(formdata=None)), status


@bp.get("/manage/events/<id:session_id>")
@needs(Session.can_manage, session=queries.load_session)
def edit(session: Session):
    form = forms.SessionForm(formdata=None)
    form.fill(session)
    return _render_edit(session, form, forms.SlotsForm(formdata=None))


@bp.post("/manage/events/<id:session_id>")
@needs(Session.can_manage, session=queries.load_session)
def update(session: Session):
    form = forms.SessionForm()
    if not form.validate_on_submit():
        return _render_edit(session, form, forms.SlotsForm(formdata=None), 400)
    try:
        operations.change(session, form.data_for_operations(), current_user)
    except Refused as error:
        show_problems(form, error.problems)
        return _render_edit(session, form, forms.SlotsForm(formdata=None), 400)
    flash(_("Saved."), "success")
    return redirect(url_for("sessions_manage.edit", session_id=session.id))


@bp.post("/manage/events/<id:session_id>/cancel")
@needs(Session.can_manage, session=queries.load_session)
def cancel(session: Session):
    pressed(lambda: operations.cancel_session(session, current_user),
            _("The event is cancelled; those registered are told by email."))
    return redirect(url_for("sessions_manage.edit", session_id=session.id))


@bp.post("/manage/events/<id:session_id>/slots")
@needs(Session.can_manage, session=queries.load_session)
def add_slots(session: Session):
    slots_form = forms.SlotsForm()
    form = forms.SessionForm(formdata=None)
    form.fill(session)
    if not slots_form.validate_on_submit():
        return _render_edit(session, form, slots_form, 400)
    try:
        slots = operations.add_slots(session, brussels_to_utc(slots_form.first_start.data),
                                     slots_form.count.data or 0, slots_form.minutes.data or 0,
                                     current_user)
    except Refused as error:
        if not session.is_pitch_day:  # the page shows no slots form to put the message by
            flash_problems(error)
            return redirect(url_for("sessions_manage.edit", session_id=session.id))
        show_problems(slots_form, error.problems)
        return _render_edit(session, form, slots_form, 400)
    flash(_("%(n)d slots offered.", n=len(slots)), "success")
    return redirect(url_for("sessions_manage.edit", session_id=session.id) + "#slots")
