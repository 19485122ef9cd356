from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from challenges.challenges.forms import CriterionForm
from challenges.forms import plausible_date
from challenges.reuse.content import FIELDS, TEXTS
from challenges.reuse.operations import MAX_NOTE

MAX_CRITERIA = 6
DAYS = [Optional(), NumberRange(min=0, max=3650, message=_l("Enter a number of days from 0 "
                                                              "to 3650."))]


class PublishTemplateForm(FlaskForm):
    change_note = TextAreaField(
        _l("What changed (for a new revision)"), validators=[Length(max=MAX_NOTE)],
        description=_l("The adopters of the template read this next to the changes."))


def _text(name: str):
    limit = 200 if name == "title" else 500 if name in ("summary", "reward_text") else 20_000
    field = StringField if limit <= 500 else TextAreaField
    return field(FIELDS[name], validators=[Length(max=limit)])


class TemplateTextsForm(FlaskForm):
    """The template's own edit form: its texts, criteria and relative timeline; the rest
    (jury set-up, KPIs, route) comes from the source challenge's revision."""

    criteria = FieldList(FormField(CriterionForm), min_entries=MAX_CRITERIA,
                         max_entries=MAX_CRITERIA)
    open_days = IntegerField(_l("Days open for proposals"), validators=DAYS)
    jury_days = IntegerField(_l("Days from the deadline to the jury's decision"),
                             validators=DAYS)
    results_days = IntegerField(_l("Days from the deadline to the results"), validators=DAYS)
    pilot_days = IntegerField(_l("Length of the pilot in days"), validators=DAYS)
    change_note = TextAreaField(_l("What changed"), validators=[
        DataRequired(message=_l("Say what changed: the adopters read it.")),
        Length(max=MAX_NOTE)])


# WTForms' form class takes fields set on it after its definition (FormMeta.__setattr__).
for _name in TEXTS:
    setattr(TemplateTextsForm, _name, _text(_name))


class AdoptForm(FlaskForm):
    organisation = SelectField(_l("For the organisation"), choices=[],
                               validate_choice=False)
    opens_on = DateField(_l("The new challenge opens on"), validators=[
        DataRequired(message=_l("Choose the day the new challenge opens.")), plausible_date],
        description=_l("The deadline, the jury's decision and the results follow from the "
                       "template's timeline; you can change every date in the draft."))
    key = HiddenField()


class ReviewForm(FlaskForm):
    take = SelectMultipleField(_l("Take over"), choices=[], validate_choice=False,
                               widget=ListWidget(prefix_label=False),
                               option_widget=CheckboxInput())
