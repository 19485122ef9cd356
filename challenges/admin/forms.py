from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from challenges.accounts.models import ROLE_LABELS
from challenges.forms import email_validator


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(message=_l("Enter the name of the organisation.")), Length(max=200)],
        description=_l("For example: Stad Mechelen."))
    slug = StringField(_l("Short name in web addresses"), validators=[
        DataRequired(message=_l("Enter a short name.")), Length(min=2, max=100),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
               message=_l("Use lower-case letters, digits and hyphens, like stad-mechelen."))],
        description=_l("Lower-case letters, digits and hyphens. It cannot be changed later."))
    nis_code = StringField(_l("NIS code"), validators=[
        Optional(), Regexp(r"^\d{5}$", message=_l("A NIS code has five digits, like 12025."))],
        description=_l("Optional; for a municipality, its five-digit code from Statbel."))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    website = URLField(_l("Website"), validators=[
        Optional(), URL(message=_l("Enter a full web address, starting with https://.")),
        Length(max=300)])
    contact_email = EmailField(_l("Contact email address"), validators=[
        Optional(), Length(max=254), email_validator()])


class EditOrganisationForm(OrganisationForm):
    slug = None


def _role_choices():
    return [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]


class GrantRoleForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter an email address.")), Length(max=254), email_validator()],
        description=_l("Someone without an account gets an invitation to register."))
    role = SelectField(_l("Role"), choices=_role_choices, default="editor")


class ActionForm(FlaskForm):
    """A button that changes something: only a CSRF token."""
