"""The jury's ranking arithmetic: pure functions over plain data (no database, no Flask).

The caller passes the published criteria (in order) and the submitted reviews of jurors without
a conflict of interest. All arithmetic is `Decimal` in a fixed 28-digit context; results are kept
at full precision and rounded only for display.

**A review's total** is the weighted mean of the criteria the juror answered:
sum(weight × score) ÷ sum of those weights. An unanswered criterion is left out of both sums, so
it neither counts as zero nor changes the weight of the others. A review without any answered
(weighted) criterion is ignored. If every criterion has weight 0, they all count equally.

**Minimum scores.** For each criterion the mean is taken over the jurors who scored it. A
proposal whose mean on any criterion is below that criterion's minimum is *not eligible to win*.
It stays in the list with the reasons, but is ranked after every eligible proposal, so the top of
a ranking is always a possible winner. A minimum that nobody scored cannot be checked and does
not exclude the proposal.

The three views:

1. **Weighted mean** - the proposal's score is the mean of its jurors' totals. Simple and
   transparent, but a lenient juror pulls their proposals up and a juror who uses the whole
   scale weighs more than one who stays between 3 and 4.
2. **Normalised (z-scores)** - each juror's totals are compared with that juror's own habits:
   z = (total - juror's mean) ÷ juror's standard deviation (sample, n - 1). A z of +1 means
   "one step better than this juror's usual". The proposal's score is the mean of its z-scores.
   A juror with fewer than 3 reviews, or who gave every proposal the same total, has no
   meaningful scale: they are flagged and *left out* of this view (their totals still count in
   the other two). A proposal reviewed only by such jurors has no normalised score and is placed
   after the proposals that have one.
3. **Borda count** - only each juror's order matters, not the distances. A juror who ranked n
   proposals gives n - 1 points to their first, ..., 0 to their last; proposals they tied share
   the average of those points. Because jurors may review different subsets, each juror's
   points are divided by n - 1 (their first gets 1, their last 0) and the proposal's score is
   the mean of these shares over its jurors. With a full panel this gives the same order as
   the classic summed Borda points. A juror who reviewed only one proposal gives no order.

**Ties** are broken by the higher weighted mean (in the normalised and Borda views), then by
the higher mean on each criterion in published order. Proposals still equal are a tie for the
jury to decide: they share a rank number (1, 2, 2, 4), carry `tie=True` and list each other in
`tied_with`; they are listed by proposal id only to keep the output stable. Scores are compared
at 9 decimals so that equal means reached by a different order of division are equal.

**Fewer reviews.** A proposal with fewer counted reviews than the most-reviewed proposal (a
juror declared a conflict, or did not submit) is flagged `fewer_reviews`: its score rests on
fewer jurors than the others', which matters most for a possible winner.

**Disagreement.** A proposal is flagged when its jurors' totals differ by more than
`spread_threshold` (highest minus lowest; 1.0 by default on a 0-5 scale). A juror is flagged
when their order disagrees with the rest of the panel: the Spearman correlation between the
juror's totals and the other jurors' mean totals, over the proposals both scored (at least 3),
is below `agreement_threshold` (0 by default: the juror's order tends to be the reverse).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from functools import wraps
from itertools import groupby

VIEWS = ("weighted", "normalised", "borda")
MIN_REVIEWS_TO_NORMALISE = 3
MIN_COMMON_FOR_AGREEMENT = 3
TOO_FEW_REVIEWS = "too_few_reviews"
NO_SPREAD = "no_spread"

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
_COMPARE = Decimal("1e-9")   # comparison precision, far below any score step a juror can give
_SHOWN = Decimal("0.0001")   # rounding in the explanation strings only


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


def _exact(function):
    """Run in our own Decimal context, whatever the caller's context says."""
    @wraps(function)
    def wrapper(*args, **kwargs):
        with localcontext(_CONTEXT):
            return function(*args, **kwargs)
    return wrapper


def _decimal(value) -> Decimal:
    if isinstance(value, float | bool):
        raise TypeError("scores must be Decimal or int, not float")
    return value if isinstance(value, Decimal) else Decimal(value)


def _weights(criteria: Sequence[CriterionSpec]) -> dict[int, int]:
    if len({c.id for c in criteria}) != len(criteria):
        raise ValueError("criterion ids must be unique")
    if sum(c.weight for c in criteria) == 0:
        return {c.id: 1 for c in criteria}
    return {c.id: c.weight for c in criteria}


def _answered(criteria: Sequence[CriterionSpec], review: ReviewScores) -> list[Term]:
    weights = _weights(criteria)
    return [Term(c.id, c.name, weights[c.id], _decimal(review.scores[c.id])) for c in criteria
            if review.scores.get(c.id) is not None]


@_exact
def weighted_total(criteria: Sequence[CriterionSpec], review: ReviewScores) -> Decimal | None:
    """sum(weight × score) ÷ sum(weights) over the answered criteria; None if nothing counts."""
    terms = _answered(criteria, review)
    weight_total = sum(t.weight for t in terms)
    if weight_total == 0:
        return None
    return sum((t.weight * t.score for t in terms), Decimal(0)) / weight_total


def _plain(value: Decimal) -> str:
    return format(value.quantize(_SHOWN).normalize(), "f")


def _equals(value: Decimal) -> str:
    """Show '= 3.9', or '≈ 4.2857' when the display had to round."""
    return f"{'=' if value.quantize(_SHOWN) == value else '≈'} {_plain(value)}"


@_exact
def explain_review(criteria: Sequence[CriterionSpec], review: ReviewScores) -> ReviewArithmetic:
    """The arithmetic of one review's total, with the steps as short English strings,
    e.g. ("50×4 + 30×3 + 20×5 = 390", "390 ÷ 100 = 3.9")."""
    terms = _answered(criteria, review)
    answered = {t.criterion_id for t in terms}
    skipped = tuple(c for c in criteria if c.id not in answered)
    weighted_sum = sum((t.weight * t.score for t in terms), Decimal(0))
    weight_total = sum(t.weight for t in terms)
    total = weighted_total(criteria, review)
    steps: tuple[str, ...]
    if total is None:
        steps = ("No weighted criterion answered: this review is not counted.",)
    else:
        products = " + ".join(f"{t.weight}×{_plain(t.score)}" for t in terms)
        steps = (f"{products} {_equals(weighted_sum)}",
                 f"{_plain(weighted_sum)} ÷ {weight_total} {_equals(total)}")
    steps += tuple(f"Not answered: {c.name} (weight {c.weight}), left out of both sums."
                   for c in skipped)
    return ReviewArithmetic(tuple(terms), skipped, weighted_sum, weight_total, total, steps)


def _mean(values: Iterable[Decimal]) -> Decimal:
    values = list(values)
    return sum(values, Decimal(0)) / len(values)


def _sample_stdev(values: Sequence[Decimal]) -> Decimal:
    mean = _mean(values)
    return (sum(((v - mean) ** 2 for v in values), Decimal(0)) / (len(values) - 1)).sqrt()


def _key(value: Decimal) -> Decimal:
    return value.quantize(_COMPARE)


def _average_ranks(values: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """1 for the highest value; equal values share the mean of their positions."""
    ordered = sorted(values, key=lambda pid: (-_key(values[pid]), pid))
    ranks: dict[int, Decimal] = {}
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and _key(values[ordered[end + 1]]) == _key(
                values[ordered[start]]):
            end += 1
        for pid in ordered[start:end + 1]:
            ranks[pid] = Decimal(start + end + 2) / 2
        start = end + 1
    return ranks


def _spearman(first: Mapping[int, Decimal], second: Mapping[int, Decimal]) -> Decimal | None:
    """Pearson correlation of the average ranks; None when either side has no order."""
    x, y = _average_ranks(first), _average_ranks(second)
    mx, my = _mean(x.values()), _mean(y.values())
    cov = sum(((x[p] - mx) * (y[p] - my) for p in x), Decimal(0))
    vx = sum(((x[p] - mx) ** 2 for p in x), Decimal(0))
    vy = sum(((y[p] - my) ** 2 for p in y), Decimal(0))
    if vx == 0 or vy == 0:
        return None
    return cov / (vx * vy).sqrt()


def _juror_summaries(by_juror: Mapping[int, dict[int, Decimal]],
                     by_proposal: Mapping[int, dict[int, Decimal]],
                     agreement_threshold: Decimal) -> dict[int, JurorSummary]:
    summaries = {}
    for juror, totals in sorted(by_juror.items()):
        values = list(totals.values())
        stdev = _sample_stdev(values) if len(values) >= 2 else None
        reason = (TOO_FEW_REVIEWS if len(values) < MIN_REVIEWS_TO_NORMALISE
                  else NO_SPREAD if stdev == 0 else None)
        # Leave the juror out of the panel they are compared with, or they agree with themselves.
        rest = {pid: _mean(t for j, t in by_proposal[pid].items() if j != juror)
                for pid in totals if len(by_proposal[pid]) > 1}
        agreement = (_spearman({pid: totals[pid] for pid in rest}, rest)
                     if len(rest) >= MIN_COMMON_FOR_AGREEMENT else None)
        summaries[juror] = JurorSummary(
            juror, len(values), _mean(values), stdev, reason, agreement, len(rest),
            agreement is not None and agreement < agreement_threshold)
    return summaries


def _normalised_scores(by_juror, summaries) -> dict[int, Decimal]:
    z_scores: dict[int, list[Decimal]] = defaultdict(list)
    for juror, totals in by_juror.items():
        summary = summaries[juror]
        if summary.normalised:
            for pid, total in totals.items():
                z_scores[pid].append((total - summary.mean) / summary.stdev)
    return {pid: _mean(zs) for pid, zs in z_scores.items()}


def _borda_scores(by_juror) -> dict[int, Decimal]:
    shares: dict[int, list[Decimal]] = defaultdict(list)
    for totals in by_juror.values():
        n = len(totals)
        if n < 2:
            continue
        for pid, position in _average_ranks(totals).items():
            shares[pid].append((n - position) / (n - 1))
    return {pid: _mean(values) for pid, values in shares.items()}


def _analyse(criteria, reviews, spread_threshold, agreement_threshold):
    by_juror: dict[int, dict[int, Decimal]] = defaultdict(dict)
    by_proposal: dict[int, dict[int, Decimal]] = defaultdict(dict)
    answers: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for review in reviews:
        total = weighted_total(criteria, review)
        if total is None:
            continue   # an empty review says nothing
        if review.proposal_id in by_juror[review.juror_id]:
            raise ValueError(f"two reviews by juror {review.juror_id} "
                             f"of proposal {review.proposal_id}")
        by_juror[review.juror_id][review.proposal_id] = total
        by_proposal[review.proposal_id][review.juror_id] = total
        for term in _answered(criteria, review):
            answers[review.proposal_id][term.criterion_id].append(term.score)
    summaries = _juror_summaries(by_juror, by_proposal, agreement_threshold)
    normalised = _normalised_scores(by_juror, summaries)
    borda = _borda_scores(by_juror)
    rows = []
    for pid, totals in sorted(by_proposal.items()):
        means = tuple(
            CriterionMean(c.id, c.name, _mean(answers[pid][c.id]) if answers[pid][c.id] else None,
                          c.minimum, len(answers[pid][c.id])) for c in criteria)
        failed = tuple(m for m in means if m.below_minimum)
        values = list(totals.values())
        spread = max(values) - min(values) if len(values) > 1 else None
        rows.append(RankedProposal(
            pid, 0, None, _mean(values), normalised.get(pid), borda.get(pid), means, len(values),
            spread, not failed, failed,
            disagreement=spread is not None and _key(spread) > _key(spread_threshold)))
    most = max((row.reviews for row in rows), default=0)
    rows = [replace(row, fewer_reviews=row.reviews < most) for row in rows]
    return rows, tuple(summaries.values())


def _descending(value: Decimal | None) -> tuple:
    return (1, Decimal(0)) if value is None else (0, -_key(value))


def _score(row: RankedProposal, view: str) -> Decimal | None:
    return {"weighted": row.weighted_mean, "normalised": row.normalised_mean,
            "borda": row.borda_score}[view]


def _order(rows: list[RankedProposal], view: str) -> tuple[RankedProposal, ...]:
    def key(row: RankedProposal) -> tuple:
        return (not row.eligible, _descending(_score(row, view)),
                _descending(row.weighted_mean),
                *(_descending(m.mean) for m in row.criterion_means))

    result: list[RankedProposal] = []
    for _, equal in groupby(sorted(rows, key=lambda row: (key(row), row.proposal_id)), key=key):
        group = list(equal)
        ids = [r.proposal_id for r in group]
        position = len(result) + 1   # competition ranking: 1, 2, 2, 4
        result.extend(replace(row, rank=position, score=_score(row, view), tie=len(group) > 1,
                              tied_with=tuple(i for i in ids if i != row.proposal_id))
                      for row in group)
    return tuple(result)


def _check_view(view: str) -> str:
    view = str(view)   # also accepts the RankingView enum of the models
    if view not in VIEWS:
        raise ValueError(f"unknown ranking view {view!r}; expected one of {VIEWS}")
    return view


@_exact
def all_views(criteria: Sequence[CriterionSpec], reviews: Iterable[ReviewScores], *,
              spread_threshold: Decimal = Decimal("1.0"),
              agreement_threshold: Decimal = Decimal("0")) -> dict[str, Ranking]:
    """The three rankings side by side, so the jury sees where they differ."""
    rows, jurors = _analyse(criteria, list(reviews), spread_threshold, agreement_threshold)
    return {view: Ranking(view, _order(rows, view), jurors, spread_threshold,
                          agreement_threshold) for view in VIEWS}


def rank(criteria: Sequence[CriterionSpec], reviews: Iterable[ReviewScores], *,
         view: str = "weighted", spread_threshold: Decimal = Decimal("1.0"),
         agreement_threshold: Decimal = Decimal("0")) -> Ranking:
    """One ranking of the proposals in `view` ("weighted", "normalised" or "borda")."""
    view = _check_view(view)
    return all_views(criteria, reviews, spread_threshold=spread_threshold,
                     agreement_threshold=agreement_threshold)[view]


def normalised_scores(criteria: Sequence[CriterionSpec],
                      reviews: Iterable[ReviewScores]) -> dict[int, Decimal | None]:
    """Proposal id -> mean z-score (None when no normalisable juror reviewed it)."""
    return {r.proposal_id: r.normalised_mean for r in rank(criteria, reviews).rows}


def rank_differences(views: Mapping[str, Ranking]) -> dict[int, dict[str, int]]:
    """Proposal id -> rank per view, for the proposals whose rank is not the same in every view."""
    ranks: dict[int, dict[str, int]] = defaultdict(dict)
    for view, ranking in views.items():
        for row in ranking.rows:
            ranks[row.proposal_id][view] = row.rank
    return {pid: r for pid, r in sorted(ranks.items()) if len(set(r.values())) > 1}
