"""Read paths of accounts: people by address, and the people behind an emailed link."""

from __future__ import annotations

import hashlib

from flask import abort, current_app
from sqlalchemy import func, select

from challenges.accounts.models import Organisation, User
from challenges.extensions import db
from challenges.tokens import LinkRefused, sign, unsign

VERIFY = "verify-email"
RESET = "reset-password"
CHANGE_EMAIL = "change-email"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def email_taken(email: str) -> bool:
    return bool(db.session.scalar(
        select(func.count()).select_from(User).where(User.email == normalise_email(email))))


def organisation_by_slug(slug: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def load_organisation(slug: str) -> Organisation:
    """Organisations are public: any of them exists for everyone."""
    organisation = organisation_by_slug(slug)
    if organisation is None:
        abort(404)
    return organisation


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


# Emailed links ----------------------------------------------------------------------------

def _password_fingerprint(user: User) -> str:
    # Changes when the password changes, which makes a reset link single-use.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def verify_token(user: User) -> str:
    return sign(VERIFY, {"uid": user.id, "email": user.email})


def reset_token(user: User) -> str:
    return sign(RESET, {"uid": user.id, "pw": _password_fingerprint(user)})


def change_email_token(user: User, new_email: str) -> str:
    return sign(CHANGE_EMAIL, {"uid": user.id, "email": user.email, "new": new_email})


def _user(data: dict) -> User:
    ident = data.get("uid")
    user = db.session.get(User, ident) if isinstance(ident, int) else None
    if user is None or user.deleted_at is not None:
        raise LinkRefused(expired=False)
    return user


def user_of_verify_token(token: str) -> User:
    data = unsign(VERIFY, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = _user(data)
    if user.email != data.get("email"):
        raise LinkRefused(expired=False)
    return user


def user_of_reset_token(token: str) -> User:
    data = unsign(RESET, token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = _user(data)
    if data.get("pw") != _password_fingerprint(user):
        raise LinkRefused(expired=False)
    return user


def user_of_change_email_token(token: str) -> tuple[User, str]:
    data = unsign(CHANGE_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = _user(data)
    if user.email != data.get("email") or not isinstance(data.get("new"), str):
        raise LinkRefused(expired=False)
    return user, data["new"]
