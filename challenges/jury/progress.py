"""Who has done what in a jury: the state of each proposal for each juror, the counts for the
juror's own page, the home page and the chair's overview, and the few rules the screens need
that operations.py does not hold yet (who oversees a jury, reminders, hand-made assignments).

Every read here uses a fixed number of SQL queries, whatever the number of proposals and
jurors: the rows are fetched per jury (or per person) in one go and combined in Python."""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.jury import operations as ops
from challenges.jury.models import (
    Assignment,
    ConflictDeclaration,
    Jury,
    JuryMember,
    Review,
    ReviewStatus,
)
from challenges.notifications.outbox import external_url, queue_email
from challenges.submissions.models import Proposal, TeamMember


class WorkState(enum.StrEnum):
    """Where one juror stands with one proposal."""

    DECLARE = "declare"
    CONFLICT = "conflict"
    TO_SCORE = "to_score"
    DRAFT = "draft"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    WorkState.DECLARE: _l("Declare conflict first"),
    WorkState.CONFLICT: _l("Conflict declared"),
    WorkState.TO_SCORE: _l("To score"),
    WorkState.DRAFT: _l("Draft saved"),
    WorkState.SUBMITTED: _l("Submitted"),
}


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
        return self.jury.assignment_mode == "all" or (member.id, proposal.id) in self.assigned

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


def _proposals(challenge_ids: list[int], with_teams: bool) -> list[Proposal]:
    query = (select(Proposal)
             .where(Proposal.challenge_id.in_(challenge_ids or [0]),
                    Proposal.status.in_(ops.REVIEWABLE))
             .order_by(Proposal.submitted_at, Proposal.id))
    if with_teams:
        query = query.options(selectinload(Proposal.author),
                              selectinload(Proposal.members).selectinload(TeamMember.user))
    return list(db.session.scalars(query))


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
    members = list(db.session.scalars(
        select(JuryMember).where(JuryMember.jury_id == jury.id)
        .options(selectinload(JuryMember.user)).order_by(JuryMember.id)))
    return Overview(jury, members, _proposals([jury.challenge_id], with_teams=False),
                    **_work_rows([m.id for m in members]))


def overview_for_member(member: JuryMember) -> Overview:
    """One juror's work, with the teams loaded (shown unless the review is blind)."""
    return Overview(member.jury, [member],
                    _proposals([member.jury.challenge_id], with_teams=True),
                    **_work_rows([member.id]))


@dataclass
class Membership:
    member: JuryMember
    counts: MemberCounts


def juries_of(user: User) -> list[Membership]:
    """The juries a person has joined, each with their own progress."""
    members = list(db.session.scalars(
        select(JuryMember).join(Jury).join(Challenge)
        .where(JuryMember.user_id == user.id, JuryMember.accepted_at.is_not(None))
        .options(selectinload(JuryMember.jury).selectinload(Jury.challenge)
                 .selectinload(Challenge.organisation))
        .order_by(Challenge.closes_at.desc(), Challenge.id)))
    proposals = _proposals([m.jury.challenge_id for m in members], with_teams=False)
    by_challenge: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        by_challenge[proposal.challenge_id].append(proposal)
    rows = _work_rows([m.id for m in members])
    result = []
    for member in members:
        view = Overview(member.jury, [member], by_challenge[member.jury.challenge_id], **rows)
        result.append(Membership(member, view.member_counts(member)))
    return result


def other_reviews(member: JuryMember, proposal: Proposal) -> list[Review]:
    """The other jurors' submitted reviews of a proposal, for a juror who may see them
    (ops.may_see_others); jurors with a conflict are left out."""
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
class ListPage:
    """A slice of a list already in memory, with what templates/macros/pagination.html needs."""

    items: list
    page: int
    per_page: int
    total: int

    @classmethod
    def of(cls, rows: list, page: int, per_page: int) -> ListPage:
        pages = max(1, math.ceil(len(rows) / per_page))
        page = min(max(page, 1), pages)
        return cls(rows[(page - 1) * per_page:page * per_page], page, per_page, len(rows))

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


# Rules the screens need ---------------------------------------------------------------------

def may_oversee(challenge: Challenge, user, member: JuryMember | None) -> bool:
    """The progress page, reminders and assignments: the jury's chair and the organisers
    (editors and administrators of the organisation, platform administrators)."""
    return challenge.can_edit(user) or (member is not None and member.is_chair)


def may_lock(challenge: Challenge, user, member: JuryMember | None) -> bool:
    """The chair locks scoring; so may the organisers, who run the procedure and its dates."""
    return may_oversee(challenge, user, member)


def may_unlock(challenge: Challenge, user, member: JuryMember | None) -> bool:
    """Only the chair reopens scoring: whether the jury's work is finished is the jury's call.
    An organiser who locked by mistake asks the chair (or names one on the set-up page)."""
    return member is not None and member.is_chair


def may_declare(member: JuryMember, proposal: Proposal) -> bool:
    """A declared conflict is final: the juror may not take it back and read the proposal.
    (Declaring a conflict after 'no conflict' stays possible; operations.declare then removes
    the juror's review.)"""
    found = ops.declaration(member, proposal)
    return found is None or not found.has_conflict


def remind_pending(jury: Jury, by: User) -> int:
    """Email every juror who still has proposals to declare, score or submit, in their own
    language, with a link to their jury page. Returns how many were emailed."""
    if jury.locked:
        raise ops.JuryError({"_": _("Scoring is locked: there is nothing left to remind "
                                    "jurors of.")})
    challenge = jury.challenge
    current = overview(jury)
    reminded = []
    for member in current.members:
        counts = current.member_counts(member)
        if member.user is None or member.accepted_at is None or counts.open == 0:
            continue
        queue_email(member.user.email, member.user.language, "jury_reminder",
                    _l("Reminder: your reviews for %(title)s", title=challenge.title),
                    member=member, challenge=challenge, counts=counts, sent_by=by,
                    deadline=challenge.jury_decision_at,
                    link=external_url("jury.challenge", slug=challenge.slug))
        reminded.append(member.user.email)
    ops.audit(challenge, by, "reminder_sent", emails=reminded)
    db.session.commit()
    return len(reminded)


def change_assignment(jury: Jury, member: JuryMember, proposal: Proposal, assigned: bool,
                      by: User) -> None:
    """Assign a proposal to a juror by hand, or take it away, after checking that both
    belong to this jury's work."""
    if member.jury_id != jury.id:
        raise ops.JuryError({"_": _("This juror or proposal is not part of this jury.")})
    ops.set_assignment(member, proposal, assigned, by)
