"""Read paths of questions. Each uses a fixed number of SQL queries whatever the data."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from challenges.accounts.models import Membership, User
from challenges.challenges.changes import CHANGE_AUDIENCES
from challenges.challenges.hosts import host_ids, hosted_by
from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.questions.models import Question, QuestionStatus

GROUP_ORDER = (QuestionStatus.PENDING, QuestionStatus.ANSWERED, QuestionStatus.MERGED,
               QuestionStatus.REJECTED)


def load_question(question_id: int) -> Question:
    """A question, for the organisers' actions: 404 when there is none, or when its
    challenge does not exist for this user (a draft of another organisation)."""
    question = db.session.get(Question, question_id)
    if question is None or not question.challenge.can_view(current_user):
        abort(404)
    return question


def find_question(ident: int | None) -> Question | None:
    """A question by id; a number no id can have finds nothing instead of a database error."""
    if ident is None or not 0 < ident < 2**31:
        return None
    return db.session.get(Question, ident)


def organisers(challenge: Challenge) -> list[User]:
    """Who is told of a new question: the editors and administrators of every host."""
    return list(db.session.scalars(
        select(User).where(User.id.in_(
            select(Membership.user_id)
            .where(Membership.organisation_id.in_(host_ids(challenge)))),
            User.deleted_at.is_(None))
        .order_by(User.id)))


def duplicates_of(question: Question) -> list[Question]:
    return list(db.session.scalars(
        select(Question).options(selectinload(Question.asker))
        .where(Question.merged_into_id == question.id,
               Question.status == QuestionStatus.MERGED)
        .order_by(Question.id)))


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
        .where(Question.challenge_id == challenge.id,
               Question.status == QuestionStatus.PENDING)) or 0


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
        query = query.where(hosted_by(organisation_ids or [0]))
    return query


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


def askers_of(challenge: Challenge) -> list[User]:
    """Everyone who asked a question about the challenge, whatever became of it: they hear
    of a change of deadline or rules. One query."""
    asked = select(Question.asker_id).where(Question.challenge_id == challenge.id,
                                            Question.asker_id.is_not(None))
    return list(db.session.scalars(select(User).where(User.id.in_(asked))))


if askers_of not in CHANGE_AUDIENCES:
    CHANGE_AUDIENCES.append(askers_of)
