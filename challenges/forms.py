"""Validators and fields shared by the forms of several domains."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import AnyOf, Email, NumberRange, StopValidation, ValidationError

from challenges.db import LabelledEnum

# Common choices that a length rule alone lets through.
COMMON_PASSWORDS = frozenset({
    "1234567890", "12345678910", "0123456789", "qwertyuiop", "azertyuiop", "wachtwoord",
    "wachtwoord1", "wachtwoord123", "password12", "password123", "passwordpassword",
    "welkom1234", "welcome123", "iloveyou12", "abcdefghij", "abc1234567", "letmein123",
    "qwerty1234", "azerty1234", "1111111111", "0000000000", "1q2w3e4r5t", "zaq12wsxcde",
})

# The languages a text can be written in; pages in the other one mark it with `lang`.
TEXT_LANGUAGES = [SelectChoice("nl", "Nederlands", render_kw={"lang": "nl"}),
                  SelectChoice("en", "English", render_kw={"lang": "en"})]

PASSWORD_MIN = 10
PASSWORD_MAX = 128


# Amounts live in NUMERIC(12, 2) columns: anything larger would be a database error, not a
# message.
AMOUNT_MAX = Decimal("9999999999.99")
# Dates people type: a year outside these is a typing mistake (and year 1 cannot even be
# converted between time zones).
YEAR_MIN, YEAR_MAX = 2000, 2999


def enum_choices(labelled: type[LabelledEnum]) -> list[SelectChoice]:
    """A select's or radio list's choices: each member's value with its (lazy) label."""
    return [SelectChoice(member.value, label) for member, label in labelled.labels().items()]


def finite(_form, field):
    """"NaN" and "Infinity" parse as decimals; they are not amounts."""
    if field.data is not None and not field.data.is_finite():
        raise StopValidation(_l("Enter an amount in euro, like 2500 or 2500.50."))


def amount_validators() -> list:
    """An optional amount in euro that the database can hold (after `Optional()`)."""
    return [finite, NumberRange(min=0, max=AMOUNT_MAX,
                                message=_l("Enter an amount from 0 to 9,999,999,999.99 euro."))]


def plausible_date(_form, field):
    """A date or time in a year someone could mean."""
    value = field.data
    if isinstance(value, datetime | date) and not YEAR_MIN <= value.year <= YEAR_MAX:
        raise StopValidation(_l("Enter a date between the years %(first)d and %(last)d.",
                                first=YEAR_MIN, last=YEAR_MAX))


def text_language_field(label) -> SelectField:
    return SelectField(label, choices=TEXT_LANGUAGES, default="nl", validators=[
        AnyOf([choice.value for choice in TEXT_LANGUAGES],
              message=_l("Choose Nederlands or English."))],
        description=_l("Screen readers read the texts in this language on pages in the "
                       "other one."))


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


def error_items(form) -> list[tuple[str | None, str, str]]:
    """Every error of a form as (anchor, label, message) for the error summary at its top:
    the anchor is the id of the field to fix (None for an expired form). Messages may be
    lazy strings, field lists (one row per entry) and nested forms."""
    items: list[tuple[str | None, str, str]] = []
    for name, messages in form.errors.items():
        if name is None:   # form-level errors: shown by the summary on their own
            continue
        field = form._fields.get(name)
        if name == "csrf_token":
            items.append((None, "", str(_l("The form expired. Please submit it again."))))
            continue
        label = str(field.label.text) if field is not None else str(name)
        anchor = field.id if field is not None else str(name)
        _collect(items, field, anchor, label, messages)
    return items


def _collect(items: list, field, anchor: str, label: str, messages) -> None:
    """Messages of a field: text, a list per entry of a FieldList, or a dict per sub-form."""
    if isinstance(messages, dict):
        subform = getattr(field, "form", None)
        for sub, sub_messages in messages.items():
            sub_field = subform._fields.get(sub) if subform is not None else None
            sub_label = str(sub_field.label.text) if sub_field is not None else str(sub)
            _collect(items, sub_field, sub_field.id if sub_field is not None else anchor,
                     sub_label, sub_messages)
        return
    for row, message in enumerate(messages):
        if isinstance(message, dict | list | tuple):
            entry = field.entries[row] if field is not None and row < len(field.entries) else None
            row_label = f"{label} ({row + 1})"
            if isinstance(message, dict):
                subform = getattr(entry, "form", None)   # a FormField's form
                for sub, sub_messages in message.items():
                    sub_field = subform._fields.get(sub) if subform is not None else None
                    sub_label = (f"{sub_field.label.text} ({row + 1})" if sub_field is not None
                                 else row_label)
                    _collect(items, sub_field, sub_field.id if sub_field is not None else anchor,
                             sub_label, sub_messages)
            else:
                _collect(items, entry, entry.id if entry is not None else anchor, row_label,
                         message)
        else:
            items.append((anchor, label, str(message)))
