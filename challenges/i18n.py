"""Choosing the language of a page: the signed-in user's setting, then the visitor's
choice kept in the session, then the browser's Accept-Language, then Dutch."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, format_timedelta, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from challenges.db import utcnow


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI and tests; emails choose with force_locale
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    best = request.accept_languages.best_match(languages)
    return str(best or current_app.config["BABEL_DEFAULT_LOCALE"])


# One date format and one date-time format per language, everywhere (pages, emails, readable
# exports): the day in words, the time without seconds, in Brussels time without a zone name
# (the texts that need it say "Brussels time").
DATE_FORMAT = "d MMMM y"
TIME_FORMAT = "HH:mm"


def format_day(value: date | datetime | None) -> str:
    """"7 november 2026" / "7 November 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, DATE_FORMAT)
    return format_date(value, DATE_FORMAT)


def format_moment(value: datetime | None) -> str:
    """"7 november 2026 om 09:00" / "7 November 2026 at 09:00", in Brussels time."""
    if value is None:
        return ""
    return _("%(day)s at %(time)s", day=format_datetime(value, DATE_FORMAT),
             time=format_datetime(value, TIME_FORMAT))


def format_number(value: int | float | Decimal | str | None, places: int | None = None) -> str:
    """A number in the reader's language: 10.000,50 in Dutch, 10,000.50 in English. With
    `places` the decimals are fixed; without, as many as the value has (3 or 3,5)."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if places is None:
        return format_decimal(number, format="#,##0.###")
    return format_decimal(number, format="#,##0." + "0" * places if places else "#,##0")


def format_size(size: int | None) -> str:
    """A file size in the reader's language: "1,1 kB", "20 MB" (powers of 1000, like Jinja's
    filesizeformat, which writes numbers the English way in every language)."""
    if size is None:
        return ""
    value = Decimal(size)
    units = ("B", "kB", "MB", "GB")
    for unit in units:
        if value < 1000 or unit == units[-1]:
            break
        value /= 1000
    pattern = "#,##0" if unit == "B" or value >= 10 else "#,##0.#"
    return f"{format_decimal(value, format=pattern)} {unit}"


_DECIMAL = re.compile(r"-?\d+\.\d+")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def readable(value: object) -> str:
    """A value kept in the event record (JSON: decimals and times as strings) as a reader
    expects it: "10.000,00" and "5 december 2026 om 17:00" in Dutch. Whole numbers (ids,
    places, weights) and other text are left as they are."""
    if isinstance(value, float) or (isinstance(value, str) and _DECIMAL.fullmatch(value)):
        return format_number(value)
    if isinstance(value, str) and _MOMENT.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return format_moment(moment) if moment.tzinfo else value
    return str(value)


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def deadline_text(closes_at: datetime | None, now: datetime | None = None) -> str:
    """"closes in 3 days, on Friday 5 December at 17:00", in Brussels time."""
    if closes_at is None:
        return ""
    now = now or utcnow()
    moment = format_moment(closes_at)
    if closes_at <= now:
        return _("closed on %(moment)s", moment=moment)
    remaining = format_timedelta(closes_at - now, granularity="minute", threshold=1.5)
    return _("closes in %(remaining)s, on %(moment)s", remaining=remaining, moment=moment)
