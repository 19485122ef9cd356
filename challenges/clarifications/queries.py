"""Read paths of clarifications: a proposal's requests (one query), the loader."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges.access import belongs_or_404
from challenges.clarifications.models import Clarification
from challenges.extensions import db
from challenges.submissions.models import Proposal


def of_proposal(proposal: Proposal) -> list[Clarification]:
    return list(db.session.scalars(
        select(Clarification).where(Clarification.proposal_id == proposal.id)
        .options(selectinload(Clarification.attachment))
        .order_by(Clarification.asked_at, Clarification.id)))


def load_clarification(proposal: Proposal, clarification_id: int) -> Clarification:
    return belongs_or_404(Clarification, clarification_id, proposal_id=proposal.id)
