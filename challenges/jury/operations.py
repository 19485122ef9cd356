"""Jury rules: set-up, conflicts of interest, assignment, independent scoring, locking,
decisions and publication of the results. Every action is recorded in the audit trail.
Each public function is one action and owns its commit."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from challenges.accounts.models import User
from challenges.challenges.models import Challenge, ChallengeStatus, Phase
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.jury.models import (
    Assignment,
    AuditEvent,
    ConflictDeclaration,
    Decision,
    Jury,
    JuryMember,
    RankingView,
    Review,
    ReviewStatus,
    Score,
)
from challenges.notifications.outbox import external_url, queue_email
from challenges.submissions.models import Proposal, ProposalStatus

# Proposals the jury looks at: entered and not ruled out by the organiser.
REVIEWABLE = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.WINNER,
              ProposalStatus.NOT_SELECTED)


class JuryError(Refused):
    """The rules refuse the request. `problems` maps form fields to messages."""


def audit(challenge: Challenge, actor: User | None, action: str, proposal: Proposal | None = None,
          **details) -> None:
    """Record a jury action; flushed with the action's own transaction."""
    def plain(value):
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return str(value) if isinstance(value, Decimal | datetime) else value

    clean = {k: plain(v) for k, v in details.items()}
    db.session.add(AuditEvent(challenge_id=challenge.id, actor_id=actor.id if actor else None,
                              action=action, proposal_id=proposal.id if proposal else None,
                              details=clean))


# Set-up -------------------------------------------------------------------------------------

def jury_for(challenge: Challenge) -> Jury | None:
    return db.session.scalar(select(Jury).where(Jury.challenge_id == challenge.id))


def ensure_jury(challenge: Challenge) -> Jury:
    jury = jury_for(challenge)
    if jury is None:
        jury = Jury(challenge=challenge, level_descriptions={})
        db.session.add(jury)
        db.session.flush()
    return jury


def scoring_started(jury: Jury) -> bool:
    return db.session.scalar(select(Review.id).join(JuryMember).where(
        JuryMember.jury_id == jury.id, Review.status == ReviewStatus.SUBMITTED).limit(1)) is not None


def configure(challenge: Challenge, by: User, *, blind: bool, scale_min: int, scale_max: int,
              authoritative_view: str, assignment_mode: str, reviewers_per_proposal: int,
              level_descriptions: dict | None = None) -> Jury:
    jury = ensure_jury(challenge)
    changes_rules = (scale_min, scale_max, RankingView(authoritative_view)) != (
        jury.scale_min, jury.scale_max, jury.authoritative_view)
    if changes_rules and scoring_started(jury):
        raise JuryError({"authoritative_view": _(
            "Scoring has started: the scale and the authoritative view can no longer change.")})
    if scale_max <= scale_min:
        raise JuryError({"scale_max": _("The highest score must be above the lowest.")})
    jury.blind = blind
    jury.scale_min, jury.scale_max = scale_min, scale_max
    jury.authoritative_view = RankingView(authoritative_view)
    jury.assignment_mode = assignment_mode if assignment_mode in ("all", "assigned") else "all"
    jury.reviewers_per_proposal = max(1, reviewers_per_proposal)
    if level_descriptions is not None:
        jury.level_descriptions = level_descriptions
    audit(challenge, by, "jury_configured", blind=blind, scale=f"{scale_min}-{scale_max}",
          view=jury.authoritative_view.value, assignment=jury.assignment_mode)
    db.session.commit()
    return jury


def invite_member(challenge: Challenge, email: str, by: User, chair: bool = False) -> JuryMember:
    jury = ensure_jury(challenge)
    email = email.strip().lower()
    if any(m.email == email for m in jury.members):
        raise JuryError({"email": _("This person is already on the jury.")})
    user = db.session.scalar(select(User).where(User.email == email))
    member = JuryMember(jury=jury, email=email, is_chair=False)
    if user is not None and user.is_verified:
        # Someone with an account is on the jury at once; they get a notice.
        member.user, member.accepted_at = user, utcnow()
    db.session.add(member)
    db.session.flush()
    if chair:
        _make_chair(jury, member)
    from challenges.jury.tokens import make_jury_token

    link = (external_url("jury.home") if member.accepted_at
            else external_url("jury.accept", token=make_jury_token(member)))
    queue_email(email, user.language if user else by.language, "jury_invitation",
                _l("You are invited to the jury of %(title)s", title=challenge.title),
                challenge=challenge, member=member, invited_by=by, link=link,
                has_account=member.accepted_at is not None)
    audit(challenge, by, "juror_invited", email=email, chair=chair)
    db.session.commit()
    return member


def accept_invitation(member: JuryMember, user: User) -> None:
    if member.accepted_at is not None and member.user_id != user.id:
        raise JuryError({"_": _("This invitation was already accepted by someone else.")})
    jury = member.jury
    if any(m.user_id == user.id and m.id != member.id for m in jury.members):
        raise JuryError({"_": _("You are already on this jury.")})
    member.user, member.accepted_at = user, member.accepted_at or utcnow()
    audit(jury.challenge, user, "juror_accepted")
    db.session.commit()


def _make_chair(jury: Jury, member: JuryMember) -> None:
    for other in jury.members:
        other.is_chair = other.id == member.id


def set_chair(member: JuryMember, by: User) -> None:
    _make_chair(member.jury, member)
    audit(member.jury.challenge, by, "chair_named", email=member.email)
    db.session.commit()


def remove_member(member: JuryMember, by: User) -> None:
    started = db.session.scalar(select(Review.id).where(Review.member_id == member.id).limit(1))
    if started is not None:
        raise JuryError({"_": _("This juror has started scoring and stays on the jury; their "
                                "reviews are part of the record.")})
    audit(member.jury.challenge, by, "juror_removed", email=member.email)
    db.session.delete(member)
    db.session.commit()


# Who may see and score what -----------------------------------------------------------------

def member_for(challenge: Challenge, user) -> JuryMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(JuryMember).join(Jury).where(
        Jury.challenge_id == challenge.id, JuryMember.user_id == user.id,
        JuryMember.accepted_at.is_not(None)))


def reviewable_proposals(challenge: Challenge) -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).where(
        Proposal.challenge_id == challenge.id, Proposal.status.in_(REVIEWABLE))
        .order_by(Proposal.submitted_at, Proposal.id)))


def declaration(member: JuryMember, proposal: Proposal) -> ConflictDeclaration | None:
    return db.session.scalar(select(ConflictDeclaration).where(
        ConflictDeclaration.member_id == member.id,
        ConflictDeclaration.proposal_id == proposal.id))


def is_assigned(member: JuryMember, proposal: Proposal) -> bool:
    if member.jury.assignment_mode == "all":
        return True
    return db.session.scalar(select(Assignment.id).where(
        Assignment.member_id == member.id, Assignment.proposal_id == proposal.id)) is not None


def _check_proposal(member: JuryMember, proposal: Proposal) -> None:
    if proposal.challenge_id != member.jury.challenge_id or proposal.status not in REVIEWABLE:
        raise JuryError({"_": _("This proposal is not part of this jury's work.")})
    if not is_assigned(member, proposal):
        raise JuryError({"_": _("This proposal is not assigned to you.")})


def declare(member: JuryMember, proposal: Proposal, has_conflict: bool, reason: str,
            by: User) -> ConflictDeclaration:
    """A juror states, before reading a proposal, whether they have a conflict of interest."""
    _check_proposal(member, proposal)
    if member.jury.locked:
        raise JuryError({"_": _("Scoring is locked.")})
    if has_conflict and not reason.strip():
        raise JuryError({"reason": _("Say briefly what the conflict is; only the chair sees it.")})
    existing = declaration(member, proposal)
    if existing is not None and existing.has_conflict and not has_conflict:
        raise JuryError({"_": _("A declared conflict of interest is final.")})
    if existing is not None and not existing.has_conflict and has_conflict:
        # Declaring a conflict after reading: the review (if any) is taken out of the record.
        for review in db.session.scalars(select(Review).where(
                Review.member_id == member.id, Review.proposal_id == proposal.id)):
            db.session.delete(review)
    if existing is None:
        existing = ConflictDeclaration(member=member, proposal=proposal)
        db.session.add(existing)
    existing.has_conflict = has_conflict
    existing.reason = reason.strip() if has_conflict else None
    existing.declared_at = utcnow()
    audit(member.jury.challenge, by, "conflict_declared", proposal,
          conflict=has_conflict, reason=existing.reason)
    db.session.commit()
    return existing


def may_read(member: JuryMember, proposal: Proposal) -> bool:
    """A juror reads a proposal only after declaring that they have no conflict."""
    found = declaration(member, proposal)
    return found is not None and not found.has_conflict


# Scoring ------------------------------------------------------------------------------------

def _parse_score(raw, jury: Jury) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError) as error:
        raise ValueError from error
    if not value.is_finite() or value != value.to_integral_value() or \
            not jury.scale_min <= value <= jury.scale_max:
        raise ValueError
    return value


def save_review(member: JuryMember, proposal: Proposal, by: User, *, scores: dict,
                comments: dict, overall_comment: str, private_note: str,
                submit: bool) -> Review:
    """Save a juror's scores (`scores` and `comments` map criterion ids to values). A draft
    may be incomplete; a submitted review has a score for every criterion. Changes to a
    submitted review are kept in the audit trail with the old and new value."""
    jury = member.jury
    _check_proposal(member, proposal)
    if jury.locked:
        raise JuryError({"_": _("Scoring is locked by the chair; nothing was changed.")})
    if not may_read(member, proposal):
        raise JuryError({"_": _("Declare first that you have no conflict of interest.")})
    criteria = {c.id: c for c in jury.challenge.criteria}
    unknown = set(scores) - set(criteria) | set(comments) - set(criteria)
    if unknown:
        raise JuryError({"_": _("A score was sent for a criterion of another challenge.")})
    problems, values = {}, {}
    for criterion_id in criteria:
        try:
            values[criterion_id] = _parse_score(scores.get(criterion_id), jury)
        except ValueError:
            problems[f"score_{criterion_id}"] = _(
                "Give a whole number from %(low)d to %(high)d.", low=jury.scale_min,
                high=jury.scale_max)
    if submit:
        for criterion_id, value in values.items():
            if value is None and f"score_{criterion_id}" not in problems:
                problems[f"score_{criterion_id}"] = _("Score every criterion before submitting.")
    if problems:
        raise JuryError(problems)
    review = db.session.scalar(select(Review).where(
        Review.member_id == member.id, Review.proposal_id == proposal.id))
    if review is None:
        review = Review(member=member, proposal=proposal, status=ReviewStatus.DRAFT)
        db.session.add(review)
        db.session.flush()
    existing = {s.criterion_id: s for s in review.scores}
    was_submitted = review.status == ReviewStatus.SUBMITTED
    for criterion_id, value in values.items():
        score = existing.get(criterion_id)
        if score is None:
            score = Score(review=review, criterion_id=criterion_id)
            db.session.add(score)
        if was_submitted and score.value != value:
            audit(jury.challenge, by, "score_changed", proposal, criterion=criterion_id,
                  old=score.value, new=value)
        score.value = value
        score.comment = (comments.get(criterion_id) or "").strip()
    review.overall_comment = overall_comment.strip()
    review.private_note = private_note.strip()
    if submit and not was_submitted:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = utcnow()
        audit(jury.challenge, by, "review_submitted", proposal,
              scores={str(k): v for k, v in values.items()})
    elif not was_submitted:
        audit(jury.challenge, by, "review_saved", proposal)
    db.session.commit()
    return review


def my_review(member: JuryMember, proposal: Proposal) -> Review | None:
    return db.session.scalar(select(Review).where(
        Review.member_id == member.id, Review.proposal_id == proposal.id))


def may_see_others(member: JuryMember, proposal: Proposal) -> bool:
    """Independence: a juror sees the others' scores only after submitting their own, and
    never for a proposal they have a conflict with."""
    review = my_review(member, proposal)
    return review is not None and review.status == ReviewStatus.SUBMITTED and \
        may_read(member, proposal)


def lock(jury: Jury, by: User) -> None:
    if jury.locked:
        return
    jury.scoring_locked_at = utcnow()
    audit(jury.challenge, by, "scoring_locked")
    db.session.commit()


def unlock(jury: Jury, by: User) -> None:
    if jury.decided_at is not None:
        raise JuryError({"_": _("The decision is recorded; scoring can no longer reopen.")})
    jury.scoring_locked_at = None
    audit(jury.challenge, by, "scoring_unlocked")
    db.session.commit()


# Assignment ---------------------------------------------------------------------------------

def auto_assign(jury: Jury, by: User) -> dict[int, int]:
    """Give every proposal `reviewers_per_proposal` jurors (or as many as have no conflict),
    spreading the load evenly. Returns the load per member id."""
    members = [m for m in jury.members if m.accepted_at is not None]
    proposals = reviewable_proposals(jury.challenge)
    conflicts = {(d.member_id, d.proposal_id) for d in db.session.scalars(
        select(ConflictDeclaration).where(ConflictDeclaration.has_conflict.is_(True),
                                          ConflictDeclaration.member_id.in_(
                                              [m.id for m in members] or [0])))}
    for old in db.session.scalars(select(Assignment).where(
            Assignment.member_id.in_([m.id for m in members] or [0]))):
        db.session.delete(old)
    db.session.flush()
    load: dict[int, int] = defaultdict(int)
    for proposal in proposals:
        candidates = sorted((m for m in members if (m.id, proposal.id) not in conflicts),
                            key=lambda m: (load[m.id], m.id))
        for member in candidates[:jury.reviewers_per_proposal]:
            db.session.add(Assignment(member_id=member.id, proposal_id=proposal.id))
            load[member.id] += 1
    jury.assignment_mode = "assigned"
    audit(jury.challenge, by, "assignments_made", per_proposal=jury.reviewers_per_proposal,
          load={str(k): v for k, v in load.items()})
    db.session.commit()
    return dict(load)


def set_assignment(member: JuryMember, proposal: Proposal, assigned: bool, by: User) -> None:
    """Assign a proposal to a juror by hand, or take it away."""
    if proposal.challenge_id != member.jury.challenge_id or proposal.status not in REVIEWABLE:
        raise JuryError({"_": _("This juror or proposal is not part of this jury.")})
    if member.accepted_at is None:
        raise JuryError({"_": _("%(email)s has not accepted the invitation yet.",
                                email=member.email)})
    existing = db.session.scalar(select(Assignment).where(
        Assignment.member_id == member.id, Assignment.proposal_id == proposal.id))
    if assigned and existing is None:
        db.session.add(Assignment(member_id=member.id, proposal_id=proposal.id))
    elif not assigned and existing is not None:
        db.session.delete(existing)
    audit(member.jury.challenge, by, "assignment_changed", proposal, email=member.email,
          assigned=assigned)
    db.session.commit()


# Decision and results -----------------------------------------------------------------------

def record_decision(jury: Jury, proposal: Proposal, by: User, *, shortlisted: bool,
                    motivation: str, place: int | None, award_name: str | None,
                    award_amount: Decimal | None, honourable_mention: bool) -> Decision:
    if not jury.locked:
        raise JuryError({"_": _("Lock scoring before deciding.")})
    if jury.challenge.status != ChallengeStatus.PUBLISHED:
        raise JuryError({"_": _("The results are already published.")})
    if proposal.challenge_id != jury.challenge_id or proposal.status not in REVIEWABLE:
        raise JuryError({"_": _("This proposal is not part of this jury's work.")})
    _check_place(jury, proposal, place)
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id))
    if decision is None:
        decision = Decision(proposal=proposal, challenge_id=proposal.challenge_id)
        db.session.add(decision)
    decision.shortlisted = shortlisted or place is not None or honourable_mention
    decision.motivation = motivation.strip()
    decision.place = place
    decision.award_name = (award_name or "").strip() or None
    decision.award_amount = award_amount
    decision.honourable_mention = honourable_mention
    jury.decided_at = utcnow()
    audit(jury.challenge, by, "decision_recorded", proposal, shortlisted=decision.shortlisted,
          place=place, award=decision.award_name, amount=award_amount,
          honourable_mention=honourable_mention)
    db.session.commit()
    return decision


def _check_place(jury: Jury, proposal: Proposal, place: int | None) -> None:
    """A place goes to one proposal only, and never to one below a published minimum."""
    if place is None:
        return
    holder = db.session.scalar(select(Decision).where(
        Decision.challenge_id == proposal.challenge_id, Decision.place == place,
        Decision.proposal_id != proposal.id))
    if holder is not None:
        raise JuryError({"place": _(
            "Place %(place)d already goes to \"%(title)s\". Clear it there first, or choose "
            "another place.", place=place, title=holder.proposal.title)})
    from challenges.jury import ranking_data

    data = ranking_data.load(jury)
    row = data.rows_by_view().get(proposal.id, {}).get(data.authoritative_view)
    if row is not None and not row.eligible:
        names = ", ".join(m.name for m in row.ineligible_reasons)
        raise JuryError({"place": _(
            "This proposal does not reach the minimum score for: %(criteria)s. It cannot win "
            "a place; it can be shortlisted or get an honourable mention.", criteria=names)})


def decisions_for(challenge: Challenge) -> dict[int, Decision]:
    return {d.proposal_id: d for d in db.session.scalars(
        select(Decision).join(Proposal).where(Proposal.challenge_id == challenge.id))}


def publish_results(challenge: Challenge, by: User, now: datetime | None = None) -> None:
    """The organiser publishes what the jury decided: statuses change, the results page
    opens, and every participant is told, with the feedback meant for them."""
    now = now or utcnow()
    jury = jury_for(challenge)
    if challenge.phase_at(now) != Phase.CLOSED:
        raise JuryError({"_": _("Results can be published once the challenge is closed.")})
    if jury is None or not jury.locked or jury.decided_at is None:
        raise JuryError({"_": _("The jury has not locked scoring and decided yet.")})
    decisions = decisions_for(challenge)
    if not any(d.place is not None for d in decisions.values()):
        raise JuryError({"_": _("The jury has not chosen a winner yet.")})
    from challenges.jury.feedback import feedback_for

    for proposal in reviewable_proposals(challenge):
        decision = decisions.get(proposal.id)
        if decision is not None and decision.place is not None:
            proposal.status = ProposalStatus.WINNER
        elif decision is not None and decision.shortlisted:
            proposal.status = ProposalStatus.SHORTLISTED
        else:
            proposal.status = ProposalStatus.NOT_SELECTED
        feedback = feedback_for(proposal)
        for member in proposal.team:
            queue_email(member.email, member.language, "results_participant",
                        _l("Results of %(title)s", title=challenge.title), user=member,
                        proposal=proposal, challenge=challenge, decision=decision,
                        feedback=feedback, scale_low=jury.scale_min, scale_high=jury.scale_max,
                        link=external_url("results.public", slug=challenge.slug))
    challenge.status = ChallengeStatus.RESULTS_PUBLISHED
    audit(challenge, by, "results_published")
    db.session.commit()
