"""The lessons' pages: the organiser's record, its public page and the shared library."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs, public
from challenges.accounts.models import PopulationBand
from challenges.cache import cached_page
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge
from challenges.challenges.queries import load_challenge
from challenges.errors import Refused
from challenges.files import download
from challenges.lessons import forms, operations, peers, queries
from challenges.lessons.models import LessonsRecord
from challenges.lessons.queries import load_lessons
from challenges.links import external_url
from challenges.pilots.models import Outcome
from challenges.spreadsheets import CSV_MIMETYPE, to_csv
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
@cached_page
@public(record=load_lessons)
def view(record: LessonsRecord):
    return render_template(
        "lessons/view.html", record=record, challenge=record.challenge,
        facts=queries.facts(record.challenge),
        peer_questions=peers.public_questions(record),
        own_questions=peers.questions_of(record) if record.can_edit(current_user) else [],
        peer_form=forms.question_form(record, current_user, submitted=False)
        if record.can_ask(current_user) else None)


@bp.get("/lessons")
@cached_page
@public()
def library():
    filters = queries.read_filters(request.args)
    return render_template("lessons/library.html", filters=filters,
                           result=queries.library(filters), choices=queries.filter_choices(),
                           filter_args=queries.filter_args(filters),
                           bands=list(PopulationBand), routes=list(LegalRoute),
                           outcomes=list(Outcome))


@bp.get("/lessons.csv")
@cached_page
@public()
def library_csv():
    """The library with the same filters, as a spreadsheet: what the pages show, no more."""
    records, outcomes = queries.library_export(queries.read_filters(request.args))
    header = [_("Challenge"), _("Municipality"), _("Size of the municipality"),
              _("Legal route"), _("Themes"), _("Outcomes"), _("Published"),
              _("Lessons in brief"), _("Address")]
    body = [[r.challenge.title, r.challenge.organisation.name,
             r.challenge.organisation.population_band.label
             if r.challenge.organisation.population_band else "",
             r.challenge.legal_route.label, ", ".join(t.name for t in r.challenge.themes),
             ", ".join(o.label for o in outcomes[r.challenge_id]),
             r.published_at.date().isoformat() if r.published_at else "",
             _("not yet known") if r.not_yet_known else r.summary,
             external_url("lessons.view", slug=r.challenge.slug)]
            for r in records]
    return download(to_csv(header, body), CSV_MIMETYPE, "lessons.csv", private=False)
