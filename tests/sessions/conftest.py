from __future__ import annotations

from datetime import timedelta

import pytest

from challenges.accounts.models import Role
from challenges.db import utcnow
from challenges.extensions import db
from challenges.sessions.models import PitchSlot, Session, SessionKind


@pytest.fixture
def world(make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    editor = make.user(email="editor@mechelen.be", language="en")
    make.membership(editor, mechelen, Role.EDITOR)
    outsider = make.user(email="editor@brugge.be", language="en")
    make.membership(outsider, make.organisation("Stad Brugge"), Role.EDITOR)
    challenge = make.challenge(mechelen, title="Smart parking")
    return {"mechelen": mechelen, "editor": editor, "outsider": outsider,
            "challenge": challenge}


def make_session(challenge, *, kind=SessionKind.INFO_SESSION, capacity=None, days=3,
                 hours=2, translations=None, **fields) -> Session:
    start = (utcnow() + timedelta(days=days)).replace(second=0, microsecond=0)
    values = {"title": "Info session on parking", "place": "Stadhuis, Grote Markt 21, Mechelen",
              "url": "", "description": "We explain the **challenge**."}
    values.update(fields)
    session = Session(challenge=challenge, kind=kind, starts_at=start,
                      ends_at=start + timedelta(hours=hours), capacity=capacity,
                      translations=translations or {}, **values)
    db.session.add(session)
    db.session.commit()
    return session


def make_slots(session, count=2, minutes=20) -> list[PitchSlot]:
    slots = [PitchSlot(session=session,
                       starts_at=session.starts_at + timedelta(minutes=minutes * n),
                       ends_at=session.starts_at + timedelta(minutes=minutes * (n + 1)))
             for n in range(count)]
    db.session.add_all(slots)
    db.session.commit()
    return slots
