"""The organisers' page of a stage's own criteria
(/manage/challenges/<slug>/stages/<id>/criteria), linked from the stage's edit page. Only a
submission round before the last stage has them (its jury scores on them); the last stage's
jury is the final one, on the challenge's own criteria, and a screening has no jury."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import belongs_or_404, needs
from challenges.challenges.models import Challenge, Criterion
from challenges.challenges.queries import load_challenge
from challenges.challenges.stages import ChallengeStage, stage_criteria
from challenges.errors import Refused
from challenges.extensions import db
from challenges.forms import ActionForm
from challenges.jury.models import has_own_jury, jury_of_stage
from challenges.stages import criteria_operations as operations
from challenges.stages.criteria_forms import LANGUAGE_NAMES, criteria_form
from challenges.web import pressed, show_problems

bp = Blueprint("stage_criteria", __name__)


def load_judged_stage(challenge: Challenge, stage_id: int) -> ChallengeStage:
    """A stage of this challenge with a jury of its own; any other is a 404."""
    stage = db.session.get(ChallengeStage, stage_id)
    if stage is None or stage.challenge_id != challenge.id or not has_own_jury(stage):
        abort(404)
    return stage


def load_stage_criterion(stage: ChallengeStage, criterion_id: int) -> Criterion:
    return belongs_or_404(Criterion, criterion_id, stage_id=stage.id)


def _url(challenge: Challenge, stage: ChallengeStage, **values) -> str:
    return url_for("stage_criteria.edit", slug=challenge.slug, stage_id=stage.id, **values)


def _render(challenge, stage, form, status=200):
    criteria = stage_criteria(stage)
    main = challenge.language or "nl"
    return render_template(
        "stages/criteria.html", challenge=challenge, stage=stage, form=form,
        criteria=criteria, total=sum(c.weight for c in criteria),
        locked=operations.is_locked(stage), jury=jury_of_stage(stage), main=main,
        languages=LANGUAGE_NAMES, action_form=ActionForm()), status


@bp.route("/manage/challenges/<slug>/stages/<id:stage_id>/criteria", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_challenge, stage=load_judged_stage)
def edit(challenge: Challenge, stage: ChallengeStage):
    form = criteria_form(challenge, stage_criteria(stage))
    if request.method == "GET":
        return _render(challenge, stage, form)
    if not form.validate_on_submit():
        return _render(challenge, stage, form, 400)
    try:
        saved = operations.save(stage, form.rows(), current_user)
    except Refused as error:
        show_problems(form, error.problems)
        return _render(challenge, stage, form, 409 if operations.is_locked(stage) else 400)
    if saved:
        flash(_("The criteria of this stage are saved. Its jury scores on them."), "success")
    else:
        flash(_("This stage has no criteria now: its jury cannot score until it has."),
              "warning")
    return redirect(_url(challenge, stage))


@bp.post("/manage/challenges/<slug>/stages/<id:stage_id>/criteria/<id:criterion_id>/move")
@needs(Challenge.can_edit, challenge=load_challenge, stage=load_judged_stage,
       criterion=load_stage_criterion)
def move(challenge: Challenge, stage: ChallengeStage, criterion: Criterion):
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    pressed(lambda: operations.move(stage, criterion, step, current_user),
            _("The criterion is moved."))
    return redirect(_url(challenge, stage, _anchor="criteria-list"))
