"""Read paths of proposals: the loaders of the routes, the participant's and the public
lists, support counts, and the organisers' list and exports. Each uses a fixed number of SQL
queries whatever the number of proposals, co-authors or attachments."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from challenges.access import belongs_or_404
from challenges.accounts.models import User
from challenges.challenges.changes import CHANGE_AUDIENCES
from challenges.challenges.models import Challenge
from challenges.challenges.stages import ChallengeStage, FormQuestion, StageEntry
from challenges.extensions import db
from challenges.submissions.models import (
    ORGANISER_STATUSES,
    PUBLIC_STATUSES,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    Support,
    TeamMember,
)
from challenges.tokens import LinkRefused, sign, unsign

INVITATION = "team-invitation"
INVITATION_MAX_AGE = 30 * 24 * 3600
MAX_SEARCH = 200
MAX_WORDS = 10


@dataclass
class ProposalFilters:
    status: ProposalStatus | None = None
    q: str = ""
    stage: int | None = None  # the position of the stage the proposals are in now

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
        raw = (args.get("stage") or "").strip()
        if raw:
            if raw.isdigit() and len(raw) <= 3:
                filters.stage = int(raw)
            else:
                errors["stage"] = raw[:40]
        return filters, errors

    def as_args(self) -> dict:
        """The query arguments that give these filters back, for links (exports, pages)."""
        args = {}
        if self.status is not None:
            args["status"] = self.status.value
        if self.q:
            args["q"] = self.q
        if self.stage is not None:
            args["stage"] = str(self.stage)
        return args


# Loaders for routes (challenges.access) -----------------------------------------------------

def load_proposal(proposal_id: int) -> Proposal:
    """A proposal the current user may see; someone else's draft does not exist for them."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not proposal.can_view(current_user):
        abort(404)
    return proposal


def load_attachment(proposal: Proposal, attachment_id: int) -> ProposalAttachment:
    item = db.session.get(ProposalAttachment, attachment_id)
    if item is None or item.proposal_id != proposal.id or not item.can_download(current_user):
        abort(404)
    return item


def load_member(proposal: Proposal, member_id: int) -> TeamMember:
    return belongs_or_404(TeamMember, member_id, proposal_id=proposal.id)


def load_managed_proposal(proposal_id: int) -> Proposal:
    """A proposal on the organisers' screens, with what they show loaded; a draft is private
    to its team and does not exist for organisers yet."""
    proposal = proposal_for_organiser(proposal_id)
    if proposal is None or proposal.is_draft or not proposal.challenge.can_view(current_user):
        abort(404)
    return proposal


def load_managed_challenge(slug: str) -> Challenge:
    # Only the organisation is needed to decide access; no need for the public page's loads.
    challenge = db.session.scalar(select(Challenge).where(Challenge.slug == slug)
                                  .options(selectinload(Challenge.organisation)))
    if challenge is None or not challenge.can_view(current_user):
        abort(404)
    return challenge


def invitation_token(member: TeamMember) -> str:
    """The signed link's token in a team invitation."""
    return sign(INVITATION, {"member": member.id, "email": member.email})


def member_of_invitation(token: str) -> TeamMember:
    """The invitation behind an emailed link (LinkRefused when it is not valid)."""
    data = unsign(INVITATION, token, INVITATION_MAX_AGE)
    ident = data.get("member")
    member = db.session.get(TeamMember, ident) if isinstance(ident, int) else None
    if member is None or member.email != data.get("email"):
        raise LinkRefused(expired=False)  # withdrawn by the author meanwhile
    return member


def not_markable_message(status: ProposalStatus) -> str:
    if status == ProposalStatus.DRAFT:
        return _("This proposal is a draft: it was not submitted, so there is nothing to "
                 "judge yet.")
    if status == ProposalStatus.WITHDRAWN:
        return _("The team withdrew this proposal; it no longer takes part, so it cannot be "
                 "marked ineligible.")
    if status == ProposalStatus.INELIGIBLE:
        return _("This proposal is already marked ineligible.")
    return _("This proposal has status \"%(status)s\" and can no longer be marked ineligible.",
             status=status.label)


# Participants and the public ----------------------------------------------------------------

def proposals_of(user: User) -> list[Proposal]:
    """Every proposal of the person, as author or accepted co-author, latest change first."""
    member_of = select(TeamMember.proposal_id).where(
        TeamMember.user_id == user.id, TeamMember.accepted_at.is_not(None))
    return list(db.session.scalars(
        select(Proposal).where(or_(Proposal.author_id == user.id, Proposal.id.in_(member_of)))
        .options(selectinload(Proposal.challenge).selectinload(Challenge.organisation),
                 selectinload(Proposal.challenge).selectinload(Challenge.stages),
                 selectinload(Proposal.stage_entries).selectinload(StageEntry.stage))
        .order_by(Proposal.updated_at.desc())))


def public_proposals(challenge: Challenge) -> list[Proposal]:
    """The proposals of a challenge that may be public, in the order they came in."""
    return [p for p in db.session.scalars(
        select(Proposal).where(Proposal.challenge_id == challenge.id,
                               Proposal.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Proposal.author),
                 selectinload(Proposal.members).selectinload(TeamMember.user))
        .order_by(Proposal.submitted_at)) if p.is_public()]


def support_counts(proposal_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Support.proposal_id, func.count())
        .where(Support.proposal_id.in_(proposal_ids or [0])).group_by(Support.proposal_id))
    return {proposal_id: count for proposal_id, count in rows}


def supported_by(user, proposal_ids: list[int]) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(Support.proposal_id).where(
        Support.user_id == user.id, Support.proposal_id.in_(proposal_ids or [0]))))


# Organisers ---------------------------------------------------------------------------------


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
    if filters.stage is not None:
        query = query.where(Proposal.stage_id.in_(select(ChallengeStage.id).where(
            ChallengeStage.challenge_id == challenge.id,
            ChallengeStage.position == filters.stage)))
    return query


def proposals_for_export(challenge: Challenge, filters: ProposalFilters | None = None):
    """The same proposals as the list, oldest submission first: the order of a register."""
    query = challenge_proposals(challenge, filters).order_by(None).options(
        selectinload(Proposal.answers), selectinload(Proposal.answer_files))
    return list(db.session.scalars(
        query.order_by(Proposal.submitted_at.asc().nulls_last(), Proposal.id.asc())))


def form_questions(challenge: Challenge) -> list[FormQuestion]:
    """Every question of the challenge's forms, in the order of its stages (one query)."""
    return list(db.session.scalars(
        select(FormQuestion).where(FormQuestion.challenge_id == challenge.id)
        .outerjoin(ChallengeStage, FormQuestion.stage_id == ChallengeStage.id)
        .order_by(ChallengeStage.position.nulls_first(), FormQuestion.position,
                  FormQuestion.id)))


def proposal_for_organiser(proposal_id: int) -> Proposal | None:
    return db.session.scalar(
        select(Proposal).where(Proposal.id == proposal_id)
        .options(selectinload(Proposal.challenge).selectinload(Challenge.organisation),
                 selectinload(Proposal.author),
                 selectinload(Proposal.members).selectinload(TeamMember.user),
                 selectinload(Proposal.attachments),
                 selectinload(Proposal.versions)))


def teams_of(challenge: Challenge) -> list[User]:
    """The authors and the co-authors who accepted, of every proposal for the challenge that
    is not withdrawn (drafts too): they hear of a change of deadline or rules. One query."""
    live = and_(Proposal.challenge_id == challenge.id,
                Proposal.status != ProposalStatus.WITHDRAWN)
    authors = select(Proposal.author_id).where(live)
    co_authors = (select(TeamMember.user_id).join(Proposal, TeamMember.proposal_id == Proposal.id)
                  .where(live, TeamMember.accepted_at.is_not(None),
                         TeamMember.user_id.is_not(None)))
    return list(db.session.scalars(select(User).where(
        or_(User.id.in_(authors), User.id.in_(co_authors)))))


if teams_of not in CHANGE_AUDIENCES:
    CHANGE_AUDIENCES.append(teams_of)
