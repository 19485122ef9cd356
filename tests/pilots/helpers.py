"""A challenge with published results, its winner's team, the organisation's people and an
outsider: what every pilot test starts from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from challenges.accounts.models import ParticipantKind, Role, User
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.extensions import db
from challenges.pilots.models import Kpi, Pilot, PilotStatus, brussels_today
from challenges.submissions.models import Proposal, ProposalStatus, TeamMember


@dataclass
class World:
    challenge: Challenge
    winner: Proposal
    author: User
    coauthor: User
    editor: User
    admin: User
    admin2: User
    outsider: User
    today: date


def world(make, route: LegalRoute = LegalRoute.LOW_VALUE_CONTRACT) -> World:
    organisation = make.organisation()
    editor = make.user(name="Tom Editor", language="en")
    make.membership(editor, organisation, Role.EDITOR)
    admin = make.user(name="Els Admin", language="en")
    make.membership(admin, organisation, Role.ADMIN)
    admin2 = make.user(name="Sofie Admin", language="en")
    make.membership(admin2, organisation, Role.ADMIN)
    challenge = make.challenge(organisation, phase="results_published", legal_route=route,
                               reward_amount=Decimal("10000"), estimated_value=Decimal("10000"))
    author = make.user(name="Founder", language="en", kind=ParticipantKind.STARTUP)
    coauthor = make.user(name="Cofounder", language="en")
    winner = make.proposal(challenge, author, status="winner", title="Slimme sensoren")
    db.session.add(TeamMember(proposal=winner, email=coauthor.email, user=coauthor,
                              accepted_at=utcnow()))
    db.session.commit()
    outsider = make.user(name="Outsider", language="en")
    return World(challenge, winner, author, coauthor, editor, admin, admin2, outsider,
                 brussels_today())


def pilot(w: World, *, amount: str = "10000", days: int = 180, **fields) -> Pilot:
    obj = Pilot(challenge=w.challenge, proposal=w.winner, legal_route=w.challenge.legal_route,
                amount=Decimal(amount), starts_on=w.today - timedelta(days=30),
                ends_on=w.today + timedelta(days=days), status=PilotStatus.RUNNING,
                started_by_id=w.editor.id, **fields)
    db.session.add(obj)
    db.session.commit()
    return obj


def kpi(w: World, name: str = "Klachten over zwerfvuil per maand", baseline="42",
        target="25") -> Kpi:
    obj = Kpi(challenge=w.challenge, name=name, unit="klachten", baseline=Decimal(baseline),
              target=Decimal(target), method="Meldingen in het klachtenregister")
    db.session.add(obj)
    db.session.commit()
    return obj


def iso(day: date) -> str:
    return day.isoformat()


__all__ = ["ProposalStatus", "World", "iso", "kpi", "pilot", "world"]
