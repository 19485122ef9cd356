"""The organiser's editor of a submission form: the questions of a one-round challenge
(/manage/challenges/<slug>/form) or of one stage (/manage/challenges/<slug>/stages/<id>/form).
Each view is registered at both addresses; `stage` is None for the first."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs
from challenges.challenges.models import Challenge
from challenges.challenges.stages import ChallengeStage, FormQuestion, StageKind
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.files import table_download
from challenges.forms import ActionForm
from challenges.jury.models import Jury
from challenges.jury.queries import FINAL, load_jury
from challenges.links import external_url
from challenges.stages import form_operations as operations
from challenges.stages.form_forms import QuestionForm
from challenges.submissions import answers, exports, queries
from challenges.submissions.queries import load_managed_challenge
from challenges.timezones import utc_to_brussels
from challenges.web import flash_problems, show_problems

bp = Blueprint("forms", __name__)

ONE_ROUND = "/manage/challenges/<slug>/form"
PER_STAGE = "/manage/challenges/<slug>/stages/<id:stage_id>/form"


def load_form_stage(challenge: Challenge, stage_id: int | None) -> ChallengeStage | None:
    """The stage whose form is edited (None: the challenge's own form); a stage of another
    challenge, or a screening stage (nothing is submitted in it), does not exist here."""
    if stage_id is None:
        return None
    stage = db.session.get(ChallengeStage, stage_id)
    if stage is None or stage.challenge_id != challenge.id or stage.kind != StageKind.SUBMISSION:
        abort(404)
    return stage


def load_question(challenge: Challenge, stage: ChallengeStage | None,
                  question_id: int) -> FormQuestion:
    question = db.session.get(FormQuestion, question_id)
    if question is None or question.challenge_id != challenge.id \
            or question.stage_id != (stage.id if stage else None):
        abort(404)
    return question


def _routes(path: str, **options):
    """The view at the one-round address and at the per-stage one."""
    def register(view):
        bp.add_url_rule(ONE_ROUND + path, view_func=view, defaults={"stage_id": None},
                        **options)
        bp.add_url_rule(PER_STAGE + path, view_func=view, **options)
        return view
    return register


def _question_form(challenge: Challenge, **kwargs) -> QuestionForm:
    return QuestionForm(main_language=challenge.language or "nl",
                        max_mb=challenge.proposal_max_attachment_mb, **kwargs)


def _editor_url(challenge: Challenge, stage: ChallengeStage | None, **kwargs) -> str:
    return url_for("forms.editor", slug=challenge.slug, stage_id=stage.id if stage else None,
                   **kwargs)


def _render_editor(challenge, stage, form=None, change=None, status=200):
    questions = answers.questions_of(challenge, stage.id if stage else None)
    return render_template(
        "stages/form_editor.html", challenge=challenge, stage=stage, questions=questions,
        form=form or _question_form(challenge, formdata=None), change=change,
        locked=operations.is_locked(challenge, stage), action_form=ActionForm(),
        text=answers.question_text, editor_url=_editor_url(challenge, stage)), status


def _render_question(challenge, stage, question, form, change=None, status=200):
    return render_template(
        "stages/form_question.html", challenge=challenge, stage=stage, question=question,
        form=form, change=change, locked=operations.is_locked(challenge, stage),
        editor_url=_editor_url(challenge, stage)), status


@_routes("", endpoint="editor", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_managed_challenge, stage=load_form_stage)
def editor(challenge: Challenge, stage: ChallengeStage | None):
    """The list of questions, and the form that adds one (posted here)."""
    if request.method == "GET":
        return _render_editor(challenge, stage)
    form = _question_form(challenge)
    if not form.validate_on_submit():
        return _render_editor(challenge, stage, form, status=400)
    try:
        operations.add_question(challenge, stage, form.question_data(), current_user,
                                confirmed=request.form.get("confirm"))
    except Refused as error:
        show_problems(form, error.problems)
        return _render_editor(challenge, stage, form, status=400)
    except operations.ConfirmFormChange as asked:
        return _render_editor(challenge, stage, form, change=asked.change)
    flash(_("The question is added."), "success")
    return redirect(_editor_url(challenge, stage))


@_routes("/questions/<id:question_id>", endpoint="question", methods=["GET", "POST"])
@needs(Challenge.can_edit, challenge=load_managed_challenge, stage=load_form_stage,
       question=load_question)
def question(challenge: Challenge, stage: ChallengeStage | None, question: FormQuestion):
    form = _question_form(challenge)
    if request.method == "GET":
        form.fill(question)
        return _render_question(challenge, stage, question, form)
    if not form.validate_on_submit():
        return _render_question(challenge, stage, question, form, status=400)
    try:
        operations.update_question(question, form.question_data(), current_user,
                                   confirmed=request.form.get("confirm"))
    except operations.ConfirmFormChange as asked:
        return _render_question(challenge, stage, db.session.get(FormQuestion, question.id),
                                form, change=asked.change)
    flash(_("The question is saved."), "success")
    return redirect(_editor_url(challenge, stage))


def _confirm_page(challenge, stage, question, action, change):
    return render_template("stages/form_confirm.html", challenge=challenge, stage=stage,
                           question=question, action=action, change=change,
                           form=ActionForm(), editor_url=_editor_url(challenge, stage),
                           direction=request.form.get("direction", ""))


@_routes("/questions/<id:question_id>/move", endpoint="move", methods=["POST"])
@needs(Challenge.can_edit, challenge=load_managed_challenge, stage=load_form_stage,
       question=load_question)
def move(challenge: Challenge, stage: ChallengeStage | None, question: FormQuestion):
    if ActionForm().validate_on_submit():
        direction = "up" if request.form.get("direction") == "up" else "down"
        try:
            operations.move_question(question, direction, current_user,
                                     confirmed=request.form.get("confirm"))
        except operations.ConfirmFormChange as asked:
            return _confirm_page(challenge, stage, db.session.get(FormQuestion, question.id),
                                 "move", asked.change)
        except Refused as error:
            flash_problems(error)
        else:
            flash(_("The order is saved."), "success")
    return redirect(_editor_url(challenge, stage))


@_routes("/questions/<id:question_id>/delete", endpoint="remove", methods=["POST"])
@needs(Challenge.can_edit, challenge=load_managed_challenge, stage=load_form_stage,
       question=load_question)
def remove(challenge: Challenge, stage: ChallengeStage | None, question: FormQuestion):
    if ActionForm().validate_on_submit():
        try:
            operations.remove_question(question, current_user,
                                       confirmed=request.form.get("confirm"))
        except operations.ConfirmFormChange as asked:
            return _confirm_page(challenge, stage, db.session.get(FormQuestion, question.id),
                                 "remove", asked.change)
        flash(_("The question is removed, with its answers."), "success")
    return redirect(_editor_url(challenge, stage))


# The jury's copy of the answers -------------------------------------------------------------

def _jury_sheet(jury: Jury):
    challenge = jury.challenge
    proposals = [p for p in queries.proposals_for_export(challenge) if jury.includes(p)]

    def attachment_url(proposal, item) -> str:
        return external_url("jury.attachment", slug=challenge.slug, stage_id=jury.stage_id,
                            proposal_id=proposal.id, attachment_id=item.id)

    header, body = exports.jury_sheet(proposals, queries.form_questions(challenge),
                                      attachment_url, blind=jury.blind)
    today = utc_to_brussels(utcnow()).date().isoformat()
    return header, body, f"answers-{challenge.slug}-{today}"


@bp.get("/jury/<slug>/export/answers.csv", defaults={"extension": "csv", **FINAL})
@bp.get("/jury/<slug>/stages/<id:stage_id>/export/answers.csv", defaults={"extension": "csv"})
@bp.get("/jury/<slug>/export/answers.xlsx", defaults={"extension": "xlsx", **FINAL},
        endpoint="jury_answers_xlsx")
@bp.get("/jury/<slug>/stages/<id:stage_id>/export/answers.xlsx",
        defaults={"extension": "xlsx"}, endpoint="jury_answers_xlsx")
@needs(Jury.can_oversee, jury=load_jury)
def jury_answers_csv(jury: Jury, extension: str):
    """The answers to the forms' questions the jury may read (never the private ones)."""
    header, body, name = _jury_sheet(jury)
    return table_download(extension, name, [(_("Answers"), header, body)])
