"""Data factories: each returns a committed object with sensible defaults."""

from __future__ import annotations

import itertools

from challenges.accounts.models import Membership, Organisation, ParticipantKind, Role, User
from challenges.db import utcnow
from challenges.extensions import db

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)
_hashes: dict[str, str] = {}


def _set_password(obj: User, password: str) -> None:
    # scrypt is slow on purpose; hash each test password once per run.
    if password not in _hashes:
        obj.set_password(password)
        _hashes[password] = obj.password_hash
    obj.password_hash = _hashes[password]


def user(email: str | None = None, *, name: str | None = None, verified: bool = True,
         password: str = PASSWORD, language: str = "nl", platform_admin: bool = False,
         kind: ParticipantKind = ParticipantKind.CITIZEN, **fields) -> User:
    n = next(_counter)
    obj = User(email=(email or f"person{n}@example.be").lower(), display_name=name or f"Person {n}",
               language=language, is_platform_admin=platform_admin, participant_kind=kind,
               email_verified_at=utcnow() if verified else None, **fields)
    _set_password(obj, password)
    db.session.add(obj)
    db.session.commit()
    return obj


def organisation(name: str | None = None, *, slug: str | None = None, **fields) -> Organisation:
    n = next(_counter)
    obj = Organisation(name=name or f"Gemeente {n}", slug=slug or f"gemeente-{n}", **fields)
    db.session.add(obj)
    db.session.commit()
    return obj


def membership(user_obj: User, organisation_obj: Organisation, role: Role = Role.EDITOR) -> Membership:
    obj = Membership(user=user_obj, organisation=organisation_obj, role=role)
    db.session.add(obj)
    db.session.commit()
    return obj


def org_admin(organisation_obj: Organisation | None = None, **user_fields) -> User:
    organisation_obj = organisation_obj or organisation()
    obj = user(**user_fields)
    membership(obj, organisation_obj, Role.ADMIN)
    return obj
