from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from challenges.accounts.models import PopulationBand, Role
from challenges.forms import email_validator, enum_choices


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
    population_band = SelectField(
        _l("Number of inhabitants"), validate_choice=True,
        coerce=lambda value: PopulationBand(value) if value else None,
        choices=lambda: [SelectChoice("", _l("Not known or not a municipality")),
                         *enum_choices(PopulationBand)],
        description=_l("Lets the lessons library and the statistics compare municipalities "
                       "of the same size."))


class EditOrganisationForm(OrganisationForm):
    slug = None  # type: ignore[assignment]  # the short name cannot change


def _role_choices():
    return enum_choices(Role)


class GrantRoleForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[
        DataRequired(message=_l("Enter an email address.")), Length(max=254), email_validator()],
        description=_l("Someone without an account gets an invitation to register."))
    role = SelectField(_l("Role"), choices=_role_choices, default="editor")



def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _as_text(value):
    """The theme's own number when the form was posted without the field (edit_theme gives
    the form the theme as `obj`), so that the validators below always see text."""
    return str(value).strip() if value is not None else value


class ThemeForm(FlaskForm):
    name_nl = StringField(_l("Name in Dutch"), validators=[
        DataRequired(message=_l("Enter the Dutch name of the theme.")), Length(max=100)],
        description=_l("For example: Mobiliteit."))
    name_en = StringField(_l("Name in English"), validators=[
        DataRequired(message=_l("Enter the English name of the theme.")), Length(max=100)],
        description=_l("For example: Mobility."))
    slug = StringField(_l("Short name in web addresses"), filters=[_strip], validators=[
        DataRequired(message=_l("Enter a short name.")), Length(min=2, max=60),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
               message=_l("Use lower-case letters, digits and hyphens, like local-economy."))],
        description=_l("Used in links to the filtered list of challenges; changing it breaks "
                       "links people saved."))
    # Text rather than IntegerField so that a wrong value gets our message, not WTForms'.
    position = StringField(_l("Position"), filters=[_as_text], validators=[
        DataRequired(message=_l("Enter a position.")),
        Regexp(r"^\d{1,4}$", message=_l("Enter a whole number from 0 to 9999, like 10."))],
        description=_l("Themes are listed from the lowest number to the highest."))

    @property
    def position_number(self) -> int:
        return int(self.position.data or 0)


class SuspendAccountForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Say why the account is suspended.")), Length(max=500)],
        description=_l("Kept in the event record; not sent to the person."))
