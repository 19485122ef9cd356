"""What a participant is told about the jury's scores: means per criterion and the
feedback comments. Never the private notes, never who scored what."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges.extensions import db
from challenges.jury.models import ConflictDeclaration, Review, ReviewStatus
from challenges.submissions.models import Proposal

TWO_PLACES = Decimal("0.01")


@dataclass
class CriterionFeedback:
    name: str
    weight: int
    mean: Decimal | None
    comments: list[str] = field(default_factory=list)


@dataclass
class Feedback:
    criteria: list[CriterionFeedback]
    comments: list[str]
    reviews: int


def feedback_for(proposal: Proposal) -> Feedback:
    conflicted = select(ConflictDeclaration.member_id).where(
        ConflictDeclaration.proposal_id == proposal.id, ConflictDeclaration.has_conflict.is_(True))
    reviews = db.session.scalars(
        select(Review).where(Review.proposal_id == proposal.id,
                             Review.status == ReviewStatus.SUBMITTED,
                             Review.member_id.not_in(conflicted))
        .options(selectinload(Review.scores)).order_by(Review.id)).all()
    rows = []
    for criterion in proposal.challenge.criteria:
        values = [s.value for r in reviews for s in r.scores
                  if s.criterion_id == criterion.id and s.value is not None]
        mean = (sum(values) / len(values)).quantize(TWO_PLACES) if values else None
        comments = [s.comment for r in reviews for s in r.scores
                    if s.criterion_id == criterion.id and s.comment]
        rows.append(CriterionFeedback(criterion.name, criterion.weight, mean, comments))
    return Feedback(criteria=rows, comments=[r.overall_comment for r in reviews
                                             if r.overall_comment], reviews=len(reviews))
