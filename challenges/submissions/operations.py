"""Proposal rules: drafts, submission before a deadline that holds, the per-participant
limit, versions, withdrawal and teams. Each public function is one action and owns its commit."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from challenges.accounts.models import User
from challenges.challenges.models import Challenge, Phase
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.notifications.outbox import external_url, queue_email
from challenges.submissions.models import (
    CONTENT_FIELDS,
    ENTERED,
    Proposal,
    ProposalAttachment,
    ProposalSlot,
    ProposalStatus,
    ProposalVersion,
    TeamMember,
)
from challenges.uploads import CheckedFile

REQUIRED_TO_SUBMIT = ("title", "summary", "description", "approach")


class ProposalError(Refused):
    """The rules refuse the request. `problems` maps form fields to messages."""


def _is_open(challenge: Challenge, now: datetime) -> bool:
    return challenge.phase_at(now) == Phase.OPEN


def _deadline_passed() -> dict[str, str]:
    return {"_": _("The deadline has passed: the challenge no longer accepts proposals or "
                   "changes. What you typed is kept, but it was not submitted.")}


def start_problem(challenge: Challenge, user, now: datetime | None = None) -> str | None:
    """Why this person cannot start a proposal now, or None if they can."""
    now = now or utcnow()
    if not _is_open(challenge, now):
        return _("This challenge does not accept proposals now.")
    if not user.is_authenticated:
        return _("Sign in to submit a proposal.")
    if not user.is_verified:
        return _("Confirm your email address first; the link is in the email we sent you.")
    if challenge.audience and user.participant_kind not in challenge.audience:
        return _("This challenge is open to: %(kinds)s. You can change how you take part on "
                 "your profile.", kinds=", ".join(k.label for k in challenge.audience))
    return None


def _apply(proposal: Proposal, data: dict) -> None:
    for name in CONTENT_FIELDS:
        if name in data and data[name] is not None:
            setattr(proposal, name, data[name].strip())


def _content(proposal: Proposal) -> dict:
    return {name: getattr(proposal, name) for name in CONTENT_FIELDS}


def create_draft(challenge: Challenge, author: User, data: dict,
                 now: datetime | None = None) -> Proposal:
    problem = start_problem(challenge, author, now)
    if problem:
        raise ProposalError({"_": problem})
    proposal = Proposal(challenge=challenge, author=author)
    _apply(proposal, data)
    db.session.add(proposal)
    db.session.commit()
    return proposal


def save(proposal: Proposal, data: dict, by: User, now: datetime | None = None) -> str:
    """Save what was typed. A draft is always saved, even after the deadline, so nothing
    is lost. A submitted proposal is re-submitted as a new version while the challenge is
    open; after the deadline the changes are kept aside and the submitted version stays.
    Returns "draft", "resubmitted" or "late"."""
    now = now or utcnow()
    if proposal.status == ProposalStatus.DRAFT or proposal.status == ProposalStatus.WITHDRAWN:
        _apply(proposal, data)
        db.session.commit()
        return "draft"
    if proposal.status != ProposalStatus.SUBMITTED or not _is_open(proposal.challenge, now):
        proposal.late_changes = {k: data.get(k) for k in CONTENT_FIELDS if k in data}
        db.session.commit()
        if proposal.status != ProposalStatus.SUBMITTED:
            raise ProposalError({"_": _("This proposal is %(status)s and can no longer be "
                                        "changed. What you typed is kept.",
                                        status=proposal.status.label.lower())})
        raise ProposalError(_deadline_passed())
    before = _content(proposal)
    _apply(proposal, data)
    problems = completeness_problems(proposal)
    if problems:
        for name, value in before.items():
            setattr(proposal, name, value)
        db.session.rollback()
        raise ProposalError(problems)
    if _content(proposal) != before:
        _new_version(proposal, by, now)
    db.session.commit()
    return "resubmitted"


def completeness_problems(proposal: Proposal) -> dict[str, str]:
    messages = {
        "title": _("Give your proposal a title."),
        "summary": _("Write a short summary."),
        "description": _("Describe your solution."),
        "approach": _("Explain how your solution answers the challenge."),
    }
    return {name: messages[name] for name in REQUIRED_TO_SUBMIT
            if not (getattr(proposal, name) or "").strip()}


def _new_version(proposal: Proposal, by: User, now: datetime) -> None:
    proposal.version += 1
    db.session.add(ProposalVersion(proposal=proposal, version=proposal.version,
                                   content=_content(proposal), submitted_by_id=by.id,
                                   submitted_at=now))


def _limit_message(challenge: Challenge, user: User) -> str:
    return _("%(name)s already takes part with %(n)d proposal(s) in this challenge, the "
             "maximum. Withdraw one first, or leave that team.", name=user.name,
             n=challenge.max_proposals_per_participant)


def _claim_slots(proposal: Proposal, users: list[User]) -> None:
    challenge = proposal.challenge
    for user in users:
        taken = set(db.session.scalars(select(ProposalSlot.slot).where(
            ProposalSlot.challenge_id == challenge.id, ProposalSlot.user_id == user.id)))
        free = [n for n in range(1, challenge.max_proposals_per_participant + 1)
                if n not in taken]
        if not free:
            raise ProposalError({"_": _limit_message(challenge, user)})
        db.session.add(ProposalSlot(challenge_id=challenge.id, user_id=user.id, slot=free[0],
                                    proposal_id=proposal.id))


def _release_slots(proposal: Proposal, user: User | None = None) -> None:
    query = select(ProposalSlot).where(ProposalSlot.proposal_id == proposal.id)
    if user is not None:
        query = query.where(ProposalSlot.user_id == user.id)
    for slot in db.session.scalars(query):
        db.session.delete(slot)


def submit(proposal: Proposal, data: dict, by: User, accept_rules: bool,
           now: datetime | None = None) -> None:
    """Submit a draft (or a withdrawn proposal again). What was typed is saved first, in its
    own transaction, so a refused submission never loses it."""
    now = now or utcnow()
    if proposal.status in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN):
        save(proposal, data, by, now)
    else:
        raise ProposalError({"_": _("This proposal is already submitted.")})
    if not _is_open(proposal.challenge, now):
        raise ProposalError(_deadline_passed())
    problems = completeness_problems(proposal)
    if not accept_rules:
        problems["accept_rules"] = _("Accept the rules of the challenge and the privacy notice.")
    author_problem = start_problem(proposal.challenge, proposal.author, now)
    if author_problem:
        problems["_"] = author_problem
    if problems:
        raise ProposalError(problems)
    proposal_id = proposal.id
    try:
        _claim_slots(proposal, proposal.team)
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = now
        proposal.withdrawn_at = None
        proposal.rules_accepted_at = now
        proposal.late_changes = None
        proposal.organisation_name = proposal.author.company_name
        proposal.enterprise_number = proposal.author.enterprise_number
        if proposal.reference is None:
            proposal.reference = f"{now:%Y}-{proposal.challenge_id:03d}-{proposal_id:05d}"
        _new_version(proposal, by, now)
        db.session.flush()
    except ProposalError:
        db.session.rollback()
        raise
    except IntegrityError as error:
        # Another submission by the same person took the last place at the same moment.
        db.session.rollback()
        proposal = db.session.get(Proposal, proposal_id)
        raise ProposalError({"_": _limit_message(proposal.challenge, proposal.author)}) \
            from error
    for member in proposal.team:
        queue_email(member.email, member.language, "proposal_receipt",
                    _l("Proposal received: %(title)s", title=proposal.title),
                    user=member, proposal=proposal, challenge=proposal.challenge,
                    link=external_url("submissions.view", proposal_id=proposal.id))
    db.session.commit()


def withdraw(proposal: Proposal, by: User, now: datetime | None = None) -> None:
    now = now or utcnow()
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ProposalError({"_": _("Only a submitted proposal can be withdrawn.")})
    if not _is_open(proposal.challenge, now):
        raise ProposalError(_deadline_passed())
    _release_slots(proposal)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_at = now
    for member in proposal.team:
        queue_email(member.email, member.language, "proposal_withdrawn",
                    _l("Proposal withdrawn: %(title)s", title=proposal.title),
                    user=member, proposal=proposal, challenge=proposal.challenge, by=by,
                    link=external_url("submissions.view", proposal_id=proposal.id))
    db.session.commit()


def delete_draft(proposal: Proposal) -> None:
    if proposal.status != ProposalStatus.DRAFT:
        raise ProposalError({"_": _("Only a draft can be deleted; withdraw a submitted one.")})
    db.session.delete(proposal)
    db.session.commit()


# Attachments --------------------------------------------------------------------------------

def add_attachment(proposal: Proposal, file: CheckedFile, by: User,
                   now: datetime | None = None) -> ProposalAttachment:
    now = now or utcnow()
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN) and \
            not _is_open(proposal.challenge, now):
        raise ProposalError(_deadline_passed())
    limit = proposal.challenge.proposal_max_attachments
    if len(proposal.attachments) >= limit:
        raise ProposalError({"file": _("A proposal can have at most %(n)d attachments.",
                                       n=limit)})
    attachment = ProposalAttachment(proposal=proposal, filename=file.filename,
                                    content_type=file.content_type, size=file.size,
                                    data=file.data, uploaded_by_id=by.id)
    db.session.add(attachment)
    db.session.commit()
    return attachment


def delete_attachment(attachment: ProposalAttachment, now: datetime | None = None) -> None:
    proposal = attachment.proposal
    if proposal.status in ENTERED and not _is_open(proposal.challenge, now or utcnow()):
        raise ProposalError(_deadline_passed())
    db.session.delete(attachment)
    db.session.commit()


# Team ---------------------------------------------------------------------------------------

def invite(proposal: Proposal, email: str, by: User) -> TeamMember:
    email = email.strip().lower()
    if email == proposal.author.email or any(m.email == email for m in proposal.members):
        raise ProposalError({"email": _("This person is already in the team or invited.")})
    member = TeamMember(proposal=proposal, email=email, invited_by_id=by.id)
    db.session.add(member)
    db.session.flush()
    from challenges.submissions.tokens import make_invitation_token

    invitee = db.session.scalar(select(User).where(User.email == email))
    queue_email(email, invitee.language if invitee else by.language, "team_invitation",
                _l("%(name)s invites you to a proposal", name=by.name),
                proposal=proposal, challenge=proposal.challenge, invited_by=by,
                link=external_url("submissions.accept_invitation",
                                  token=make_invitation_token(member)))
    db.session.commit()
    return member


def accept_invitation(member: TeamMember, user: User, now: datetime | None = None) -> None:
    proposal = member.proposal
    if member.accepted_at is not None:
        if member.user_id == user.id:
            return
        raise ProposalError({"_": _("This invitation was already accepted by someone else.")})
    if proposal.is_team_member(user):
        raise ProposalError({"_": _("You are already in this team.")})
    member.user = user
    member.accepted_at = now or utcnow()
    member_id = member.id
    try:
        if proposal.status in ENTERED:
            _claim_slots(proposal, [user])
        db.session.flush()
    except (ProposalError, IntegrityError) as error:
        db.session.rollback()
        member = db.session.get(TeamMember, member_id)
        raise ProposalError({"_": _limit_message(member.proposal.challenge, user)}) from error
    db.session.commit()


def remove_member(member: TeamMember) -> None:
    proposal = member.proposal
    if member.user is not None:
        _release_slots(proposal, member.user)
    db.session.delete(member)
    db.session.commit()
