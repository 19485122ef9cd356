"""Ask the peers: the question form on a lessons record, the owners' list of open questions
and their answer form."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from challenges.access import needs, staff
from challenges.accounts.models import Organisation
from challenges.errors import Refused
from challenges.extensions import db, limiter
from challenges.lessons import peers, queries
from challenges.lessons.forms import PeerAnswerForm, question_form
from challenges.lessons.models import LessonsRecord, PeerQuestion
from challenges.lessons.peers import load_peer_question
from challenges.lessons.queries import load_lessons
from challenges.lessons.views import bp
from challenges.web import show_problems


def _asker_key() -> str:
    # Per person, like the questions on a challenge (QUESTION_RATE_LIMIT).
    return f"ask-peers:{current_user.id if current_user.is_authenticated else ''}"


def _sent(response) -> bool:
    # Only questions actually sent count: a form with a typo must not use up the allowance.
    return response.status_code == 302 and current_user.is_authenticated


@bp.post("/lessons/<slug>/questions")
@limiter.limit(lambda: current_app.config.get("QUESTION_RATE_LIMIT", "20 per hour"),
               key_func=_asker_key, deduct_when=_sent)
@needs(LessonsRecord.can_ask, record=load_lessons)
def ask_peers(record: LessonsRecord):
    form = question_form(record, current_user)
    if form.validate_on_submit():
        try:
            peers.ask(record, current_user, form.body.data or "",
                      db.session.get(Organisation, form.organisation_id.data),
                      bool(form.show_name.data))
        except Refused as error:
            show_problems(form, error.problems)
        else:
            flash(_("Your question is sent to %(name)s. You get the answer by email.",
                    name=record.challenge.organisation.name), "success")
            return redirect(url_for("lessons.view", slug=record.challenge.slug,
                                    _anchor="peer-questions"))
    return render_template("lessons/view.html", record=record, challenge=record.challenge,
                           facts=queries.facts(record.challenge), peer_form=form,
                           peer_questions=peers.public_questions(record),
                           own_questions=[]), 400


@bp.get("/manage/lessons/questions")
@staff()
def peer_questions():
    return render_template("lessons/peer_questions.html",
                           questions=peers.open_questions(current_user))


def _render_answer(question: PeerQuestion, form: PeerAnswerForm, status: int = 200):
    return render_template("lessons/peer_answer.html", question=question,
                           record=question.record, challenge=question.record.challenge,
                           form=form), status


@bp.get("/manage/lessons/questions/<id:question_id>")
@needs(PeerQuestion.can_answer, question=load_peer_question)
def answer_peer(question: PeerQuestion):
    return _render_answer(question, PeerAnswerForm(formdata=None))


@bp.post("/manage/lessons/questions/<id:question_id>")
@needs(PeerQuestion.can_answer, question=load_peer_question)
def answer_peer_post(question: PeerQuestion):
    form = PeerAnswerForm()
    if not form.validate_on_submit():
        return _render_answer(question, form, 400)
    try:
        peers.answer(question, current_user, form.answer.data or "",
                     public=form.visibility.data == "public")
    except Refused as error:
        show_problems(form, error.problems)
        return _render_answer(question, form, 400)
    flash(_("The answer is published on the lessons record.") if question.answer_public
          else _("The answer is emailed to the person who asked."), "success")
    return redirect(url_for("lessons.peer_questions"))
