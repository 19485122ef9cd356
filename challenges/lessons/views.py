"""The lessons' pages: the organiser's record, its public page and the shared library."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs, public
from challenges.accounts.models import PopulationBand
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge
from challenges.challenges.queries import load_challenge
from challenges.errors import Refused
from challenges.lessons import forms, operations, queries
from challenges.lessons.models import LessonsRecord
from challenges.lessons.queries import load_lessons
from challenges.pilots.models import Outcome
from challenges.web import show_problems

bp = Blueprint("lessons", __name__)


@bp.app_template_global("lessons_of")
def lessons_of(challenge: Challenge) -> LessonsRecord | None:
    """The challenge's published lessons, for its public page."""
    record = queries.record_of(challenge)
    return record if record is not None and record.is_published else None


@bp.route("/manage/challenges/<slug>/lessons", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_challenge)
def edit(challenge: Challenge):
    record = queries.record_of(challenge) or operations.prefilled(challenge)
    form = forms.LessonsForm(obj=record)
    if form.validate_on_submit():
        try:
            operations.save(challenge, current_user, form.data, publish=bool(form.publish.data))
        except Refused as error:
            show_problems(form, error.problems)
        else:
            saved = queries.record_of(challenge)
            flash(_("The lessons are published.") if saved and saved.is_published
                  else _("The lessons are saved as a draft."), "success")
            return redirect(url_for("lessons.edit", slug=challenge.slug))
    return render_template("lessons/edit.html", challenge=challenge, record=record, form=form,
                           facts=queries.facts(challenge))


@bp.get("/lessons/<slug>")
@public(record=load_lessons)
def view(record: LessonsRecord):
    return render_template("lessons/view.html", record=record, challenge=record.challenge,
                           facts=queries.facts(record.challenge))


@bp.get("/lessons")
@public()
def library():
    filters = queries.read_filters(request.args)
    return render_template("lessons/library.html", filters=filters,
                           result=queries.library(filters), choices=queries.filter_choices(),
                           bands=list(PopulationBand), routes=list(LegalRoute),
                           outcomes=list(Outcome))
