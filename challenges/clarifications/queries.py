"""Read paths of clarifications: a proposal's requests (one query), the loader."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges.clarifications.models import Clarification
from challenges.extensions import db
from challenges.submissions.models import Proposal


def of_proposal(proposal: Proposal) -> list[Clarification]:
    return list(db.session.scalars(
        select(Clarification).where(Clarification.proposal_id == proposal.id)
        .options(selectinload(Clarification.attachment))
        .order_by(Clarification.asked_at, Clarification.id)))


def load_clarification(proposal: Proposal, clarification_id: int) -> Clarification:
    item = db.session.get(Clarification, clarification_id)
    if item is None or item.proposal_id != proposal.id:
        abort(404)
    return item
