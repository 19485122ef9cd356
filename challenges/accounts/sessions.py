"""Sign-ins kept on the server, and the devices a person signed in from before.

The login cookie (Flask's session and the remember-me cookie) carries `<user id>:<token>`; the
database keeps the token's hash in `login_sessions`. A sign-in ends on the server: signing
out deletes its row, "sign out everywhere", a new password, a suspension and a deletion
delete them all, so a copied cookie is worth nothing afterwards. Nothing here commits: the
operations that call it do.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select

from challenges.accounts.models import LoginSession, User, token_digest
from challenges.db import utcnow
from challenges.extensions import db

DEVICE_COOKIE = "known_device"
DEVICE_SALT = "known-device"
# Accounts one browser remembers having signed in (a family computer).
DEVICE_ACCOUNTS = 5
# last_seen_at is written at most this often, not on every request.
TOUCH_EVERY = timedelta(seconds=60)


def start(user: User, remember: bool) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user=user, token_hash=token_digest(token), remember=remember))
    user.login_token = token
    return token


def end(user: User) -> None:
    if user.login_token:
        db.session.execute(delete(LoginSession).where(
            LoginSession.token_hash == token_digest(user.login_token)))
    user.login_token = None


def end_all(user: User, keep_current: bool = False) -> None:
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_current and user.login_token:
        query = query.where(LoginSession.token_hash != token_digest(user.login_token))
    db.session.execute(query)
    if not keep_current:
        user.login_token = None


def is_staff_session(user: User) -> bool:
    return bool(user.is_staff)


def expired(row: LoginSession, user: User, now: datetime) -> bool:
    """Every sign-in ends after REMEMBER_COOKIE_DURATION; a staff member's after
    STAFF_IDLE_MINUTES without a request as well."""
    config = current_app.config
    if now - row.created_at > config["REMEMBER_COOKIE_DURATION"]:
        return True
    idle = timedelta(minutes=config["STAFF_IDLE_MINUTES"])
    return is_staff_session(user) and now - row.last_seen_at > idle


def load(cookie_id: str) -> tuple[User, LoginSession] | None:
    ident, _sep, token = cookie_id.partition(":")
    if not ident.isdigit() or not token or len(token) > 100:
        return None
    row = db.session.scalar(select(LoginSession).where(
        LoginSession.token_hash == token_digest(token)))
    if row is None or row.user_id != int(ident):
        return None
    user = row.user
    if not user.is_active or expired(row, user, utcnow()):
        return None
    user.login_token = token
    g.login_session = row
    return user, row


def current_row(user: User) -> LoginSession | None:
    if not user.login_token:
        return None
    return db.session.scalar(select(LoginSession).where(
        LoginSession.token_hash == token_digest(user.login_token)))


def sessions_of(user: User) -> list[LoginSession]:
    return list(db.session.scalars(select(LoginSession).where(
        LoginSession.user_id == user.id).order_by(LoginSession.last_seen_at.desc())))


# Known devices ------------------------------------------------------------------------------
# A browser that signed in to an account before carries a signed cookie naming it, so that a
# stranger's failed attempts on that account (which lock out other browsers for a while) never
# refuse its owner's correct password. The cookie is bound to the account's session_token,
# which "sign out everywhere" and a new password replace.

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=DEVICE_SALT)


def _mark(user: User) -> str:
    return f"{user.id}.{token_digest(user.session_token)[:16]}"


def _device_marks() -> list[str]:
    value = request.cookies.get(DEVICE_COOKIE)
    if not value:
        return []
    max_age = current_app.config["KNOWN_DEVICE_DAYS"] * 86400
    try:
        marks = _serializer().loads(value, max_age=max_age)
    except BadSignature:
        return []
    return [m for m in marks if isinstance(m, str)] if isinstance(marks, list) else []


def is_known_device(user: User | None) -> bool:
    return user is not None and _mark(user) in _device_marks()


def remember_device(response, user: User) -> None:
    mark = _mark(user)
    prefix = f"{user.id}."
    marks = [mark] + [m for m in _device_marks() if not m.startswith(prefix)]
    config = current_app.config
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(marks[:DEVICE_ACCOUNTS]),
                        max_age=config["KNOWN_DEVICE_DAYS"] * 86400, httponly=True,
                        secure=config["SESSION_COOKIE_SECURE"], samesite="Lax")
