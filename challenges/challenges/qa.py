"""Public questions and answers on a challenge: the forms, the rules, the read paths and the
actions. As in fair procurement, every participant sees the same information: a question is
answered publicly, never privately to the person who asked it.

Each action function is one user action and owns its commit; emails are outbox rows written in
the same transaction. Read functions use a fixed number of SQL queries whatever the data.
"""

from __future__ import annotations

import enum

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from challenges.accounts.models import Membership, User
from challenges.challenges.models import Challenge, Phase, Question, QuestionStatus
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.outbox import external_url, queue_email

BODY_MAX = 2000
ANSWER_MAX = 10000
REASON_MAX = 2000

# The challenge page, which includes the questions section (templates/questions/_section.html).
DETAIL_ENDPOINT = "challenges.detail"

# Prefix of the ask form, so that its field ids cannot clash with the page that includes it.
ASK_PREFIX = "question"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


# Forms ------------------------------------------------------------------------------------------

class AskForm(FlaskForm):
    body = TextAreaField(_l("Your question"), filters=[_strip], validators=[
        DataRequired(message=_l("Write your question.")),
        Length(max=BODY_MAX, message=_l("Keep your question under %(n)d characters.",
                                        n=BODY_MAX))],
        description=_l("Questions and answers are published for everyone, without your name. "
                       "Do not include personal or confidential information."))


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), filters=[_strip], validators=[
        DataRequired(message=_l("Write the answer.")),
        Length(max=ANSWER_MAX, message=_l("Keep the answer under %(n)d characters.",
                                          n=ANSWER_MAX))],
        description=_l("Published with the question on the challenge page. Markdown works."))


class MergeForm(FlaskForm):
    # Choices are the other questions of the challenge; the rule that the target belongs to
    # the same challenge is checked in merge(), which explains a wrong choice clearly.
    target = SelectField(_l("Duplicate of"), coerce=int, validate_choice=False, validators=[
        InputRequired(message=_l("Choose the question this one duplicates."))],
        description=_l("The asker is told where to find the answer."))


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[_strip], validators=[
        DataRequired(message=_l("Explain why the question is not answered.")),
        Length(max=REASON_MAX, message=_l("Keep the reason under %(n)d characters.",
                                          n=REASON_MAX))],
        description=_l("Sent to the asker only; a rejected question is not published."))


def answer_form(question: Question, **kwargs) -> AnswerForm:
    return AnswerForm(prefix=f"answer-{question.id}", **kwargs)


def merge_form(question: Question, **kwargs) -> MergeForm:
    return MergeForm(prefix=f"merge-{question.id}", **kwargs)


def offer_targets(form: MergeForm, candidates: list[Question]) -> MergeForm:
    form.target.choices = [(q.id, f"#{q.id}: {excerpt(q.body)}") for q in candidates]
    return form


def reject_form(question: Question, **kwargs) -> RejectForm:
    return RejectForm(prefix=f"reject-{question.id}", **kwargs)


def excerpt(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


# Rules ------------------------------------------------------------------------------------------

class QuestionRuleError(Exception):
    """The rules refuse the request; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class AskRefusal(enum.StrEnum):
    SIGN_IN = "sign_in"
    VERIFY = "verify"
    NOT_OPEN = "not_open"


def ask_refusal(challenge: Challenge, user) -> AskRefusal | None:
    """Why `user` may not ask a question on `challenge` now, or None if they may.

    Only while the challenge is open: before it opens the framing may still change, and after
    the deadline an answer can no longer help anyone write a proposal.
    """
    if challenge.phase != Phase.OPEN:
        return AskRefusal.NOT_OPEN
    if user is None or not user.is_authenticated:
        return AskRefusal.SIGN_IN
    if not user.is_verified:
        return AskRefusal.VERIFY
    return None


def refusal_message(refusal: AskRefusal | None, challenge: Challenge) -> str:
    if refusal == AskRefusal.SIGN_IN:
        return _("Sign in to ask a question.")
    if refusal == AskRefusal.VERIFY:
        return _("Confirm your email address to ask a question: follow the link in the email "
                 "we sent you.")
    if refusal == AskRefusal.NOT_OPEN:
        if challenge.phase == Phase.UPCOMING:
            return _("Questions can be asked once the challenge opens.")
        return _("This challenge is not open, so no new questions can be asked.")
    return ""


# Which action applies to a question in which state.
ALLOWED_FROM = {
    "answer": (QuestionStatus.PENDING, QuestionStatus.ANSWERED),
    "merge": (QuestionStatus.PENDING,),
    "reject": (QuestionStatus.PENDING,),
}
NOT_ALLOWED = {
    "answer": _l("Only a waiting or answered question can be answered."),
    "merge": _l("Only a question waiting for an answer can be merged."),
    "reject": _l("Only a question waiting for an answer can be rejected."),
}


def allowed(question: Question, action: str) -> bool:
    return question.status in ALLOWED_FROM[action]


def can_moderate(challenge: Challenge, user) -> bool:
    """Editors and administrators of the organisation, and platform administrators."""
    return challenge.can_edit(user)


# Links ------------------------------------------------------------------------------------------

def challenge_url(challenge: Challenge, question: Question | None = None) -> str:
    anchor = f"question-{question.id}" if question is not None else "questions"
    return url_for(DETAIL_ENDPOINT, slug=challenge.slug, _anchor=anchor)


def _external_challenge_url(challenge: Challenge, question: Question) -> str:
    return external_url(DETAIL_ENDPOINT, slug=challenge.slug) + f"#question-{question.id}"


def _external_manage_url(question: Question) -> str:
    return (external_url("questions.manage_challenge", slug=question.challenge.slug)
            + f"#question-{question.id}")


# Actions ----------------------------------------------------------------------------------------

def ask(challenge: Challenge, asker: User, body: str) -> Question:
    """A participant asks a question; every editor and administrator of the organisation is
    told, each in their own language."""
    refusal = ask_refusal(challenge, asker)
    if refusal is not None:
        raise QuestionRuleError(refusal_message(refusal, challenge))
    body = (body or "").strip()
    if not body:
        raise QuestionRuleError(_("Write your question."), "body")
    if len(body) > BODY_MAX:
        raise QuestionRuleError(_("Keep your question under %(n)d characters.", n=BODY_MAX),
                                "body")
    question = Question(challenge=challenge, asker=asker, body=body,
                        status=QuestionStatus.PENDING)
    db.session.add(question)
    db.session.flush()
    link = _external_manage_url(question)
    for organiser in _organisers(challenge):
        if organiser.id == asker.id:
            continue
        queue_email(organiser.email, organiser.language, "question_new",
                    _l("New question on %(title)s", title=challenge.title),
                    user=organiser, challenge=challenge, question=question, link=link)
    db.session.commit()
    return question


def _organisers(challenge: Challenge) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == challenge.organisation_id,
               User.deleted_at.is_(None))
        .order_by(User.id)))


def _reachable(user: User | None) -> bool:
    return user is not None and user.deleted_at is None


def _duplicates_of(question: Question) -> list[Question]:
    return list(db.session.scalars(
        select(Question).options(selectinload(Question.asker))
        .where(Question.merged_into_id == question.id,
               Question.status == QuestionStatus.MERGED)
        .order_by(Question.id)))


def _tell_merged(duplicate: Question, target: Question) -> None:
    if not _reachable(duplicate.asker):
        return
    challenge = target.challenge
    queue_email(duplicate.asker.email, duplicate.asker.language, "question_merged",
                _l("Your question on %(title)s was answered", title=challenge.title),
                user=duplicate.asker, challenge=challenge, question=duplicate, target=target,
                link=_external_challenge_url(challenge, target))


def answer(question: Question, text: str, by: User) -> bool:
    """Publish the answer, or overwrite it. The asker, and the askers of the questions merged
    into this one, are emailed the first time only. Returns True for a first answer."""
    if not allowed(question, "answer"):
        raise QuestionRuleError(str(NOT_ALLOWED["answer"]))
    text = (text or "").strip()
    if not text:
        raise QuestionRuleError(_("Write the answer."), "answer")
    if len(text) > ANSWER_MAX:
        raise QuestionRuleError(_("Keep the answer under %(n)d characters.", n=ANSWER_MAX),
                                "answer")
    first = question.status == QuestionStatus.PENDING
    question.status = QuestionStatus.ANSWERED
    question.answer = text
    question.answered_at = utcnow()
    question.answered_by = by
    if first:
        challenge = question.challenge
        if _reachable(question.asker):
            queue_email(question.asker.email, question.asker.language, "question_answered",
                        _l("Your question on %(title)s was answered", title=challenge.title),
                        user=question.asker, challenge=challenge, question=question,
                        link=_external_challenge_url(challenge, question))
        for duplicate in _duplicates_of(question):
            _tell_merged(duplicate, question)
    db.session.commit()
    return first


def merge(question: Question, target: Question | None, by: User) -> None:
    """Mark `question` as a duplicate of `target`, another question of the same challenge.
    Its asker is emailed a link to the answer now if there is one, else once it is given."""
    if not allowed(question, "merge"):
        raise QuestionRuleError(str(NOT_ALLOWED["merge"]))
    if target is None or target.challenge_id != question.challenge_id \
            or target.id == question.id:
        raise QuestionRuleError(_("Choose one of the other questions of this challenge."),
                                "target")
    if target.status not in (QuestionStatus.PENDING, QuestionStatus.ANSWERED):
        raise QuestionRuleError(_("Question #%(n)d was merged or rejected itself; choose "
                                  "another question.", n=target.id), "target")
    # Duplicates already merged into this question follow it, so none is left pointing at a
    # question that will never be answered.
    followers = _duplicates_of(question)
    for duplicate in [question, *followers]:
        duplicate.status = QuestionStatus.MERGED
        duplicate.merged_into = target
    if target.status == QuestionStatus.ANSWERED:
        for duplicate in [question, *followers]:
            _tell_merged(duplicate, target)
    db.session.commit()


def reject(question: Question, reason: str, by: User) -> None:
    """Refuse to answer (off-topic, personal, already in the documents...); the reason goes to
    the asker only."""
    if not allowed(question, "reject"):
        raise QuestionRuleError(str(NOT_ALLOWED["reject"]))
    reason = (reason or "").strip()
    if not reason:
        raise QuestionRuleError(_("Explain why the question is not answered."), "reason")
    if len(reason) > REASON_MAX:
        raise QuestionRuleError(_("Keep the reason under %(n)d characters.", n=REASON_MAX),
                                "reason")
    if _duplicates_of(question):
        raise QuestionRuleError(_("Other questions were merged into this one: answer it, so "
                                  "that their askers get an answer too."), "reason")
    question.status = QuestionStatus.REJECTED
    question.rejection_reason = reason
    if _reachable(question.asker):
        challenge = question.challenge
        queue_email(question.asker.email, question.asker.language, "question_rejected",
                    _l("Your question on %(title)s", title=challenge.title),
                    user=question.asker, challenge=challenge, question=question, reason=reason,
                    link=external_url(DETAIL_ENDPOINT, slug=challenge.slug))
    db.session.commit()


# Reading ----------------------------------------------------------------------------------------

def find_question(ident: int | None) -> Question | None:
    """A question by id; a number no id can have finds nothing instead of a database error."""
    if ident is None or not 0 < ident < 2**31:
        return None
    return db.session.get(Question, ident)


def public_questions(challenge: Challenge) -> list[Question]:
    """Answered questions, oldest first. Pending, merged and rejected ones are not public."""
    return list(db.session.scalars(
        select(Question).where(Question.challenge_id == challenge.id,
                               Question.status == QuestionStatus.ANSWERED)
        .order_by(Question.created_at, Question.id)))


def waiting_questions_of(challenge: Challenge, user) -> list[Question]:
    """The signed-in user's own questions still waiting, shown only to them."""
    if user is None or not user.is_authenticated:
        return []
    return list(db.session.scalars(
        select(Question).where(Question.challenge_id == challenge.id,
                               Question.asker_id == user.id,
                               Question.status == QuestionStatus.PENDING)
        .order_by(Question.created_at, Question.id)))


def pending_count(challenge: Challenge) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Question)
        .where(Question.challenge_id == challenge.id, Question.status == QuestionStatus.PENDING))


def section_context(challenge: Challenge, user) -> dict:
    """What the challenge page needs to show its questions and answers. Keys start with `qa_`
    so that they cannot clash with the variables of the page that includes the section."""
    refusal = ask_refusal(challenge, user)
    moderator = can_moderate(challenge, user)
    return {
        "qa_challenge": challenge,
        "qa_questions": public_questions(challenge),
        "qa_waiting": waiting_questions_of(challenge, user),
        "qa_form": AskForm(prefix=ASK_PREFIX, formdata=None) if refusal is None else None,
        "qa_refusal": refusal.value if refusal else None,
        "qa_refusal_message": refusal_message(refusal, challenge),
        "qa_ask_url": url_for("questions.ask", slug=challenge.slug),
        "qa_login_url": url_for("accounts.login",
                                next=url_for("questions.new", slug=challenge.slug)),
        "qa_pending_count": pending_count(challenge) if moderator else None,
        "qa_manage_url": (url_for("questions.manage_challenge", slug=challenge.slug)
                          if moderator else None),
    }


def queue_query(user):
    """Questions waiting for an answer on the challenges of the organisations `user` edits for
    (every organisation for a platform administrator), oldest first."""
    query = (select(Question).join(Challenge, Question.challenge_id == Challenge.id)
             .where(Question.status == QuestionStatus.PENDING)
             .options(selectinload(Question.challenge).selectinload(Challenge.organisation),
                      selectinload(Question.asker))
             .order_by(Question.created_at, Question.id))
    if not user.is_platform_admin:
        organisation_ids = [m.organisation_id for m in user.memberships]
        query = query.where(Challenge.organisation_id.in_(organisation_ids or [0]))
    return query


def may_see_queue(user) -> bool:
    return bool(user.is_platform_admin or user.memberships)


GROUP_ORDER = (QuestionStatus.PENDING, QuestionStatus.ANSWERED, QuestionStatus.MERGED,
               QuestionStatus.REJECTED)


def questions_by_status(challenge: Challenge) -> dict[QuestionStatus, list[Question]]:
    """Every question of the challenge, grouped by status in the order organisers work."""
    questions = db.session.scalars(
        select(Question).where(Question.challenge_id == challenge.id)
        .options(selectinload(Question.asker), selectinload(Question.answered_by))
        .order_by(Question.created_at, Question.id)).all()
    groups: dict[QuestionStatus, list[Question]] = {status: [] for status in GROUP_ORDER}
    for question in questions:
        groups[question.status].append(question)
    return groups


def merge_candidates(question: Question,
                     groups: dict[QuestionStatus, list[Question]]) -> list[Question]:
    """The questions `question` may be merged into: the others still waiting or answered."""
    return [q for q in groups[QuestionStatus.PENDING] + groups[QuestionStatus.ANSWERED]
            if q.id != question.id]
