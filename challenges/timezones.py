"""People enter and read times in Brussels; the database keeps UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


@overload
def brussels_to_utc(value: datetime) -> datetime: ...
@overload
def brussels_to_utc(value: None) -> None: ...
def brussels_to_utc(value: datetime | None) -> datetime | None:
    """A naive wall-clock time typed in Brussels, as UTC. Around the autumn clock change an
    hour is ambiguous; we take the first (summer-time) one, as people expect."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=BRUSSELS, fold=0)
    return value.astimezone(UTC)


@overload
def utc_to_brussels(value: datetime) -> datetime: ...
@overload
def utc_to_brussels(value: None) -> None: ...
def utc_to_brussels(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(BRUSSELS)
