"""Public questions and answers: asking, answering, merging duplicates, rejecting.

Each public function is one user action and owns its commit; emails are outbox rows written
in the same transaction, and every action is in the event record.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeGuard

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from challenges import events
from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db, reload
from challenges.links import external_url
from challenges.notifications.operations import queue_email
from challenges.questions import queries
from challenges.questions.forms import ANSWER_MAX, BODY_MAX, REASON_MAX
from challenges.questions.models import Question, QuestionStatus, ask_refusal, refusal_message

# The challenge page, which includes the questions section (templates/questions/_section.html).
DETAIL_ENDPOINT = "challenges.detail"

events.describe({
    "question_asked": _l("Question asked"),
    "question_answered": _l("Question answered"),
    "answer_updated": _l("Answer changed"),
    "question_merged": _l("Question merged into another"),
    "question_rejected": _l("Question rejected"),
})

NOT_ALLOWED = {
    "answer": _l("Only a waiting or answered question can be answered."),
    "merge": _l("Only a question waiting for an answer can be merged."),
    "reject": _l("Only a question waiting for an answer can be rejected."),
}


def _refuse(message, field: str = "_") -> Refused:
    return Refused({field: str(message)})


def _external_question_url(challenge: Challenge, question: Question) -> str:
    return external_url(DETAIL_ENDPOINT, slug=challenge.slug) + f"#question-{question.id}"


def _external_manage_url(question: Question) -> str:
    return (external_url("questions.manage_challenge", slug=question.challenge.slug)
            + f"#question-{question.id}")


def _reachable(user: User | None) -> TypeGuard[User]:
    return user is not None and user.deleted_at is None


def _next_number(challenge: Challenge) -> int:
    return (db.session.scalar(select(func.max(Question.number))
                              .where(Question.challenge_id == challenge.id)) or 0) + 1


def ask(challenge: Challenge, asker: User, body: str, now: datetime | None = None) -> Question:
    """A participant asks a question; every editor and administrator of the organisation is
    told, each in their own language."""
    refusal = ask_refusal(challenge, asker, now or utcnow())
    if refusal is not None:
        raise _refuse(refusal_message(refusal, challenge))
    body = (body or "").strip()
    if not body:
        raise _refuse(_("Write your question."), "body")
    if len(body) > BODY_MAX:
        raise _refuse(_("Keep your question under %(n)d characters.", n=BODY_MAX), "body")
    challenge_id, asker_id = challenge.id, asker.id
    for _attempt in range(3):
        question = Question(challenge=challenge, asker=asker, body=body,
                            status=QuestionStatus.PENDING, number=_next_number(challenge))
        db.session.add(question)
        try:
            db.session.flush()
            break
        except IntegrityError:
            # Someone else took this number at the same moment: take the next one.
            db.session.rollback()
            challenge, asker = reload(Challenge, challenge_id), reload(User, asker_id)
    else:
        raise _refuse(_("Many questions arrived at the same moment; please send yours again."),
                      "body")
    link = _external_manage_url(question)
    for organiser in queries.organisers(challenge):
        if organiser.id == asker.id:
            continue
        queue_email(organiser.email, organiser.language, "question_new",
                    _l("New question on %(title)s", title=challenge.reader_title),
                    user=organiser, challenge=challenge, question=question, link=link)
    events.record("question_asked", question, actor=asker, challenge=challenge,
                  number=question.number)
    db.session.commit()
    return question


def _tell_merged(duplicate: Question, target: Question) -> None:
    if not _reachable(duplicate.asker):
        return
    challenge = target.challenge
    queue_email(duplicate.asker.email, duplicate.asker.language, "question_merged",
                _l("Your question on %(title)s was answered", title=challenge.reader_title),
                user=duplicate.asker, challenge=challenge, question=duplicate, target=target,
                link=_external_question_url(challenge, target))


def answer(question: Question, text: str, by: User) -> bool:
    """Publish the answer, or overwrite it. The asker, and the askers of the questions merged
    into this one, are emailed the first time only. Returns True for a first answer."""
    if not question.can_be_answered:
        raise _refuse(NOT_ALLOWED["answer"])
    text = (text or "").strip()
    if not text:
        raise _refuse(_("Write the answer."), "answer")
    if len(text) > ANSWER_MAX:
        raise _refuse(_("Keep the answer under %(n)d characters.", n=ANSWER_MAX), "answer")
    first = question.is_pending
    question.status = QuestionStatus.ANSWERED
    question.answer = text
    question.answered_at = utcnow()
    question.answered_by = by
    challenge = question.challenge
    if first:
        if _reachable(question.asker):
            queue_email(question.asker.email, question.asker.language, "question_answered",
                        _l("Your question on %(title)s was answered", title=challenge.reader_title),
                        user=question.asker, challenge=challenge, question=question,
                        link=_external_question_url(challenge, question))
        for duplicate in queries.duplicates_of(question):
            _tell_merged(duplicate, question)
    events.record("question_answered" if first else "answer_updated", question, actor=by,
                  challenge=challenge, number=question.shown_number)
    db.session.commit()
    return first


def merge(question: Question, target: Question | None, by: User) -> None:
    """Mark `question` as a duplicate of `target`, another question of the same challenge.
    Its asker is emailed a link to the answer now if there is one, else once it is given."""
    if not question.can_be_merged:
        raise _refuse(NOT_ALLOWED["merge"])
    if target is None or target.challenge_id != question.challenge_id \
            or target.id == question.id:
        raise _refuse(_("Choose one of the other questions of this challenge."), "target")
    if not target.can_be_answered:
        raise _refuse(_("Question #%(n)d was merged or rejected itself; choose "
                        "another question.", n=target.shown_number), "target")
    # Duplicates already merged into this question follow it, so none is left pointing at a
    # question that will never be answered.
    followers = queries.duplicates_of(question)
    for duplicate in [question, *followers]:
        duplicate.status = QuestionStatus.MERGED
        duplicate.merged_into = target
    if target.is_answered:
        for duplicate in [question, *followers]:
            _tell_merged(duplicate, target)
    events.record("question_merged", question, actor=by, challenge=question.challenge,
                  number=question.shown_number, into=target.shown_number,
                  followers=[f.shown_number for f in followers])
    db.session.commit()


def reject(question: Question, reason: str, by: User) -> None:
    """Refuse to answer (off-topic, personal, already in the documents...); the reason goes to
    the asker only."""
    if not question.can_be_rejected:
        raise _refuse(NOT_ALLOWED["reject"])
    reason = (reason or "").strip()
    if not reason:
        raise _refuse(_("Explain why the question is not answered."), "reason")
    if len(reason) > REASON_MAX:
        raise _refuse(_("Keep the reason under %(n)d characters.", n=REASON_MAX), "reason")
    if queries.duplicates_of(question):
        raise _refuse(_("Other questions were merged into this one: answer it, so that their "
                        "askers get an answer too."), "reason")
    question.status = QuestionStatus.REJECTED
    question.rejection_reason = reason
    challenge = question.challenge
    if _reachable(question.asker):
        queue_email(question.asker.email, question.asker.language, "question_rejected",
                    _l("Your question on %(title)s", title=challenge.reader_title),
                    user=question.asker, challenge=challenge, question=question, reason=reason,
                    link=external_url(DETAIL_ENDPOINT, slug=challenge.slug))
    events.record("question_rejected", question, actor=by, challenge=challenge,
                  number=question.shown_number)
    db.session.commit()
