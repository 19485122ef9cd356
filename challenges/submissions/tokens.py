"""The signed link in a team invitation."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from challenges.extensions import db
from challenges.submissions.models import TeamMember

INVITATION_MAX_AGE = 30 * 24 * 3600


class InvitationError(Exception):
    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="team-invitation")


def make_invitation_token(member: TeamMember) -> str:
    return _serializer().dumps({"member": member.id, "email": member.email})


def read_invitation_token(token: str) -> TeamMember:
    try:
        data = _serializer().loads(token, max_age=INVITATION_MAX_AGE)
    except SignatureExpired as error:
        raise InvitationError(expired=True) from error
    except BadSignature as error:
        raise InvitationError(expired=False) from error
    member = db.session.get(TeamMember, data.get("member")) if isinstance(data, dict) else None
    if member is None or member.email != data.get("email"):
        raise InvitationError(expired=False)  # withdrawn by the author meanwhile
    return member
