"""Belgian enterprise numbers (KBO/BCE): ten digits whose last two are a mod-97 check."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-/]")


def normalise_enterprise_number(value: str) -> str | None:
    """Return the ten digits of a valid number, or None if it is not one.

    Accepts the spellings people use: "0123.456.749", "0123 456 749", "BE0123456749",
    "BE 0123.456.749" and the old nine-digit form "123456749".
    """
    raw = _SEPARATORS.sub("", value or "").upper()
    if raw.startswith("BE"):
        raw = raw[2:]
    if len(raw) == 9:
        raw = "0" + raw
    if len(raw) != 10 or not raw.isdigit() or raw[0] not in "01":
        return None
    base, check = int(raw[:8]), int(raw[8:])
    if 97 - base % 97 != check:
        return None
    return raw


def format_enterprise_number(digits: str) -> str:
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
