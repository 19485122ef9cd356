"""Public questions and answers on a challenge: asking, the public list, and the organisers'
queue with answer, merge and reject. The rules live in challenges.challenges.qa."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.challenges import qa
from challenges.challenges.models import Challenge, Question, QuestionStatus
from challenges.challenges.queries import challenge_by_slug
from challenges.extensions import db, limiter
from challenges.security import get_or_404, require, signed_in_or_403, visible_challenge_or_404
from challenges.web import page_number

bp = Blueprint("questions", __name__)


def _login_redirect(challenge: Challenge):
    # A POST cannot be replayed after signing in; come back to the form instead.
    return redirect(url_for("accounts.login",
                            next=url_for("questions.new", slug=challenge.slug)))


# Larger numbers in an address are answered with 404 rather than a database error.
ID = "int(max=2147483647)"


def _asker_key() -> str:
    return f"ask-question:{current_user.get_id() if current_user.is_authenticated else ''}"


def _question_sent(response) -> bool:
    # Only questions actually sent count: a form with a typo must not use up the allowance.
    return response.status_code == 302 and current_user.is_authenticated



# Participants ---------------------------------------------------------------------------------

@bp.get("/challenges/<slug>/questions")
def index(slug: str):
    challenge = visible_challenge_or_404(slug)
    return render_template("questions/index.html", challenge=challenge,
                           **qa.section_context(challenge, current_user))


@bp.get("/challenges/<slug>/questions/new")
def new(slug: str):
    challenge = visible_challenge_or_404(slug)
    if not current_user.is_authenticated:
        return _login_redirect(challenge)
    refusal = qa.ask_refusal(challenge, current_user)
    return _render_new(challenge, qa.AskForm(prefix=qa.ASK_PREFIX), refusal)


@bp.post("/challenges/<slug>/questions")
@limiter.limit(lambda: current_app.config.get("QUESTION_RATE_LIMIT", "20 per hour"),
               key_func=_asker_key, deduct_when=_question_sent)
def ask(slug: str):
    challenge = visible_challenge_or_404(slug)
    if not current_user.is_authenticated:
        return _login_redirect(challenge)
    form = qa.AskForm(prefix=qa.ASK_PREFIX)
    refusal = qa.ask_refusal(challenge, current_user)
    if refusal is not None:
        # The typed text is kept, so nothing is lost once the email address is confirmed.
        return _render_new(challenge, form, refusal, 403)
    if form.validate_on_submit():
        try:
            qa.ask(challenge, current_user, form.body.data)
        except qa.QuestionRuleError as error:
            form.body.errors = [*form.body.errors, str(error)]
        else:
            flash(_("Thank you. Your question is sent to the organisers; the answer will be "
                    "published on the challenge page for everyone."), "success")
            return redirect(qa.challenge_url(challenge))
    return _render_new(challenge, form, None, 400)


def _render_new(challenge: Challenge, form, refusal: qa.AskRefusal | None, status: int = 200):
    return render_template("questions/new.html", challenge=challenge, form=form,
                           refusal=refusal.value if refusal else None,
                           refusal_message=qa.refusal_message(refusal, challenge),
                           challenge_link=qa.challenge_url(challenge)), status


# Organisers -----------------------------------------------------------------------------------

@bp.get("/manage/questions")
@signed_in_or_403
def queue():
    require(qa.may_see_queue(current_user))
    page = db.paginate(qa.queue_query(current_user), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("questions/queue.html", page=page)


@bp.get("/manage/challenges/<slug>/questions")
@signed_in_or_403
def manage_challenge(slug: str):
    challenge = challenge_by_slug(slug)
    if challenge is None:
        abort(404)
    require(qa.can_moderate(challenge, current_user))
    return _render_manage(challenge)


def _render_manage(challenge: Challenge, bound: dict | None = None, status: int = 200):
    """The challenge's questions with a form per action; `bound` holds the one submitted form
    that had errors, keyed by (question id, action), so it is shown with the input kept."""
    bound = bound or {}
    groups = qa.questions_by_status(challenge)
    forms = {}
    for question in groups[QuestionStatus.PENDING] + groups[QuestionStatus.ANSWERED]:
        forms[question.id] = {
            "answer": bound.get((question.id, "answer")) or qa.answer_form(
                question, formdata=None, data={"answer": question.answer or ""}),
        }
        if question.status == QuestionStatus.PENDING:
            merge = bound.get((question.id, "merge")) or qa.merge_form(question, formdata=None)
            forms[question.id]["merge"] = qa.offer_targets(
                merge, qa.merge_candidates(question, groups))
            forms[question.id]["reject"] = (bound.get((question.id, "reject"))
                                            or qa.reject_form(question, formdata=None))
    return render_template("questions/manage.html", challenge=challenge, groups=groups,
                           forms=forms, public_link=qa.challenge_url(challenge)), status


def _moderated_question_or_404(question_id: int) -> Question:
    question = get_or_404(Question, question_id)
    require(qa.can_moderate(question.challenge, current_user))
    return question


def _refused(question: Question, action: str):
    """The action does not apply to the question in its current state (say, a question that
    a colleague merged a minute ago); say so rather than show a form that is not there."""
    if qa.allowed(question, action):
        return None
    flash(str(qa.NOT_ALLOWED[action]), "danger")
    return _back(question)


def _back(question: Question):
    return redirect(url_for("questions.manage_challenge", slug=question.challenge.slug,
                            _anchor=f"question-{question.id}"))


def _failed(question: Question, action: str, form, error: qa.QuestionRuleError):
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
        return _render_manage(question.challenge, {(question.id, action): form}, 400)
    flash(str(error), "danger")
    return _back(question)


@bp.post(f"/manage/questions/<{ID}:question_id>/answer")
@signed_in_or_403
def answer(question_id: int):
    question = _moderated_question_or_404(question_id)
    if (refused := _refused(question, "answer")) is not None:
        return refused
    form = qa.answer_form(question)
    if not form.validate_on_submit():
        return _render_manage(question.challenge, {(question.id, "answer"): form}, 400)
    try:
        first = qa.answer(question, form.answer.data, current_user)
    except qa.QuestionRuleError as error:
        return _failed(question, "answer", form, error)
    flash(_("The answer is published.") if first else _("The answer is updated."), "success")
    return _back(question)


@bp.post(f"/manage/questions/<{ID}:question_id>/merge")
@signed_in_or_403
def merge(question_id: int):
    question = _moderated_question_or_404(question_id)
    if (refused := _refused(question, "merge")) is not None:
        return refused
    form = qa.merge_form(question)
    if not form.validate_on_submit():
        return _render_manage(question.challenge, {(question.id, "merge"): form}, 400)
    target = qa.find_question(form.target.data)
    try:
        qa.merge(question, target, current_user)
    except qa.QuestionRuleError as error:
        return _failed(question, "merge", form, error)
    flash(_("Question #%(n)d is merged into question #%(target)d.", n=question.id,
            target=target.id), "success")
    return _back(question)


@bp.post(f"/manage/questions/<{ID}:question_id>/reject")
@signed_in_or_403
def reject(question_id: int):
    question = _moderated_question_or_404(question_id)
    if (refused := _refused(question, "reject")) is not None:
        return refused
    form = qa.reject_form(question)
    if not form.validate_on_submit():
        return _render_manage(question.challenge, {(question.id, "reject"): form}, 400)
    try:
        qa.reject(question, form.reason.data, current_user)
    except qa.QuestionRuleError as error:
        return _failed(question, "reject", form, error)
    flash(_("The question is rejected; the asker is told why."), "success")
    return _back(question)
