"""Read paths for the organisers' side of proposals. Each uses a fixed number of SQL queries
whatever the number of proposals, co-authors or attachments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.submissions.models import Proposal, ProposalStatus, TeamMember

# What an organiser sees: everything but drafts, which are private to the team.
ORGANISER_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN,
                      ProposalStatus.INELIGIBLE, ProposalStatus.SHORTLISTED,
                      ProposalStatus.WINNER, ProposalStatus.NOT_SELECTED)

MAX_SEARCH = 200
MAX_WORDS = 10


@dataclass
class ProposalFilters:
    status: ProposalStatus | None = None
    q: str = ""

    @classmethod
    def from_args(cls, args) -> tuple[ProposalFilters, dict]:
        """Read the filters from query arguments; returns them and what was not understood."""
        errors = {}
        filters = cls(q=(args.get("q") or "").strip()[:MAX_SEARCH])
        raw = (args.get("status") or "").strip()
        if raw:
            try:
                status = ProposalStatus(raw)
            except ValueError:
                status = None
            if status in ORGANISER_STATUSES:
                filters.status = status
            else:
                errors["status"] = raw[:40]
        return filters, errors

    def as_args(self) -> dict:
        """The query arguments that give these filters back, for links (exports, pages)."""
        args = {}
        if self.status is not None:
            args["status"] = self.status.value
        if self.q:
            args["q"] = self.q
        return args


def challenge_for_organiser(slug: str) -> Challenge | None:
    # Only the organisation is needed to decide access; no need for the public page's loads.
    return db.session.scalar(select(Challenge).where(Challenge.slug == slug)
                             .options(selectinload(Challenge.organisation)))


def status_counts(challenge: Challenge) -> dict[ProposalStatus, int]:
    """How many proposals the challenge has in each status an organiser sees (zeros too)."""
    rows = db.session.execute(
        select(Proposal.status, func.count(Proposal.id))
        .where(Proposal.challenge_id == challenge.id,
               Proposal.status.in_(ORGANISER_STATUSES))
        .group_by(Proposal.status))
    found = {status: count for status, count in rows}
    return {status: found.get(status, 0) for status in ORGANISER_STATUSES}


def _search_condition(q: str):
    """Every word must appear in one of the fields (as a substring, case-insensitive)."""
    words = q.split()[:MAX_WORDS]
    conditions = []
    for word in words:
        people = select(User.id).where(or_(User.display_name.icontains(word, autoescape=True),
                                           User.email.icontains(word, autoescape=True)))
        conditions.append(or_(
            Proposal.title.icontains(word, autoescape=True),
            Proposal.summary.icontains(word, autoescape=True),
            Proposal.reference.icontains(word, autoescape=True),
            Proposal.organisation_name.icontains(word, autoescape=True),
            Proposal.author_id.in_(people),
            # Accepted co-authors are part of the team too.
            Proposal.id.in_(select(TeamMember.proposal_id).where(
                TeamMember.accepted_at.is_not(None), TeamMember.user_id.in_(people))),
        ))
    return and_(*conditions)


def challenge_proposals(challenge: Challenge, filters: ProposalFilters | None = None):
    """The select of a challenge's proposals for organisers (never drafts), newest first,
    with the team and the attachments loaded in a fixed number of queries."""
    filters = filters or ProposalFilters()
    query = (select(Proposal)
             .where(Proposal.challenge_id == challenge.id)
             .options(selectinload(Proposal.author),
                      selectinload(Proposal.members).selectinload(TeamMember.user),
                      selectinload(Proposal.attachments))
             .order_by(Proposal.submitted_at.desc().nulls_last(), Proposal.id.desc()))
    if filters.status is not None:
        query = query.where(Proposal.status == filters.status)
    else:
        query = query.where(Proposal.status.in_(ORGANISER_STATUSES))
    if filters.q and filters.q.split():
        query = query.where(_search_condition(filters.q))
    return query


def proposals_for_export(challenge: Challenge, filters: ProposalFilters | None = None):
    """The same proposals as the list, oldest submission first: the order of a register."""
    query = challenge_proposals(challenge, filters).order_by(None)
    return list(db.session.scalars(
        query.order_by(Proposal.submitted_at.asc().nulls_last(), Proposal.id.asc())))


def proposal_for_organiser(proposal_id: int) -> Proposal | None:
    return db.session.scalar(
        select(Proposal).where(Proposal.id == proposal_id)
        .options(selectinload(Proposal.challenge).selectinload(Challenge.organisation),
                 selectinload(Proposal.author),
                 selectinload(Proposal.members).selectinload(TeamMember.user),
                 selectinload(Proposal.attachments),
                 selectinload(Proposal.versions)))
