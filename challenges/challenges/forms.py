from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from challenges.accounts.models import ParticipantKind
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import (
    DATE_FIELDS,
    TEXT_FIELDS,
    TRANSLATED_FIELDS,
    FollowUp,
    ProposalVisibility,
)
from challenges.forms import (
    amount_validators,
    email_validator,
    plausible_date,
    text_language_field,
)
from challenges.timezones import brussels_to_utc, utc_to_brussels

LONG_TEXT = 20000
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MARKDOWN_HELP = _l("You can use Markdown: **bold**, *italic*, lists with - and links.")


class CriterionForm(Form):
    name = StringField(_l("Name"), validators=[Length(max=200)])
    description = TextAreaField(_l("What the jury looks at"), validators=[Length(max=2000)])
    weight = IntegerField(_l("Weight (%)"), validators=[
        Optional(), NumberRange(min=0, max=100, message=_l("A weight is between 0 and 100."))])
    minimum_score = DecimalField(
        _l("Minimum score (optional)"), places=2, validators=[
            Optional(), NumberRange(min=0, max=10, message=_l("Enter a score from 0 to 10."))],
        description=_l("A proposal below this on this criterion cannot win."))

    def validate_weight(self, field):
        if (self.name.data or "").strip() and field.data is None:
            raise ValidationError(_l("Give this criterion a weight."))

    def validate_name(self, field):
        if not (field.data or "").strip() and (self.weight.data or (self.description.data or "").strip()):
            raise ValidationError(_l("Give this criterion a name, or empty the row."))


def _checkbox_choices(labels):
    return lambda: [SelectChoice(key.value, label) for key, label in labels.items()]


class ChallengeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(message=_l("Give the challenge a title.")), Length(max=200)])
    language = text_language_field(_l("Language of the texts"))
    summary = TextAreaField(_l("Short summary"), validators=[Length(max=500)],
                            description=_l("One or two sentences, shown in lists and feeds."))
    problem = TextAreaField(_l("Problem statement"), validators=[Length(max=LONG_TEXT)],
                            description=MARKDOWN_HELP)
    context = TextAreaField(_l("Context"), validators=[Length(max=LONG_TEXT)],
                            description=_l("Background, figures, what was tried before."))
    expected_solutions = TextAreaField(_l("Kinds of solutions we hope for"),
                                       validators=[Length(max=LONG_TEXT)])
    goals = TextAreaField(_l("Our goals"), validators=[Length(max=LONG_TEXT)])
    out_of_scope = TextAreaField(_l("Out of scope"), validators=[Length(max=LONG_TEXT)])
    constraints = TextAreaField(_l("Constraints"), validators=[Length(max=LONG_TEXT)],
                                description=_l("Legal, technical, budget or privacy limits."))
    eligibility = TextAreaField(_l("Eligibility rules"), validators=[Length(max=LONG_TEXT)])

    theme_ids = SelectMultipleField(_l("Themes"), coerce=int, validate_choice=True)
    audience = SelectMultipleField(_l("Who may take part"),
                                   choices=_checkbox_choices(ParticipantKind.labels()))

    opens_at = DateTimeLocalField(_l("Opens at"), format=DATETIME_FORMAT,
                                  validators=[Optional(), plausible_date],
                                  description=_l("Brussels time."))
    closes_at = DateTimeLocalField(_l("Deadline for proposals"), format=DATETIME_FORMAT,
                                   validators=[Optional(), plausible_date],
                                   description=_l("Brussels time."))
    jury_decision_at = DateTimeLocalField(_l("Jury decision expected by"),
                                          format=DATETIME_FORMAT,
                                          validators=[Optional(), plausible_date])
    results_at = DateTimeLocalField(_l("Results announced by"), format=DATETIME_FORMAT,
                                    validators=[Optional(), plausible_date])

    reward_text = StringField(_l("Reward"), validators=[Length(max=500)], description=_l(
        "For example: up to EUR 10,000 for a proof of concept and a six-month pilot."))
    reward_amount = DecimalField(_l("Amount in euro (optional)"), places=2, validators=[
        Optional(), *amount_validators()])
    follow_ups = SelectMultipleField(_l("What follows for the winners"),
                                     choices=_checkbox_choices(FollowUp.labels()))

    max_proposals_per_participant = IntegerField(
        _l("Proposals per participant"), default=1, validators=[
            DataRequired(message=_l("Enter a number from 1.")),
            NumberRange(min=1, max=20, message=_l("Enter a number from 1 to 20."))])
    public_support_enabled = BooleanField(_l("Visitors can support proposals (\"I support this\")"))
    proposal_visibility = RadioField(_l("Proposals become public"), default="after_results",
                                     choices=_checkbox_choices(ProposalVisibility.labels()))

    lessons_learned = TextAreaField(
        _l("Lessons learned"), validators=[Length(max=LONG_TEXT)],
        description=_l("What worked and what did not, so that other municipalities need not "
                       "reinvent the wheel. Shown on the challenge page."))

    legal_route = RadioField(_l("Legal route to a contract"), default="prize",
                             choices=_checkbox_choices(LegalRoute.labels()))
    estimated_value = DecimalField(
        _l("Estimated value in euro, excluding VAT"), places=2, validators=[
            Optional(), *amount_validators()],
        description=_l("Required for a low-value contract and a design contest; for a design "
                       "contest, include the follow-up contract."))
    estimate_includes_follow_up = BooleanField(
        _l("The estimate includes the follow-up contract"))
    consulted_companies = TextAreaField(
        _l("Companies consulted (for the file, not public)"), validators=[Length(max=LONG_TEXT)],
        description=_l("Required for a low-value contract."))
    ip_terms = TextAreaField(_l("Intellectual property and data ownership"),
                             validators=[Length(max=LONG_TEXT)],
                             description=_l("Accepted by participants when they submit."))
    payment_terms = TextAreaField(_l("Payment schedule"), validators=[Length(max=LONG_TEXT)])
    open_data_terms = TextAreaField(_l("Open-data clauses"), validators=[Length(max=LONG_TEXT)])
    tender_url = URLField(_l("Link to the tender (innovation partnership or procurement)"),
                          validators=[Optional(), Length(max=500), Regexp(
                              r"^https?://[^\s/]+\S*$", message=_l(
                                  "Enter a web address starting with https://."))])

    contact_name = StringField(_l("Contact person"), validators=[Length(max=120)])
    contact_email = EmailField(_l("Contact email address"), validators=[
        Optional(), Length(max=254), email_validator()])

    criteria = FieldList(FormField(CriterionForm), min_entries=6, max_entries=10)

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The deadline must come after the opening."))

    def criteria_rows(self) -> list[dict]:
        return [{"name": row.form.name.data, "description": row.form.description.data,
                 "weight": row.form.weight.data, "minimum_score": row.form.minimum_score.data}
                for row in self.criteria]


class AttachmentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(message=_l("Choose a file."))],
                     description=_l("PDF, office document, image or CSV; at most 20 MB."))


class CoverForm(FlaskForm):
    # Checked by the operation (an empty field keeps the image and changes only the text).
    image = FileField(_l("Image"), description=_l(
        "JPEG, PNG, WebP or GIF, at most 10 MB and 40 megapixels. Shown in 16:9, cut to fit "
        "around the middle."))
    alt_text = StringField(_l("Text alternative"), validators=[Length(max=300)], description=_l(
        "What the image shows, for those who cannot see it, in the language of the texts."))


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Public reason"), validators=[
        DataRequired(message=_l("Explain publicly why the challenge is cancelled.")),
        Length(max=2000)])


def challenge_data(form: ChallengeForm) -> dict:
    """The form's values as plain data for the operations, with times in UTC."""
    data: dict = {name: getattr(form, name).data or "" for name in TEXT_FIELDS}
    data.update({name: brussels_to_utc(getattr(form, name).data) for name in DATE_FIELDS})
    data.update(
        language=form.language.data or "nl",
        reward_amount=form.reward_amount.data,
        follow_ups=list(form.follow_ups.data or []),
        max_proposals_per_participant=form.max_proposals_per_participant.data or 1,
        public_support_enabled=bool(form.public_support_enabled.data),
        proposal_visibility=form.proposal_visibility.data or "after_results",
        legal_route=LegalRoute(form.legal_route.data or "prize"),
        estimated_value=form.estimated_value.data,
        estimate_includes_follow_up=bool(form.estimate_includes_follow_up.data),
        theme_ids=list(form.theme_ids.data or []),
        audience=list(form.audience.data or []),
        criteria=form.criteria_rows(),
    )
    return data


def fill_form(form: ChallengeForm, challenge) -> None:
    """Show a saved challenge in the form, with times in Brussels."""
    for name in (*TEXT_FIELDS, "reward_amount", "max_proposals_per_participant",
                 "public_support_enabled", "estimated_value", "estimate_includes_follow_up"):
        getattr(form, name).data = getattr(challenge, name)
    form.legal_route.data = LegalRoute(challenge.legal_route).value
    form.language.data = challenge.language
    for name in DATE_FIELDS:
        value = utc_to_brussels(getattr(challenge, name))
        getattr(form, name).data = value.replace(tzinfo=None) if value else None
    form.follow_ups.data = list(challenge.follow_ups or [])
    form.proposal_visibility.data = challenge.proposal_visibility.value
    form.theme_ids.data = [t.id for t in challenge.themes]
    form.audience.data = [k.value for k in challenge.audience]
    while len(form.criteria) > 0:
        form.criteria.pop_entry()
    for criterion in challenge.criteria:
        form.criteria.append_entry({"name": criterion.name, "description": criterion.description,
                                    "weight": criterion.weight,
                                    "minimum_score": criterion.minimum_score})
    while len(form.criteria) < form.criteria.min_entries:
        form.criteria.append_entry()


class CriterionTranslationForm(Form):
    name = StringField(_l("Name"), validators=[Length(max=200)])
    description = TextAreaField(_l("What the jury looks at"), validators=[Length(max=2000)])


class TranslationForm(FlaskForm):
    """The challenge's texts in its other language: the same fields and limits as the main
    form, none required (what is left empty is shown in the challenge's own language)."""

    title = StringField(_l("Title"), validators=[Length(max=200)])
    summary = TextAreaField(_l("Short summary"), validators=[Length(max=500)])
    problem = TextAreaField(_l("Problem statement"), validators=[Length(max=LONG_TEXT)],
                            description=MARKDOWN_HELP)
    context = TextAreaField(_l("Context"), validators=[Length(max=LONG_TEXT)])
    expected_solutions = TextAreaField(_l("Kinds of solutions we hope for"),
                                       validators=[Length(max=LONG_TEXT)])
    goals = TextAreaField(_l("Our goals"), validators=[Length(max=LONG_TEXT)])
    out_of_scope = TextAreaField(_l("Out of scope"), validators=[Length(max=LONG_TEXT)])
    constraints = TextAreaField(_l("Constraints"), validators=[Length(max=LONG_TEXT)])
    eligibility = TextAreaField(_l("Eligibility rules"), validators=[Length(max=LONG_TEXT)])
    reward_text = StringField(_l("Reward"), validators=[Length(max=500)])
    ip_terms = TextAreaField(_l("Intellectual property and data ownership"),
                             validators=[Length(max=LONG_TEXT)])
    payment_terms = TextAreaField(_l("Payment schedule"), validators=[Length(max=LONG_TEXT)])
    open_data_terms = TextAreaField(_l("Open-data clauses"), validators=[Length(max=LONG_TEXT)])
    criteria = FieldList(FormField(CriterionTranslationForm), max_entries=10)

    def texts(self) -> dict:
        data: dict = {name: getattr(self, name).data or "" for name in TRANSLATED_FIELDS}
        data["criteria"] = [{"name": row.form.name.data or "",
                             "description": row.form.description.data or ""}
                            for row in self.criteria]
        return data


def translation_form(challenge, language: str) -> TranslationForm:
    """The form for `challenge` in `language`: what was posted, or else what is saved; one
    row per criterion, and every input marked with the language it is written in."""
    form = TranslationForm()
    saved = challenge.translation(language)
    if not form.is_submitted():
        for name in TRANSLATED_FIELDS:
            getattr(form, name).data = getattr(saved, name) if saved is not None else ""
    # The rows follow the challenge's criteria, whatever was posted.
    posted = [(row.form.name.data or "", row.form.description.data or "")
              for row in form.criteria]
    while len(form.criteria) > 0:
        form.criteria.pop_entry()
    for index, criterion in enumerate(challenge.criteria):
        if form.is_submitted():
            name, description = posted[index] if index < len(posted) else ("", "")
        else:
            texts = criterion.texts_in(language)
            name, description = texts.get("name", ""), texts.get("description", "")
        form.criteria.append_entry({"name": name, "description": description})
    for field in form:
        field.render_kw = {**(field.render_kw or {}), "lang": language}
    for row in form.criteria:
        for field in row.form:
            field.render_kw = {**(field.render_kw or {}), "lang": language}
    return form
class HostInviteForm(FlaskForm):
    """The lead's administrators invite a partner organisation to co-host."""

    organisation_id = SelectField(_l("Organisation to invite as partner"), coerce=int,
                                  validate_choice=True,
                                  validators=[DataRequired(message=_l("Choose an organisation."))])
