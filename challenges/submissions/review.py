"""What organisers decide about a proposal before the jury: that it is not eligible (with a
reason the team is told), or, to undo a mistake, that it is eligible after all.
Each public function is one action and owns its commit."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from challenges.accounts.models import User
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.notifications.outbox import external_url, queue_email
from challenges.submissions.models import Proposal, ProposalStatus

# A proposal that takes part and has no final result yet can be found ineligible.
MARKABLE = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED, ProposalStatus.NOT_SELECTED)
REASON_MAX = 5000


class ReviewError(Refused):
    """The rules refuse the request. `problems` maps form fields ("_" for none) to messages."""


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


def mark_ineligible(proposal: Proposal, reason: str, by: User,
                    now: datetime | None = None) -> None:
    """Take the proposal out of the competition and tell every team member why, each in
    their own language. The team's places in the challenge stay taken, as for any entry."""
    reason = (reason or "").strip()
    if proposal.status not in MARKABLE:
        raise ReviewError({"_": not_markable_message(proposal.status)})
    if not reason:
        raise ReviewError({"reason": _("Give the reason; it is sent to the team.")})
    if len(reason) > REASON_MAX:
        raise ReviewError({"reason": _("Use at most %(n)d characters.", n=REASON_MAX)})
    # Conditional on the status in the database, so two organisers clicking at the same time
    # (or a double click) change it and email the team once.
    changed = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.status.in_(MARKABLE))
        .values(status=ProposalStatus.INELIGIBLE, ineligible_reason=reason,
                updated_at=now or utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        db.session.refresh(proposal)
        raise ReviewError({"_": not_markable_message(proposal.status)})
    db.session.refresh(proposal)
    link = external_url("submissions.view", proposal_id=proposal.id)
    for member in proposal.team:
        queue_email(member.email, member.language, "proposal_ineligible",
                    _l("Your proposal is not eligible: %(title)s", title=proposal.title),
                    user=member, proposal=proposal, challenge=proposal.challenge,
                    reason=reason, link=link)
    db.session.commit()


def mark_eligible(proposal: Proposal, by: User, now: datetime | None = None) -> None:
    """Undo a mistaken "ineligible": the proposal is submitted again, the reason removed."""
    changed = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.status == ProposalStatus.INELIGIBLE)
        .values(status=ProposalStatus.SUBMITTED, ineligible_reason=None,
                updated_at=now or utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        db.session.refresh(proposal)
        raise ReviewError({"_": _("Only a proposal marked ineligible can be made eligible "
                                  "again.")})
    db.session.commit()
    db.session.refresh(proposal)
