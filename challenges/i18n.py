"""Choosing the language of a page: the signed-in user's setting, then the visitor's
choice kept in the session, then the browser's Accept-Language, then Dutch."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, has_request_context, request, session
from flask_babel import format_datetime, format_timedelta
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


def deadline_text(closes_at: datetime | None, now: datetime | None = None) -> str:
    """"closes in 3 days, on Friday 5 December at 17:00", in Brussels time."""
    if closes_at is None:
        return ""
    now = now or utcnow()
    moment = _("%(day)s at %(time)s", day=format_datetime(closes_at, "EEEE d MMMM y"),
               time=format_datetime(closes_at, "HH:mm"))
    if closes_at <= now:
        return _("closed on %(moment)s", moment=moment)
    remaining = format_timedelta(closes_at - now, granularity="minute", threshold=1.5)
    return _("closes in %(remaining)s, on %(moment)s", remaining=remaining, moment=moment)
