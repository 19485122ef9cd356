"""A horizontal bar chart drawn on the server as SVG, like the KPI chart (pilots/chart.py):
no script, no chart library; the page puts the same numbers in a table beside it.

Pure: it takes labels and values and returns markup. Bars start at zero and the longest
fills the width; each bar carries its value as text, so colour is never the only cue."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

WIDTH = 480
LABEL = 170        # room for the labels on the left
VALUE = 80         # room for the value on the right of the longest bar
BAR, GAP, TOP = 18, 8, 4


def bar_svg(chart_id: str, title: str, description: str,
            bars: list[tuple[str, Decimal | int, str]]) -> Markup:
    """`bars`: (label, value, value as shown). Values are not negative."""
    height = TOP * 2 + len(bars) * (BAR + GAP)
    longest = max((float(v) for _l, v, _s in bars), default=0.0) or 1.0
    room = WIDTH - LABEL - VALUE
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {max(height, 30)}" '
        f'class="bar-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for index, (label, value, shown) in enumerate(bars):
        y = TOP + index * (BAR + GAP)
        length = round(float(value) / longest * room, 1)
        parts.append(f'<text x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end" '
                     f'class="bar-label">{escape(_clip(label))}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{length}" height="{BAR}" '
                     f'class="bar"/>')
        parts.append(f'<text x="{LABEL + length + 4}" y="{y + BAR - 5}" '
                     f'class="bar-value">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _clip(label: str, length: int = 28) -> str:
    return label if len(label) <= length else label[:length - 1] + "…"
