"""The shapes of the jury's ranking (challenges.results.ranking): plain, frozen data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    name: str
    weight: int
    minimum: Decimal | None = None


@dataclass(frozen=True)
class ReviewScores:
    juror_id: int
    proposal_id: int
    scores: Mapping[int, Decimal | int | None]   # criterion id -> score; missing = not answered


@dataclass(frozen=True)
class CriterionMean:
    criterion_id: int
    name: str
    mean: Decimal | None          # over the jurors who scored it; None if nobody did
    minimum: Decimal | None
    scored_by: int

    @property
    def below_minimum(self) -> bool:
        return self.minimum is not None and self.mean is not None and self.mean < self.minimum


@dataclass(frozen=True)
class RankedProposal:
    proposal_id: int
    rank: int
    score: Decimal | None         # the score of this ranking's view
    weighted_mean: Decimal
    normalised_mean: Decimal | None
    borda_score: Decimal | None
    criterion_means: tuple[CriterionMean, ...]
    reviews: int
    spread: Decimal | None        # highest minus lowest juror total; None with one review
    eligible: bool
    ineligible_reasons: tuple[CriterionMean, ...] = ()
    tie: bool = False
    tied_with: tuple[int, ...] = ()
    disagreement: bool = False
    fewer_reviews: bool = False   # fewer counted reviews than the most-reviewed proposal


@dataclass(frozen=True)
class JurorSummary:
    juror_id: int
    reviews: int
    mean: Decimal
    stdev: Decimal | None
    not_normalised_reason: str | None   # TOO_FEW_REVIEWS, NO_SPREAD or None
    agreement: Decimal | None           # Spearman correlation with the rest of the panel
    compared: int                       # proposals shared with the rest of the panel
    disagrees: bool

    @property
    def normalised(self) -> bool:
        return self.not_normalised_reason is None


@dataclass(frozen=True)
class Ranking:
    """Rows in ranked order: eligible proposals first, then the ineligible ones, whose rank
    numbers continue after the eligible ones (so rank 1 is always a possible winner)."""

    view: str
    rows: tuple[RankedProposal, ...]
    jurors: tuple[JurorSummary, ...]
    spread_threshold: Decimal
    agreement_threshold: Decimal

    def row(self, proposal_id: int) -> RankedProposal:
        return next(r for r in self.rows if r.proposal_id == proposal_id)

    @property
    def order(self) -> list[int]:
        return [r.proposal_id for r in self.rows]

    @property
    def leaders(self) -> list[RankedProposal]:
        """The possible winner, or the proposals tied for first place; empty if none is eligible."""
        return [r for r in self.rows if r.rank == 1 and r.eligible]

    @property
    def jurors_not_normalised(self) -> list[JurorSummary]:
        return [j for j in self.jurors if not j.normalised]

    @property
    def jurors_disagreeing(self) -> list[JurorSummary]:
        return [j for j in self.jurors if j.disagrees]


@dataclass(frozen=True)
class Term:
    criterion_id: int
    name: str
    weight: int
    score: Decimal


@dataclass(frozen=True)
class ReviewArithmetic:
    terms: tuple[Term, ...]
    not_answered: tuple[CriterionSpec, ...]
    weighted_sum: Decimal
    weight_total: int
    total: Decimal | None
    steps: tuple[str, ...]
