"""The figures, in five queries whatever the size of the data.

Rules (the README says the same):
- A challenge **run** is one that was published (any status but draft); cancelled ones are
  counted apart as well.
- A **joint** challenge counts for each of its hosts (the lead and every accepted partner),
  and once for the platform.
- **Proposals received**: those that reached the organisers (submitted, ineligible,
  shortlisted, winner, not selected; never drafts or withdrawals), by the participant kind of
  their author.
- **Money awarded**: the award of every pilot that was not dropped (the contract record's
  amount, excluding VAT), split into prizes (the prize route) and contracts (every other
  route). A pilot counts for the host at whose site it runs.
- **Pilots started** and their **outcomes**: an evaluated pilot's outcome (adopted, extended,
  scaled, stopped; "evaluated" for one evaluated before outcomes were recorded), a dropped
  pilot as dropped, the others as running.
- **Median time to pilot**: the median of the days from the challenge's publication to each
  pilot's start.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from challenges.accounts.models import Organisation, ParticipantKind, User
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge, ChallengeHost, ChallengeStatus, HostStatus
from challenges.extensions import db
from challenges.pilots.models import Evaluation, Outcome, Pilot, PilotStatus
from challenges.submissions.models import Proposal, ProposalStatus
from challenges.timezones import utc_to_brussels

RECEIVED = (ProposalStatus.SUBMITTED, ProposalStatus.INELIGIBLE, ProposalStatus.SHORTLISTED,
            ProposalStatus.WINNER, ProposalStatus.NOT_SELECTED)
# The outcomes shown, in order: the evaluated ones, then dropped and still running.
OUTCOMES = (*(o.value for o in Outcome), "evaluated", "dropped", "running")


@dataclass
class Figures:
    organisation: Organisation | None  # None: the whole platform
    challenges: int = 0
    cancelled: int = 0
    proposals: dict[ParticipantKind, int] = field(
        default_factory=lambda: {kind: 0 for kind in ParticipantKind})
    prizes: Decimal = Decimal(0)
    contracts: Decimal = Decimal(0)
    outcomes: dict[str, int] = field(default_factory=lambda: {o: 0 for o in OUTCOMES})
    days_to_pilot: list[int] = field(default_factory=list)

    @property
    def proposals_total(self) -> int:
        return sum(self.proposals.values())

    @property
    def awarded(self) -> Decimal:
        return self.prizes + self.contracts

    @property
    def pilots(self) -> int:
        return sum(self.outcomes.values())

    @property
    def median_days_to_pilot(self) -> float | None:
        return statistics.median(self.days_to_pilot) if self.days_to_pilot else None

    @property
    def is_empty(self) -> bool:
        return self.challenges == 0 and self.pilots == 0


@dataclass
class Statistics:
    platform: Figures
    organisations: list[Figures]  # by name, only those that ran a challenge or host a pilot

    def of(self, slug: str) -> Figures | None:
        return next((f for f in self.organisations
                     if f.organisation is not None and f.organisation.slug == slug), None)


def _day(moment: datetime) -> date:
    return utc_to_brussels(moment).date()


def _outcome(row) -> str:
    if row.status == PilotStatus.DROPPED:
        return "dropped"
    if row.outcome is not None:
        return Outcome(row.outcome).value
    if row.status == PilotStatus.EVALUATED:
        return "evaluated"  # evaluated before outcomes were recorded
    return "running"


def _add_pilot(figures: Figures, row, published_on: date | None) -> None:
    figures.outcomes[_outcome(row)] += 1
    if row.status != PilotStatus.DROPPED:
        if LegalRoute(row.legal_route) == LegalRoute.PRIZE:
            figures.prizes += row.amount
        else:
            figures.contracts += row.amount
    if published_on is not None:
        figures.days_to_pilot.append((row.starts_on - published_on).days)


def compute() -> Statistics:
    challenges = db.session.execute(
        select(Challenge.id, Challenge.organisation_id, Challenge.status, Challenge.published_at)
        .where(Challenge.status != ChallengeStatus.DRAFT)).all()
    hosts: dict[int, list[int]] = {row.id: [row.organisation_id] for row in challenges}
    for challenge_id, organisation_id in db.session.execute(
            select(ChallengeHost.challenge_id, ChallengeHost.organisation_id)
            .join(Challenge, Challenge.id == ChallengeHost.challenge_id)
            .where(ChallengeHost.status == HostStatus.ACCEPTED,
                   Challenge.status != ChallengeStatus.DRAFT)):
        hosts[challenge_id].append(organisation_id)
    proposal_counts = db.session.execute(
        select(Proposal.challenge_id, User.participant_kind, func.count(Proposal.id))
        .join(User, User.id == Proposal.author_id)
        .join(Challenge, Challenge.id == Proposal.challenge_id)
        .where(Proposal.status.in_(RECEIVED), Challenge.status != ChallengeStatus.DRAFT)
        .group_by(Proposal.challenge_id, User.participant_kind)).all()
    pilots = db.session.execute(
        select(Pilot.challenge_id, Pilot.site_id, Pilot.status, Pilot.amount, Pilot.legal_route,
               Pilot.starts_on, Evaluation.outcome)
        .outerjoin(Evaluation, Evaluation.pilot_id == Pilot.id)
        .join(Challenge, Challenge.id == Pilot.challenge_id)
        .where(Challenge.status != ChallengeStatus.DRAFT)).all()

    platform = Figures(None)
    by_org: dict[int, Figures] = {}

    def of(organisation_id: int) -> Figures:
        return by_org.setdefault(organisation_id, Figures(None))

    published_on = {}
    lead_of = {}
    for row in challenges:
        published_on[row.id] = _day(row.published_at) if row.published_at else None
        lead_of[row.id] = row.organisation_id
        for figures in (platform, *(of(o) for o in hosts[row.id])):
            figures.challenges += 1
            figures.cancelled += row.status == ChallengeStatus.CANCELLED
    for challenge_id, kind, count in proposal_counts:
        for figures in (platform, *(of(o) for o in hosts[challenge_id])):
            figures.proposals[kind] += count
    for pilot in pilots:
        # A pilot counts for the host at whose site it runs (a removed partner's site too).
        site = pilot.site_id or lead_of[pilot.challenge_id]
        for figures in (platform, of(site)):
            _add_pilot(figures, pilot, published_on.get(pilot.challenge_id))

    organisations = {o.id: o for o in db.session.scalars(
        select(Organisation).where(Organisation.id.in_(list(by_org) or [0])))}
    for organisation_id, figures in by_org.items():
        figures.organisation = organisations[organisation_id]
    listed = sorted(by_org.values(), key=lambda f: (f.organisation.name.lower()
                                                   if f.organisation else ""))
    return Statistics(platform, listed)
