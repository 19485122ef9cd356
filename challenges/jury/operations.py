"""Jury rules: set-up, invitations, conflicts of interest, assignment, independent scoring,
reminders and locking. (The ranking, the decisions and their publication are
challenges.results.) Every action is in the event record, the jury's audit trail.
Each public function is one action and owns its commit."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from challenges import events
from challenges.accounts.models import User
from challenges.challenges.legal import LegalRoute, publication_check
from challenges.challenges.models import Challenge
from challenges.challenges.stages import ChallengeStage
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.jury import queries
from challenges.jury.models import (
    Assignment,
    ConflictDeclaration,
    Jury,
    JuryMember,
    RankingView,
    Review,
    ReviewStatus,
    Score,
    criteria_of,
    has_own_jury,
    jury_for,
    jury_of,
)
from challenges.links import external_url
from challenges.notifications.operations import queue_email
from challenges.submissions.models import Proposal

# The jury's audit trail lists these actions (and the results' ones).
ACTIONS = {
    "jury_configured": _l("Jury set up"),
    "juror_invited": _l("Juror invited"),
    "juror_accepted": _l("Juror joined"),
    "chair_named": _l("Chair named"),
    "juror_removed": _l("Juror removed"),
    "conflict_declared": _l("Conflict of interest declared"),
    "review_saved": _l("Review saved as draft"),
    "review_submitted": _l("Review submitted"),
    "score_changed": _l("Score changed after submission"),
    "scoring_locked": _l("Scoring locked"),
    "scoring_unlocked": _l("Scoring reopened"),
    "assignments_made": _l("Proposals assigned automatically"),
    "assignment_changed": _l("Assignment changed"),
    "jury_reminder_sent": _l("Reminder sent to jurors"),
    "attachment_flagged": _l("Attachment marked as naming the team (hidden from a blind jury)"),
    "attachment_unflagged": _l("Attachment no longer marked as naming the team"),
}
events.describe(ACTIONS)


def _refuse(message, field: str = "_") -> Refused:
    return Refused({field: str(message)})


def audit(challenge: Challenge, actor: User | None, action: str, proposal: Proposal | None = None,
          **details) -> None:
    """Record a jury action in the event record, in the action's own transaction."""
    events.record(action, proposal if proposal is not None else challenge, actor=actor,
                  challenge=challenge, proposal=proposal, **details)


def flag_attachment(attachment, identifies_team: bool, by: User) -> None:
    """The organiser marks an attachment that names the team: a blind jury does not get it."""
    if attachment.identifies_team == identifies_team:
        return
    attachment.identifies_team = identifies_team
    proposal = attachment.proposal
    audit(proposal.challenge, by, "attachment_flagged" if identifies_team
          else "attachment_unflagged", proposal, attachment=attachment.id)
    db.session.commit()


# Set-up -------------------------------------------------------------------------------------

def ensure_jury(challenge: Challenge, stage: ChallengeStage | None = None) -> Jury:
    """The challenge's final jury, or the jury of `stage`: created on first use (a stage's
    blind as the stage says)."""
    jury = jury_for(challenge, stage)
    if jury is None:
        jury = Jury(challenge=challenge, level_descriptions={})
        if stage is not None:
            if not has_own_jury(stage):
                raise _refuse(_("This stage has no jury of its own."))
            # A design contest's juries review blind, whatever the stage was given.
            jury.stage_id = stage.id
            jury.blind = stage.blind or must_stay_blind(challenge, None)
        db.session.add(jury)
        db.session.flush()
    return jury


def _stage_of(jury: Jury) -> dict:
    """What the event record adds to a stage jury's actions: which stage."""
    return {"stage": jury.stage_id} if jury.stage_id is not None else {}


NO_CRITERIA_MESSAGE = _l("This jury has no criteria to score on yet: the organisers set them "
                         "first. Nothing was saved.")

BLIND_CONTEST_MESSAGE = _l("In a design contest the jury reviews blind until it has decided.")


def must_stay_blind(challenge: Challenge, jury: Jury | None) -> bool:
    """A design contest's jury does not know who wrote a proposal until it has decided."""
    return (challenge.legal_route == LegalRoute.DESIGN_CONTEST
            and (jury is None or jury.decided_at is None))


@publication_check
def _blind_design_contest(challenge: Challenge) -> dict[str, str]:
    jury = jury_of(challenge)
    if jury is not None and not jury.blind and must_stay_blind(challenge, jury):
        return {"legal_route": str(BLIND_CONTEST_MESSAGE)}
    return {}


def configure(challenge: Challenge, by: User, *, blind: bool, scale_min: int, scale_max: int,
              authoritative_view: str, assignment_mode: str, reviewers_per_proposal: int,
              level_descriptions: dict | None = None,
              stage: ChallengeStage | None = None) -> Jury:
    jury = ensure_jury(challenge, stage)
    changes_rules = (scale_min, scale_max, RankingView(authoritative_view)) != (
        jury.scale_min, jury.scale_max, jury.authoritative_view)
    if changes_rules and queries.scoring_started(jury):
        raise Refused({"authoritative_view": _(
            "Scoring has started: the scale and the authoritative view can no longer change.")})
    if scale_max <= scale_min:
        raise Refused({"scale_max": _("The highest score must be above the lowest.")})
    if not blind and must_stay_blind(challenge, jury):
        raise Refused({"blind": BLIND_CONTEST_MESSAGE})
    jury.blind = blind
    if stage is not None:
        stage.blind = blind     # the stage's editor shows the same choice
    jury.scale_min, jury.scale_max = scale_min, scale_max
    jury.authoritative_view = RankingView(authoritative_view)
    jury.assignment_mode = assignment_mode if assignment_mode in ("all", "assigned") else "all"
    jury.reviewers_per_proposal = max(1, reviewers_per_proposal)
    if level_descriptions is not None:
        jury.level_descriptions = level_descriptions
    audit(challenge, by, "jury_configured", blind=blind, scale=f"{scale_min}-{scale_max}",
          view=jury.authoritative_view.value, assignment=jury.assignment_mode, **_stage_of(jury))
    db.session.commit()
    return jury


def invite_member(challenge: Challenge, email: str, by: User, chair: bool = False,
                  stage: ChallengeStage | None = None) -> JuryMember:
    jury = ensure_jury(challenge, stage)
    email = email.strip().lower()
    if any(m.email == email for m in jury.members):
        raise Refused({"email": _("This person is already on the jury.")})
    user = db.session.scalar(select(User).where(User.email == email))
    member = JuryMember(jury=jury, email=email, is_chair=False)
    if user is not None and user.is_verified:
        # Someone with an account is on the jury at once; they get a notice.
        member.user, member.accepted_at = user, utcnow()
    db.session.add(member)
    db.session.flush()
    if chair:
        _make_chair(jury, member)
    link = (external_url("jury.home") if member.accepted_at
            else external_url("jury.accept", token=queries.invitation_token(member)))
    queue_email(email, user.language if user else by.language, "jury_invitation",
                _l("You are invited to the jury of %(title)s", title=challenge.reader_title),
                challenge=challenge, member=member, invited_by=by, link=link,
                has_account=member.accepted_at is not None, invited_by_name=by.name,
                stage=stage)
    audit(challenge, by, "juror_invited", email=email, chair=chair, **_stage_of(jury))
    db.session.commit()
    return member


def accept_invitation(member: JuryMember, user: User) -> None:
    if member.accepted_at is not None and member.user_id != user.id:
        raise Refused({"_": _("This invitation was already accepted by someone else.")})
    problem = user.invitation_problem(member.email)
    if problem and member.user_id != user.id:
        raise Refused({"_": problem})
    jury = member.jury
    if any(m.user_id == user.id and m.id != member.id for m in jury.members):
        raise Refused({"_": _("You are already on this jury.")})
    member.user, member.accepted_at = user, member.accepted_at or utcnow()
    audit(jury.challenge, user, "juror_accepted", **_stage_of(jury))
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
        raise Refused({"_": _("This juror has started scoring and stays on the jury; their "
                                "reviews are part of the record.")})
    audit(member.jury.challenge, by, "juror_removed", email=member.email)
    db.session.delete(member)
    db.session.commit()


# Conflicts and scoring ----------------------------------------------------------------------

def _check_proposal(member: JuryMember, proposal: Proposal) -> None:
    if not member.jury.includes(proposal):
        raise _refuse(_("This proposal is not part of this jury's work."))
    if not member.is_assigned(proposal):
        raise _refuse(_("This proposal is not assigned to you."))


def declare(member: JuryMember, proposal: Proposal, has_conflict: bool, reason: str,
            by: User) -> ConflictDeclaration:
    """A juror states, before reading a proposal, whether they have a conflict of interest."""
    _check_proposal(member, proposal)
    if member.jury.locked:
        raise Refused({"_": _("Scoring is locked.")})
    if has_conflict and not reason.strip():
        raise Refused({"reason": _("Say briefly what the conflict is; only the chair sees it.")})
    existing = member.declaration_for(proposal)
    if existing is not None and existing.has_conflict and not has_conflict:
        raise Refused({"_": _("A declared conflict of interest is final.")})
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


def _checked_scores(jury: Jury, scores: dict, comments: dict,
                    submit: bool) -> dict[int, Decimal | None]:
    """The scores as numbers on the jury's scale, one per criterion; a submitted review
    has them all. Refused with a message per criterion otherwise."""
    criteria = {c.id for c in criteria_of(jury)}
    if not criteria:
        # A stage jury scores on its stage's own criteria, never on the final ones: until
        # the organisers give the stage its criteria there is nothing to score on.
        raise Refused({"_": str(NO_CRITERIA_MESSAGE)})
    if set(scores) - criteria or set(comments) - criteria:
        raise Refused({"_": _("A score was sent for a criterion of another challenge.")})
    problems, values = {}, {}
    for criterion_id in criteria:
        key = f"score_{criterion_id}"
        try:
            values[criterion_id] = _parse_score(scores.get(criterion_id), jury)
        except ValueError:
            problems[key] = _("Give a whole number from %(low)d to %(high)d.",
                              low=jury.scale_min, high=jury.scale_max)
            continue
        if submit and values[criterion_id] is None:
            problems[key] = _("Score every criterion before submitting.")
    if problems:
        raise Refused(problems)
    return values


def save_review(member: JuryMember, proposal: Proposal, by: User, *, scores: dict,
                comments: dict, overall_comment: str, private_note: str,
                submit: bool) -> Review:
    """Save a juror's scores (`scores` and `comments` map criterion ids to values). A draft
    may be incomplete; a submitted review has a score for every criterion. Changes to a
    submitted review are kept in the audit trail with the old and new value."""
    jury = member.jury
    _check_proposal(member, proposal)
    if jury.locked:
        raise Refused({"_": _("Scoring is locked by the chair; nothing was changed.")})
    if not member.can_read(proposal):
        raise Refused({"_": _("Declare first that you have no conflict of interest.")})
    values = _checked_scores(jury, scores, comments, submit)
    review = member.review_of(proposal)
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


def lock(jury: Jury, by: User) -> None:
    if jury.locked:
        return
    jury.scoring_locked_at = utcnow()
    audit(jury.challenge, by, "scoring_locked")
    db.session.commit()


def unlock(jury: Jury, by: User) -> None:
    if jury.decided_at is not None:
        raise Refused({"_": _("The decision is recorded; scoring can no longer reopen.")})
    jury.scoring_locked_at = None
    audit(jury.challenge, by, "scoring_unlocked")
    db.session.commit()


# Assignment ---------------------------------------------------------------------------------

def auto_assign(jury: Jury, by: User) -> dict[int, int]:
    """Give every proposal `reviewers_per_proposal` jurors (or as many as have no conflict),
    spreading the load evenly. Returns the load per member id."""
    members = [m for m in jury.members if m.accepted_at is not None]
    proposals = queries.proposals_of(jury)
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


def set_assignment(jury: Jury, member: JuryMember, proposal: Proposal, assigned: bool,
                   by: User) -> None:
    """Assign a proposal to a juror by hand, or take it away."""
    if member.jury_id != jury.id or not jury.includes(proposal):
        raise _refuse(_("This juror or proposal is not part of this jury."))
    if member.accepted_at is None:
        raise Refused({"_": _("%(email)s has not accepted the invitation yet.",
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


def remind_pending(jury: Jury, by: User) -> int:
    """Email every juror who still has proposals to declare, score or submit, in their own
    language, with a link to their jury page. Returns how many were emailed."""
    if jury.locked:
        raise _refuse(_("Scoring is locked: there is nothing left to remind jurors of."))
    challenge = jury.challenge
    current = queries.overview(jury)
    reminded = []
    for member in current.members:
        counts = current.member_counts(member)
        if member.user is None or not member.accepted or counts.open == 0:
            continue
        queue_email(member.user.email, member.user.language, "jury_reminder",
                    _l("Reminder: your reviews for %(title)s", title=challenge.reader_title),
                    member=member, challenge=challenge, counts=counts, sent_by=by,
                    # The jury decision date is the final jury's; a stage's has none.
                    deadline=challenge.jury_decision_at if jury.stage_id is None else None,
                    link=external_url("jury.challenge", slug=challenge.slug,
                                      stage_id=jury.stage_id))
        reminded.append(member.user.email)
    audit(challenge, by, "jury_reminder_sent", emails=reminded)
    db.session.commit()
    return len(reminded)
