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

**Speed** (10,000 proposals × 7 jurors × 6 criteria in well under a second, linear) without
changing one digit of a result: every value shown is the same `Decimal` operation on the same
operands as the plain formulas above; what only decides an order is done in exact integers.
A fully answered review's total is one pass over its scores; each criterion's sum runs as the
reviews are read; values are compared as exact integers (the value at 9 decimals, times 10⁹),
each distinct value converted once; ranks are kept doubled (integers), grouped by value, and
computed once per juror for the Borda count and the agreement alike; the Spearman sums are
integer sums; the tie-breakers the three views share become one number per proposal; the
cyclic garbage collector waits until the ranking is done.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from functools import wraps
from itertools import groupby
from operator import add, attrgetter, itemgetter, mul

# The shapes of what goes in and comes out live in a module of their own (re-exported here).
from challenges.numbers import plain_number
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


def _without_pauses(function):
    """Hold the cyclic garbage collector while the ranking runs: it builds no reference
    cycles, and the collections its allocations set off (each sweeping the caller's objects
    too) cost a tenth of its time."""
    @wraps(function)
    def wrapper(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()
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
    return plain_number(value.quantize(_SHOWN))


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
    return (sum([(v - mean) ** 2 for v in values], Decimal(0)) / (len(values) - 1)).sqrt()


def _key(value: Decimal) -> int:
    """The value at comparison precision (9 decimals), as an exact integer: integers compare
    faster than Decimals, and sorting compares a great many."""
    return int(value.quantize(_COMPARE).scaleb(9))


class _Keys(dict):
    """Decimal -> its comparison key, each distinct value computed once per ranking (totals
    and means take few distinct values: a juror's scale has few steps)."""

    def __missing__(self, value: Decimal) -> int:
        key = self[value] = _key(value)
        return key


def _doubled_ranks(values: Mapping[int, Decimal], keys: _Keys) -> dict[int, int]:
    """Twice the average rank (2 for the highest value; equal values share the mean of their
    positions): an exact integer, so the rank arithmetic needs no Decimal. The proposals are
    grouped by value and only the distinct values sorted (a juror's totals take few)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for pid, value in values.items():
        groups[keys[value]].append(pid)
    ranks: dict[int, int] = {}
    before = 0
    for key in sorted(groups, reverse=True):
        members = groups[key]
        # Positions before+1 .. before+size share their mean: (2 × before + size + 1) / 2.
        ranks.update(dict.fromkeys(members, 2 * before + len(members) + 1))
        before += len(members)
    return ranks


def _spearman(first_ranks: Mapping[int, int], second_ranks: Mapping[int, int]) -> Decimal | None:
    """Pearson correlation of the average ranks (given doubled, over the same proposals); None
    when either side has no order. The ranks of n values have the mean (n + 1) / 2, so the
    deviations, their products and squares are exact integers (in quarters); only the final
    division and square root are Decimal."""
    centre = len(first_ranks) + 1          # twice the mean rank
    dx = [rank - centre for rank in first_ranks.values()]
    dy = [second_ranks[pid] - centre for pid in first_ranks]
    cov, vx, vy = sum(map(mul, dx, dy)), sum(map(mul, dx, dx)), sum(map(mul, dy, dy))
    if vx == 0 or vy == 0:
        return None
    return (Decimal(cov) / 4) / ((Decimal(vx) / 4) * (Decimal(vy) / 4)).sqrt()


def _juror_summaries(by_juror: Mapping[int, dict[int, Decimal]],
                     by_proposal: Mapping[int, dict[int, Decimal]],
                     agreement_threshold: Decimal,
                     ranks: Mapping[int, dict[int, int]], keys: _Keys) -> dict[int, JurorSummary]:
    """`ranks`: each juror's doubled average ranks of their own totals (the Borda count's too)."""
    summaries = {}
    zero = Decimal(0)
    # Each panel's sum once: the rest of the panel's mean is (sum - own total) / (size - 1).
    panels = {pid: (sum(panel.values(), zero), len(panel)) for pid, panel in by_proposal.items()
              if len(panel) > 1}
    for juror, totals in sorted(by_juror.items()):
        values = list(totals.values())
        stdev = _sample_stdev(values) if len(values) >= 2 else None
        reason = (TOO_FEW_REVIEWS if len(values) < MIN_REVIEWS_TO_NORMALISE
                  else NO_SPREAD if stdev == 0 else None)
        # Leave the juror out of the panel they are compared with, or they agree with themselves.
        rest = {}
        for pid, total in totals.items():
            panel = panels.get(pid)
            if panel is not None:
                rest[pid] = (panel[0] - total) / (panel[1] - 1)
        agreement = None
        if len(rest) >= MIN_COMMON_FOR_AGREEMENT:
            own = (ranks[juror] if len(rest) == len(totals)
                   else _doubled_ranks({pid: totals[pid] for pid in rest}, keys))
            agreement = _spearman(own, _doubled_ranks(rest, keys))
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
    return {pid: sum(zs, Decimal(0)) / len(zs) for pid, zs in z_scores.items()}


def _borda_scores(by_juror, ranks) -> dict[int, Decimal]:
    shares: dict[int, list[Decimal]] = defaultdict(list)
    for juror, totals in by_juror.items():
        n = len(totals)
        if n < 2:
            continue
        # (n - rank) / (n - 1), with the rank doubled: the same exact quotient.
        twice_n, divisor = 2 * n, Decimal(2 * (n - 1))
        for pid, doubled in ranks[juror].items():
            shares[pid].append(Decimal(twice_n - doubled) / divisor)
    return {pid: sum(values, Decimal(0)) / len(values) for pid, values in shares.items()}


class _Row:
    """A proposal's figures before it is placed in a view (RankedProposal without the rank)."""

    __slots__ = (
        "borda_score",
        "disagreement",
        "failed",
        "fewer_reviews",
        "means",
        "normalised_mean",
        "pid",
        "reviews",
        "spread",
        "tail",
        "weighted_mean",
    )

    def __init__(self, pid, weighted_mean, normalised_mean, borda_score, means, reviews, spread,
                 failed, disagreement, fewer_reviews, tail):
        self.pid, self.weighted_mean, self.normalised_mean = pid, weighted_mean, normalised_mean
        self.borda_score, self.means, self.reviews, self.spread = borda_score, means, reviews, spread
        self.failed, self.disagreement, self.fewer_reviews = failed, disagreement, fewer_reviews
        self.tail = tail


_LAST = float("inf")   # after every value in an ascending sort


def _descending(value: Decimal | None, keys: _Keys) -> int | float:
    """The sort key of a score, higher first and a missing score last."""
    return _LAST if value is None else -keys[value]


class _Read:
    """The counted reviews: totals by juror and by proposal; per proposal the running sum of
    each criterion's scores (in the order of the reviews, as summing their list would add
    them) and, for the criteria some juror left unanswered, how many did."""

    def __init__(self, criteria: Sequence[CriterionSpec], reviews: Iterable[ReviewScores]):
        self.by_juror: dict[int, dict[int, Decimal]] = defaultdict(dict)
        self.by_proposal: dict[int, dict[int, Decimal]] = defaultdict(dict)
        self.sums: dict[int, list[Decimal]] = {}
        self.missing: dict[int, list[int]] = {}
        weights = _weights(criteria)
        order = [(c.id, weights[c.id]) for c in criteria]
        ids = [cid for cid, _weight in order]
        # Decimal weights: a Decimal times an int goes through an isinstance check per product.
        factors = [Decimal(weight) for _cid, weight in order]
        full = Decimal(sum(weight for _cid, weight in order))
        decimal_only = {Decimal}
        zero = Decimal(0)
        for review in reviews:
            # A fully answered review with Decimal scores (the usual case) is read in one pass.
            # Types, not `None in values`: comparing a Decimal with None asks numbers.Rational.
            values: list = list(map(review.scores.get, ids))
            complete = {*map(type, values)} == decimal_only
            if complete:
                total = sum(map(mul, factors, values), zero) / full
            else:
                answered = _scored(order, review)
                total = _total(answered)
                if total is None:
                    continue   # an empty review says nothing
                by_id = {cid: score for cid, _weight, score in answered}
                values = [by_id.get(cid) for cid in ids]
            juror, pid = review.juror_id, review.proposal_id
            totals = self.by_juror[juror]
            if pid in totals:
                raise ValueError(f"two reviews by juror {juror} of proposal {pid}")
            totals[pid] = total
            self.by_proposal[pid][juror] = total
            running = self.sums.get(pid) or [zero] * len(ids)
            self.sums[pid] = list(map(add, running, values)) if complete \
                else self._add_partial(pid, running, values)

    def _add_partial(self, pid: int, running: list[Decimal],
                     values: list[Decimal | None]) -> list[Decimal]:
        gaps = self.missing.setdefault(pid, [0] * len(values))
        for index, value in enumerate(values):
            if value is None:
                gaps[index] += 1
            else:
                running[index] += value
        return running


def _analyse(criteria, reviews, spread_threshold, agreement_threshold):
    keys = _Keys()
    read = _Read(criteria, reviews)
    by_juror, by_proposal = read.by_juror, read.by_proposal
    ranks = {juror: _doubled_ranks(totals, keys) for juror, totals in by_juror.items()}
    summaries = _juror_summaries(by_juror, by_proposal, agreement_threshold, ranks, keys)
    rows = _rows(criteria, read, _normalised_scores(by_juror, summaries),
                 _borda_scores(by_juror, ranks), _key(spread_threshold), keys)
    # The tie-breakers as one number per proposal (equal tie-breakers, equal number): each
    # view then sorts on three numbers instead of comparing every criterion again.
    rows.sort(key=attrgetter("tail"))
    place, last_tail = 0, None
    for row in rows:
        if row.tail != last_tail:
            place, last_tail = place + 1, row.tail
        row.tail = place
    return rows, tuple(summaries.values()), keys


def _rows(criteria, read: _Read, normalised, borda, threshold: int, keys: _Keys) -> list[_Row]:
    zero = Decimal(0)
    most = max((len(totals) for totals in read.by_proposal.values()), default=0)
    # The same criterion mean is one object wherever it occurs (few distinct values); its
    # text is part of the signature, since 4 and 4.0 are equal but not shown alike.
    shared: dict[tuple, CriterionMean] = {}
    minima = any(c.minimum is not None for c in criteria)
    rows = []
    for pid, totals in sorted(read.by_proposal.items()):
        counted = len(totals)
        gaps = read.missing.get(pid)
        means = []
        for index, total in enumerate(read.sums[pid]):
            count = counted - gaps[index] if gaps else counted
            mean = total / count if count else None
            signature = (index, count, str(mean))
            if (shared_mean := shared.get(signature)) is None:
                criterion = criteria[index]
                shared_mean = shared[signature] = CriterionMean(
                    criterion.id, criterion.name, mean, criterion.minimum, count)
            means.append(shared_mean)
        failed = tuple(m for m in means if m.below_minimum) if minima else ()
        values = list(totals.values())
        weighted_mean = sum(values, zero) / len(values)
        spread = max(values) - min(values) if len(values) > 1 else None
        rows.append(_Row(
            pid, weighted_mean, normalised.get(pid), borda.get(pid), tuple(means), len(values),
            spread, failed, spread is not None and keys[spread] > threshold, len(values) < most,
            (-keys[weighted_mean],
             *[_LAST if m.mean is None else -keys[m.mean] for m in means])))
    return rows


def _score(row: _Row, view: str) -> Decimal | None:
    if view == "weighted":
        return row.weighted_mean
    return row.normalised_mean if view == "normalised" else row.borda_score


def _order(rows: list[_Row], view: str, keys: _Keys) -> tuple[RankedProposal, ...]:
    """Ordered by eligibility, the view's score, then the tie-breakers every view shares
    (weighted mean, then each criterion's mean), computed once for the three views."""
    # Flat tuples, sorted as they are: the proposal id is unique, so the row is never compared.
    keyed = sorted([(bool(row.failed), _descending(_score(row, view), keys), row.tail, row.pid,
                     row) for row in rows])
    result: list[RankedProposal] = []
    for _, equal in groupby(keyed, key=itemgetter(0, 1, 2)):
        group = [item[4] for item in equal]
        position = len(result) + 1   # competition ranking: 1, 2, 2, 4
        if len(group) == 1:
            row = group[0]
            result.append(RankedProposal(
                row.pid, position, _score(row, view), row.weighted_mean, row.normalised_mean,
                row.borda_score, row.means, row.reviews, row.spread, not row.failed, row.failed,
                False, (), row.disagreement, row.fewer_reviews))
            continue
        ids = [r.pid for r in group]
        result.extend(RankedProposal(
            row.pid, position, _score(row, view), row.weighted_mean, row.normalised_mean,
            row.borda_score, row.means, row.reviews, row.spread, not row.failed, row.failed,
            True, tuple(i for i in ids if i != row.pid), row.disagreement, row.fewer_reviews)
            for row in group)
    return tuple(result)


def _check_view(view: str) -> str:
    view = str(view)   # also accepts the RankingView enum of the models
    if view not in VIEWS:
        raise ValueError(f"unknown ranking view {view!r}; expected one of {VIEWS}")
    return view


@_without_pauses
@_exact
def all_views(criteria: Sequence[CriterionSpec], reviews: Iterable[ReviewScores], *,
              spread_threshold: Decimal = Decimal("1.0"),
              agreement_threshold: Decimal = Decimal("0")) -> dict[str, Ranking]:
    """The three rankings side by side, so the jury sees where they differ."""
    rows, jurors, keys = _analyse(criteria, reviews, spread_threshold, agreement_threshold)
    return {view: Ranking(view, _order(rows, view, keys), jurors, spread_threshold,
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
