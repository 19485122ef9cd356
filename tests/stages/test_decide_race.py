"""Two organisers (or a double click) deciding a stage at the same moment decide it once:
one request does it, the other is told it is decided already; each team gets one email.
On SQLite and PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenges.events import Event
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from tests.concurrency import at_once
from tests.stages.decide_helpers import decide_url, staged

pytestmark = pytest.mark.real_commits  # concurrent transactions


def test_deciding_twice_at_once_decides_once(app, make):
    world = staged(make)
    alpha, beta, gamma = world["proposals"]
    data = {"advance": [str(alpha.id), str(beta.id)], f"feedback-{gamma.id}": "Te duur.",
            "step": "confirm"}
    statuses = at_once(app, world["editor"], "POST", decide_url(world), data)
    assert sorted(statuses) == [302, 409]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 3
    assert db.session.scalar(select(func.count()).select_from(Event).where(
        Event.action == "stage_decided")) == 1
