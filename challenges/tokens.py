"""Signed, expiring links. Each purpose signs with its own salt, so a link made for one
purpose can never be used for another; the payload is readable, never secret."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from challenges.errors import Refused


class LinkRefused(Refused):
    """A link that is not (or no longer) valid. `expired` tells an old link from a broken
    or tampered one, so the page can say which."""

    def __init__(self, expired: bool):
        super().__init__({"_": _l("This link has expired.") if expired
                          else _l("This link is not valid.")})
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def sign(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def unsign(purpose: str, token: str, max_age: int) -> dict[str, Any]:
    """The payload of a link made by `sign(purpose, ...)` at most `max_age` seconds ago."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkRefused(expired=True) from error
    except BadSignature as error:
        raise LinkRefused(expired=False) from error
    if not isinstance(data, dict):
        raise LinkRefused(expired=False)
    return data
