"""The stage editor's form: one stage, its texts in both languages, its dates in Brussels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Length, Optional, ValidationError

from challenges.challenges.models import Challenge
from challenges.challenges.stages import ChallengeStage, StageKind
from challenges.forms import enum_choices, plausible_date
from challenges.stages.operations import OPTIONAL_FIELDS
from challenges.timezones import brussels_to_utc, utc_to_brussels

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# The labels of the built-in proposal fields, as the proposal form names them.
FIELD_LABELS = {
    "description": _l("Your solution"),
    "approach": _l("How it answers the challenge"),
    "impact": _l("Expected impact"),
    "cost_estimate": _l("Estimated cost of a proof of concept"),
    "timeline": _l("Timeline for a proof of concept"),
    "team_description": _l("The team"),
}


class StageForm(FlaskForm):
    kind = RadioField(_l("Kind of stage"), default=StageKind.SUBMISSION.value,
                      choices=lambda: enum_choices(StageKind),
                      validate_choice=True)
    name_nl = StringField(_l("Name in Dutch"), validators=[Length(max=120)],
                          description=_l("Shown on the timeline, e.g. “Idee” or “Volledig voorstel”."))
    name_en = StringField(_l("Name in English"), validators=[Length(max=120)],
                          description=_l("E.g. “Idea” or “Full proposal”."))
    description_nl = TextAreaField(_l("What happens in this stage (Dutch)"),
                                   validators=[Length(max=2000)])
    description_en = TextAreaField(_l("What happens in this stage (English)"),
                                   validators=[Length(max=2000)])
    opens_at = DateTimeLocalField(_l("Opens at"), format=DATETIME_FORMAT,
                                  validators=[Optional(), plausible_date],
                                  description=_l("Brussels time."))
    closes_at = DateTimeLocalField(_l("Deadline"), format=DATETIME_FORMAT,
                                   validators=[Optional(), plausible_date],
                                   description=_l("Brussels time. Required for a submission "
                                                  "round; a screening may leave it empty."))
    blind = BooleanField(_l("Blind assessment: the jury does not see the teams' names"),
                         default=True)
    builtin_fields = SelectMultipleField(
        _l("What the proposal form asks in this stage"),
        choices=lambda: [SelectChoice(name, FIELD_LABELS[name]) for name in OPTIONAL_FIELDS],
        description=_l("The title and the short summary are always asked."))

    def __init__(self, challenge: Challenge, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.main_language = challenge.language or "nl"

    def validate_name_nl(self, field):
        if self.main_language == "nl" and not (field.data or "").strip():
            raise ValidationError(_l("Give the stage a name."))

    def validate_name_en(self, field):
        if self.main_language == "en" and not (field.data or "").strip():
            raise ValidationError(_l("Give the stage a name."))

    def data_for_operation(self) -> dict:
        main, other = self.main_language, ("en" if self.main_language == "nl" else "nl")
        names = {"nl": (self.name_nl.data or "").strip(), "en": (self.name_en.data or "").strip()}
        texts = {"nl": (self.description_nl.data or "").strip(),
                 "en": (self.description_en.data or "").strip()}
        return {
            "kind": StageKind(self.kind.data), "name": names[main],
            "name_translations": {other: names[other]},
            "description": texts[main], "description_translations": {other: texts[other]},
            "opens_at": brussels_to_utc(self.opens_at.data),
            "closes_at": brussels_to_utc(self.closes_at.data),
            "blind": bool(self.blind.data), "builtin_fields": list(self.builtin_fields.data or ()),
        }

    def fill(self, stage: ChallengeStage) -> None:
        main, other = self.main_language, ("en" if self.main_language == "nl" else "nl")
        self.kind.data = stage.kind.value
        getattr(self, f"name_{main}").data = stage.name
        getattr(self, f"name_{other}").data = (stage.name_translations or {}).get(other, "")
        getattr(self, f"description_{main}").data = stage.description
        getattr(self, f"description_{other}").data = \
            (stage.description_translations or {}).get(other, "")
        self.opens_at.data = _naive(stage.opens_at)
        self.closes_at.data = _naive(stage.closes_at)
        self.blind.data = stage.blind
        self.builtin_fields.data = [f for f in OPTIONAL_FIELDS
                                    if stage.builtin_fields is None or f in stage.builtin_fields]


def _naive(value):
    return utc_to_brussels(value).replace(tzinfo=None) if value else None


def new_stage_form(challenge: Challenge, prefix: str = "", **kwargs) -> StageForm:
    form = StageForm(challenge, prefix=prefix, **kwargs)
    if not form.is_submitted():
        form.builtin_fields.data = list(OPTIONAL_FIELDS)
    return form
