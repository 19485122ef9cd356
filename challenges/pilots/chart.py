"""A KPI's small line chart, drawn on the server as SVG: no script, no chart library, and
the same numbers in a table next to it for screen readers and for print.

Pure: it takes plain values and returns markup. The vertical scale spans the baseline, the
target and every value, with a little room above and below; the horizontal scale spans the
dates measured (one value sits in the middle)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 10, 24


def _scale(low: float, high: float, value: float, start: float, end: float) -> float:
    if high == low:
        return (start + end) / 2
    return start + (value - low) / (high - low) * (end - start)


def kpi_svg(chart_id: str, title: str, description: str, baseline: Decimal, target: Decimal,
            points: list[tuple[date, Decimal]], baseline_label: str, target_label: str) -> Markup:
    numbers = [float(baseline), float(target), *(float(v) for _d, v in points)]
    low, high = min(numbers), max(numbers)
    pad = (high - low) * 0.1 or 1.0
    low, high = low - pad, high + pad

    def y(value: Decimal | float) -> float:
        return round(_scale(low, high, float(value), HEIGHT - BOTTOM, TOP), 1)

    days = [d.toordinal() for d, _v in points]
    first, last = (min(days), max(days)) if days else (0, 0)

    def x(day: date) -> float:
        return round(_scale(first, last, day.toordinal(), LEFT, WIDTH - RIGHT), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="kpi-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" class="axis"/>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
        f'y2="{HEIGHT - BOTTOM}" class="axis"/>',
    ]
    for value, css, label in ((baseline, "baseline", baseline_label),
                              (target, "target", target_label)):
        parts.append(f'<line x1="{LEFT}" y1="{y(value)}" x2="{WIDTH - RIGHT}" y2="{y(value)}" '
                     f'class="{css}"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y(value) + 4}" text-anchor="end" '
                     f'class="{css}-label">{escape(_short(value))}</text>')
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{y(value) - 3}" text-anchor="end" '
                     f'class="{css}-label">{escape(label)}</text>')
    if points:
        path = " ".join(f"{x(d)},{y(v)}" for d, v in points)
        parts.append(f'<polyline points="{path}" class="actual"/>')
        parts.extend(f'<circle cx="{x(d)}" cy="{y(v)}" r="3" class="actual-point"/>'
                     for d, v in points)
        parts.append(f'<text x="{LEFT}" y="{HEIGHT - 6}" class="date-label">'
                     f'{escape(points[0][0].isoformat())}</text>')
        if len(points) > 1:
            parts.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end" '
                         f'class="date-label">{escape(points[-1][0].isoformat())}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(value: Decimal) -> str:
    """4 decimals are stored; show only those that matter."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
