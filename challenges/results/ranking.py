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

**Speed** (10,000 proposals × 7 jurors × 6 criteria in about a second) without changing one
digit: the Decimal context is entered once per call, not per step; each review's scores are
read once; values are compared as exact integers (the value at 9 decimals, times 10⁹); each
juror's ranks are computed once, for the Borda count and the agreement alike; the tie-breakers
the three views share are computed once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from functools import wraps
from itertools import groupby

# The shapes of what goes in and comes out live in a module of their own (re-exported here).
from challenges.results.ranking_data import (
    CriterionMean,
    CriterionSpec,
    JurorSummary,
    RankedProposal,
    Ranking,
    ReviewArithmetic,
    ReviewScores,
    Term,
)

VIEWS = ("weighted", "normalised", "borda")
MIN_REVIEWS_TO_NORMALISE = 3
MIN_COMMON_FOR_AGREEMENT = 3
TOO_FEW_REVIEWS = "too_few_reviews"
NO_SPREAD = "no_spread"

__all__ = ["VIEWS", "CriterionMean", "CriterionSpec", "JurorSummary", "RankedProposal",
           "Ranking", "ReviewArithmetic", "ReviewScores", "Term", "all_views", "explain_review",
           "normalised_scores", "rank", "rank_differences", "weighted_total"]

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
_COMPARE = Decimal("1e-9")   # comparison precision, far below any score step a juror can give
_SHOWN = Decimal("0.0001")   # rounding in the explanation strings only


def _exact(function):
    """Run in our own Decimal context, whatever the caller's context says."""
    @wraps(function)
    def wrapper(*args, **kwargs):
        with localcontext(_CONTEXT):
            return function(*args, **kwargs)
    return wrapper


def _decimal(value) -> Decimal:
    if type(value) is Decimal:
        return value
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


def _scored(order: Sequence[tuple[int, int]],
            review: ReviewScores) -> list[tuple[int, int, Decimal]]:
    """(criterion id, weight, score) of the answered criteria, in published order."""
    scores = review.scores
    answered = [(cid, weight, value) for cid, weight in order
                if (value := scores.get(cid)) is not None]
    if all(type(value) is Decimal for _cid, _weight, value in answered):
        return answered  # type: ignore[return-value]  # every score is a Decimal already
    return [(cid, weight, _decimal(value)) for cid, weight, value in answered]


def _total(answered: list[tuple[int, int, Decimal]]) -> Decimal | None:
    weight_total = sum([weight for _cid, weight, _score in answered])
    if weight_total == 0:
        return None
    return sum([weight * score for _cid, weight, score in answered], Decimal(0)) / weight_total


@_exact
def weighted_total(criteria: Sequence[CriterionSpec], review: ReviewScores) -> Decimal | None:
    """sum(weight × score) ÷ sum(weights) over the answered criteria; None if nothing counts."""
    weights = _weights(criteria)
    return _total(_scored([(c.id, weights[c.id]) for c in criteria], review))


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


def _key(value: Decimal) -> int:
    """The value at comparison precision (9 decimals), as an exact integer: integers compare
    faster than Decimals, and sorting compares a great many."""
    return int(value.quantize(_COMPARE).scaleb(9))


def _average_ranks(values: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """1 for the highest value; equal values share the mean of their positions."""
    ordered = sorted(((-_key(value), pid) for pid, value in values.items()))
    ranks: dict[int, Decimal] = {}
    start, count = 0, len(ordered)
    while start < count:
        end, key = start, ordered[start][0]
        while end + 1 < count and ordered[end + 1][0] == key:
            end += 1
        rank = Decimal(start + end + 2) / 2
        for _key_value, pid in ordered[start:end + 1]:
            ranks[pid] = rank
        start = end + 1
    return ranks


def _spearman(first: Mapping[int, Decimal], second: Mapping[int, Decimal],
              first_ranks: Mapping[int, Decimal] | None = None) -> Decimal | None:
    """Pearson correlation of the average ranks; None when either side has no order.
    `first_ranks`: the average ranks of `first`, when the caller has them already."""
    x = first_ranks if first_ranks is not None else _average_ranks(first)
    y = _average_ranks(second)
    mx, my = _mean(x.values()), _mean(y.values())
    dx = {p: x[p] - mx for p in x}
    dy = {p: y[p] - my for p in x}
    cov = sum([dx[p] * dy[p] for p in x], Decimal(0))
    vx = sum([d * d for d in dx.values()], Decimal(0))
    vy = sum([d * d for d in dy.values()], Decimal(0))
    if vx == 0 or vy == 0:
        return None
    return cov / (vx * vy).sqrt()


def _juror_summaries(by_juror: Mapping[int, dict[int, Decimal]],
                     by_proposal: Mapping[int, dict[int, Decimal]],
                     agreement_threshold: Decimal,
                     ranks: Mapping[int, dict[int, Decimal]]) -> dict[int, JurorSummary]:
    """`ranks`: each juror's average ranks of their own totals (the Borda count's too)."""
    summaries = {}
    zero = Decimal(0)
    for juror, totals in sorted(by_juror.items()):
        values = list(totals.values())
        stdev = _sample_stdev(values) if len(values) >= 2 else None
        reason = (TOO_FEW_REVIEWS if len(values) < MIN_REVIEWS_TO_NORMALISE
                  else NO_SPREAD if stdev == 0 else None)
        # Leave the juror out of the panel they are compared with, or they agree with themselves.
        rest = {}
        for pid in totals:
            panel = by_proposal[pid]
            if len(panel) > 1:
                others = [t for j, t in panel.items() if j != juror]
                rest[pid] = sum(others, zero) / len(others)
        agreement = None
        if len(rest) >= MIN_COMMON_FOR_AGREEMENT:
            own = ranks[juror] if len(rest) == len(totals) else None
            agreement = _spearman({pid: totals[pid] for pid in rest}, rest, own)
        summaries[juror] = JurorSummary(
            juror, len(values), _mean(values), stdev, reason, agreement, len(rest),
            agreement is not None and agreement < agreement_threshold)
    return summaries


def _normalised_scores(by_juror, summaries) -> dict[int, Decimal]:
    z_scores: dict[int, list[Decimal]] = defaultdict(list)
    for juror, totals in by_juror.items():
        summary = summaries[juror]
        if summary.normalised:
            mean, stdev = summary.mean, summary.stdev
            for pid, total in totals.items():
                z_scores[pid].append((total - mean) / stdev)
    return {pid: _mean(zs) for pid, zs in z_scores.items()}


def _borda_scores(by_juror, ranks) -> dict[int, Decimal]:
    shares: dict[int, list[Decimal]] = defaultdict(list)
    for juror, totals in by_juror.items():
        n = len(totals)
        if n < 2:
            continue
        for pid, position in ranks[juror].items():
            shares[pid].append((n - position) / (n - 1))
    return {pid: _mean(values) for pid, values in shares.items()}


def _analyse(criteria, reviews, spread_threshold, agreement_threshold):
    weights = _weights(criteria)
    order = [(c.id, weights[c.id]) for c in criteria]
    by_juror: dict[int, dict[int, Decimal]] = defaultdict(dict)
    by_proposal: dict[int, dict[int, Decimal]] = defaultdict(dict)
    answers: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for review in reviews:
        answered = _scored(order, review)
        total = _total(answered)
        if total is None:
            continue   # an empty review says nothing
        juror, pid = review.juror_id, review.proposal_id
        if pid in by_juror[juror]:
            raise ValueError(f"two reviews by juror {juror} of proposal {pid}")
        by_juror[juror][pid] = total
        by_proposal[pid][juror] = total
        proposal_answers = answers[pid]
        for cid, _weight, score in answered:
            proposal_answers[cid].append(score)
    ranks = {juror: _average_ranks(totals) for juror, totals in by_juror.items()}
    summaries = _juror_summaries(by_juror, by_proposal, agreement_threshold, ranks)
    normalised = _normalised_scores(by_juror, summaries)
    borda = _borda_scores(by_juror, ranks)
    threshold = _key(spread_threshold)
    most = max((len(totals) for totals in by_proposal.values()), default=0)
    rows = []
    for pid, totals in sorted(by_proposal.items()):
        scored = answers[pid]
        means = tuple(
            CriterionMean(c.id, c.name, _mean(scored[c.id]) if scored[c.id] else None,
                          c.minimum, len(scored[c.id])) for c in criteria)
        failed = tuple(m for m in means if m.below_minimum)
        values = list(totals.values())
        spread = max(values) - min(values) if len(values) > 1 else None
        rows.append(RankedProposal(
            pid, 0, None, _mean(values), normalised.get(pid), borda.get(pid), means, len(values),
            spread, not failed, failed,
            disagreement=spread is not None and _key(spread) > threshold,
            fewer_reviews=len(values) < most))
    return rows, tuple(summaries.values())


def _descending(value: Decimal | None) -> tuple[int, int]:
    return (1, 0) if value is None else (0, -_key(value))


def _score(row: RankedProposal, view: str) -> Decimal | None:
    if view == "weighted":
        return row.weighted_mean
    return row.normalised_mean if view == "normalised" else row.borda_score


def _order(rows: list[RankedProposal], view: str,
           tails: Mapping[int, tuple]) -> tuple[RankedProposal, ...]:
    """`tails`: per proposal, the tie-breakers every view shares (weighted mean, then each
    criterion's mean), computed once for the three views."""
    keys = {row.proposal_id: (not row.eligible, _descending(_score(row, view)),
                              *tails[row.proposal_id]) for row in rows}
    result: list[RankedProposal] = []
    for _, equal in groupby(sorted(rows, key=lambda row: (keys[row.proposal_id],
                                                          row.proposal_id)),
                            key=lambda row: keys[row.proposal_id]):
        group = list(equal)
        ids = [r.proposal_id for r in group]
        position = len(result) + 1   # competition ranking: 1, 2, 2, 4
        tie = len(group) > 1
        result.extend(RankedProposal(
            row.proposal_id, position, _score(row, view), row.weighted_mean, row.normalised_mean,
            row.borda_score, row.criterion_means, row.reviews, row.spread, row.eligible,
            row.ineligible_reasons, tie,
            tuple(i for i in ids if i != row.proposal_id) if tie else (), row.disagreement,
            row.fewer_reviews)
            for row in group)
    return tuple(result)


def _tails(rows: list[RankedProposal]) -> dict[int, tuple]:
    return {row.proposal_id: (_descending(row.weighted_mean),
                              *(_descending(m.mean) for m in row.criterion_means))
            for row in rows}


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
    tails = _tails(rows)
    return {view: Ranking(view, _order(rows, view, tails), jurors, spread_threshold,
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
