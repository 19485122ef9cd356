"""The organisers' page to write to participants, and the messages a participant received,
shown on the challenge page."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs
from challenges.announcements import forms, operations, queries
from challenges.announcements.models import Segment
from challenges.challenges.models import Challenge
from challenges.challenges.queries import load_challenge
from challenges.errors import Refused
from challenges.web import show_problems

bp = Blueprint("announcements", __name__)


@bp.app_template_global("announcement_section")
def section_context(challenge: Challenge) -> SimpleNamespace:
    """The messages the current user received about this challenge
    (templates/announcements/_section.html)."""
    return SimpleNamespace(
        received=queries.received(challenge, current_user),
        manage_url=(url_for("announcements.manage", slug=challenge.slug)
                    if challenge.is_public and challenge.can_edit(current_user) else None))


def _render(challenge: Challenge, form, status: int = 200):
    return render_template("announcements/manage.html", challenge=challenge, form=form,
                           sent=queries.sent(challenge)), status


@bp.get("/manage/challenges/<slug>/messages")
@needs(Challenge.can_edit, challenge=load_challenge)
def manage(challenge: Challenge):
    return _render(challenge, forms.announcement_form(queries.segment_sizes(challenge)))


@bp.post("/manage/challenges/<slug>/messages")
@needs(Challenge.can_edit, challenge=load_challenge)
def send(challenge: Challenge):
    form = forms.announcement_form(queries.segment_sizes(challenge))
    if not form.validate_on_submit():
        return _render(challenge, form, 400)
    try:
        announcement = operations.send(challenge, Segment(form.segment.data),
                                       form.subject.data or "", form.body.data or "",
                                       current_user)
    except Refused as error:
        show_problems(form, error.problems)
        return _render(challenge, form, 400)
    flash(_("Sent to %(n)d people.", n=announcement.recipient_count), "success")
    return redirect(url_for("announcements.manage", slug=challenge.slug))
