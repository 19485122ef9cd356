"""Who did what: one record for every state-changing operation, and one log line.

`record(action, obj, actor=...)` is called by each operation inside its own transaction, so
an action that is rolled back leaves no event. The event keeps the organisation and the
challenge it belongs to, so that an organisation's administrators see their own events and
platform administrators see all of them.

What goes into `changes` is what the people who may read the event are allowed to see: no
password, no token, and no personal data beyond what the page about the object shows.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from challenges.db import UTCDateTime, utcnow
from challenges.extensions import Model, db

log = logging.getLogger("challenges.events")


class Event(Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    # Set null rather than cascade: the record of a deleted draft must outlive it.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(64))

    actor = relationship("User", lazy="select")


def _plain(value: Any) -> Any:
    """A value JSON can keep and people can read back."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | datetime | date):
        return str(value) if not isinstance(value, datetime) else value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _object_id(obj: Any) -> int | None:
    ident = getattr(obj, "id", None)
    return ident if isinstance(ident, int) else None


def _scope(obj: Any, challenge: Any, organisation: Any, proposal: Any) -> dict[str, int | None]:
    """The organisation, challenge and proposal an event belongs to, taken from the object
    when the caller does not say."""
    if proposal is None and getattr(obj, "__tablename__", "") == "proposals":
        proposal = obj
    if challenge is None:
        if getattr(obj, "__tablename__", "") == "challenges":
            challenge = obj
        elif proposal is not None:
            challenge = proposal.challenge
        elif getattr(obj, "challenge", None) is not None:
            challenge = obj.challenge
    if organisation is None:
        if getattr(obj, "__tablename__", "") == "organisations":
            organisation = obj
        elif challenge is not None:
            organisation = challenge.organisation
        elif getattr(obj, "organisation", None) is not None:
            organisation = obj.organisation
    return {"organisation_id": _object_id(organisation), "challenge_id": _object_id(challenge),
            "proposal_id": _object_id(proposal)}


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def record(action: str, obj: Any, *, actor: Any = None, challenge: Any = None,
           organisation: Any = None, proposal: Any = None, **changes: Any) -> Event:
    """Add the event to the session (the operation commits it) and log one line.

    `obj` is the object acted on; its table name and id identify it. `actor` is the user
    who acted (None for the system: a CLI job, a reminder)."""
    db.session.flush()  # so that a new object has its id
    event = Event(action=action, object_type=getattr(obj, "__tablename__", type(obj).__name__),
                  object_id=_object_id(obj), actor_id=_object_id(actor),
                  changes={k: _plain(v) for k, v in changes.items()},
                  request_id=request_id(), created_at=utcnow(),
                  **_scope(obj, challenge, organisation, proposal))
    db.session.add(event)
    # Ids only: names and addresses stay out of the logs.
    log.info("%s %s:%s by user:%s", action, event.object_type, event.object_id,
             event.actor_id if event.actor_id is not None else "system")
    return event


# What each action is called on the pages that list events. Domains add their own.
ACTION_LABELS: dict[str, Any] = {}


def describe(labels: dict[str, Any]) -> None:
    """Register the readable names of a domain's actions (lazy strings)."""
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action.replace("_", " ")


SYSTEM = _l("the platform")
