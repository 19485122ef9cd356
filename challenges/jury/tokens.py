"""The signed link in a jury invitation for someone without an account yet."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from challenges.extensions import db
from challenges.jury.models import JuryMember

MAX_AGE = 60 * 24 * 3600


class JuryTokenError(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="jury-invitation")


def make_jury_token(member: JuryMember) -> str:
    return _serializer().dumps({"member": member.id, "email": member.email})


def read_jury_token(token: str) -> JuryMember:
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except SignatureExpired as error:
        raise JuryTokenError(expired=True) from error
    except BadSignature as error:
        raise JuryTokenError(expired=False) from error
    member = db.session.get(JuryMember, data.get("member")) if isinstance(data, dict) else None
    if member is None or member.email != data.get("email"):
        raise JuryTokenError(expired=False)
    return member
