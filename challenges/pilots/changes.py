"""Change requests: either side proposes a change of dates, scope or amount with a reason;
the other side accepts or declines it. An accepted change is applied at once; every request
stays in the pilot's history. The award can only grow through an accepted change."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from challenges import events
from challenges.accounts.models import User
from challenges.db import utcnow
from challenges.extensions import db
from challenges.pilots.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Milestone,
    MilestoneStatus,
    Pilot,
)
from challenges.pilots.notices import closed_refusal, other, refuse, tell
from challenges.pilots.operations import raise_problems

events.describe({
    "change_proposed": _l("Change proposed"),
    "change_accepted": _l("Change accepted"),
    "change_declined": _l("Change declined"),
})


def _problems(pilot: Pilot, kind: ChangeKind, data: dict) -> dict:
    problems: dict = {}
    if not (data.get("reason") or "").strip():
        problems["reason"] = _l("Give the reason for the change.")
    if kind == ChangeKind.AMOUNT:
        amount = data.get("new_amount")
        if amount is None:
            problems["new_amount"] = _l("Give the new amount of the award.")
        elif Decimal(amount) < max(pilot.paid, pilot.committed):
            problems["new_amount"] = _l("The award cannot be less than what is paid or "
                                        "promised to milestones already.")
    elif kind == ChangeKind.DATES:
        problems.update(_date_problems(pilot, data))
    elif not (data.get("scope") or "").strip():
        problems["scope"] = _l("Describe the change of scope.")
    return problems


def _date_problems(pilot: Pilot, data: dict) -> dict:
    ends, milestone, due = data.get("new_ends_on"), data.get("milestone"), data.get("new_due_on")
    if ends is None and due is None:
        return {"new_ends_on": _l("Give a new end date, or a new due date for a milestone.")}
    if ends is not None and ends <= pilot.starts_on:
        return {"new_ends_on": _l("The end date must come after the start date.")}
    if due is not None:
        if milestone is None:
            return {"milestone": _l("Choose the milestone whose due date changes.")}
        if not pilot.starts_on <= due <= (ends or pilot.ends_on):
            return {"new_due_on": _l("The due date must fall within the pilot.")}
    if ends is not None and milestone is None and any(
            m.due_on > ends for m in pilot.milestones if m.status != MilestoneStatus.DROPPED):
        return {"new_ends_on": _l("A milestone is due after this end date: move it too.")}
    return {}


def propose_change(pilot: Pilot, by: User, kind: ChangeKind, data: dict) -> ChangeRequest:
    side = pilot.side_of(by)
    if side is None:
        raise refuse(_("Only the municipality and the pilot's team propose changes."))
    if not pilot.is_running:
        raise closed_refusal()
    milestone: Milestone | None = data.get("milestone")
    if milestone is not None and milestone.pilot_id != pilot.id:
        raise refuse(_("Choose a milestone of this pilot."), "milestone")
    problems = _problems(pilot, kind, data)
    if problems:
        raise_problems(problems)
    change = ChangeRequest(pilot=pilot, kind=kind, side=side, reason=data["reason"].strip(),
                           scope=(data.get("scope") or "").strip(),
                           new_amount=data.get("new_amount") if kind == ChangeKind.AMOUNT else None,
                           new_ends_on=data.get("new_ends_on") if kind == ChangeKind.DATES else None,
                           milestone=milestone if kind == ChangeKind.DATES else None,
                           new_due_on=data.get("new_due_on") if kind == ChangeKind.DATES else None,
                           proposed_by_id=by.id, proposed_at=utcnow())
    db.session.add(change)
    events.record("change_proposed", change, actor=by, challenge=pilot.challenge,
                  proposal=pilot.proposal, kind=kind, side=side, new_amount=change.new_amount,
                  new_ends_on=change.new_ends_on, new_due_on=change.new_due_on)
    tell(pilot, other(side), _l("A change to your pilot is proposed"),
         _l("%(side)s proposes a change (%(kind)s). Accept or decline it on the pilot's page.",
            side=side.label, kind=kind.label), reason=change.reason)
    db.session.commit()
    return change


def decide_change(change: ChangeRequest, by: User, *, accept: bool, note: str = "") -> None:
    """The other side decides; an accepted change is applied to the pilot."""
    pilot = change.pilot
    side = pilot.side_of(by)
    if side is None or side == change.side:
        raise refuse(_("The other side decides on a change: %(side)s.",
                       side=other(change.side).label))
    if not pilot.is_running:
        raise closed_refusal()
    if change.status != ChangeStatus.PROPOSED:
        raise refuse(_("This change is decided already."))
    if accept:
        problems = _problems(pilot, change.kind, {
            "reason": change.reason, "scope": change.scope, "new_amount": change.new_amount,
            "new_ends_on": change.new_ends_on, "milestone": change.milestone,
            "new_due_on": change.new_due_on})
        if problems:  # the pilot moved on since it was proposed
            raise_problems(problems)
        _apply(pilot, change)
    change.status = ChangeStatus.ACCEPTED if accept else ChangeStatus.DECLINED
    change.decided_by_id, change.decided_at = by.id, utcnow()
    change.decision_note = note.strip()
    events.record("change_accepted" if accept else "change_declined", change, actor=by,
                  challenge=pilot.challenge, proposal=pilot.proposal, kind=change.kind,
                  note=change.decision_note or None)
    tell(pilot, change.side, _l("Your proposed change is %(status)s", status=change.status.label),
         _l("%(side)s decided on the change you proposed (%(kind)s): %(status)s.",
            side=side.label, kind=change.kind.label, status=change.status.label),
         reason=change.decision_note)
    db.session.commit()


def _apply(pilot: Pilot, change: ChangeRequest) -> None:
    if change.kind == ChangeKind.AMOUNT and change.new_amount is not None:
        pilot.amount = change.new_amount
    if change.kind == ChangeKind.DATES:
        if change.new_ends_on is not None:
            pilot.ends_on = change.new_ends_on
        if change.milestone is not None and change.new_due_on is not None:
            change.milestone.due_on = change.new_due_on
