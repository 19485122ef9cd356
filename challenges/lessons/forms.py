from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Length, Optional

from challenges.forms import plausible_date
from challenges.lessons.models import TEXT_LABELS
from challenges.lessons.operations import MAX_TEXT


def _text(name: str, description=None) -> TextAreaField:
    return TextAreaField(TEXT_LABELS[name], validators=[Length(max=MAX_TEXT)],
                         description=description)


class LessonsForm(FlaskForm):
    summary = _text("summary", _l("What another municipality should remember. Markdown."))
    problem = _text("problem")
    what_was_new = _text("what_was_new")
    what_went_wrong = _text("what_went_wrong", _l("Stopped pilots teach as much as successes."))
    conditions = _text("conditions")
    legal_pitfalls = _text("legal_pitfalls")
    transfer_potential = _text(
        "transfer_potential",
        _l("Could serve municipalities of which size, with what (people, data, budget)?"))
    contact = StringField(TEXT_LABELS["contact"], validators=[Length(max=300)],
                          description=_l("Shown publicly: a name, a team, an address."))
    not_yet_known = BooleanField(_l("The lessons are not yet known"))
    revisit_on = DateField(_l("Date to revisit the lessons"),
                           validators=[Optional(), plausible_date])
    save = SubmitField(_l("Save as draft"))
    publish = SubmitField(_l("Publish the lessons"))


class PeerQuestionForm(FlaskForm):
    body = TextAreaField(_l("Your question"), validators=[
        DataRequired(message=_l("Write your question.")), Length(max=4000)],
        description=_l("For example: how did you handle the GDPR in the camera pilot?"))
    organisation_id = SelectField(_l("You ask for"), coerce=int, validate_choice=True)
    show_name = BooleanField(_l("Show my name with the question (otherwise only my "
                                "municipality is shown)"))


class PeerAnswerForm(FlaskForm):
    answer = TextAreaField(_l("Your answer"), validators=[
        DataRequired(message=_l("Write the answer.")), Length(max=10_000)],
        description=_l("Markdown."))
    visibility = RadioField(_l("Who reads the answer"), default="public", choices=[
        SelectChoice("public", _l("Everyone: shown on the lessons record with the question")),
        SelectChoice("private", _l("Only the person who asked: emailed to them, kept here "
                                   "for your organisation"))],
        validators=[DataRequired(message=_l("Choose who reads the answer."))])


def question_form(record, user, submitted: bool = True) -> PeerQuestionForm:
    """The question form, offering the municipalities the user may ask for."""
    form = PeerQuestionForm() if submitted else PeerQuestionForm(formdata=None)
    form.organisation_id.choices = [SelectChoice(o.id, o.name) for o in record.ask_as(user)]
    return form
