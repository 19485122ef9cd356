"""The jury's ranking arithmetic, on worked examples computed by hand."""

from decimal import Decimal as D
from decimal import localcontext

import pytest

from challenges.results.ranking import (
    NO_SPREAD,
    TOO_FEW_REVIEWS,
    CriterionSpec,
    ReviewScores,
    all_views,
    explain_review,
    normalised_scores,
    rank,
    rank_differences,
    weighted_total,
)

# Weights 50/30/20, minimum 3 on every criterion (the example).
CRITERIA = (CriterionSpec(1, "Impact", 50, D(3)), CriterionSpec(2, "Feasibility", 30, D(3)),
            CriterionSpec(3, "Cost", 20, D(3)))
# One criterion: a review's total is simply its score, which keeps the hand arithmetic short.
OVERALL = (CriterionSpec(1, "Overall", 100, None),)
X, Y, P, Q = 1, 2, 3, 4
A, B, C, DD = 11, 12, 13, 14


def review(juror, proposal, *scores, criteria=CRITERIA):
    return ReviewScores(juror, proposal, {c.id: D(str(s)) for c, s in
                                          zip(criteria, scores, strict=True) if s is not None})


def overall(juror, **scores):
    """overall(1, A=5, B=3) -> juror 1's reviews of A and B on the single criterion."""
    ids = {"A": A, "B": B, "C": C, "D": DD}
    return [review(juror, ids[name], score, criteria=OVERALL) for name, score in scores.items()]


# The worked example of the issue -------------------------------------------------------------

WORKED = [review(7, X, 4, 3, 5), review(7, Y, 5, 5, 1), review(7, P, 3, 5, 5),
          review(7, Q, 4, 4, 4)]


def test_worked_example_totals():
    assert weighted_total(CRITERIA, WORKED[0]) == D("3.9")
    assert weighted_total(CRITERIA, WORKED[1]) == D("4.2")
    assert weighted_total(CRITERIA, WORKED[2]) == weighted_total(CRITERIA, WORKED[3]) == D(4)


def test_worked_example_ranking():
    """Y has the highest total (4.2) but 1 on Cost is below the minimum 3, so Y cannot win and
    comes after every eligible proposal. P and Q both have 4.0; Q has 4 on Impact, P has 3,
    so Q is first. P's 3 on Impact equals the minimum, which is allowed."""
    ranking = rank(CRITERIA, WORKED)
    assert ranking.order == [Q, P, X, Y]
    assert [r.rank for r in ranking.rows] == [1, 2, 3, 4]
    assert [r.score for r in ranking.rows] == [D(4), D(4), D("3.9"), D("4.2")]
    assert not any(r.tie for r in ranking.rows)
    assert [r.eligible for r in ranking.rows] == [True, True, True, False]
    (reason,) = ranking.row(Y).ineligible_reasons
    assert (reason.criterion_id, reason.name, reason.mean, reason.minimum) == (
        3, "Cost", D(1), D(3))
    assert ranking.row(Y).rank > ranking.row(X).rank
    assert [r.proposal_id for r in ranking.leaders] == [Q]


def test_worked_example_explanation():
    arithmetic = explain_review(CRITERIA, WORKED[0])
    assert arithmetic.steps == ("50×4 + 30×3 + 20×5 = 390", "390 ÷ 100 = 3.9")
    assert (arithmetic.weighted_sum, arithmetic.weight_total, arithmetic.total) == (
        D(390), 100, D("3.9"))
    assert [(t.name, t.weight, t.score) for t in arithmetic.terms] == [
        ("Impact", 50, D(4)), ("Feasibility", 30, D(3)), ("Cost", 20, D(5))]


def test_minimum_is_checked_on_the_mean_over_jurors():
    """Cost: juror 7 gave 1 and juror 8 gave 4: the mean 2.5 is below 3."""
    ranking = rank(CRITERIA, [review(7, Y, 5, 5, 1), review(8, Y, 5, 5, 4),
                              review(7, X, 3, 3, 3), review(8, X, 3, 3, 3)])
    assert ranking.order == [X, Y]
    assert ranking.row(Y).ineligible_reasons[0].mean == D("2.5")
    assert ranking.row(Y).criterion_means[2].scored_by == 2


def test_ineligible_proposals_are_ranked_among_themselves_after_the_eligible():
    ranking = rank(CRITERIA, [*WORKED, review(7, 5, 2, 2, 2)])
    assert ranking.order == [Q, P, X, Y, 5]
    assert [r.eligible for r in ranking.rows][-2:] == [False, False]


# (a) Normalisation changes the winner ----------------------------------------------------------

NORMALISATION = overall(1, A=5, B=3, C=1) + overall(2, A=3, B=4, C="3.5")


def test_normalisation_changes_the_winner():
    """Juror 1 uses the whole scale: 5, 3, 1 (mean 3, sample stdev sqrt((4+0+4)/2) = 2), so
    z = +1, 0, -1 for A, B, C. Juror 2 stays between 3 and 4: 3, 4, 3.5 (mean 3.5, stdev
    sqrt((0.25+0.25+0)/2) = 0.5), so z = -1, +1, 0.
    Raw means: A (5+3)/2 = 4, B (3+4)/2 = 3.5, C (1+3.5)/2 = 2.25: A wins.
    Normalised: A (1-1)/2 = 0, B (0+1)/2 = 0.5, C (-1+0)/2 = -0.5: B wins, because juror 2's
    clear preference for B counts as much as juror 1's preference for A."""
    views = all_views(OVERALL, NORMALISATION)
    assert views["weighted"].order == [A, B, C]
    assert [r.score for r in views["weighted"].rows] == [D(4), D("3.5"), D("2.25")]
    assert views["normalised"].order == [B, A, C]
    assert [r.score for r in views["normalised"].rows] == [D("0.5"), D(0), D("-0.5")]
    assert [(j.mean, j.stdev) for j in views["normalised"].jurors] == [
        (D(3), D(2)), (D("3.5"), D("0.5"))]
    assert normalised_scores(OVERALL, NORMALISATION) == {A: D(0), B: D("0.5"), C: D("-0.5")}
    # Borda agrees with the z-scores here: juror 1 A > B > C, juror 2 B > C > A.
    assert rank_differences(views) == {
        A: {"weighted": 1, "normalised": 2, "borda": 2},
        B: {"weighted": 2, "normalised": 1, "borda": 1}}


# (b) Borda differs from the weighted mean -----------------------------------------------------

BORDA = (overall(1, A=5, B=2, C=1) + overall(2, A=2, B=3, C="2.5")
         + overall(3, A="2.5", B=3, C=2))


def test_borda_differs_from_the_weighted_mean():
    """Weighted: A (5+2+2.5)/3 = 3.17, B (2+3+3)/3 = 2.67, C (1+2.5+2)/3 = 1.83: A wins on the
    strength of juror 1's 5. But jurors 2 and 3 both put B first.
    Borda points (2, 1, 0 per juror): juror 1 A2 B1 C0; juror 2 B2 C1 A0; juror 3 B2 A1 C0.
    Classic sums: B 5, A 3, C 1. Shares (points / 2), averaged over 3 jurors:
    B (0.5+1+1)/3 = 5/6, A (1+0+0.5)/3 = 1/2, C (0+0.5+0)/3 = 1/6: B wins."""
    views = all_views(OVERALL, BORDA)
    assert views["weighted"].order == [A, B, C]
    borda = views["borda"]
    assert borda.order == [B, A, C]
    assert [r.score for r in borda.rows] == [D(5) / 6, D("0.5"), D(1) / 6]
    # With a full panel the shares are the classic points / (n - 1) / jurors.
    assert [(r.score * 2 * 3).quantize(D("1e-9")) for r in borda.rows] == [D(5), D(3), D(1)]


def test_borda_ties_within_a_juror_share_the_points():
    """A and B tie at 4: they share positions 1 and 2, so (2 + 1) / 2 = 1.5 points each, i.e.
    a share of 0.75; C gets 0."""
    ranking = rank(OVERALL, overall(1, A=4, B=4, C=1), view="borda")
    assert [(r.proposal_id, r.score) for r in ranking.rows] == [
        (A, D("0.75")), (B, D("0.75")), (C, D(0))]
    assert ranking.row(A).tie and ranking.row(A).tied_with == (B,)


def test_borda_with_different_subsets_uses_shares():
    """Juror 1 ranked A 5, B 4, C 3, D 2: shares 1, 2/3, 1/3, 0. Juror 2 only C 4, D 1: shares
    1, 0. Juror 3 reviewed only A: one proposal gives no order, so no Borda points.
    A 1, B 2/3, C (1/3 + 1)/2 = 2/3, D 0. B and C are equal (at 9 decimals; the 28th digit
    differs), so the weighted mean decides: B 4 above C (3+4)/2 = 3.5."""
    reviews = overall(1, A=5, B=4, C=3, D=2) + overall(2, C=4, D=1) + overall(3, A=1)
    ranking = rank(OVERALL, reviews, view="borda")
    assert ranking.order == [A, B, C, DD]
    assert [r.rank for r in ranking.rows] == [1, 2, 3, 4]
    assert ranking.row(A).score == D(1)
    assert ranking.row(B).score.quantize(D("1e-9")) == ranking.row(C).score.quantize(D("1e-9"))
    assert not ranking.row(B).tie


# (c) and (d) Jurors who cannot be normalised ------------------------------------------------

def test_juror_with_fewer_than_three_reviews_is_left_out_of_the_normalised_view():
    """Juror 1: A 5, B 3, C 1 (z +1, 0, -1). Juror 2 reviewed only A (2) and D (4): flagged
    and left out of the z-scores, so A = 1 (juror 1 only) and D has no normalised score and
    comes last. Juror 2 still counts in the weighted mean: D 4, A (5+2)/2 = 3.5, B 3, C 1."""
    views = all_views(OVERALL, overall(1, A=5, B=3, C=1) + overall(2, A=2, D=4))
    jurors = {j.juror_id: j for j in views["normalised"].jurors}
    assert jurors[1].normalised and jurors[1].not_normalised_reason is None
    assert not jurors[2].normalised
    assert jurors[2].not_normalised_reason == TOO_FEW_REVIEWS
    assert views["normalised"].jurors_not_normalised == [jurors[2]]
    assert [(r.proposal_id, r.score) for r in views["normalised"].rows] == [
        (A, D(1)), (B, D(0)), (C, D(-1)), (DD, None)]
    assert views["weighted"].order == [DD, A, B, C]
    assert views["weighted"].row(A).score == D("3.5")


def test_juror_without_spread_is_flagged_and_left_out():
    """Juror 3 gives 4 to everything: stdev 0, no z-score possible."""
    views = all_views(OVERALL, overall(1, A=5, B=3, C=1) + overall(3, A=4, B=4, C=4))
    juror = {j.juror_id: j for j in views["normalised"].jurors}[3]
    assert (juror.not_normalised_reason, juror.stdev, juror.reviews) == (NO_SPREAD, D(0), 3)
    assert [(r.proposal_id, r.score) for r in views["normalised"].rows] == [
        (A, D(1)), (B, D(0)), (C, D(-1))]
    assert [r.score for r in views["weighted"].rows] == [D("4.5"), D("3.5"), D("2.5")]


# (e) Partial answers ----------------------------------------------------------------------------

def test_unanswered_criterion_is_left_out_of_the_weights():
    """Cost not answered: (50×4 + 30×2) / (50 + 30) = 260 / 80 = 3.25 (not 260 / 100)."""
    partial = review(1, X, 4, 2, None)
    assert weighted_total(CRITERIA, partial) == D("3.25")
    assert explain_review(CRITERIA, partial).steps == (
        "50×4 + 30×2 = 260", "260 ÷ 80 = 3.25",
        "Not answered: Cost (weight 20), left out of both sums.")
    ranking = rank(CRITERIA, [partial, review(2, X, 4, 4, 5)])
    row = ranking.row(X)
    assert row.weighted_mean == (D("3.25") + D("4.2")) / 2
    assert [(m.mean, m.scored_by) for m in row.criterion_means] == [
        (D(4), 2), (D(3), 2), (D(5), 1)]
    assert row.eligible


def test_rounded_explanation_says_approximately():
    """(50×4 + 20×2) / 70 = 240 / 70 = 3.428571..."""
    assert explain_review(CRITERIA, review(1, X, 4, None, 2)).steps[:2] == (
        "50×4 + 20×2 = 240", "240 ÷ 70 ≈ 3.4286")


def test_empty_reviews_and_unknown_criteria_are_ignored():
    empty = ReviewScores(1, Y, {})
    unanswered = ReviewScores(2, X, {1: None, 2: None, 3: None})
    stray = ReviewScores(3, X, {1: D(4), 2: D(4), 3: D(4), 99: D(0)})
    assert weighted_total(CRITERIA, empty) is None
    assert explain_review(CRITERIA, unanswered).total is None
    ranking = rank(CRITERIA, [empty, unanswered, stray])
    assert ranking.order == [X]
    assert ranking.row(X).reviews == 1 and ranking.row(X).weighted_mean == D(4)
    assert [j.juror_id for j in ranking.jurors] == [3]


def test_a_criterion_nobody_scored_cannot_fail_its_minimum():
    row = rank(CRITERIA, [review(1, X, 4, 4, None)]).row(X)
    assert row.criterion_means[2].mean is None and row.eligible


def test_all_weights_zero_counts_criteria_equally():
    unweighted = (CriterionSpec(1, "One", 0), CriterionSpec(2, "Two", 0))
    assert weighted_total(unweighted, ReviewScores(1, X, {1: D(4), 2: D(2)})) == D(3)


# (f) True ties -----------------------------------------------------------------------------------

def test_true_tie_shares_the_rank():
    """P (4,4,4), Q (4,4,4) and X (5,3,3) all total 4.0; X wins on Impact (5); P and Q are
    equal on every criterion: a tie for the jury, both rank 2; the next is rank 4."""
    ranking = rank(CRITERIA, [review(1, P, 4, 4, 4), review(1, Q, 4, 4, 4),
                              review(1, X, 5, 3, 3), review(1, Y, 3, 3, 3)])
    assert ranking.order == [X, P, Q, Y]
    assert [r.rank for r in ranking.rows] == [1, 2, 2, 4]
    assert [(r.tie, r.tied_with) for r in ranking.rows] == [
        (False, ()), (True, (Q,)), (True, (P,)), (False, ())]
    tied_first = rank(CRITERIA, [review(1, Q, 4, 4, 4), review(1, P, 4, 4, 4)])
    assert [(r.proposal_id, r.rank) for r in tied_first.leaders] == [(P, 1), (Q, 1)]


def test_tie_break_follows_the_published_order_of_the_criteria():
    """Same total 4.0 and same Impact 4; Feasibility decides: X (4, 5, 2.5) above P (4, 3, 5.5)
    (totals 200+150+50 = 400 and 200+90+110 = 400)."""
    scale = (CriterionSpec(1, "Impact", 50, None), CriterionSpec(2, "Feasibility", 30, None),
             CriterionSpec(3, "Cost", 20, None))
    ranking = rank(scale, [review(1, P, 4, 3, "5.5", criteria=scale),
                           review(1, X, 4, 5, "2.5", criteria=scale)])
    assert ranking.order == [X, P]
    assert [r.rank for r in ranking.rows] == [1, 2]


# (g) Disagreement -------------------------------------------------------------------------------

CONTRARIAN = (overall(1, A=5, B=4, C=3, D=2) + overall(2, A=5, B=4, C=3, D=2)
              + overall(3, A=2, B="2.5", C=3, D="3.5"))


def test_wide_spread_is_flagged():
    """A: 5, 5, 2 (range 3); B and D: range 1.5; C: 3, 3, 3 (range 0)."""
    ranking = rank(OVERALL, CONTRARIAN)
    assert {r.proposal_id: (r.spread, r.disagreement) for r in ranking.rows} == {
        A: (D(3), True), B: (D("1.5"), True), C: (D(0), False), DD: (D("1.5"), True)}
    relaxed = rank(OVERALL, CONTRARIAN, spread_threshold=D(2))
    assert [r.proposal_id for r in relaxed.rows if r.disagreement] == [A]


def test_spread_equal_to_the_threshold_is_not_flagged():
    ranking = rank(OVERALL, overall(1, A=4) + overall(2, A=3) + overall(3, B=4))
    assert ranking.row(A).spread == D(1) and not ranking.row(A).disagreement
    assert ranking.row(B).spread is None and not ranking.row(B).disagreement


def test_a_proposal_with_fewer_reviews_than_the_others_is_flagged():
    """Juror 3 declared a conflict with B: B rests on two reviews, A and C on three."""
    reviews = overall(1, A=4, B=5, C=3) + overall(2, A=4, B=5, C=3) + overall(3, A=4, C=3)
    ranking = rank(OVERALL, reviews)
    assert {r.proposal_id: (r.reviews, r.fewer_reviews) for r in ranking.rows} == {
        A: (3, False), B: (2, True), C: (3, False)}
    assert ranking.rows[0].proposal_id == B  # the winner, resting on fewer reviews
    assert not any(r.fewer_reviews for r in rank(OVERALL, overall(1, A=4, B=5)).rows)


def test_contrarian_juror_is_flagged():
    """Juror 3 ranks D > C > B > A; the rest of the panel (jurors 1 and 2) A > B > C > D:
    Spearman -1. Juror 1 against jurors 2 and 3 (A 3.5, B 3.25, C 3, D 2.75): same order, +1."""
    ranking = rank(OVERALL, CONTRARIAN)
    agreement = {j.juror_id: (j.agreement, j.compared, j.disagrees) for j in ranking.jurors}
    assert agreement == {1: (D(1), 4, False), 2: (D(1), 4, False), 3: (D(-1), 4, True)}
    assert [j.juror_id for j in ranking.jurors_disagreeing] == [3]
    lenient = rank(OVERALL, CONTRARIAN, agreement_threshold=D(-1))
    assert lenient.jurors_disagreeing == []


def test_agreement_needs_three_common_proposals():
    ranking = rank(OVERALL, overall(1, A=5, B=1) + overall(2, A=1, B=5))
    assert [(j.agreement, j.compared, j.disagrees) for j in ranking.jurors] == [
        (None, 2, False), (None, 2, False)]


# The entry points --------------------------------------------------------------------------------

def test_all_views_returns_the_three_rankings():
    views = all_views(CRITERIA, WORKED)
    assert list(views) == ["weighted", "normalised", "borda"]
    assert [views[v].view for v in views] == ["weighted", "normalised", "borda"]
    # Y is ineligible in every view, whatever its score there.
    assert all(views[v].rows[-1].proposal_id == Y for v in views)


def test_results_are_deterministic_and_independent_of_the_callers_context():
    forwards = all_views(OVERALL, BORDA)
    with localcontext() as ctx:
        ctx.prec = 4
        backwards = all_views(OVERALL, list(reversed(BORDA)))
    assert forwards == backwards


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        rank(CRITERIA, WORKED, view="alphabetical")
    with pytest.raises(ValueError):
        rank(CRITERIA, [review(1, X, 4, 4, 4), review(1, X, 3, 3, 3)])
    with pytest.raises(TypeError):
        weighted_total(CRITERIA, ReviewScores(1, X, {1: 4.5}))
    with pytest.raises(ValueError):
        rank((CriterionSpec(1, "a", 50), CriterionSpec(1, "b", 50)), WORKED)
