"""The demo's clarification requests: on the half-way jury's challenge the organiser asked two
teams a question on the jury's behalf; one team answered, the other still has two days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.clarifications.models import Clarification
from challenges.demo.jury_data import MIDWAY_JURY
from challenges.extensions import db
from challenges.jury.models import REVIEWABLE
from challenges.submissions.models import Proposal

ORGANISER = "karim.elamrani@antwerpen.demo"
REQUESTS: list[dict[str, Any]] = [
    {"question": "U schrijft dat buurtbewoners de koele plekken mee openhouden. Hoeveel "
                 "vrijwilligers hebt u al gevonden, en wat gebeurt er als er op een hete "
                 "zondag niemand is?",
     "asked": 2, "reply_in": 5,
     "answer": "We hebben er 14 in drie wijken, met een beurtrol per weekend. Valt iemand "
               "uit, dan neemt de wijkwerker van het dienstencentrum over; dat is afgesproken "
               "met twee centra.",
     "answered": 1},
    {"question": "Uw kostenraming vermeldt geen onderhoud na de zomer. Wie betaalt de "
                 "sensoren en hun abonnement vanaf het tweede jaar?",
     "asked": 1, "reply_in": 2},
]


def load_clarifications(challenges: dict[str, Challenge], users: dict[str, User],
                        now: datetime) -> None:
    """The requests, when the half-way challenge has none yet."""
    challenge = challenges.get(MIDWAY_JURY)
    organiser = users.get(ORGANISER)
    if challenge is None or organiser is None or db.session.scalar(
            select(Clarification.id).join(Clarification.proposal)
            .where(Proposal.challenge_id == challenge.id)):
        return
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.challenge_id == challenge.id,
                               Proposal.status.in_(REVIEWABLE)).order_by(Proposal.id)).all()
    for spec, proposal in zip(REQUESTS, proposals, strict=False):
        asked = now - timedelta(days=spec["asked"])
        item = Clarification(proposal=proposal, question=spec["question"], asked_at=asked,
                             reply_by=asked + timedelta(days=spec["reply_in"]),
                             asked_by_id=organiser.id)
        if "answer" in spec:
            item.answer = spec["answer"]
            item.answered_at = now - timedelta(days=spec["answered"])
            item.answered_by_id = proposal.author_id
        db.session.add(item)


def clarification_lines() -> Iterator[str]:
    yield (f"Clarifications: the organiser of {MIDWAY_JURY} ({ORGANISER}) asked two teams a "
           "question for the jury (one answered, one waiting); the jurors read the answer on "
           "the proposal's review page.")
