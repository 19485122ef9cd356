"""News for followers, read from the event record: what happened to public challenges since
a follow last heard, as items an email can show.

The event record already holds every state change with its challenge, so nothing else has to
tell the followers: a new challenge, a published answer, a change notice, a cancellation, an
event (info session or pitch day) and the results are news. Drafts are never news."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges.challenges.models import Challenge, ChallengeStatus, ChangeNotice
from challenges.events import Event
from challenges.extensions import db
from challenges.links import external_url
from challenges.questions.models import Question, QuestionStatus

# Which recorded actions are news, and what kind of news.
NEWS_ACTIONS = {
    "challenge_published": "challenge",
    "question_answered": "answer",
    "challenge_updated": "notice",
    "challenge_cancelled": "notice",
    "session_scheduled": "event",
    "results_published": "result",
}

KIND_LABELS = {
    "challenge": _l("New challenge"),
    "answer": _l("New answer to a question"),
    "notice": _l("Change notice"),
    "event": _l("New event"),
    "result": _l("Results published"),
}


@dataclass
class NewsItem:
    event_id: int
    kind: str
    at: datetime
    challenge: Challenge
    link: str
    question: Question | None = None
    notices: list[ChangeNotice] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def theme_ids(self) -> set[int]:
        return {t.id for t in self.challenge.themes}


def _link(kind: str, challenge: Challenge, event: Event) -> str:
    page = external_url("challenges.detail", slug=challenge.slug)
    if kind == "answer":
        return f"{page}#question-{event.object_id}"
    if kind == "notice":
        return f"{page}#notices-title"
    if kind == "event":
        return f"{page}#events"
    if kind == "result":
        return external_url("results.public", slug=challenge.slug)
    return page


def _news_events(after: int, upto: int) -> list[Event]:
    return list(db.session.scalars(
        select(Event).where(Event.id > after, Event.id <= upto,
                            Event.action.in_(list(NEWS_ACTIONS)),
                            Event.challenge_id.is_not(None))
        .order_by(Event.id)))


def news_between(after: int, upto: int) -> list[NewsItem]:
    """The news with an event id in (after, upto], oldest first, in a fixed number of queries."""
    found = _news_events(after, upto)
    if not found:
        return []
    challenge_ids = {e.challenge_id for e in found}
    challenges = {c.id: c for c in db.session.scalars(
        select(Challenge).where(Challenge.id.in_(challenge_ids))
        .options(selectinload(Challenge.themes), selectinload(Challenge.notices),
                 selectinload(Challenge.organisation),
                 # A new challenge's email gives the deadline newcomers face (its first
                 # stage's when run in stages).
                 selectinload(Challenge.stages)))}
    question_ids = [e.object_id for e in found if NEWS_ACTIONS[e.action] == "answer"]
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.id.in_(question_ids or [0])))}
    items = []
    for event in found:
        item = _item(event, challenges.get(event.challenge_id or 0), questions)
        if item is not None:
            items.append(item)
    return items


def _item(event: Event, challenge: Challenge | None,
          questions: dict[int, Question]) -> NewsItem | None:
    if challenge is None or challenge.status == ChallengeStatus.DRAFT:
        return None
    kind = NEWS_ACTIONS[event.action]
    item = NewsItem(event.id, kind, event.created_at, challenge, _link(kind, challenge, event),
                    details=dict(event.changes or {}))
    if kind == "answer":
        question = questions.get(event.object_id or 0)
        if question is None or question.status != QuestionStatus.ANSWERED:
            return None  # answered, then merged or removed: nothing to read any more
        item.question = question
    elif event.action == "challenge_updated":
        count = int((event.changes or {}).get("notices") or 0)
        if not count:
            return None  # an edit that changed no rule is not news
        earlier = [n for n in challenge.notices if n.created_at <= event.created_at]
        item.notices = earlier[-count:]
    return item
