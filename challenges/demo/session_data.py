"""Events in the demo: an info session with registrations on an open Brugge challenge, and a
pitch day with slots booked by the advanced teams of a finished one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.demo.helpers import brussels_at
from challenges.extensions import db
from challenges.sessions.models import PitchSlot, Registration, Session, SessionKind
from challenges.submissions.models import Proposal, ProposalStatus
from challenges.timezones import BRUSSELS

INFO: dict[str, Any] = {
    "challenge": "brugge-leveringen-binnenstad", "kind": SessionKind.INFO_SESSION,
    "title": "Infosessie: leveren in de historische binnenstad",
    "description": ("De dienst Mobiliteit licht de uitdaging toe, met de cijfers over de "
                    "leveringen en de venstertijden. Daarna is er tijd voor vragen."),
    "english": {"title": "Info session: deliveries in the historic centre",
                "description": "The mobility department explains the challenge, then "
                               "answers questions."},
    "start": (6, 14, 0), "hours": 2, "place": "Stadhuis Brugge, Burg 12, 8000 Brugge",
    "capacity": 3,
    "registered": ["jan.burger@example.demo", "fatima.citizen@example.demo",
                   "founder@slimparkeren.demo", "sales@cleantech.demo"],
}
PITCH: dict[str, Any] = {
    "challenge": "brugge-fietsparkeren-binnenstad-station", "kind": SessionKind.PITCH_DAY,
    "title": "Pitchdag fietsparkeren", "start": (-20, 9, 0), "hours": 3, "place": "",
    "url": "https://meet.brugge.demo/pitchdag-fietsparkeren",
    "description": "De geselecteerde teams stellen hun voorstel voor aan de jury.",
}


def _session(challenge: Challenge, spec: dict, today) -> Session:
    starts = brussels_at(today, spec["start"])
    session = Session(challenge=challenge, kind=spec["kind"], title=spec["title"],
                      description=spec["description"], starts_at=starts,
                      ends_at=starts + timedelta(hours=spec["hours"]), place=spec["place"],
                      url=spec.get("url", ""), capacity=spec.get("capacity"),
                      translations={"en": spec["english"]} if "english" in spec else {})
    db.session.add(session)
    db.session.flush()
    return session


def load_sessions(challenges: dict[str, Challenge], users: dict[str, User],
                  now: datetime) -> None:
    """Each event whose challenge has none yet."""
    today = now.astimezone(BRUSSELS).date()
    info_challenge = challenges.get(INFO["challenge"])
    if info_challenge is not None and not db.session.scalar(
            select(Session.id).where(Session.challenge_id == info_challenge.id)):
        info = _session(info_challenge, INFO, today)
        for seat, email in enumerate(INFO["registered"], start=1):
            if email in users:  # past the capacity, the last one waits
                db.session.add(Registration(session=info, user=users[email],
                                            seat=seat if seat <= INFO["capacity"] else None,
                                            created_at=now - timedelta(days=5 - seat)))
    pitch_challenge = challenges.get(PITCH["challenge"])
    if pitch_challenge is not None and not db.session.scalar(
            select(Session.id).where(Session.challenge_id == pitch_challenge.id)):
        pitch = _session(pitch_challenge, PITCH, today)
        advanced = db.session.scalars(select(Proposal).where(
            Proposal.challenge_id == pitch_challenge.id,
            Proposal.status.in_([ProposalStatus.WINNER, ProposalStatus.SHORTLISTED]))
            .order_by(Proposal.id)).all()
        for n in range(4):
            proposal = advanced[n] if n < len(advanced) else None
            db.session.add(PitchSlot(
                session=pitch, starts_at=pitch.starts_at + timedelta(minutes=30 * n),
                ends_at=pitch.starts_at + timedelta(minutes=30 * (n + 1)),
                proposal_id=proposal.id if proposal else None,
                booked_by_id=proposal.author_id if proposal else None,
                booked_at=pitch.starts_at - timedelta(days=3) if proposal else None))


def session_lines() -> Iterator[str]:
    yield ("Events: /events; an info session on the Brugge deliveries challenge (full, one on "
           "the waiting list) and a past pitch day with booked slots on the Brugge bicycle "
           "parking challenge.")
