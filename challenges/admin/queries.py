"""Read paths of the administration pages: the event record, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges import events
from challenges.accounts.models import Organisation
from challenges.events import Event
from challenges.i18n import readable
from challenges.timezones import BRUSSELS


@dataclass
class EventFilters:
    action: str = ""
    challenge: str = ""          # a challenge id, as typed in the address
    day: date | None = None      # one day, in Brussels

    @classmethod
    def from_args(cls, args) -> EventFilters:
        action = (args.get("action") or "").strip()[:60]
        challenge = (args.get("challenge") or "").strip()
        try:
            day = date.fromisoformat((args.get("day") or "").strip()[:10])
        except ValueError:
            day = None
        return cls(action=action if action in events.ACTION_LABELS else "",
                   challenge=challenge if challenge.isdigit() and len(challenge) < 10 else "",
                   day=day)


def event_query(filters: EventFilters, organisation: Organisation | None = None):
    """The events, newest first, as a query to paginate; one organisation's, or all."""
    query = (select(Event).options(selectinload(Event.actor))
             .order_by(Event.created_at.desc(), Event.id.desc()))
    if organisation is not None:
        query = query.where(Event.organisation_id == organisation.id)
    if filters.action:
        query = query.where(Event.action == filters.action)
    if filters.challenge:
        query = query.where(Event.challenge_id == int(filters.challenge))
    if filters.day is not None:
        start = datetime.combine(filters.day, time(0), tzinfo=BRUSSELS)
        query = query.where(Event.created_at >= start,
                            Event.created_at < start + timedelta(days=1))
    return query


def action_choices() -> list[tuple[str, str]]:
    """Every action with its readable name, in the reader's language, by name."""
    return sorted(((key, str(label)) for key, label in events.ACTION_LABELS.items()),
                  key=lambda pair: pair[1].lower())


def describe(items: list[Event]) -> list[tuple[Event, str, list[tuple[str, str]]]]:
    """Each event with its readable action and its changes as (key, value) text pairs."""
    rows = []
    for event in items:
        changes = [(key, _text(value)) for key, value in (event.changes or {}).items()
                   if value is not None]
        rows.append((event, events.action_label(event.action), changes))
    return rows


def _text(value) -> str:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return readable(value)
