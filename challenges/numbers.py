"""Numbers as people type them and as plain text shows them back, in one place: form answers,
question bounds, KPI values and the ranking's worked arithmetic all read and write them so."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def parse_number(text: str) -> Decimal:
    """A number as people type it here: "2500", "2 500", "2500,50" or "2500.50"."""
    cleaned = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not cleaned or len(cleaned) > 40:
        raise InvalidOperation
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation
    return value


def plain_number(value: Decimal) -> str:
    """The shortest plain notation: 2500, 2500.5, never 2.5E+3 or 2500.50."""
    return format(value.normalize(), "f")
