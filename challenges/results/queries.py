"""Read paths of the ranking, the deliberation, the feedback and the results pages (the
jury's audit trail is in audit.py).

`load(jury)` reads what the ranking needs in a fixed number of SQL queries, whatever the
number of proposals and jurors: the submitted reviews of jurors without a conflict of interest,
their scores, the conflicts declared, and turns them into the plain inputs of `ranking.py`.
The arithmetic itself lives in `ranking.py`; nothing here computes a score.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from sqlalchemy import String, and_, cast, exists, func, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.jury.models import (
    REVIEWABLE,
    ConflictDeclaration,
    Jury,
    JuryMember,
    RankingView,
    Review,
    ReviewStatus,
    Score,
    criteria_of,
    reviewed_by,
)
from challenges.results import ranking
from challenges.results.models import Decision
from challenges.submissions.models import Proposal, ProposalStatus, TeamMember

# A juror's totals that differ by more than this share of the scale are a disagreement
# (1 point on the default 0-5 scale).
SPREAD_SHARE = Decimal("0.2")
TWO_PLACES = Decimal("0.01")
# Rankings kept per process (see JuryData.views): the juries being looked at right now.
KEPT_RANKINGS = 8
_RANKINGS: dict[tuple, dict[str, ranking.Ranking]] = {}
# The reviews read for the ranking page, by the digest of the rows they were read from: the
# same rows give the same reviews, so each distinct set is turned into objects once per process.
# Never changed once made (the page only reads them).
_READ_REVIEWS: dict[str, dict[int, ReviewRow]] = {}


class ScoreRow(NamedTuple):
    """A tuple, not a dataclass: a ranking page reads thousands (300 proposals × 7 jurors ×
    6 criteria), and a tuple is made four times faster."""

    criterion_id: int
    value: Decimal | None
    comment: str


@dataclass(frozen=True)
class ReviewRow:
    """One submitted review, as the jury's records need it (never the private note)."""

    id: int
    member_id: int
    proposal_id: int
    overall_comment: str
    submitted_at: datetime | None
    scores: dict[int, ScoreRow] = field(default_factory=dict)
    # Criterion id -> value: what the ranking reads, kept beside the scores as they are read.
    values: dict[int, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ConflictRow:
    member_id: int
    proposal_id: int
    reason: str | None


@dataclass
class JuryData:
    """Everything the ranking, the exports and the report show, read once."""

    jury: Jury
    challenge: Challenge
    criteria: list[ranking.CriterionSpec]
    members: dict[int, JuryMember]
    proposals: dict[int, Proposal]           # reviewable proposals, in submission order
    reviews: list[ReviewRow]
    conflicts: list[ConflictRow]
    # A digest of the reviews' values, when read without comments (load(comments=False)).
    fingerprint: str | None = None

    @cached_property
    def views(self) -> dict[str, ranking.Ranking]:
        spread = SPREAD_SHARE * (self.jury.scale_max - self.jury.scale_min)
        if self.fingerprint is None:
            return ranking.all_views(self.criteria, self.review_scores(), spread_threshold=spread)
        # The ranking is a pure function of what goes in: the same criteria, threshold and
        # scores (the digest) give the same ranking, so it is computed once per process.
        key = (self.fingerprint, tuple(self.criteria), spread)
        found = _RANKINGS.get(key)
        if found is None:
            found = _RANKINGS[key] = ranking.all_views(self.criteria, self.review_scores(),
                                                       spread_threshold=spread)
            while len(_RANKINGS) > KEPT_RANKINGS:
                _RANKINGS.pop(next(iter(_RANKINGS)))
        return found

    @property
    def authoritative_view(self) -> RankingView:
        return self.jury.authoritative_view

    @property
    def authoritative(self) -> ranking.Ranking:
        return self.views[self.authoritative_view]

    @property
    def most_reviews(self) -> int:
        """The most counted reviews any proposal has (for the "fewer reviews" flag)."""
        return max((row.reviews for row in self.authoritative.rows), default=0)

    def review_scores(self) -> list[ranking.ReviewScores]:
        return [ranking.ReviewScores(r.member_id, r.proposal_id, r.values)
                for r in self.reviews]

    def rows_by_view(self) -> dict[int, dict[str, ranking.RankedProposal]]:
        """Proposal id -> view -> its row in that view."""
        rows: dict[int, dict[str, ranking.RankedProposal]] = defaultdict(dict)
        for view, result in self.views.items():
            for row in result.rows:
                rows[row.proposal_id][view] = row
        return rows

    @property
    def ranked_proposals(self) -> list[Proposal]:
        """In the authoritative order, then the proposals nobody has scored yet."""
        ranked = [self.proposals[pid] for pid in self.authoritative.order]
        return ranked + self.unreviewed

    @property
    def unreviewed(self) -> list[Proposal]:
        ranked = set(self.authoritative.order)
        return [p for pid, p in self.proposals.items() if pid not in ranked]

    @cached_property
    def reviews_by_proposal(self) -> dict[int, list[ReviewRow]]:
        grouped: dict[int, list[ReviewRow]] = defaultdict(list)
        for review in self.reviews:
            grouped[review.proposal_id].append(review)
        return grouped

    def explain(self, review: ReviewRow) -> ranking.ReviewArithmetic:
        return ranking.explain_review(self.criteria, ranking.ReviewScores(
            review.member_id, review.proposal_id, review.values))

    @cached_property
    def conflicts_by_proposal(self) -> dict[int, list[ConflictRow]]:
        grouped: dict[int, list[ConflictRow]] = defaultdict(list)
        for conflict in self.conflicts:
            grouped[conflict.proposal_id].append(conflict)
        return grouped

    def hidden_for(self, member: JuryMember | None) -> set[int]:
        """The proposals whose scores this viewer must not see: a juror (the chair too)
        never sees the scores of a proposal they declared a conflict with."""
        if member is None:
            return set()
        return {c.proposal_id for c in self.conflicts if c.member_id == member.id}

    def member_name(self, member_id: int) -> str:
        member = self.members.get(member_id)
        return member.name if member is not None else "?"


def _conflicted():
    """Whether the review's juror declared a conflict with the review's proposal."""
    return exists().where(ConflictDeclaration.member_id == Review.member_id,
                          ConflictDeclaration.proposal_id == Review.proposal_id,
                          ConflictDeclaration.has_conflict.is_(True))


def _counted_reviews(jury: Jury):
    """The reviews that count: submitted, by a member of this jury without a conflict, of a
    proposal of this challenge that the jury still looks at."""
    return and_(JuryMember.jury_id == jury.id, Review.status == ReviewStatus.SUBMITTED,
                reviewed_by(jury), ~_conflicted())


def _reviews_with_comments(counted) -> dict[int, ReviewRow]:
    reviews = {row.id: ReviewRow(row.id, row.member_id, row.proposal_id,
                                 row.overall_comment or "", row.submitted_at)
               for row in db.session.execute(
                   select(Review.id, Review.member_id, Review.proposal_id,
                          Review.overall_comment, Review.submitted_at)
                   .join(JuryMember, JuryMember.id == Review.member_id)
                   .join(Proposal, Proposal.id == Review.proposal_id)
                   .where(counted).order_by(Review.proposal_id, Review.member_id))}
    # One query for every score of those reviews: a selectinload would split the review ids
    # into batches and so grow with the number of reviews.
    for review_id, criterion_id, value, comment in db.session.execute(
            select(Score.review_id, Score.criterion_id, Score.value, Score.comment)
            .join(Review, Review.id == Score.review_id)
            .join(JuryMember, JuryMember.id == Review.member_id)
            .join(Proposal, Proposal.id == Review.proposal_id)
            .where(counted)):
        review = reviews.get(review_id)
        if review is not None:
            review.scores[criterion_id] = ScoreRow(criterion_id, value, comment or "")
            review.values[criterion_id] = value
    return reviews


class _Values(dict):
    """A score's text as the database gives it -> the Decimal the ORM would (two places, as
    the column is declared), each distinct text converted once."""

    def __missing__(self, text: str) -> Decimal:
        value = self[text] = Decimal(text).quantize(TWO_PLACES)
        return value


def _review_values(counted) -> tuple[dict[int, ReviewRow], str]:
    """Each counted review with its scores' values (criterion:value pairs, aggregated in the
    query: one row a review instead of one a score), and a digest of all of it. Neither the
    comments nor the time of submission: the ranking page shows neither."""
    pairs = func.aggregate_strings(
        cast(Score.criterion_id, String) + ":" + cast(Score.value, String), ",")
    rows = db.session.execute(
        select(Review.id, Review.member_id, Review.proposal_id, pairs)
        .join(JuryMember, JuryMember.id == Review.member_id)
        .join(Proposal, Proposal.id == Review.proposal_id)
        .outerjoin(Score, Score.review_id == Review.id)
        .where(counted).group_by(Review.id, Review.member_id, Review.proposal_id)
        .order_by(Review.proposal_id, Review.member_id)).all()
    digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
    found = _READ_REVIEWS.get(digest)
    if found is not None:
        return found, digest
    values = _Values()
    reviews = {}
    for review_id, member_id, proposal_id, scored in rows:
        review = reviews[review_id] = ReviewRow(review_id, member_id, proposal_id, "", None)
        scores = review.values
        for pair in (scored or "").split(","):
            criterion_id, _, text = pair.partition(":")
            if text:
                scores[int(criterion_id)] = values[text]
    _READ_REVIEWS[digest] = reviews
    while len(_READ_REVIEWS) > KEPT_RANKINGS:
        _READ_REVIEWS.pop(next(iter(_READ_REVIEWS)))
    return reviews, digest


def load(jury: Jury, comments: bool = True) -> JuryData:
    """`comments=False` (the ranking page): the reviews with their values only, in one query,
    and the ranking computed once per process for the same scores."""
    challenge = jury.challenge
    criteria = [ranking.CriterionSpec(c.id, c.name, c.weight, c.minimum_score)
                for c in criteria_of(jury)]
    members = {m.id: m for m in db.session.scalars(
        select(JuryMember).where(JuryMember.jury_id == jury.id)
        .options(joinedload(JuryMember.user)).order_by(JuryMember.id))}
    proposals_query = (select(Proposal).where(reviewed_by(jury))
                       .order_by(Proposal.submitted_at, Proposal.id))
    if not comments:   # the ranking page names the proposals, nothing more
        proposals_query = proposals_query.options(load_only(
            Proposal.id, Proposal.challenge_id, Proposal.title, Proposal.reference,
            Proposal.status, Proposal.submitted_at))
    proposals = {p.id: p for p in db.session.scalars(proposals_query)}
    counted = _counted_reviews(jury)
    fingerprint = None
    if comments:
        reviews = _reviews_with_comments(counted)
    else:
        reviews, fingerprint = _review_values(counted)
    conflicts = [ConflictRow(row.member_id, row.proposal_id, row.reason)
                 for row in db.session.execute(
                     select(ConflictDeclaration.member_id, ConflictDeclaration.proposal_id,
                            ConflictDeclaration.reason)
                     .join(JuryMember, JuryMember.id == ConflictDeclaration.member_id)
                     .where(JuryMember.jury_id == jury.id,
                            ConflictDeclaration.has_conflict.is_(True))
                     .order_by(ConflictDeclaration.proposal_id, ConflictDeclaration.member_id))]
    return JuryData(jury, challenge, criteria, members, proposals, list(reviews.values()),
                    conflicts, fingerprint)


# Decisions and the public results -----------------------------------------------------------

def decisions(challenge: Challenge) -> dict[int, Decision]:
    return {d.proposal_id: d for d in db.session.scalars(
        select(Decision).join(Proposal).where(Proposal.challenge_id == challenge.id))}


def _with_team(query):
    return query.options(selectinload(Proposal.author),
                         selectinload(Proposal.members).selectinload(TeamMember.user))


@dataclass
class Results:
    winners: list[tuple[Proposal, Decision]]
    mentions: list[tuple[Proposal, Decision]]
    shortlisted: list[tuple[Proposal, Decision]]


def _results(rows: list[tuple[Proposal, Decision]], is_winner, is_shortlisted) -> Results:
    winners = sorted(((p, d) for p, d in rows if is_winner(p, d)),
                     key=lambda pair: (pair[1].place or 10**6, pair[0].title))
    mentions = [(p, d) for p, d in rows if d.honourable_mention and not is_winner(p, d)]
    shortlisted = [(p, d) for p, d in rows if is_shortlisted(p, d) and not is_winner(p, d)
                   and not d.honourable_mention]
    return Results(winners, mentions, shortlisted)


def _decided_rows(challenge: Challenge, statuses) -> list[tuple[Proposal, Decision]]:
    return [tuple(row) for row in db.session.execute(_with_team(
        select(Proposal, Decision).join(Decision, Decision.proposal_id == Proposal.id)
        .where(Proposal.challenge_id == challenge.id, Proposal.status.in_(statuses))
        .order_by(Proposal.title, Proposal.id))).all()]


def public_results(challenge: Challenge) -> Results:
    """What was published: the statuses set at publication decide who won, so a proposal
    ruled out afterwards is not shown as a winner."""
    rows = _decided_rows(challenge, (ProposalStatus.WINNER, ProposalStatus.SHORTLISTED,
                                     ProposalStatus.NOT_SELECTED))
    return _results(rows, lambda p, _d: p.status == ProposalStatus.WINNER,
                    lambda p, _d: p.status == ProposalStatus.SHORTLISTED)


def decided_results(challenge: Challenge) -> Results:
    """What publication would announce, from the jury's decisions (the same rule as
    `operations.publish_results`: a place makes a winner)."""
    rows = _decided_rows(challenge, REVIEWABLE)
    return _results(rows, lambda _p, d: d.place is not None, lambda _p, d: d.shortlisted)


def public_proposals(challenge: Challenge):
    """Every entered proposal that may be public, as a query to paginate."""
    return _with_team(select(Proposal).where(
        Proposal.challenge_id == challenge.id,
        Proposal.status.in_((ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED,
                             ProposalStatus.WINNER, ProposalStatus.NOT_SELECTED)))
        .order_by(Proposal.title, Proposal.id))


def participant_count(challenge: Challenge) -> int:
    """How many proposals publication will email about (every team member of each)."""
    return db.session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.challenge_id == challenge.id, Proposal.status.in_(REVIEWABLE))) or 0


# What each team is told -----------------------------------------------------------------------

@dataclass
class CriterionFeedback:
    name: str
    weight: int
    mean: Decimal | None
    comments: list[str] = field(default_factory=list)


@dataclass
class Feedback:
    """What a participant is told about the jury's scores: means per criterion and the
    feedback comments. Never the private notes, never who scored what."""

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
        mean = ((sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES) if values
                else None)
        comments = [s.comment for r in reviews for s in r.scores
                    if s.criterion_id == criterion.id and s.comment]
        rows.append(CriterionFeedback(criterion.name, criterion.weight, mean, comments))
    return Feedback(criteria=rows, comments=[r.overall_comment for r in reviews
                                             if r.overall_comment], reviews=len(reviews))
