"""The jury's decisions and their publication: places, awards and motivations recorded by
the chair once scoring is locked; the results published by the organisers, which sets every
proposal's final status and tells every team, with the feedback meant for them.
Each public function is one action and owns its commit; every action is in the event record."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from challenges import events
from challenges.accounts.models import User
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.challenges.stages import ChallengeStage
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.jury.models import Jury, jury_of
from challenges.jury.queries import reviewable_proposals
from challenges.links import external_url
from challenges.notifications.operations import queue_email
from challenges.results import queries
from challenges.results.models import Decision
from challenges.stages.deciding import not_submitted_in
from challenges.submissions.models import Proposal, ProposalStatus

ACTIONS = {
    "decision_recorded": _l("Decision recorded"),
    "results_published": _l("Results published"),
}
events.describe(ACTIONS)


def _refuse(message, field: str = "_") -> Refused:
    return Refused({field: str(message)})


def record_decision(jury: Jury, proposal: Proposal, by: User, *, shortlisted: bool,
                    motivation: str, place: int | None, award_name: str | None,
                    award_amount: Decimal | None, honourable_mention: bool) -> Decision:
    if not jury.locked:
        raise _refuse(_("Lock scoring before deciding."))
    if jury.challenge.status != ChallengeStatus.PUBLISHED:
        raise _refuse(_("The results are already published."))
    if not jury.includes(proposal):
        raise _refuse(_("This proposal is not part of this jury's work."))
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
    events.record("decision_recorded", proposal, actor=by, challenge=jury.challenge,
                  shortlisted=decision.shortlisted, place=place, award=decision.award_name,
                  amount=award_amount, honourable_mention=honourable_mention)
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
        raise _refuse(_("Place %(place)d already goes to \"%(title)s\". Clear it there first, "
                        "or choose another place.", place=place, title=holder.proposal.title),
                      "place")
    data = queries.load(jury)
    row = data.rows_by_view().get(proposal.id, {}).get(data.authoritative_view)
    if row is not None and not row.eligible:
        names = ", ".join(m.name for m in row.ineligible_reasons)
        raise _refuse(_("This proposal does not reach the minimum score for: %(criteria)s. It "
                        "cannot win a place; it can be shortlisted or get an honourable "
                        "mention.", criteria=names), "place")


def publish_results(challenge: Challenge, by: User, now: datetime | None = None) -> None:
    """The organiser publishes what the jury decided: statuses change, the results page
    opens, and every participant is told, with the feedback meant for them."""
    now = now or utcnow()
    jury = jury_of(challenge)
    if not challenge.is_closed(now):
        raise _refuse(_("Results can be published once the challenge is closed."))
    if jury is None or not jury.locked or not jury.decided:
        raise _refuse(_("The jury has not locked scoring and decided yet."))
    decisions = queries.decisions(challenge)
    if not any(d.wins for d in decisions.values()):
        raise _refuse(_("The jury has not chosen a winner yet."))
    for proposal in reviewable_proposals(challenge):
        decision = decisions.get(proposal.id)
        if decision is not None and decision.wins:
            proposal.status = ProposalStatus.WINNER
        elif decision is not None and decision.shortlisted:
            proposal.status = ProposalStatus.SHORTLISTED
        else:
            proposal.status = ProposalStatus.NOT_SELECTED
        feedback = queries.feedback_for(proposal)
        for member in proposal.team:
            queue_email(member.email, member.language, "results_participant",
                        _l("Results of %(title)s", title=challenge.reader_title), user=member,
                        proposal=proposal, challenge=challenge, decision=decision,
                        feedback=feedback, scale_low=jury.scale_min, scale_high=jury.scale_max,
                        link=external_url("results.public", slug=challenge.slug))
    if challenge.stages:
        _close_not_submitted(challenge.stages[-1], by)
    challenge.status = ChallengeStatus.RESULTS_PUBLISHED
    events.record("results_published", challenge, actor=by)
    db.session.commit()


def _close_not_submitted(last: ChallengeStage, by: User) -> None:
    """The teams advanced to the last stage of a challenge in stages that did not submit
    there by its deadline: closed too, and told why, rather than left as drafts with no word
    (as at the decision on an earlier stage)."""
    challenge = last.challenge
    for proposal in not_submitted_in(last):
        proposal.status = ProposalStatus.NOT_SELECTED
        for member in proposal.team:
            queue_email(member.email, member.language, "results_not_submitted",
                        _l("Results of %(title)s", title=challenge.reader_title), user=member,
                        proposal=proposal, challenge=challenge, stage=last,
                        link=external_url("results.public", slug=challenge.slug))
        events.record("stage_outcome", proposal, actor=by, challenge=challenge, stage=last.id,
                      outcome="not_submitted")
