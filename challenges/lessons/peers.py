"""Ask the peers: an organiser of another municipality asks the owners of a published lessons
record; the owners' editors are emailed and answer publicly or privately. Each public
function is one user action: an event, its emails in the outbox, one commit."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges import events
from challenges.access import get_or_404
from challenges.accounts.models import Membership, Organisation, User
from challenges.challenges.hosts import host_ids, hosted_by
from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.lessons.models import LessonsRecord, PeerQuestion
from challenges.links import external_url
from challenges.notifications.operations import queue_email

events.describe({
    "peer_question_asked": _l("Question of a peer municipality asked"),
    "peer_question_answered": _l("Question of a peer municipality answered"),
})

MAX_QUESTION = 4000
MAX_ANSWER = 10_000


def owners(record: LessonsRecord) -> list[User]:
    """Who is told of a new question: the editors and administrators of every host."""
    return list(db.session.scalars(
        select(User).where(User.id.in_(select(Membership.user_id).where(
            Membership.organisation_id.in_(host_ids(record.challenge)))),
            User.deleted_at.is_(None), User.suspended_at.is_(None))
        .order_by(User.id)))


def ask(record: LessonsRecord, by: User, body: str, organisation: Organisation | None,
        show_name: bool) -> PeerQuestion:
    body = (body or "").strip()
    problems = {}
    if not body:
        problems["body"] = _("Write your question.")
    elif len(body) > MAX_QUESTION:
        problems["body"] = _("Keep the question under %(n)s characters.", n=MAX_QUESTION)
    if organisation is None or organisation not in record.ask_as(by):
        problems["organisation_id"] = _("Choose the municipality you ask for.")
    if problems:
        raise Refused(problems)
    question = PeerQuestion(record=record, asker=by, asker_organisation=organisation,
                            show_name=show_name, body=body, created_at=utcnow())
    db.session.add(question)
    db.session.flush()
    link = external_url("lessons.answer_peer", question_id=question.id)
    for user in owners(record):
        queue_email(user.email, user.language, "peer_question_new",
                    _l("A question from %(municipality)s on your lessons of %(title)s",
                       municipality=organisation.name if organisation else "",
                       title=record.challenge.title),
                    user=user, question=question, challenge=record.challenge, link=link)
    events.record("peer_question_asked", question, actor=by, challenge=record.challenge,
                  asked_for=organisation.slug if organisation else None)
    db.session.commit()
    return question


def answer(question: PeerQuestion, by: User, text: str, public: bool) -> None:
    text = (text or "").strip()
    if not question.is_open:
        raise Refused({"_": _("This question was answered already.")})
    if not text:
        raise Refused({"answer": _("Write the answer.")})
    if len(text) > MAX_ANSWER:
        raise Refused({"answer": _("Keep the answer under %(n)s characters.", n=MAX_ANSWER)})
    question.answer, question.answer_public = text, public
    question.answered_at, question.answered_by_id = utcnow(), by.id
    asker = question.asker
    if asker is not None and asker.is_active:
        challenge = question.record.challenge
        queue_email(asker.email, asker.language, "peer_question_answered",
                    _l("Your question on the lessons of %(title)s is answered",
                       title=challenge.title),
                    user=asker, question=question, challenge=challenge,
                    link=external_url("lessons.view", slug=challenge.slug))
    events.record("peer_question_answered", question, actor=by,
                  challenge=question.record.challenge, public=public)
    db.session.commit()


# Read paths ---------------------------------------------------------------------------------

def public_questions(record: LessonsRecord) -> list[PeerQuestion]:
    return list(db.session.scalars(
        select(PeerQuestion).where(PeerQuestion.record_id == record.id,
                                   PeerQuestion.answered_at.is_not(None),
                                   PeerQuestion.answer_public.is_(True))
        .options(selectinload(PeerQuestion.asker),
                 selectinload(PeerQuestion.asker_organisation))
        .order_by(PeerQuestion.answered_at)))


def questions_of(record: LessonsRecord) -> list[PeerQuestion]:
    """Every question of the record, private answers included: for its owners."""
    return list(db.session.scalars(
        select(PeerQuestion).where(PeerQuestion.record_id == record.id)
        .options(selectinload(PeerQuestion.asker),
                 selectinload(PeerQuestion.asker_organisation))
        .order_by(PeerQuestion.created_at, PeerQuestion.id)))


def open_questions(user: User) -> list[PeerQuestion]:
    """The questions waiting for an answer on the lessons of the user's organisations
    (every organisation for a platform administrator), oldest first."""
    query = (select(PeerQuestion)
             .join(LessonsRecord, LessonsRecord.id == PeerQuestion.record_id)
             .join(Challenge, Challenge.id == LessonsRecord.challenge_id)
             .where(PeerQuestion.answered_at.is_(None))
             .options(selectinload(PeerQuestion.record).selectinload(LessonsRecord.challenge)
                      .selectinload(Challenge.organisation),
                      selectinload(PeerQuestion.asker_organisation))
             .order_by(PeerQuestion.created_at, PeerQuestion.id))
    if not user.is_platform_admin:
        query = query.where(hosted_by([m.organisation_id for m in user.memberships] or [0]))
    return list(db.session.scalars(query))


def load_peer_question(question_id: int) -> PeerQuestion:
    question = get_or_404(PeerQuestion, question_id)
    if not question.record.is_published:
        abort(404)
    return question
