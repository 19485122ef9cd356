"""Read paths only the API needs; the challenge listing itself is challenges.queries."""

from __future__ import annotations

from sqlalchemy import func, select

from challenges.accounts.models import Organisation
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.extensions import db


def organisations_with_counts(offset: int, limit: int) -> list[tuple[Organisation, int]]:
    """Every organisation with its number of public (non-draft) challenges, in one query."""
    counts = (select(Challenge.organisation_id, func.count(Challenge.id).label("n"))
              .where(Challenge.status != ChallengeStatus.DRAFT)
              .group_by(Challenge.organisation_id)
              .subquery())
    query = (select(Organisation, func.coalesce(counts.c.n, 0))
             .outerjoin(counts, counts.c.organisation_id == Organisation.id)
             .order_by(Organisation.name, Organisation.id)
             .offset(offset).limit(limit))
    return [(org, int(n)) for org, n in db.session.execute(query)]
