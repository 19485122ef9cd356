"""A second factor for staff: TOTP (RFC 6238) with single-use recovery codes.

Enrolment keeps a new secret on the account, unconfirmed, until the person types a first
code from their app; then ten recovery codes are made and shown once (only their hashes are
kept). Platform administrators, and the editors and administrators of an organisation that
requires it, must enrol before they reach the work that needs it. The functions that change
something are operations: each owns its commit and records its event.
"""

from __future__ import annotations

import hmac
import io
import secrets
import time

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update

from challenges import events
from challenges.accounts.models import Organisation, RecoveryCode, User, token_digest
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db

events.describe({
    "mfa_enrolled": _l("Two-step sign-in switched on"),
    "mfa_disabled": _l("Two-step sign-in switched off"),
    "mfa_recovery_code_used": _l("Signed in with a recovery code"),
    "mfa_recovery_codes_renewed": _l("New recovery codes made"),
    "organisation_mfa_required": _l("Two-step sign-in required for the organisation"),
    "organisation_mfa_optional": _l("Two-step sign-in no longer required for the organisation"),
})

ISSUER = "Challenges"
RECOVERY_CODES = 10
# A code from the period before or after the current one is accepted too (clock drift).
VALID_WINDOW = 1
# How long the second step may follow the password (seconds).
PENDING_SECONDS = 300


def required_for(user: User) -> bool:
    """Whether the account must have a second factor: platform administrators, and the
    staff of an organisation that requires it."""
    return bool(user.is_platform_admin
                or any(m.organisation.require_mfa for m in user.memberships))


def _clean(code: str) -> str:
    return "".join(c for c in (code or "") if c.isalnum()).lower()


def check_totp(user: User, code: str, now: float | None = None) -> bool:
    """Whether `code` is the account's TOTP code of a time step around now that is later
    than the last one accepted; if so, that step is used up (flushed, committed by the
    caller). Two requests with the same code at once: the conditional update lets one of
    them through."""
    digits = _clean(code)
    if not user.totp_secret or len(digits) != 6 or not digits.isdigit():
        return False
    import pyotp  # here, not at start: only a sign-in with MFA needs it

    totp = pyotp.TOTP(user.totp_secret)
    moment = time.time() if now is None else now
    current = totp.timecode(moment)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if not hmac.compare_digest(totp.generate_otp(step), digits):
            continue
        used_up = db.session.execute(
            update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None),
                                                       User.totp_last_step < step))
            .values(totp_last_step=step).execution_options(synchronize_session=False))
        if not used_up.rowcount:  # type: ignore[attr-defined]
            return False  # this code, or a later one, was used already
        user.totp_last_step = step
        return True
    return False


def provisioning_uri(user: User) -> str:
    import pyotp

    return pyotp.TOTP(user.totp_secret or "").provisioning_uri(name=user.email,
                                                              issuer_name=ISSUER)


def qr_svg(user: User) -> bytes:
    """The enrolment QR code, drawn here: the secret never goes to another service."""
    import segno  # here, not at start: only an enrolment draws a QR code

    buffer = io.BytesIO()
    segno.make(provisioning_uri(user), error="m").save(
        buffer, kind="svg", scale=5, border=2, dark="#000", light="#fff", xmldecl=False,
        title=str(_l("QR code for your authenticator app")))
    return buffer.getvalue()


def grouped_secret(user: User) -> str:
    secret = user.totp_secret or ""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(5)  # 10 hex digits, 40 bits
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=token_digest(raw)))
    return codes


def unused_recovery_codes(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


# Operations -------------------------------------------------------------------------------

def start_enrolment(user: User) -> None:
    """A new secret, not in force until a first code confirms it."""
    if user.has_mfa:
        return
    import pyotp

    user.totp_secret = pyotp.random_base32()
    db.session.commit()


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Switch the second factor on with a first code; returns the recovery codes (to show
    once)."""
    if user.has_mfa or not user.totp_secret:
        raise Refused({"code": _l("Start again: open the page to add an authenticator app.")})
    if not check_totp(user, code):
        raise Refused({"code": _l("This code is not right. Type the six digits your app "
                                  "shows now.")})
    user.mfa_enrolled_at = utcnow()
    codes = _new_recovery_codes(user)
    events.record("mfa_enrolled", user, actor=user)
    db.session.commit()
    return codes


def renew_recovery_codes(user: User, code: str) -> list[str]:
    if not check_totp(user, code):
        raise Refused({"code": _l("This code is not right. Type the six digits your app "
                                  "shows now.")})
    codes = _new_recovery_codes(user)
    events.record("mfa_recovery_codes_renewed", user, actor=user)
    db.session.commit()
    return codes


def disable(user: User, code: str) -> None:
    if required_for(user):
        raise Refused({"code": _l("Your role requires two-step sign-in: it cannot be "
                                  "switched off.")})
    if not check_totp(user, code):
        raise Refused({"code": _l("This code is not right. Type the six digits your app "
                                  "shows now.")})
    user.totp_secret = None
    user.mfa_enrolled_at = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    events.record("mfa_disabled", user, actor=user)
    db.session.commit()


def verify_second_step(user: User, code: str) -> bool:
    """A TOTP code not used before, or an unused recovery code (either then used up)."""
    if check_totp(user, code):
        db.session.commit()
        return True
    cleaned = _clean(code)
    if len(cleaned) != 10:
        return False
    digest = token_digest(cleaned)
    for row in db.session.scalars(select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))):
        if hmac.compare_digest(row.code_hash, digest):
            row.used_at = utcnow()
            events.record("mfa_recovery_code_used", user, actor=user)
            db.session.commit()
            return True
    return False


def set_requirement(organisation: Organisation, required: bool, by: User) -> None:
    if organisation.require_mfa == required:
        return
    organisation.require_mfa = required
    events.record("organisation_mfa_required" if required else "organisation_mfa_optional",
                  organisation, actor=by, organisation=organisation)
    db.session.commit()


# The step between the password and the second factor ----------------------------------------

def pending(user: User, remember: bool, next_path: str | None) -> dict:
    """What the session keeps between the password and the code: never the password."""
    return {"uid": user.id, "remember": remember, "next": next_path or "",
            "until": int(time.time()) + PENDING_SECONDS}


def pending_user(data) -> User | None:
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    if int(data.get("until") or 0) < time.time():
        return None
    user = db.session.get(User, data["uid"])
    return user if user is not None and user.is_active and user.has_mfa else None
