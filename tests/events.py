"""Reading the event record in tests."""

from __future__ import annotations

from sqlalchemy import select

from challenges.events import Event
from challenges.extensions import db


def recorded(action: str) -> list[Event]:
    db.session.expire_all()
    return list(db.session.scalars(select(Event).where(Event.action == action)
                                   .order_by(Event.id)))


def only(action: str) -> Event:
    found = recorded(action)
    assert len(found) == 1, (action, [e.changes for e in found])
    return found[0]
