"""The jury's scores and ranking as spreadsheets: rows built from `queries.JuryData`,
then encoded as CSV or XLSX (challenges.spreadsheets).

Scores: one row per submitted review and criterion (never the private notes).
Ranking: one row per proposal in the authoritative order, with the rank and score in each of
the three views.

In CSV numbers are written with a decimal comma, which is what Excel expects with the
Belgian regional settings that make it split on semicolons; in XLSX numbers are real numbers
and text is always text, never a formula.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from challenges import spreadsheets
from challenges.jury.models import RankingView
from challenges.results.queries import JuryData
from challenges.results.ranking import VIEWS
from challenges.spreadsheets import Cell

COMPUTED = Decimal("0.0001")   # means, z-scores and Borda shares: four decimals are plenty


def _score(value: Decimal | None) -> Decimal | None:
    """A juror's score as given: 4, not 4.00."""
    if value is None:
        return None
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


def _computed(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(COMPUTED)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def score_rows(data: JuryData, hidden: set[int]) -> tuple[list[str], list[list[Cell]]]:
    header = [_("Reference"), _("Title"), _("Juror"), _("Criterion"), _("Weight (%)"),
              _("Score"), _("Comment")]
    criteria = {c.id: c for c in data.criteria}
    body: list[list[Cell]] = []
    for proposal in data.ranked_proposals:
        if proposal.id in hidden:
            continue
        for review in data.reviews_by_proposal.get(proposal.id, []):
            for spec in data.criteria:
                score = review.scores.get(spec.id)
                body.append([proposal.reference or "", proposal.title,
                             data.member_name(review.member_id), criteria[spec.id].name,
                             spec.weight, _score(score.value) if score else None,
                             score.comment if score else ""])
    return header, body


def ranking_rows(data: JuryData, hidden: set[int]) -> tuple[list[str], list[list[Cell]]]:
    authoritative = data.authoritative_view
    header = [_("Reference"), _("Title"), _("Reviews")]
    for view in VIEWS:
        label = RankingView(view).label
        if view == authoritative:
            label = _("%(view)s (authoritative)", view=label)
        header += [_("Rank: %(view)s", view=label), _("Score: %(view)s", view=label)]
    header += [_("Eligible to win"), _("Minimum not reached"), _("Tie"), _("Disagreement")]
    header += [_("Mean: %(criterion)s", criterion=c.name) for c in data.criteria]
    rows = data.rows_by_view()
    body: list[list[Cell]] = []
    for proposal in data.ranked_proposals:
        by_view = rows.get(proposal.id)
        line: list[Cell] = [proposal.reference or "", proposal.title]
        if by_view is None:   # nobody scored it yet
            line += [0] + [None, None] * len(VIEWS) + ["", "", "", ""]
            line += [None] * len(data.criteria)
        elif proposal.id in hidden:   # the viewer's own conflict: the place, not the scores
            line += [None]
            for view in VIEWS:
                line += [by_view[view].rank, None]
            line += ["", "", "", ""] + [None] * len(data.criteria)
        else:
            main = by_view[authoritative]
            line += [main.reviews]
            for view in VIEWS:
                line += [by_view[view].rank, _computed(by_view[view].score)]
            line += [_yes_no(main.eligible), ", ".join(m.name for m in main.ineligible_reasons),
                     _yes_no(main.tie), _yes_no(main.disagreement)]
            line += [_computed(m.mean) for m in main.criterion_means]
        body.append(line)
    return header, body


def to_csv(header: list[str], body: list[list[Cell]]) -> bytes:
    return spreadsheets.to_csv(header, body)


def to_xlsx(sheets: list[tuple[str, list[str], list[list[Cell]]]]) -> bytes:
    """One workbook with a sheet per (title, header, rows)."""
    return spreadsheets.to_xlsx(sheets, wrap_columns=frozenset(range(64)))
