"""The pilot's rules: starting it for a selected proposal, milestones submitted by the team
and accepted (or sent back) by the organiser, payments approved by a second person, the
contract's documents, reminders before due dates, and dropping a pilot with a reason.
Each public function is one user action: it records an event and owns its commit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from challenges import events, storage
from challenges.accounts.models import User
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.db import utcnow
from challenges.extensions import db
from challenges.files import CheckedFile
from challenges.pilots.models import (
    OPEN_MILESTONES,
    SELECTED,
    Milestone,
    MilestoneStatus,
    MilestoneSubmission,
    Payment,
    PaymentStatus,
    Pilot,
    PilotDocument,
    PilotStatus,
    Side,
    brussels_today,
)
from challenges.pilots.notices import closed_refusal, euro, long_date, refuse, tell
from challenges.submissions.models import Proposal

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_FILES_PER_SUBMISSION = 5

events.describe({
    "pilot_started": _l("Pilot started"),
    "pilot_dropped": _l("Pilot dropped"),
    "pilot_document_added": _l("Pilot document added"),
    "milestone_added": _l("Milestone added"),
    "milestone_submitted": _l("Milestone submitted"),
    "milestone_accepted": _l("Milestone accepted"),
    "milestone_changes_requested": _l("Changes to a milestone requested"),
    "milestone_reminder_sent": _l("Milestone reminder sent"),
    "payment_approved": _l("Payment approved"),
    "de_minimis_recorded": _l("De minimis declaration recorded"),
})

# The challenge is past its results and not yet completed: pilots can start.
STARTABLE = (ChallengeStatus.RESULTS_PUBLISHED, ChallengeStatus.FOLLOW_UP)


def _money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def start_pilot(challenge: Challenge, proposal: Proposal, by: User, data: dict) -> Pilot:
    """The contract or award record of a selected proposal's pilot. The first pilot moves the challenge
    into its follow-up."""
    if challenge.status not in STARTABLE:
        raise refuse(_("Pilots start once the results are published, until the challenge "
                       "is completed."))
    if proposal.challenge_id != challenge.id or proposal.status not in SELECTED:
        raise refuse(_("A pilot is started for a selected proposal of this challenge: a "
                       "winner or one on the shortlist."))
    if db.session.scalar(select(Pilot.id).where(Pilot.proposal_id == proposal.id)):
        raise refuse(_("This proposal has a pilot already."))
    problems = contract_problems(data)
    if problems:
        raise_problems(problems)
    pilot = Pilot(challenge=challenge, proposal=proposal, legal_route=challenge.legal_route,
                  amount=_money(data["amount"]), starts_on=data["starts_on"],
                  ends_on=data["ends_on"],
                  decision_reference=(data.get("decision_reference") or "").strip(),
                  objectives=(data.get("objectives") or "").strip(),
                  municipality_contact_id=data.get("municipality_contact_id") or None,
                  site_id=_site(challenge, data.get("site_id")),
                  started_by_id=by.id, status=PilotStatus.RUNNING)
    db.session.add(pilot)
    if challenge.status == ChallengeStatus.RESULTS_PUBLISHED:
        challenge.status = ChallengeStatus.FOLLOW_UP
        events.record("challenge_advanced", challenge, actor=by,
                      old=ChallengeStatus.RESULTS_PUBLISHED, new=ChallengeStatus.FOLLOW_UP)
    events.record("pilot_started", pilot, actor=by, challenge=challenge, proposal=proposal,
                  amount=pilot.amount, starts_on=pilot.starts_on, ends_on=pilot.ends_on,
                  route=pilot.legal_route, site=pilot.site_id)
    tell(pilot, Side.PARTICIPANT, _l("Your pilot starts: %(title)s", title=proposal.title),
         _l("The municipality started the pilot of your proposal. Its milestones, payments "
            "and changes are followed on the pilot's page."))
    db.session.commit()
    return pilot


def _site(challenge: Challenge, site_id: int | None) -> int | None:
    """The host whose site the pilot runs at; only a host of the challenge (None: the lead)."""
    if not site_id or site_id == challenge.organisation_id:
        return None
    if site_id not in {o.id for o in challenge.partners}:
        raise_problems({"site_id": _("Choose one of the hosts of the challenge.")})
    return site_id


def raise_problems(problems: dict) -> None:
    from challenges.errors import Refused

    raise Refused({k: str(v) for k, v in problems.items()})


def contract_problems(data: dict) -> dict:
    problems = {}
    amount = _money(data.get("amount"))
    if amount is None or amount < 0:
        problems["amount"] = _l("Give the amount of the award (zero or more).")
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not starts:
        problems["starts_on"] = _l("Give the start date.")
    if not ends:
        problems["ends_on"] = _l("Give the end date.")
    elif starts and ends <= starts:
        problems["ends_on"] = _l("The end date must come after the start date.")
    return problems


def add_document(pilot: Pilot, file: CheckedFile, by: User) -> PilotDocument:
    document = PilotDocument(pilot=pilot, filename=file.filename, content_type=file.content_type,
                             size=file.size, file_sha256=storage.keep(file.data),
                             uploaded_by_id=by.id)
    db.session.add(document)
    events.record("pilot_document_added", document, actor=by, challenge=pilot.challenge,
                  proposal=pilot.proposal, filename=file.filename, size=file.size)
    db.session.commit()
    return document


# Milestones ---------------------------------------------------------------------------------

def add_milestone(pilot: Pilot, by: User, data: dict) -> Milestone:
    if not pilot.is_running:
        raise closed_refusal()
    due = data.get("due_on")
    amount = _money(data.get("amount"))
    problems = {}
    if not (data.get("title") or "").strip():
        problems["title"] = _l("Give the milestone a title.")
    if not due:
        problems["due_on"] = _l("Give the due date.")
    elif not pilot.starts_on <= due <= pilot.ends_on:
        problems["due_on"] = _l("The due date must fall within the pilot, from %(start)s to "
                                "%(end)s.", start=long_date(pilot.starts_on),
                                end=long_date(pilot.ends_on))
    if amount is not None and pilot.committed + amount > pilot.amount:
        problems["amount"] = _l(
            "The milestones would pay %(total)s, more than the award of %(award)s. Propose a "
            "change of the amount first.", total=euro(pilot.committed + amount),
            award=euro(pilot.amount))
    if problems:
        raise_problems(problems)
    milestone = Milestone(pilot=pilot, title=data["title"].strip(),
                          description=(data.get("description") or "").strip(),
                          deliverable=(data.get("deliverable") or "").strip(), due_on=due,
                          amount=amount)
    db.session.add(milestone)
    events.record("milestone_added", milestone, actor=by, challenge=pilot.challenge,
                  proposal=pilot.proposal, title=milestone.title, due_on=due, amount=amount)
    db.session.commit()
    return milestone


def submit_milestone(milestone: Milestone, by: User, report: str,
                     files: list[CheckedFile]) -> MilestoneSubmission:
    """The team hands in a milestone with its report and evidence."""
    pilot = milestone.pilot
    if not pilot.in_team(by):
        raise refuse(_("Only the pilot's team submits its milestones."))
    if not pilot.is_running:
        raise closed_refusal()
    if milestone.status not in OPEN_MILESTONES:
        raise refuse(_("This milestone is not waiting for a submission."))
    if not report.strip():
        raise refuse(_("Write a short report of what was delivered."), "report")
    if len(files) > MAX_FILES_PER_SUBMISSION:
        raise refuse(_("At most %(n)d files per submission.", n=MAX_FILES_PER_SUBMISSION),
                     "files")
    submission = MilestoneSubmission(milestone=milestone, report=report.strip(),
                                     submitted_by_id=by.id, submitted_at=utcnow())
    db.session.add(submission)
    for file in files:
        db.session.add(PilotDocument(pilot=pilot, submission=submission, filename=file.filename,
                                     content_type=file.content_type, size=file.size,
                                     file_sha256=storage.keep(file.data),
                                     uploaded_by_id=by.id))
    milestone.status = MilestoneStatus.SUBMITTED
    events.record("milestone_submitted", milestone, actor=by, challenge=pilot.challenge,
                  proposal=pilot.proposal, files=[f.filename for f in files])
    tell(pilot, Side.ORGANISER, _l("Milestone submitted: %(title)s", title=milestone.title),
         _l("The team submitted the milestone \"%(title)s\" with its report. Accept it or ask "
            "for changes.", title=milestone.title))
    db.session.commit()
    return submission


def review_milestone(milestone: Milestone, by: User, *, accept: bool, reason: str) -> None:
    """The organiser accepts a submitted milestone (its payment then waits for approval) or
    sends it back with a reason."""
    pilot = milestone.pilot
    if not pilot.can_manage(by):
        raise refuse(_("Only the municipality accepts milestones."))
    if not pilot.is_running:
        raise closed_refusal()
    if milestone.status != MilestoneStatus.SUBMITTED or milestone.last_submission is None:
        raise refuse(_("This milestone is not waiting for a review."))
    if not accept and not reason.strip():
        raise refuse(_("Say what must change."), "reason")
    submission = milestone.last_submission
    submission.accepted = accept
    submission.review_reason = reason.strip()
    submission.reviewed_by_id, submission.reviewed_at = by.id, utcnow()
    if accept:
        milestone.status = MilestoneStatus.ACCEPTED
        milestone.accepted_by_id, milestone.accepted_at = by.id, utcnow()
        if milestone.amount:
            db.session.add(Payment(pilot=pilot, milestone=milestone, amount=milestone.amount))
        message = _l("The municipality accepted the milestone \"%(title)s\".",
                     title=milestone.title)
    else:
        milestone.status = MilestoneStatus.CHANGES_REQUESTED
        message = _l("The municipality asks for changes to the milestone \"%(title)s\". "
                     "Submit it again when it is ready.", title=milestone.title)
    events.record("milestone_accepted" if accept else "milestone_changes_requested", milestone,
                  actor=by, challenge=pilot.challenge, proposal=pilot.proposal,
                  reason=submission.review_reason or None)
    tell(pilot, Side.PARTICIPANT, _l("Milestone %(title)s: %(status)s", title=milestone.title,
                                     status=milestone.status.label),
         message, reason=submission.review_reason)
    db.session.commit()


# Payments -----------------------------------------------------------------------------------

def approve_payment(payment: Payment, by: User, note: str = "") -> None:
    """Four eyes: an organisation administrator other than the person who accepted the
    milestone; never past the award."""
    pilot = payment.pilot
    if not pilot.can_approve_payments(by):
        raise refuse(_("Only an administrator of the organisation approves payments."))
    if payment.status != PaymentStatus.PENDING:
        raise refuse(_("This payment is approved already."))
    if payment.milestone.accepted_by_id == by.id:
        raise refuse(_("You accepted this milestone: another administrator approves its "
                       "payment."))
    if pilot.paid + payment.amount > pilot.amount:
        raise refuse(_("This payment would take the total paid past the award of "
                       "%(award)s. Record a change of the amount first.",
                       award=euro(pilot.amount)))
    if pilot.needs_de_minimis and pilot.de_minimis_received_on is None:
        raise refuse(_("A prize to a company is paid once its de minimis declaration is "
                       "recorded."))
    payment.status = PaymentStatus.APPROVED
    payment.approved_by_id, payment.approved_at = by.id, utcnow()
    payment.internal_note = note.strip()
    events.record("payment_approved", payment, actor=by, challenge=pilot.challenge,
                  proposal=pilot.proposal, amount=payment.amount,
                  milestone=payment.milestone.title)
    tell(pilot, Side.PARTICIPANT, _l("Payment approved: %(title)s", title=payment.milestone.title),
         _l("The payment of %(amount)s for the milestone \"%(title)s\" is approved.",
            amount=euro(payment.amount), title=payment.milestone.title))
    db.session.commit()


def record_de_minimis(pilot: Pilot, by: User, received_on: date | None) -> None:
    if received_on is None:
        raise refuse(_("Give the date."), "received_on")
    if received_on > brussels_today():
        raise refuse(_("The declaration cannot be received in the future."), "received_on")
    pilot.de_minimis_received_on = received_on
    events.record("de_minimis_recorded", pilot, actor=by, challenge=pilot.challenge,
                  proposal=pilot.proposal, received_on=received_on)
    db.session.commit()


# The end of a pilot without an evaluation ---------------------------------------------------

def drop_pilot(pilot: Pilot, by: User, reason: str) -> None:
    """Stop following a pilot that will not be evaluated (the company went bankrupt, the
    contract was never signed): explicitly, with a reason, so the challenge can complete."""
    if not pilot.is_running:
        raise closed_refusal()
    if not reason.strip():
        raise refuse(_("Explain why this pilot is dropped."), "reason")
    pilot.status = PilotStatus.DROPPED
    pilot.dropped_reason = reason.strip()
    pilot.closed_at = utcnow()
    events.record("pilot_dropped", pilot, actor=by, challenge=pilot.challenge,
                  proposal=pilot.proposal, reason=pilot.dropped_reason)
    tell(pilot, Side.PARTICIPANT, _l("Pilot dropped: %(title)s", title=pilot.proposal.title),
         _l("The municipality dropped the pilot of your proposal."), reason=pilot.dropped_reason)
    db.session.commit()


# Reminders ----------------------------------------------------------------------------------

def send_milestone_reminders(now: datetime | None = None) -> int:
    """Email the team of every milestone still owed within MILESTONE_REMINDER_DAYS of its due
    date, once per due date (a date moved by a change is reminded of again)."""
    today = brussels_today(now)
    horizon = today + timedelta(days=current_app.config["MILESTONE_REMINDER_DAYS"])
    due = db.session.scalars(
        select(Milestone).join(Pilot, Pilot.id == Milestone.pilot_id)
        .where(Pilot.status == PilotStatus.RUNNING, Milestone.status.in_(OPEN_MILESTONES),
               Milestone.due_on >= today, Milestone.due_on <= horizon)
        .order_by(Milestone.due_on, Milestone.id)).all()
    count = 0
    for milestone in due:
        if milestone.reminded_for == milestone.due_on:
            continue
        milestone.reminded_for = milestone.due_on
        pilot = milestone.pilot
        tell(pilot, Side.PARTICIPANT, _l("Reminder: %(title)s is due on %(day)s",
                                         title=milestone.title, day=long_date(milestone.due_on)),
             _l("The milestone \"%(title)s\" of your pilot is due on %(day)s. Submit it with "
                "its report on the pilot's page.", title=milestone.title,
                day=long_date(milestone.due_on)))
        events.record("milestone_reminder_sent", milestone, challenge=pilot.challenge,
                      proposal=pilot.proposal, due_on=milestone.due_on)
        count += 1
    db.session.commit()
    return count
