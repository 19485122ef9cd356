from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from challenges.accounts.enterprise import normalise_enterprise_number
from challenges.accounts.models import ParticipantKind
from challenges.forms import StrongPassword, email_validator, enum_choices

LANGUAGE_CHOICES = [SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]


def _kind_choices():
    return enum_choices(ParticipantKind)


class ProfileFieldsMixin:
    """Who the participant is; shared by registration and the profile page."""

    display_name = StringField(
        _l("Name"), validators=[DataRequired(message=_l("Enter your name.")), Length(max=120)],
        description=_l("Shown with your questions and proposals."))
    participant_kind = RadioField(_l("I take part as"), choices=_kind_choices, default="citizen",
                                  validators=[InputRequired(message=_l("Choose one."))])
    company_name = StringField(_l("Organisation name"), validators=[Length(max=200)])
    enterprise_number = StringField(
        _l("Enterprise number (KBO/BCE)"), validators=[Length(max=20)],
        description=_l("Ten digits, for example 0123.456.749."))

    def validate_company_name(self, field):
        if self.participant_kind.data == ParticipantKind.COMPANY and not (field.data or "").strip():
            raise ValidationError(_l("Enter the name of your company."))

    def validate_enterprise_number(self, field):
        value = (field.data or "").strip()
        if not value:
            if self.participant_kind.data == ParticipantKind.COMPANY:
                raise ValidationError(_l("Enter your company's enterprise number."))
            return
        if normalise_enterprise_number(value) is None:
            raise ValidationError(_l(
                "This is not a valid Belgian enterprise number. It has ten digits, "
                "like 0123.456.749, and its last two digits are a check."))


class RegisterForm(ProfileFieldsMixin, FlaskForm):
    email = EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address.")), Length(max=254),
        email_validator()])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(message=_l("Choose a password.")), StrongPassword()],
        description=_l("At least 10 characters."))
    password_confirm = PasswordField(_l("Repeat password"), validators=[
        DataRequired(message=_l("Repeat your password.")),
        EqualTo("password", message=_l("The two passwords are not the same."))])
    accept_privacy = BooleanField(
        _l("I have read the privacy notice."),
        validators=[DataRequired(message=_l("You need to accept the privacy notice."))])


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(message=_l("Enter your password.")), Length(max=1024)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter your email address.")), Length(max=254),
        email_validator()])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[
        DataRequired(message=_l("Choose a password.")), StrongPassword()],
        description=_l("At least 10 characters."))
    password_confirm = PasswordField(_l("Repeat new password"), validators=[
        DataRequired(message=_l("Repeat your password.")),
        EqualTo("password", message=_l("The two passwords are not the same."))])


class ProfileForm(ProfileFieldsMixin, FlaskForm):
    language = SelectField(_l("Language for pages and emails"), choices=LANGUAGE_CHOICES)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password."))])
    password = PasswordField(_l("New password"), validators=[
        DataRequired(message=_l("Choose a password.")), StrongPassword()],
        description=_l("At least 10 characters."))
    password_confirm = PasswordField(_l("Repeat new password"), validators=[
        DataRequired(message=_l("Repeat your password.")),
        EqualTo("password", message=_l("The two passwords are not the same."))])


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New email address"), validators=[
        DataRequired(message=_l("Enter your email address.")), Length(max=254),
        email_validator()])
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password."))])


class DeleteAccountForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(message=_l("Enter your current password."))])
    confirm = BooleanField(_l("I understand that this cannot be undone."), validators=[
        DataRequired(message=_l("Tick the box to confirm."))])


class ResendVerificationForm(FlaskForm):
    """Only a CSRF token: the address comes from the signed-in user."""


class SignOutEverywhereForm(FlaskForm):
    """Only a CSRF token: ends every sign-in of the signed-in user."""


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class CodeForm(FlaskForm):
    """A six-digit code from an authenticator app (or, at sign-in, a recovery code)."""

    code = StringField(_l("Code"), validators=[
        DataRequired(message=_l("Type the code.")), Length(max=20)],
        description=_l("The six digits your authenticator app shows now."))


class SignInCodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(message=_l("Type the code.")), Length(max=20)],
        description=_l("The six digits your authenticator app shows now, or one of your "
                       "recovery codes."))


class RequireMfaForm(FlaskForm):
    require_mfa = BooleanField(_l("Editors and administrators must use two-step sign-in"))
