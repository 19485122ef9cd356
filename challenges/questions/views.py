"""Public questions and answers on a challenge: asking, the public list, and the organisers'
queue with answer, merge and reject."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs, public, signed_in, staff
from challenges.cache import cached_page
from challenges.challenges.models import Challenge
from challenges.challenges.queries import load_challenge
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db, limiter
from challenges.questions import forms, operations, queries
from challenges.questions.models import (
    AskRefusal,
    Question,
    QuestionStatus,
    ask_refusal,
    refusal_message,
)
from challenges.web import page_number

bp = Blueprint("questions", __name__)


@bp.app_context_processor
def _enums():
    return {"QuestionStatus": QuestionStatus}


def challenge_url(challenge: Challenge, question: Question | None = None) -> str:
    anchor = f"question-{question.id}" if question is not None else "questions"
    return url_for("challenges.detail", slug=challenge.slug, _anchor=anchor)


@bp.app_template_global("question_section")
def section_context(challenge: Challenge) -> SimpleNamespace:
    """What a challenge page needs to show its questions and answers (the challenge page
    includes templates/questions/_section.html with it)."""
    refusal = ask_refusal(challenge, current_user, utcnow())
    moderator = challenge.can_edit(current_user)
    return SimpleNamespace(
        questions=queries.public_questions(challenge),
        waiting=queries.waiting_questions_of(challenge, current_user),
        form=forms.ask_form(formdata=None) if refusal is None else None,
        refusal=refusal.value if refusal else None,
        refusal_message=refusal_message(refusal, challenge),
        ask_url=url_for("questions.ask", slug=challenge.slug),
        login_url=url_for("accounts.login", next=url_for("questions.new", slug=challenge.slug)),
        pending_count=queries.pending_count(challenge) if moderator else None,
        manage_url=(url_for("questions.manage_challenge", slug=challenge.slug)
                    if moderator else None),
    )


def _asker_key() -> str:
    # Per person, not per sign-in (the login cookie's id names one sign-in).
    return f"ask-question:{current_user.id if current_user.is_authenticated else ''}"


def _question_sent(response) -> bool:
    # Only questions actually sent count: a form with a typo must not use up the allowance.
    return response.status_code == 302 and current_user.is_authenticated


# Participants ---------------------------------------------------------------------------------

@bp.get("/challenges/<slug>/questions")

@cached_page
@public(challenge=load_challenge)
def index(challenge: Challenge):
    return render_template("questions/index.html", challenge=challenge)


@bp.get("/challenges/<slug>/questions/new")
@signed_in(challenge=load_challenge)
def new(challenge: Challenge):
    refusal = ask_refusal(challenge, current_user, utcnow())
    return _render_new(challenge, forms.ask_form(), refusal)


@bp.post("/challenges/<slug>/questions")
@limiter.limit(lambda: current_app.config.get("QUESTION_RATE_LIMIT", "20 per hour"),
               key_func=_asker_key, deduct_when=_question_sent)
@public(challenge=load_challenge)
def ask(challenge: Challenge):
    # Public so that someone signed out while typing is sent to the form, not lost: a POST
    # cannot be replayed after signing in.
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login",
                                next=url_for("questions.new", slug=challenge.slug)))
    form = forms.ask_form()
    refusal = ask_refusal(challenge, current_user, utcnow())
    if refusal is not None:
        # The typed text is kept, so nothing is lost once the email address is confirmed.
        return _render_new(challenge, form, refusal, 403)
    if form.validate_on_submit():
        try:
            operations.ask(challenge, current_user, (form.body.data or ""))
        except Refused as error:
            form.body.errors = [*form.body.errors, *map(str, error.problems.values())]
        else:
            flash(_("Thank you. Your question is sent to the organisers; the answer will be "
                    "published on the challenge page for everyone."), "success")
            return redirect(challenge_url(challenge))
    return _render_new(challenge, form, None, 400)


def _render_new(challenge: Challenge, form, refusal: AskRefusal | None, status: int = 200):
    return render_template("questions/new.html", challenge=challenge, form=form,
                           refusal=refusal.value if refusal else None,
                           refusal_message=refusal_message(refusal, challenge),
                           challenge_link=challenge_url(challenge)), status


# Organisers -----------------------------------------------------------------------------------

@bp.get("/manage/questions")
@staff()
def queue():
    page = db.paginate(queries.queue_query(current_user), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("questions/queue.html", page=page)


@bp.get("/manage/challenges/<slug>/questions")
@needs(Challenge.can_edit, challenge=load_challenge)
def manage_challenge(challenge: Challenge):
    return _render_manage(challenge)


def _render_manage(challenge: Challenge, bound: dict | None = None, status: int = 200):
    """The challenge's questions with a form per action; `bound` holds the one submitted form
    that had errors, keyed by (question id, action), so it is shown with the input kept."""
    bound = bound or {}
    groups = queries.questions_by_status(challenge)
    action_forms: dict[int, dict] = {}
    for question in (q for group in groups.values() for q in group if q.can_be_answered):
        action_forms[question.id] = {
            "answer": bound.get((question.id, "answer")) or forms.answer_form(
                question, formdata=None, data={"answer": question.answer or ""}),
        }
        if question.can_be_merged:
            action_forms[question.id]["merge"] = (
                bound.get((question.id, "merge"))
                or forms.merge_form(question, queries.merge_candidates(question, groups),
                                    formdata=None))
        if question.can_be_rejected:
            action_forms[question.id]["reject"] = (bound.get((question.id, "reject"))
                                                   or forms.reject_form(question, formdata=None))
    return render_template("questions/manage.html", challenge=challenge, groups=groups,
                           forms=action_forms, public_link=challenge_url(challenge)), status


def _back(question: Question):
    return redirect(url_for("questions.manage_challenge", slug=question.challenge.slug,
                            _anchor=f"question-{question.id}"))


def _act(question: Question, action: str, form, act: Callable[[], Any],
         done: str | Callable[[Any], str]):
    """Validate the action's form, call the operation, and say what happened; a refusal
    that belongs to a field is shown next to it with what was typed kept."""
    allowed = {"answer": question.can_be_answered, "merge": question.can_be_merged,
               "reject": question.can_be_rejected}[action]
    if not allowed:
        # Say so rather than show a form that is not there (a colleague merged it a minute ago).
        flash(str(operations.NOT_ALLOWED[action]), "danger")
        return _back(question)
    if not form.validate_on_submit():
        return _render_manage(question.challenge, {(question.id, action): form}, 400)
    try:
        result = act()
    except Refused as error:
        field = next((getattr(form, key) for key in error.problems if key in form), None)
        if field is not None:
            field.errors = [*field.errors, *map(str, error.problems.values())]
            return _render_manage(question.challenge, {(question.id, action): form}, 400)
        flash(" ".join(map(str, error.problems.values())), "danger")
        return _back(question)
    flash(done(result) if callable(done) else done, "success")
    return _back(question)


@bp.post("/manage/questions/<id:question_id>/answer")
@needs(Question.can_moderate, question=queries.load_question)
def answer(question: Question):
    form = forms.answer_form(question)
    return _act(question, "answer", form,
                lambda: operations.answer(question, (form.answer.data or ""), current_user),
                lambda first: _("The answer is published.") if first
                else _("The answer is updated."))


@bp.post("/manage/questions/<id:question_id>/merge")
@needs(Question.can_moderate, question=queries.load_question)
def merge(question: Question):
    groups = queries.questions_by_status(question.challenge)
    form = forms.merge_form(question, queries.merge_candidates(question, groups))
    target = queries.find_question(form.target.data) if form.is_submitted() else None

    def done(_result) -> str:
        return _("Question #%(n)d is merged into question #%(target)d.",
                 n=question.shown_number, target=target.shown_number if target else 0)

    return _act(question, "merge", form,
                lambda: operations.merge(question, target, current_user), done)


@bp.post("/manage/questions/<id:question_id>/reject")
@needs(Question.can_moderate, question=queries.load_question)
def reject(question: Question):
    form = forms.reject_form(question)
    return _act(question, "reject", form,
                lambda: operations.reject(question, (form.reason.data or ""), current_user),
                _("The question is rejected; the asker is told why."))
