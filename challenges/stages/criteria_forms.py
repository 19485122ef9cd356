"""The form of a stage's own criteria: one row per criterion, its texts in both languages.
The rows follow the challenge's criteria form (challenges.challenges.forms.CriterionForm):
the same limits, a row emptied is a criterion removed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from challenges.challenges.models import Challenge, Criterion

MAX_CRITERIA = 10
EMPTY_ROWS = 2      # rows offered beyond the saved criteria, to add new ones
LANGUAGE_NAMES = {"nl": _l("Dutch"), "en": _l("English")}


class StageCriterionForm(Form):
    # The criterion the row edits; empty for a new one. Only ids of the stage's own criteria
    # are taken (criteria_operations.save), whatever is posted.
    criterion_id = HiddenField()
    name_nl = StringField(_l("Name in Dutch"), validators=[Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Length(max=200)])
    description_nl = TextAreaField(_l("What the jury looks at (Dutch)"),
                                   validators=[Length(max=2000)])
    description_en = TextAreaField(_l("What the jury looks at (English)"),
                                   validators=[Length(max=2000)])
    weight = IntegerField(_l("Weight (%)"), validators=[
        Optional(), NumberRange(min=0, max=100, message=_l("A weight is between 0 and 100."))])
    minimum_score = DecimalField(
        _l("Minimum score (optional)"), places=2, validators=[
            Optional(), NumberRange(min=0, max=10, message=_l("Enter a score from 0 to 10."))],
        description=_l("A proposal below this on this criterion is ranked after the others."))

    # The challenge's language, set by criteria_form: its name is the one required.
    main_language = "nl"

    def has_content(self) -> bool:
        return any((self[name].data or "").strip() for name in (
            "name_nl", "name_en", "description_nl", "description_en")) or \
            self.weight.data is not None or self.minimum_score.data is not None

    def validate_weight(self, field):
        if self.has_content() and field.data is None:
            raise ValidationError(_l("Give this criterion a weight."))

    def _validate_main_name(self, field, language: str):
        if language == self.main_language and self.has_content() and \
                not (field.data or "").strip():
            raise ValidationError(_l("Give this criterion a name in %(language)s, the "
                                     "language of the challenge, or empty the row.",
                                     language=LANGUAGE_NAMES[language]))

    def validate_name_nl(self, field):
        self._validate_main_name(field, "nl")

    def validate_name_en(self, field):
        self._validate_main_name(field, "en")

    def row(self) -> dict:
        """The row as criteria_operations.save takes it."""
        ident = (self.criterion_id.data or "").strip()
        return {
            "id": int(ident) if ident.isdigit() and len(ident) < 12 else None,
            "name": {"nl": (self.name_nl.data or "").strip(),
                     "en": (self.name_en.data or "").strip()},
            "description": {"nl": (self.description_nl.data or "").strip(),
                            "en": (self.description_en.data or "").strip()},
            "weight": self.weight.data, "minimum_score": self.minimum_score.data,
        }


class StageCriteriaForm(FlaskForm):
    criteria = FieldList(FormField(StageCriterionForm), min_entries=0,
                         max_entries=MAX_CRITERIA + EMPTY_ROWS)

    def rows(self) -> list[dict]:
        """The rows with something in them, in their order."""
        return [entry.form.row() for entry in self.criteria if entry.form.has_content()]


def _texts(criterion: Criterion, main: str) -> dict:
    other = "en" if main == "nl" else "nl"
    translated = criterion.texts_in(other)
    return {f"name_{main}": criterion.name, f"description_{main}": criterion.description,
            f"name_{other}": translated.get("name", ""),
            f"description_{other}": translated.get("description", "")}


def criteria_form(challenge: Challenge, criteria: list[Criterion]) -> StageCriteriaForm:
    """The form as posted, or filled from the saved criteria with empty rows to add more."""
    form = StageCriteriaForm()
    if not form.is_submitted():
        while len(form.criteria):
            form.criteria.pop_entry()
        for criterion in criteria:
            form.criteria.append_entry({
                "criterion_id": str(criterion.id), "weight": criterion.weight,
                "minimum_score": criterion.minimum_score,
                **_texts(criterion, challenge.language or "nl")})
        while len(form.criteria) < min(len(criteria) + EMPTY_ROWS, MAX_CRITERIA):
            form.criteria.append_entry()
    for entry in form.criteria:
        entry.form.main_language = challenge.language or "nl"
        for language in ("nl", "en"):
            for name in (f"name_{language}", f"description_{language}"):
                field = entry.form[name]
                field.render_kw = {**(field.render_kw or {}), "lang": language}
    return form
