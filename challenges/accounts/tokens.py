"""Signed, expiring links sent by email. Each purpose has its own salt, so a link made for
one purpose can never be used for another."""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from challenges.accounts.models import User
from challenges.extensions import db

VERIFY = "verify-email"
RESET = "reset-password"
CHANGE_EMAIL = "change-email"


class TokenError(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def _password_fingerprint(user: User) -> str:
    # Changes when the password changes, which makes a reset link single-use.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def make_verify_token(user: User) -> str:
    return _serializer(VERIFY).dumps({"uid": user.id, "email": user.email})


def make_reset_token(user: User) -> str:
    return _serializer(RESET).dumps({"uid": user.id, "pw": _password_fingerprint(user)})


def make_change_email_token(user: User, new_email: str) -> str:
    return _serializer(CHANGE_EMAIL).dumps(
        {"uid": user.id, "email": user.email, "new": new_email})


def _load(purpose: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadSignature as error:
        raise TokenError(expired=False) from error
    if not isinstance(data, dict) or "uid" not in data:
        raise TokenError(expired=False)
    return data


def _user(data: dict) -> User:
    user = db.session.get(User, data["uid"])
    if user is None or user.deleted_at is not None:
        raise TokenError(expired=False)
    return user


def read_verify_token(token: str) -> User:
    data = _load(VERIFY, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = _user(data)
    if user.email != data.get("email"):
        raise TokenError(expired=False)
    return user


def read_reset_token(token: str) -> User:
    data = _load(RESET, token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = _user(data)
    if data.get("pw") != _password_fingerprint(user):
        raise TokenError(expired=False)
    return user


def read_change_email_token(token: str) -> tuple[User, str]:
    data = _load(CHANGE_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = _user(data)
    if user.email != data.get("email") or not data.get("new"):
        raise TokenError(expired=False)
    return user, data["new"]
