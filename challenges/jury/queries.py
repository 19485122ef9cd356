"""Read paths of the jury: the loaders of its routes, and who has done what: the state of
each proposal for each juror, the counts for the juror's own page, the home page and the
chair's overview.

Every read here uses a fixed number of SQL queries, whatever the number of proposals and
jurors: the rows are fetched per jury (or per person) in one go and combined in Python."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import load_only, selectinload

from challenges.access import belongs_or_404
from challenges.accounts.models import User
from challenges.challenges.models import Challenge, Criterion
from challenges.challenges.stages import ChallengeStage
from challenges.db import LabelledEnum
from challenges.extensions import db
from challenges.jury.models import (
    Assignment,
    ConflictDeclaration,
    Jury,
    JuryMember,
    Review,
    ReviewStatus,
    final_round,
    has_own_jury,
    jury_for,
    reviewed_by,
)
from challenges.submissions.models import Proposal, TeamMember
from challenges.tokens import LinkRefused, sign, unsign

INVITATION = "jury-invitation"
INVITATION_MAX_AGE = 60 * 24 * 3600


# Loaders for routes (challenges.access) -----------------------------------------------------

# A stage's jury has the final jury's pages under its stage's address: each such route has
# the final jury's rule with these defaults and a second one, /.../stages/<id:stage_id>/...;
# the loaders below (load_jury, load_jury_stage) turn either address into its jury.
FINAL = {"stage_id": None}

def load_jury_challenge(slug: str) -> Challenge:
    """The challenge of a jury page, with its criteria (the scoring forms need them)."""
    challenge = db.session.scalar(select(Challenge).where(Challenge.slug == slug).options(
        selectinload(Challenge.organisation), selectinload(Challenge.criteria)))
    if challenge is None or not challenge.can_view(current_user):
        abort(404)
    return challenge


def load_jury_stage(challenge: Challenge, stage_id: int | None = None) -> ChallengeStage | None:
    """The stage of a stage jury's address (None on the final jury's). Only a submission
    round before the last stage has a jury of its own (models.has_own_jury): the last stage
    is the final jury's, a screening the organisation's; their stage addresses are a 404."""
    if stage_id is None:
        return None
    stage = db.session.get(ChallengeStage, stage_id)
    if stage is None or stage.challenge_id != challenge.id or not has_own_jury(stage):
        abort(404)
    return stage


def load_jury(slug: str, stage_id: int | None = None) -> Jury:
    """The jury of a page: the challenge's final jury, or the jury of the stage in the
    address; 404 when there is none (yet)."""
    challenge = load_jury_challenge(slug)
    jury = jury_for(challenge, load_jury_stage(challenge, stage_id))
    if jury is None:
        abort(404)
    return jury


def load_jury_proposal(jury: Jury, proposal_id: int) -> Proposal:
    """A proposal of the jury's work; anything else does not exist on the jury's pages."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not jury.includes(proposal):
        abort(404)
    return proposal


def load_jury_member(jury: Jury, member_id: int) -> JuryMember:
    return belongs_or_404(JuryMember, member_id, jury_id=jury.id)


def invitation_token(member: JuryMember) -> str:
    """The signed link's token in a jury invitation (for someone without an account)."""
    return sign(INVITATION, {"member": member.id, "email": member.email})


def member_of_invitation(token: str) -> JuryMember:
    data = unsign(INVITATION, token, INVITATION_MAX_AGE)
    ident = data.get("member")
    member = db.session.get(JuryMember, ident) if isinstance(ident, int) else None
    if member is None or member.email != data.get("email"):
        raise LinkRefused(expired=False)
    return member


def reviewable_proposals(challenge: Challenge) -> list[Proposal]:
    """The proposals the final jury reviews: of the last stage in a staged challenge."""
    return list(db.session.scalars(select(Proposal).where(final_round(challenge.id))
                                   .order_by(Proposal.submitted_at, Proposal.id)))


def proposals_of(jury: Jury) -> list[Proposal]:
    """The proposals this jury (final or of a stage) reviews."""
    return list(db.session.scalars(select(Proposal).where(reviewed_by(jury))
                                   .order_by(Proposal.submitted_at, Proposal.id)))


def scoring_started(jury: Jury) -> bool:
    return db.session.scalar(select(Review.id).join(JuryMember).where(
        JuryMember.jury_id == jury.id, Review.status == ReviewStatus.SUBMITTED)
        .limit(1)) is not None


def jury_members(jury: Jury | None) -> list[JuryMember]:
    if jury is None:
        return []
    return list(db.session.scalars(
        select(JuryMember).where(JuryMember.jury_id == jury.id)
        .options(selectinload(JuryMember.user)).order_by(JuryMember.id)))


class WorkState(LabelledEnum):
    """Where one juror stands with one proposal."""

    DECLARE = "declare", _l("Declare conflict first")
    CONFLICT = "conflict", _l("Conflict declared")
    TO_SCORE = "to_score", _l("To score")
    DRAFT = "draft", _l("Draft saved")
    SUBMITTED = "submitted", _l("Submitted")


@dataclass
class MemberCounts:
    """A juror's work: the four counts add up to `expected`."""

    expected: int = 0
    done: int = 0
    draft: int = 0
    conflicts: int = 0

    @property
    def pending(self) -> int:
        return self.expected - self.done - self.draft - self.conflicts

    @property
    def finished(self) -> int:
        """Nothing left to do: submitted, or kept out by a conflict."""
        return self.done + self.conflicts

    @property
    def open(self) -> int:
        """What a reminder is about: not started yet or only a draft."""
        return self.pending + self.draft


@dataclass
class ProposalCounts:
    expected: int = 0
    submitted: int = 0
    conflicts: int = 0


@dataclass
class Overview:
    """A jury's work at one moment. `members` are the jurors looked at (all of them for the
    chair, one for a juror's own page); invited people who have not accepted expect nothing."""

    jury: Jury
    members: list[JuryMember]
    proposals: list[Proposal]
    assigned: set[tuple[int, int]] = field(default_factory=set)
    declarations: dict[tuple[int, int], ConflictDeclaration] = field(default_factory=dict)
    reviews: dict[tuple[int, int], ReviewStatus] = field(default_factory=dict)

    def expects(self, member: JuryMember, proposal: Proposal) -> bool:
        if member.accepted_at is None or member.jury_id != self.jury.id:
            return False
        return not self.jury.assigns or (member.id, proposal.id) in self.assigned

    def is_assigned(self, member: JuryMember, proposal: Proposal) -> bool:
        return (member.id, proposal.id) in self.assigned

    def state(self, member: JuryMember, proposal: Proposal) -> WorkState:
        key = (member.id, proposal.id)
        found = self.declarations.get(key)
        if found is None:
            return WorkState.DECLARE
        if found.has_conflict:
            return WorkState.CONFLICT
        status = self.reviews.get(key)
        if status == ReviewStatus.SUBMITTED:
            return WorkState.SUBMITTED
        return WorkState.DRAFT if status == ReviewStatus.DRAFT else WorkState.TO_SCORE

    def work_of(self, member: JuryMember) -> list[tuple[Proposal, WorkState]]:
        return [(p, self.state(member, p)) for p in self.proposals if self.expects(member, p)]

    def member_counts(self, member: JuryMember) -> MemberCounts:
        counts = MemberCounts()
        for _proposal, state in self.work_of(member):
            counts.expected += 1
            if state == WorkState.SUBMITTED:
                counts.done += 1
            elif state == WorkState.DRAFT:
                counts.draft += 1
            elif state == WorkState.CONFLICT:
                counts.conflicts += 1
        return counts

    def proposal_counts(self, proposal: Proposal) -> ProposalCounts:
        """Reviews expected leave out the jurors with a conflict, which are counted apart."""
        counts = ProposalCounts()
        for member in self.members:
            if not self.expects(member, proposal):
                continue
            state = self.state(member, proposal)
            if state == WorkState.CONFLICT:
                counts.conflicts += 1
                continue
            counts.expected += 1
            counts.submitted += state == WorkState.SUBMITTED
        return counts

    def conflicts(self) -> list[ConflictDeclaration]:
        """The declared conflicts, with their reasons: for the chair and the organisers."""
        return sorted((d for d in self.declarations.values() if d.has_conflict),
                      key=lambda d: d.declared_at)

    def member(self, member_id: int) -> JuryMember | None:
        return next((m for m in self.members if m.id == member_id), None)

    def proposal(self, proposal_id: int) -> Proposal | None:
        return next((p for p in self.proposals if p.id == proposal_id), None)


# What the jury's lists show of a proposal, and what the states need; not its texts.
LISTED_COLUMNS = (Proposal.id, Proposal.challenge_id, Proposal.author_id, Proposal.title,
                  Proposal.reference, Proposal.language, Proposal.organisation_name,
                  Proposal.status, Proposal.submitted_at, Proposal.stage_id)


def _proposals(juries: list[Jury]) -> list[Proposal]:
    """The proposals these juries review (models.reviewed_by), in one query: what lists and
    counts need of them (LISTED_COLUMNS), not their texts."""
    if not juries:
        return []
    return list(db.session.scalars(
        select(Proposal)
        .where(or_(*(reviewed_by(jury) for jury in juries)))
        .options(load_only(*LISTED_COLUMNS))
        .order_by(Proposal.submitted_at, Proposal.id)))


def _work_rows(member_ids: list[int]) -> dict:
    """Assignments, declarations and review statuses of these jurors: three queries."""
    ids = member_ids or [0]
    return {
        "assigned": {(m, p) for m, p in db.session.execute(
            select(Assignment.member_id, Assignment.proposal_id)
            .where(Assignment.member_id.in_(ids)))},
        "declarations": {(d.member_id, d.proposal_id): d for d in db.session.scalars(
            select(ConflictDeclaration).where(ConflictDeclaration.member_id.in_(ids)))},
        "reviews": {(m, p): status for m, p, status in db.session.execute(
            select(Review.member_id, Review.proposal_id, Review.status)
            .where(Review.member_id.in_(ids)))},
    }


def overview(jury: Jury) -> Overview:
    """Every juror of the jury and every proposal it reviews (the chair's view)."""
    members = jury_members(jury)
    return Overview(jury, members, _proposals([jury]),
                    **_work_rows([m.id for m in members]))


def overview_for_member(member: JuryMember) -> Overview:
    """One juror's work: every proposal's title and state (the counts need them all), without
    the texts; `with_teams` then loads the teams of the proposals a page shows."""
    return Overview(member.jury, [member], _proposals([member.jury]),
                    **_work_rows([member.id]))


def with_teams(proposals: list[Proposal]) -> None:
    """The authors and team members of these proposals (a page of a list), in three queries
    whatever their number."""
    if not proposals:
        return
    list(db.session.scalars(
        select(Proposal).where(Proposal.id.in_([p.id for p in proposals]))
        .options(load_only(*LISTED_COLUMNS), selectinload(Proposal.author),
                 selectinload(Proposal.members).selectinload(TeamMember.user))
        .execution_options(populate_existing=True)))


@dataclass
class Membership:
    member: JuryMember
    counts: MemberCounts


def juries_of(user: User) -> list[Membership]:
    """The juries a person has joined, each with their own progress."""
    members = list(db.session.scalars(
        select(JuryMember).join(Jury).join(Challenge)
        .outerjoin(ChallengeStage, ChallengeStage.id == Jury.stage_id)
        .where(JuryMember.user_id == user.id, JuryMember.accepted_at.is_not(None))
        .options(selectinload(JuryMember.jury).selectinload(Jury.challenge)
                 .options(selectinload(Challenge.organisation),
                          selectinload(Challenge.stages)))
        # A challenge's juries together, its stages' in their order before its final one.
        .order_by(Challenge.closes_at.desc(), Challenge.id,
                  ChallengeStage.position.is_(None), ChallengeStage.position)))
    by_jury = _proposals_by_jury([m.jury for m in members])
    rows = _work_rows([m.id for m in members])
    result = []
    for member in members:
        view = Overview(member.jury, [member], by_jury[member.jury_id], **rows)
        result.append(Membership(member, view.member_counts(member)))
    return result


def _proposals_by_jury(juries: list[Jury]) -> dict[int, list[Proposal]]:
    """The proposals of each jury, in one query: a proposal may be the work of two juries of
    its challenge (the idea stage's and the final one), so each row says whose it is."""
    found: dict[int, list[Proposal]] = defaultdict(list)
    if not juries:
        return found
    flags = [reviewed_by(jury).label(f"jury_{jury.id}") for jury in juries]
    for row in db.session.execute(
            select(Proposal, *flags).where(or_(*(reviewed_by(jury) for jury in juries)))
            .options(load_only(*LISTED_COLUMNS))
            .order_by(Proposal.submitted_at, Proposal.id)):
        for jury, belongs in zip(juries, row[1:], strict=True):
            if belongs:
                found[jury.id].append(row[0])
    return found


def other_reviews(member: JuryMember, proposal: Proposal) -> list[Review]:
    """The other jurors' submitted reviews of a proposal, for a juror who may see them
    (JuryMember.may_see_others); jurors with a conflict are left out."""
    conflicted = select(ConflictDeclaration.member_id).where(
        ConflictDeclaration.proposal_id == proposal.id,
        ConflictDeclaration.has_conflict.is_(True))
    return list(db.session.scalars(
        select(Review).join(JuryMember)
        .where(Review.proposal_id == proposal.id, Review.member_id != member.id,
               JuryMember.jury_id == member.jury_id,
               Review.status == ReviewStatus.SUBMITTED, Review.member_id.not_in(conflicted))
        .options(selectinload(Review.scores), selectinload(Review.member)
                 .selectinload(JuryMember.user))
        .order_by(Review.submitted_at, Review.id)))


@dataclass
class StageJurySummary:
    """Where a stage's jury stands, for the stage editor: its criteria, its jurors, and how
    far scoring is (reviews submitted out of those expected)."""

    criteria: int = 0
    weight: int = 0
    jury: Jury | None = None
    jurors: int = 0
    submitted: int = 0
    expected: int = 0


def stage_jury_summaries(challenge: Challenge) -> dict[int, StageJurySummary]:
    """Per stage with a jury of its own (models.has_own_jury), by stage id. A challenge has
    a few stages: the queries grow with them, never with proposals or jurors."""
    stages = [s for s in challenge.stages if has_own_jury(s)]
    found = {s.id: StageJurySummary() for s in stages}
    if not stages:
        return found
    for stage_id, count, weight in db.session.execute(
            select(Criterion.stage_id, func.count(Criterion.id), func.sum(Criterion.weight))
            .where(Criterion.stage_id.in_(list(found))).group_by(Criterion.stage_id)):
        found[stage_id].criteria, found[stage_id].weight = count, int(weight or 0)
    for jury in db.session.scalars(select(Jury).where(Jury.stage_id.in_(list(found)))):
        summary = found[jury.stage_id]
        current = overview(jury)
        summary.jury = jury
        summary.jurors = sum(1 for m in current.members if m.accepted)
        for proposal in current.proposals:
            counts = current.proposal_counts(proposal)
            summary.expected += counts.expected
            summary.submitted += counts.submitted
    return found
