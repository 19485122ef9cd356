"""Validators and fields shared by the forms of several domains."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import Email, ValidationError

# Common choices that a length rule alone lets through.
COMMON_PASSWORDS = frozenset({
    "1234567890", "12345678910", "0123456789", "qwertyuiop", "azertyuiop", "wachtwoord",
    "wachtwoord1", "wachtwoord123", "password12", "password123", "passwordpassword",
    "welkom1234", "welcome123", "iloveyou12", "abcdefghij", "abc1234567", "letmein123",
    "qwerty1234", "azerty1234", "1111111111", "0000000000", "1q2w3e4r5t", "zaq12wsxcde",
})

PASSWORD_MIN = 10
PASSWORD_MAX = 128


def email_validator():
    return Email(message=_l("Enter a valid email address, like name@example.be."),
                 check_deliverability=False)


class StrongPassword:
    """At least ten characters, at most 128, and not a well-known or repetitive choice."""

    def __call__(self, form, field):
        value = field.data or ""
        if len(value) < PASSWORD_MIN:
            raise ValidationError(
                _l("Use at least %(n)d characters.", n=PASSWORD_MIN))
        if len(value) > PASSWORD_MAX:
            raise ValidationError(
                _l("Use at most %(n)d characters.", n=PASSWORD_MAX))
        lowered = value.lower()
        if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
            raise ValidationError(
                _l("This password is too easy to guess. A few unrelated words work well."))
        email = getattr(form, "email", None)
        if email is not None and email.data and email.data.split("@")[0].lower() in lowered \
                and len(email.data.split("@")[0]) >= 4:
            raise ValidationError(_l("Your password must not contain your email address."))


class ActionForm(FlaskForm):
    """A button that changes something: only a CSRF token."""
