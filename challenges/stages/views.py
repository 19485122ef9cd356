"""The organisers' stage editor (/manage/challenges/<slug>/stages): no JavaScript needed,
every action a real form."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from challenges.access import belongs_or_404, needs
from challenges.challenges.changes import NeedsConfirmation
from challenges.challenges.models import Challenge, reader_language
from challenges.challenges.queries import load_challenge
from challenges.challenges.stages import ChallengeStage
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.jury.queries import stage_jury_summaries
from challenges.stages import operations
from challenges.stages.forms import FIELD_LABELS, StageForm, new_stage_form
from challenges.stages.timeline import own_criteria, shown_description, takes_newcomers, timeline
from challenges.web import pressed, show_problems

bp = Blueprint("stages", __name__)


@bp.app_template_global()
def stage_place(stage: ChallengeStage) -> Markup:
    """"Stage 2 of 3: Full proposal", the name in the reader's language (marked `lang`
    where it falls back to the other)."""
    name, language = stage.shown_name
    lang = f' lang="{language}"' if language != reader_language() else ""
    return Markup("{} <span{}>{}</span>").format(
        _("Stage %(n)d of %(total)d:", n=stage.position, total=len(stage.challenge.stages)),
        Markup(lang), escape(name))


bp.add_app_template_global(shown_description, "stage_description")
bp.add_app_template_global(own_criteria, "stage_own_criteria")


@bp.app_template_global()
def staging(challenge: Challenge) -> SimpleNamespace | None:
    """What the public pages show of a challenge run in stages (None without stages): the
    timeline, the current stage, whether newcomers may start a proposal, and the deadline
    that matters now (the first stage's while it takes newcomers, else the current one's)."""
    if not challenge.stages:
        return None
    now = utcnow()
    rows = timeline(challenge, now)
    current = next((row.stage for row in rows if row.is_current), None)
    newcomers = takes_newcomers(challenge, now)
    deadline = challenge.stages[0].closes_at if newcomers else (
        current.closes_at if current is not None else None)
    return SimpleNamespace(rows=rows, current=current, newcomers=newcomers, deadline=deadline,
                           place=stage_place(current) if current is not None else "")


def load_stage(challenge: Challenge, stage_id: int) -> ChallengeStage:
    return belongs_or_404(ChallengeStage, stage_id, challenge_id=challenge.id)


def _index_url(challenge: Challenge) -> str:
    return url_for("stages.index", slug=challenge.slug)


def _render_index(challenge: Challenge, forms: dict, status: int = 200, change=None):
    return render_template("stages/index.html", challenge=challenge, forms=forms,
                           stages=list(challenge.stages), change=change, now=utcnow(),
                           field_labels=FIELD_LABELS,
                           juries=stage_jury_summaries(challenge)), status


def _empty_forms(challenge: Challenge) -> dict:
    if challenge.stages:
        return {"new": new_stage_form(challenge, formdata=None)}
    return {"first": new_stage_form(challenge, prefix="first", formdata=None),
            "second": new_stage_form(challenge, prefix="second", formdata=None)}


@bp.get("/manage/challenges/<slug>/stages")
@needs(Challenge.can_edit, challenge=load_challenge)
def index(challenge: Challenge):
    return _render_index(challenge, _empty_forms(challenge))


def _spread(problems: dict, forms: dict) -> None:
    """Each problem to its form: keys are `first-field`, `second-field` or a bare field."""
    for key, message in problems.items():
        prefix, _sep, name = key.partition("-")
        if name and prefix in forms:
            show_problems(forms[prefix], {name: message})
        else:
            show_problems(next(iter(forms.values())), {key: message})


@bp.post("/manage/challenges/<slug>/stages")
@needs(Challenge.can_edit, challenge=load_challenge)
def add(challenge: Challenge):
    confirmed = request.form.get("confirm")
    if not challenge.stages:
        forms = {"first": new_stage_form(challenge, prefix="first"),
                 "second": new_stage_form(challenge, prefix="second")}
        valid = all([form.validate_on_submit() for form in forms.values()])
        if not valid:
            return _render_index(challenge, forms, 400)
        try:
            operations.set_up(challenge, forms["first"].data_for_operation(),
                              forms["second"].data_for_operation(), current_user,
                              confirmed=confirmed)
        except Refused as error:
            _spread(error.problems, forms)
            return _render_index(challenge, forms, 400)
        except NeedsConfirmation as asked:
            return _render_index(challenge, forms, change=asked.change)
        flash(_("The challenge now runs in two stages."), "success")
        return redirect(_index_url(challenge))
    form = new_stage_form(challenge)
    if not form.validate_on_submit():
        return _render_index(challenge, {"new": form}, 400)
    try:
        operations.add(challenge, form.data_for_operation(), current_user, confirmed=confirmed)
    except Refused as error:
        show_problems(form, error.problems)
        return _render_index(challenge, {"new": form}, 400)
    except NeedsConfirmation as asked:
        return _render_index(challenge, {"new": form}, change=asked.change)
    flash(_("The stage is added."), "success")
    return redirect(_index_url(challenge))


def _render_edit(challenge, stage, form, status=200, change=None):
    return render_template("stages/edit.html", challenge=challenge, stage=stage, form=form,
                           change=change, now=utcnow(),
                           judged=stage_jury_summaries(challenge).get(stage.id)), status


@bp.route("/manage/challenges/<slug>/stages/<id:stage_id>", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_challenge, stage=load_stage)
def edit(challenge: Challenge, stage: ChallengeStage):
    form = StageForm(challenge)
    if not form.is_submitted():
        form.fill(stage)
        return _render_edit(challenge, stage, form)
    if not form.validate():
        return _render_edit(challenge, stage, form, 400)
    try:
        operations.update(stage, form.data_for_operation(), current_user,
                          confirmed=request.form.get("confirm"))
    except Refused as error:
        show_problems(form, error.problems)
        return _render_edit(challenge, load_stage(challenge, stage.id), form, 400)
    except NeedsConfirmation as asked:
        return _render_edit(challenge, load_stage(challenge, stage.id), form,
                            change=asked.change)
    flash(_("The stage is saved."), "success")
    return redirect(_index_url(challenge))


def _act(challenge: Challenge, act: Callable[[], object], done: str):
    """One of the list's buttons: back on the list whether it was done or refused."""
    pressed(act, done)
    return redirect(_index_url(challenge))


@bp.post("/manage/challenges/<slug>/stages/<id:stage_id>/move")
@needs(Challenge.can_edit, challenge=load_challenge, stage=load_stage)
def move(challenge: Challenge, stage: ChallengeStage):
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    return _act(challenge, lambda: operations.move(stage, step, current_user),
                _("The stage is moved."))


@bp.post("/manage/challenges/<slug>/stages/<id:stage_id>/remove")
@needs(Challenge.can_edit, challenge=load_challenge, stage=load_stage)
def remove(challenge: Challenge, stage: ChallengeStage):
    return _act(challenge, lambda: operations.remove(stage, current_user),
                _("The stage is removed."))


@bp.post("/manage/challenges/<slug>/stages/remove-all")
@needs(Challenge.can_edit, challenge=load_challenge)
def remove_all(challenge: Challenge):
    return _act(challenge, lambda: operations.remove_all(challenge, current_user),
                _("The stages are removed: the challenge runs in one round, with its own "
                  "dates."))
