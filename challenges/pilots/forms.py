from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    DateField,
    DecimalField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from challenges.forms import amount_validators, enum_choices, finite, plausible_date
from challenges.pilots.models import ChangeKind, Outcome

LONG = 20000
NOT_A_NUMBER = _l("Enter a number, such as 42 or 12,5.")
# KPI numbers live in NUMERIC(14, 4).
MEASURE_RANGE = NumberRange(min=-(10**10) + 1, max=10**10 - 1, message=NOT_A_NUMBER)


class DecimalCommaField(DecimalField):
    """A number typed the Belgian way (12,5) or the English way (12.5)."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [v.replace(",", ".").strip() for v in valuelist]
        super().process_formdata(valuelist)


def money(label) -> DecimalCommaField:
    return DecimalCommaField(label, places=2, validators=[Optional(), *amount_validators()])


class StartPilotForm(FlaskForm):
    amount = DecimalCommaField(_l("Amount of the award in euro, excluding VAT"), places=2,
                               validators=[InputRequired(message=_l("Give the amount.")),
                                           *amount_validators()])
    starts_on = DateField(_l("Start"), validators=[InputRequired(message=_l("Give the date.")), plausible_date])
    ends_on = DateField(_l("End"), validators=[InputRequired(message=_l("Give the date.")), plausible_date])
    decision_reference = StringField(
        _l("College decision or order (reference)"), validators=[Length(max=200)],
        description=_l("For example: collegebesluit 2026/1234 of 14 November 2026."))
    municipality_contact_id = SelectField(_l("Contact at the municipality"), coerce=int,
                                          validate_choice=True)
    # Of a joint challenge: the host whose site the pilot runs at (0: the lead's).
    site_id = SelectField(_l("Runs at the site of"), coerce=int, validate_choice=True, default=0)
    objectives = TextAreaField(_l("Objectives"), validators=[Length(max=LONG)])


class MilestoneForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(message=_l("Give the milestone a title.")), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=LONG)])
    deliverable = TextAreaField(_l("Deliverable"), validators=[Length(max=LONG)])
    due_on = DateField(_l("Due date"), validators=[InputRequired(message=_l("Give the date.")), plausible_date])
    amount = money(_l("Paid on acceptance, in euro (optional)"))


class SubmitMilestoneForm(FlaskForm):
    report = TextAreaField(_l("Report"), validators=[
        DataRequired(message=_l("Write a short report of what was delivered.")),
        Length(max=LONG)])
    files = MultipleFileField(_l("Evidence (PDF, office documents, images; optional)"))


class ReviewMilestoneForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[
        SelectChoice("accept", _l("Accept the milestone")),
        SelectChoice("changes", _l("Ask for changes"))],
        validators=[InputRequired(message=_l("Choose a decision."))])
    reason = TextAreaField(_l("Reason or what must change"), validators=[Length(max=LONG)])


class ApprovePaymentForm(FlaskForm):
    internal_note = TextAreaField(_l("Internal note (never public)"),
                                  validators=[Length(max=2000)])


class DeMinimisForm(FlaskForm):
    received_on = DateField(_l("De minimis declaration received on"),
                            validators=[InputRequired(message=_l("Give the date.")),
                                        plausible_date])


class ChangeForm(FlaskForm):
    kind = RadioField(_l("What changes"), choices=enum_choices(ChangeKind),
                      validators=[InputRequired(message=_l("Choose what changes."))])
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Give the reason for the change.")), Length(max=LONG)])
    new_ends_on = DateField(_l("New end date of the pilot"), validators=[Optional(), plausible_date])
    milestone_id = SelectField(_l("Milestone whose due date changes"), coerce=int,
                               validate_choice=True)
    new_due_on = DateField(_l("New due date of that milestone"),
                           validators=[Optional(), plausible_date])
    new_amount = money(_l("New amount of the award, in euro"))
    scope = TextAreaField(_l("The change of scope"), validators=[Length(max=LONG)])


class DecideChangeForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[
        SelectChoice("accept", _l("Accept the change")),
        SelectChoice("decline", _l("Decline the change"))],
        validators=[InputRequired(message=_l("Choose a decision."))])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class KpiForm(FlaskForm):
    name = StringField(_l("What is measured"), validators=[
        DataRequired(message=_l("Name what is measured.")), Length(max=200)],
        description=_l("For example: litter complaints per month in the pilot area."))
    unit = StringField(_l("Unit"), validators=[Length(max=60)])
    baseline = DecimalCommaField(_l("Baseline"), places=None, validators=[
        InputRequired(message=NOT_A_NUMBER), finite, MEASURE_RANGE])
    target = DecimalCommaField(_l("Target"), places=None, validators=[
        InputRequired(message=NOT_A_NUMBER), finite, MEASURE_RANGE])
    method = TextAreaField(_l("How it is measured"), validators=[Length(max=2000)])


class KpiValueForm(FlaskForm):
    kpi_id = SelectField(_l("KPI"), coerce=int, validate_choice=True)
    measured_on = DateField(_l("Measured on"), validators=[
        InputRequired(message=_l("Give the date.")), plausible_date])
    value = StringField(_l("Value"), validators=[
        DataRequired(message=NOT_A_NUMBER), Length(max=40)])
    note = StringField(_l("Note (public)"), validators=[Length(max=500)])


class EvaluationForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=enum_choices(Outcome),
                         validators=[InputRequired(message=_l("Choose the outcome."))])
    summary = TextAreaField(_l("What happened, in short"), validators=[Length(max=LONG)])
    what_worked = TextAreaField(_l("What worked"), validators=[Length(max=LONG)])
    what_did_not = TextAreaField(_l("What did not work, and why"), validators=[Length(max=LONG)])
    final_cost = money(_l("Cost in the end, in euro"))
    kpi_result = TextAreaField(_l("The KPIs against their targets"),
                               validators=[Length(max=LONG)])
    do_differently = TextAreaField(_l("What the municipality would do differently"),
                                   validators=[Length(max=LONG)])
    other_municipalities = TextAreaField(_l("Could the solution serve other municipalities?"),
                                         validators=[Length(max=LONG)])


class ParticipantViewForm(FlaskForm):
    participant_view = TextAreaField(_l("Your view of the pilot (public)"), validators=[
        DataRequired(message=_l("Write your view of the pilot.")), Length(max=LONG)])


class DropForm(FlaskForm):
    reason = TextAreaField(_l("Why the pilot is dropped (public)"), validators=[
        DataRequired(message=_l("Explain why this pilot is dropped.")), Length(max=2000)])


class DocumentForm(FlaskForm):
    file = FileField(_l("Contract document"), validators=[
        FileRequired(message=_l("Choose a file."))])
