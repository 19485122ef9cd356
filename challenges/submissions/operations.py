"""Proposal rules: drafts, submission before a deadline that holds, the per-participant
limit, versions, withdrawal, teams and attachments; the organisers' eligibility decisions,
public support and the deadline reminders.

Each public function is one action and owns its commit; every action is in the event record.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from challenges import events, storage
from challenges.accounts.models import User
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.challenges.stages import ChallengeStage, StageEntry, StageKind, first_stage
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db, reload
from challenges.files import CheckedFile
from challenges.links import external_url
from challenges.notifications.operations import queue_email
from challenges.submissions import answers
from challenges.submissions.models import (
    CONTENT_FIELDS,
    ENTERED,
    EVENT_LABELS,
    MARKABLE,
    RESUMABLE,
    Proposal,
    ProposalAttachment,
    ProposalSlot,
    ProposalStatus,
    ProposalVersion,
    Support,
    TeamMember,
    start_problem,
)
from challenges.submissions.queries import invitation_token, not_markable_message

REASON_MAX = 5000
REMINDER_BEFORE = timedelta(hours=48)
# Submissions by one person at the same moment race for their slots; each loser retries.
# Every lost race means another submission took a slot, so a submission is refused only
# when no slot is left, or after more lost races than the largest limit (20 per member of
# a team of a few) allows.
SLOT_ATTEMPTS = 100

events.describe(EVENT_LABELS)


def _refuse(message, field: str = "_") -> Refused:
    return Refused({field: str(message)})


def _changed_rows(statement) -> int:
    return db.session.execute(statement).rowcount  # type: ignore[attr-defined]


def _deadline_passed(proposal: Proposal | None = None, now: datetime | None = None) -> Refused:
    not_advanced = proposal.closed_stage_message(now or utcnow()) if proposal else None
    if not_advanced:
        return _refuse(not_advanced)
    if proposal is not None and proposal.stage is not None:
        return _refuse(_("The stage “%(stage)s” is not open: it no longer accepts proposals or "
                         "changes. What you typed is kept, but it was not submitted.",
                         stage=proposal.stage.shown_name[0]))
    return _refuse(_("The deadline has passed: the challenge no longer accepts proposals or "
                     "changes. What you typed is kept, but it was not submitted."))


def _apply(proposal: Proposal, data: dict, by: User | None = None) -> None:
    # Only what the stage's form asks: the texts of earlier stages it does not ask carry over.
    for name in proposal.asked_fields:
        if name in data and data[name] is not None:
            setattr(proposal, name, data[name].strip())
    if data.get("language") in ("nl", "en"):
        proposal.language = data["language"]
    answers.apply(proposal, data.get("answers") or {}, data.get("answer_files") or {},
                  by.id if by is not None else None)


def _content(proposal: Proposal) -> dict:
    content = {name: getattr(proposal, name) for name in CONTENT_FIELDS}
    # The answers to the form's own questions, where it has any (older versions have none).
    given = answers.content(proposal)
    if given:
        content["answers"] = given
    return content


def _missing(proposal: Proposal) -> dict[str, str]:
    """What a submission still needs: the built-in texts and the required answers."""
    return {**proposal.missing_for_submission(), **answers.missing_answers(proposal)}


def _tell_team(proposal: Proposal, kind: str, subject, **context) -> None:
    for member in proposal.team:
        queue_email(member.email, member.language, kind, subject, user=member,
                    proposal=proposal, challenge=proposal.challenge, **context)


def create_draft(challenge: Challenge, author: User, data: dict,
                 now: datetime | None = None) -> Proposal:
    problem = start_problem(challenge, author, now or utcnow())
    if problem:
        raise _refuse(problem)
    proposal = Proposal(challenge=challenge, author=author)
    first = first_stage(challenge)
    if first is not None:
        # A staged challenge's proposals start in its first stage (start_problem: while open).
        proposal.stage = first
        proposal.stage_entries.append(StageEntry(stage_id=first.id, entered_at=now or utcnow()))
    _apply(proposal, data, author)
    db.session.add(proposal)
    events.record("proposal_started", proposal, actor=author)
    db.session.commit()
    return proposal


def save(proposal: Proposal, data: dict, by: User, now: datetime | None = None) -> str:
    """Save what was typed. A draft is always saved, even after the deadline, so nothing
    is lost. A submitted proposal is re-submitted as a new version while the challenge is
    open; after the deadline the changes are kept aside and the submitted version stays.
    Returns "draft", "resubmitted" or "late"."""
    now = now or utcnow()
    if proposal.is_resumable:
        _apply(proposal, data, by)
        events.record("proposal_saved", proposal, actor=by)
        db.session.commit()
        return "draft"
    if not proposal.is_submitted or not proposal.accepts_entries(now):
        proposal.late_changes = {k: data.get(k) for k in CONTENT_FIELDS if k in data}
        if data.get("answers"):
            proposal.late_changes["answers"] = {str(k): v for k, v in data["answers"].items()}
        events.record("late_changes_kept", proposal, actor=by)
        db.session.commit()
        if not proposal.is_submitted:
            not_advanced = proposal.closed_stage_message(now)
            raise _refuse(not_advanced or _(
                "This proposal is %(status)s and can no longer be changed. What you typed is "
                "kept.", status=proposal.status.label.lower()))
        raise _deadline_passed(proposal, now)
    before = _content(proposal)
    _apply(proposal, data, by)
    problems = _missing(proposal)
    if problems:
        db.session.rollback()
        raise Refused(problems)
    if _content(proposal) != before:
        _new_version(proposal, by, now)
        events.record("proposal_resubmitted", proposal, actor=by, version=proposal.version)
    db.session.commit()
    return "resubmitted"


def _new_version(proposal: Proposal, by: User, now: datetime) -> None:
    proposal.version += 1
    db.session.add(ProposalVersion(proposal=proposal, version=proposal.version,
                                   content=_content(proposal), submitted_by_id=by.id,
                                   submitted_at=now, stage_id=proposal.stage_id))
    entry = proposal.stage_entry
    if entry is not None:
        entry.submitted_at = now


def _limit_message(challenge: Challenge, user: User) -> str:
    return _("%(name)s already takes part with %(n)d proposal(s) in this challenge, the "
             "maximum. Withdraw one first, or leave that team.", name=user.name,
             n=challenge.max_proposals_per_participant)


def _claim_slots(proposal: Proposal, users: list[User]) -> None:
    challenge = proposal.challenge
    for user in users:
        held = dict(db.session.execute(select(ProposalSlot.slot, ProposalSlot.proposal_id).where(
            ProposalSlot.challenge_id == challenge.id, ProposalSlot.user_id == user.id)).all())
        if proposal.id in held.values():
            # A place is taken per proposal, once: a member who holds one for it already
            # (the proposal is submitted again, in a later stage) takes no second.
            continue
        taken = set(held)
        free = [n for n in range(1, challenge.max_proposals_per_participant + 1)
                if n not in taken]
        if not free:
            raise _refuse(_limit_message(challenge, user))
        # A free slot at random: simultaneous submissions then rarely pick the same one.
        db.session.add(ProposalSlot(challenge_id=challenge.id, user_id=user.id,
                                    slot=secrets.choice(free), proposal_id=proposal.id))


def _release_slots(proposal: Proposal, user: User | None = None) -> None:
    query = select(ProposalSlot).where(ProposalSlot.proposal_id == proposal.id)
    if user is not None:
        query = query.where(ProposalSlot.user_id == user.id)
    for slot in db.session.scalars(query):
        db.session.delete(slot)


def _enter(proposal: Proposal, by: User, now: datetime) -> None:
    """Take the team's slots and mark the proposal submitted (flushed, not committed)."""
    _claim_slots(proposal, proposal.team)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = now
    proposal.withdrawn_at = None
    proposal.rules_accepted_at = now
    proposal.late_changes = None
    proposal.organisation_name = proposal.author.company_name
    proposal.enterprise_number = proposal.author.enterprise_number
    if proposal.reference is None:
        proposal.reference = f"{now:%Y}-{proposal.challenge_id:03d}-{proposal.id:05d}"
    _new_version(proposal, by, now)
    db.session.flush()


def submit(proposal: Proposal, data: dict, by: User, accept_rules: bool,
           now: datetime | None = None, accept_terms: bool = False) -> None:
    """Submit a draft (or a withdrawn proposal again). What was typed is saved first, in its
    own transaction, so a refused submission never loses it."""
    now = now or utcnow()
    if not proposal.is_resumable:
        raise _refuse(proposal.closed_stage_message(now)
                      or _("This proposal is already submitted."))
    save(proposal, data, by, now)
    if not proposal.accepts_entries(now):
        raise _deadline_passed(proposal, now)
    problems = _missing(proposal)
    if not accept_rules:
        problems["accept_rules"] = _("Accept the rules of the challenge and the privacy notice.")
    terms = proposal.challenge.participant_terms
    if terms and not accept_terms:
        problems["accept_terms"] = _("Accept the terms of the challenge (intellectual property "
                                     "and data, payment, open data).")
    author_problem = start_problem(proposal.challenge, proposal.author, now, new=False)
    if author_problem:
        problems["_"] = author_problem
    if problems:
        raise Refused(problems)
    proposal_id, by_id = proposal.id, by.id
    for _attempt in range(SLOT_ATTEMPTS):
        try:
            _enter(proposal, by, now)
            break
        except Refused:
            db.session.rollback()
            raise
        except IntegrityError:
            # Another submission by a team member took a slot at the same moment: look
            # again at what is free, rather than refuse while places remain.
            db.session.rollback()
            proposal, by = reload(Proposal, proposal_id), reload(User, by_id)
    else:
        raise _refuse(_limit_message(proposal.challenge, proposal.author))
    _tell_team(proposal, "proposal_receipt",
               _l("Proposal received: %(title)s", title=proposal.title),
               link=external_url("submissions.view", proposal_id=proposal.id))
    events.record("proposal_submitted", proposal, actor=by, reference=proposal.reference,
                  terms_accepted=[label for label, _text in terms])
    db.session.commit()


def withdraw(proposal: Proposal, by: User, now: datetime | None = None) -> None:
    now = now or utcnow()
    if not proposal.is_submitted:
        raise _refuse(_("Only a submitted proposal can be withdrawn."))
    if not proposal.accepts_entries(now):
        raise _deadline_passed(proposal, now)
    _release_slots(proposal)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_at = now
    _tell_team(proposal, "proposal_withdrawn",
               _l("Proposal withdrawn: %(title)s", title=proposal.title), by=by,
               link=external_url("submissions.view", proposal_id=proposal.id))
    events.record("proposal_withdrawn", proposal, actor=by)
    db.session.commit()


def delete_draft(proposal: Proposal, by: User) -> None:
    if not proposal.is_draft:
        raise _refuse(_("Only a draft can be deleted; withdraw a submitted one."))
    events.record("proposal_deleted", proposal, actor=by, title=proposal.title)
    db.session.delete(proposal)
    db.session.commit()


# Attachments --------------------------------------------------------------------------------

def add_attachment(proposal: Proposal, file: CheckedFile, by: User,
                   now: datetime | None = None) -> ProposalAttachment:
    if not proposal.is_resumable and not proposal.accepts_entries(now or utcnow()):
        raise _deadline_passed(proposal, now)
    limit = proposal.challenge.proposal_max_attachments
    if len(proposal.attachments) >= limit:
        raise _refuse(_("A proposal can have at most %(n)d attachments.", n=limit), "file")
    attachment = ProposalAttachment(proposal=proposal, filename=file.filename,
                                    content_type=file.content_type, size=file.size,
                                    file_sha256=storage.keep(file.data),
                                    uploaded_by_id=by.id)
    db.session.add(attachment)
    events.record("proposal_attachment_added", attachment, actor=by, proposal=proposal,
                  filename=file.filename, size=file.size)
    db.session.commit()
    return attachment


def delete_attachment(attachment: ProposalAttachment, by: User,
                      now: datetime | None = None) -> None:
    proposal = attachment.proposal
    if proposal.status in ENTERED and not proposal.accepts_entries(now or utcnow()):
        raise _deadline_passed(proposal, now)
    events.record("proposal_attachment_removed", attachment, actor=by, proposal=proposal,
                  filename=attachment.filename)
    db.session.delete(attachment)
    db.session.commit()


# Team ---------------------------------------------------------------------------------------

def invite(proposal: Proposal, email: str, by: User) -> TeamMember:
    email = email.strip().lower()
    if email == proposal.author.email or any(m.email == email for m in proposal.members):
        raise _refuse(_("This person is already in the team or invited."), "email")
    member = TeamMember(proposal=proposal, email=email, invited_by_id=by.id)
    db.session.add(member)
    db.session.flush()
    invitee = db.session.scalar(select(User).where(User.email == email))
    token = invitation_token(member)
    queue_email(email, invitee.language if invitee else by.language, "team_invitation",
                _l("%(name)s invites you to a proposal", name=by.name),
                proposal=proposal, challenge=proposal.challenge, invited_by=by,
                link=external_url("submissions.accept_invitation", token=token),
                has_account=invitee is not None, invited_by_name=by.name)
    events.record("co_author_invited", member, actor=by, proposal=proposal, email=email)
    db.session.commit()
    return member


def accept_invitation(member: TeamMember, user: User, now: datetime | None = None) -> None:
    proposal = member.proposal
    if member.accepted_at is not None:
        if member.user_id == user.id:
            return
        raise _refuse(_("This invitation was already accepted by someone else."))
    problem = user.invitation_problem(member.email)
    if problem:
        raise _refuse(problem)
    if proposal.in_team(user):
        raise _refuse(_("You are already in this team."))
    member.user = user
    member.accepted_at = now or utcnow()
    member_id = member.id
    try:
        if proposal.status in ENTERED:
            _claim_slots(proposal, [user])
        db.session.flush()
    except (Refused, IntegrityError) as error:
        db.session.rollback()
        member = reload(TeamMember, member_id)
        raise _refuse(_limit_message(member.proposal.challenge, user)) from error
    events.record("co_author_joined", member, actor=user, proposal=proposal)
    for teammate in [proposal.author, *(m.user for m in proposal.members)]:
        if teammate is not None and teammate.id != user.id and teammate.is_active:
            queue_email(teammate.email, teammate.language, "co_author_joined",
                        _l("%(name)s joined your team", name=user.name), user=teammate,
                        joined=user, proposal=proposal, challenge=proposal.challenge,
                        link=external_url("submissions.edit", proposal_id=proposal.id))
    db.session.commit()


def remove_member(member: TeamMember, by: User) -> None:
    proposal = member.proposal
    if member.user is not None:
        _release_slots(proposal, member.user)
    events.record("co_author_removed", member, actor=by, proposal=proposal, email=member.email)
    db.session.delete(member)
    db.session.commit()


# Eligibility, decided by the organisers before the jury ---------------------------------

def mark_ineligible(proposal: Proposal, reason: str, by: User,
                    now: datetime | None = None) -> None:
    """Take the proposal out of the competition and tell every team member why, each in
    their own language. The team's places in the challenge stay taken, as for any entry."""
    reason = (reason or "").strip()
    if not proposal.is_markable:
        raise _refuse(not_markable_message(proposal.status))
    if not reason:
        raise _refuse(_("Give the reason; it is sent to the team."), "reason")
    if len(reason) > REASON_MAX:
        raise _refuse(_("Use at most %(n)d characters.", n=REASON_MAX), "reason")
    # Conditional on the status in the database, so two organisers clicking at the same time
    # (or a double click) change it and email the team once.
    changed = _changed_rows(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.status.in_(MARKABLE))
        .values(status=ProposalStatus.INELIGIBLE, ineligible_reason=reason,
                updated_at=now or utcnow())
        .execution_options(synchronize_session=False))
    if changed != 1:
        db.session.rollback()
        db.session.refresh(proposal)
        raise _refuse(not_markable_message(proposal.status))
    db.session.refresh(proposal)
    _tell_team(proposal, "proposal_ineligible",
               _l("Your proposal is not eligible: %(title)s", title=proposal.title),
               reason=reason, link=external_url("submissions.view", proposal_id=proposal.id))
    events.record("proposal_ineligible", proposal, actor=by, reason=reason)
    db.session.commit()


def mark_eligible(proposal: Proposal, by: User, now: datetime | None = None) -> None:
    """Undo a mistaken "ineligible": the proposal is submitted again, the reason removed."""
    changed = _changed_rows(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.status == ProposalStatus.INELIGIBLE)
        .values(status=ProposalStatus.SUBMITTED, ineligible_reason=None,
                updated_at=now or utcnow())
        .execution_options(synchronize_session=False))
    if changed != 1:
        db.session.rollback()
        db.session.refresh(proposal)
        raise _refuse(_("Only a proposal marked ineligible can be made eligible again."))
    events.record("proposal_eligible", proposal, actor=by)
    db.session.commit()
    db.session.refresh(proposal)


# Public support and reminders -------------------------------------------------------------

def toggle_support(proposal: Proposal, user: User, now: datetime | None = None) -> bool:
    """Give or take back support; returns True when the user now supports it."""
    problem = proposal.support_refusal(user, now or utcnow())
    if problem:
        raise _refuse(problem)
    existing = db.session.scalar(select(Support).where(
        Support.proposal_id == proposal.id, Support.user_id == user.id))
    if existing is not None:
        db.session.delete(existing)
        events.record("support_withdrawn", proposal, actor=user)
        db.session.commit()
        return False
    db.session.add(Support(proposal_id=proposal.id, user_id=user.id))
    events.record("support_given", proposal, actor=user)
    try:
        db.session.commit()
    except IntegrityError:  # a double click: the first one counted
        db.session.rollback()
    return True


def send_deadline_reminders(now: datetime | None = None) -> int:
    """Remind the teams of unsubmitted drafts 48 hours before the deadline that holds for
    them: the challenge's, or in a challenge run in stages, that of the stage the proposal is
    in, while that stage is open. So a stage's reminder reaches the teams that can still
    submit in it (newcomers' drafts in the first stage, advanced teams' in a later one), and
    never a draft left behind in a stage that closed. Once per proposal and stage: a reminder
    sent before the stage opened was for an earlier one (stages do not overlap). Safe to run
    every few minutes: a proposal is marked in the same transaction as its emails, so the
    same reminder is never sent twice."""
    now = now or utcnow()
    stage = aliased(ChallengeStage)
    one_round = and_(Proposal.stage_id.is_(None), Proposal.reminder_sent_at.is_(None),
                     or_(Challenge.opens_at.is_(None), Challenge.opens_at <= now),
                     Challenge.closes_at > now, Challenge.closes_at <= now + REMINDER_BEFORE)
    in_its_stage = and_(stage.kind == StageKind.SUBMISSION, stage.decided_at.is_(None),
                        stage.opens_at <= now, stage.closes_at > now,
                        stage.closes_at <= now + REMINDER_BEFORE,
                        or_(Proposal.reminder_sent_at.is_(None),
                            Proposal.reminder_sent_at < stage.opens_at))
    query = (select(Proposal, stage).select_from(Proposal)
             .join(Challenge, Challenge.id == Proposal.challenge_id)
             .outerjoin(stage, stage.id == Proposal.stage_id)
             .where(Proposal.status.in_(RESUMABLE),
                    Challenge.status == ChallengeStatus.PUBLISHED,
                    or_(one_round, in_its_stage)))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Proposal)
    sent = 0
    for proposal, its_stage in db.session.execute(query).all():
        _tell_team(proposal, "proposal_reminder", _l("Your proposal is not submitted yet"),
                   link=external_url("submissions.edit", proposal_id=proposal.id),
                   deadline=its_stage.closes_at if its_stage else proposal.challenge.closes_at,
                   stage=its_stage)
        proposal.reminder_sent_at = now
        events.record("reminder_sent", proposal,
                      **({"stage": its_stage.id} if its_stage is not None else {}))
        sent += 1
    db.session.commit()
    return sent
