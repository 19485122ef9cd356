"""The organiser's form for one question of a submission form."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from challenges.challenges.stages import QuestionKind, QuestionVisibility
from challenges.forms import enum_choices
from challenges.numbers import parse_number, plain_number
from challenges.submissions.answer_checks import FILE_TYPES

LABEL_MAX = 300
HELP_MAX = 2000
CHOICES_MAX = 50
WORD_LIMIT_MAX = 20000


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Type of answer"), choices=enum_choices(QuestionKind),
        validators=[DataRequired(message=_l("Choose the type of answer."))])
    label_nl = StringField(_l("Question (Dutch)"), validators=[Length(max=LABEL_MAX)])
    label_en = StringField(_l("Question (English)"), validators=[Length(max=LABEL_MAX)])
    help_nl = TextAreaField(_l("Help text (Dutch)"), validators=[Length(max=HELP_MAX)])
    help_en = TextAreaField(_l("Help text (English)"), validators=[Length(max=HELP_MAX)])
    required = BooleanField(_l("An answer is required to submit"))
    visibility = RadioField(_l("Who reads the answers"), default=QuestionVisibility.JURY.value,
                            choices=[SelectChoice(QuestionVisibility.JURY.value,
                                                  _l("Shown to the jury (and to the public "
                                                     "where proposals are public)")),
                                     SelectChoice(QuestionVisibility.PRIVATE.value,
                                                  _l("Private: the organisation only (a "
                                                     "phone number, budget details)"))])
    word_limit = IntegerField(_l("Word limit (long text)"), validators=[
        Optional(), NumberRange(min=1, max=WORD_LIMIT_MAX,
                                message=_l("Enter a number from 1 to %(n)d.",
                                           n=WORD_LIMIT_MAX))])
    number_min = StringField(_l("Lowest number allowed"), validators=[Length(max=30)])
    number_max = StringField(_l("Highest number allowed"), validators=[Length(max=30)])
    choices = TextAreaField(
        _l("Choices, one per line"), validators=[Length(max=10000)],
        description=_l("Write each choice as “Dutch | English”, or in one language only."))
    file_types = SelectMultipleField(_l("File types allowed"), choices=[
        SelectChoice(ext, ext.upper()) for ext in sorted(set(FILE_TYPES.values()))],
        validate_choice=True)
    max_mb = IntegerField(_l("Largest file, in MB"), validators=[Optional()])

    def __init__(self, *args, main_language: str = "nl", max_mb: int = 10, **kwargs):
        super().__init__(*args, **kwargs)
        self.main_language = main_language
        self.platform_mb = max_mb
        self.max_mb.description = _l("At most %(n)d MB, the limit of this challenge.", n=max_mb)
        self[f"label_{main_language}"].flags.required = True

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        main = self[f"label_{self.main_language}"]
        if not (main.data or "").strip():
            main.errors = [*main.errors, str(_l("Write the question."))]
            valid = False
        kind = self.kind.data
        if kind == QuestionKind.NUMBER.value:
            bounds: list[Decimal | None] = []
            for field in (self.number_min, self.number_max):
                text = (field.data or "").strip()
                if not text:
                    bounds.append(None)
                    continue
                try:
                    bounds.append(parse_number(text))
                except (InvalidOperation, ValueError):
                    field.errors = [*field.errors, str(_l("Enter a number."))]
                    valid = False
                    bounds.append(None)
            low, high = bounds
            if low is not None and high is not None and low > high:
                self.number_max.errors = [*self.number_max.errors, str(
                    _l("The highest number must not be lower than the lowest."))]
                valid = False
        if kind in (QuestionKind.CHOICE_ONE.value, QuestionKind.CHOICE_MANY.value):
            lines = self.choice_lines()
            if len(lines) < 2:
                self.choices.errors = [*self.choices.errors,
                                       str(_l("Give at least two choices."))]
                valid = False
            elif len(lines) > CHOICES_MAX:
                self.choices.errors = [*self.choices.errors, str(
                    _l("Give at most %(n)d choices.", n=CHOICES_MAX))]
                valid = False
        if kind == QuestionKind.FILE.value and self.max_mb.data is not None \
                and not 1 <= self.max_mb.data <= self.platform_mb:
            self.max_mb.errors = [*self.max_mb.errors, str(
                _l("Enter a size from 1 to %(n)d MB.", n=self.platform_mb))]
            valid = False
        return valid

    def choice_lines(self) -> list[dict[str, str]]:
        """The choices typed, as {"nl": ..., "en": ...} (a missing language left empty)."""
        found = []
        for line in (self.choices.data or "").splitlines():
            if not line.strip():
                continue
            first, _sep, second = line.partition("|")
            first, second = first.strip()[:200], second.strip()[:200]
            if self.main_language == "en" and not second:
                found.append({"nl": "", "en": first})
            else:
                found.append({"nl": first, "en": second})
        return found

    def question_data(self) -> dict:
        """Plain data for the operations."""
        kind = QuestionKind(self.kind.data)
        settings: dict = {}
        if kind == QuestionKind.LONG_TEXT and self.word_limit.data:
            settings["word_limit"] = self.word_limit.data
        if kind == QuestionKind.NUMBER:
            for key, field in (("min", self.number_min), ("max", self.number_max)):
                if (field.data or "").strip():
                    settings[key] = plain_number(parse_number(field.data or ""))
        if kind in (QuestionKind.CHOICE_ONE, QuestionKind.CHOICE_MANY):
            settings["choices"] = self.choice_lines()
        if kind == QuestionKind.FILE:
            settings["file_types"] = list(self.file_types.data or [])
            settings["max_mb"] = self.max_mb.data or self.platform_mb
        return {"kind": kind, "settings": settings,
                "label": {lang: (self[f"label_{lang}"].data or "").strip() for lang in ("nl", "en")},
                "help": {lang: (self[f"help_{lang}"].data or "").strip() for lang in ("nl", "en")},
                "required": bool(self.required.data),
                "visibility": QuestionVisibility(self.visibility.data
                                                 or QuestionVisibility.JURY.value)}

    def fill(self, question) -> None:
        """Show a saved question."""
        main, other = self.main_language, "en" if self.main_language == "nl" else "nl"
        translated = (question.translations or {}).get(other) or {}
        self.kind.data = question.kind.value
        self[f"label_{main}"].data, self[f"help_{main}"].data = question.label, question.help_text
        self[f"label_{other}"].data = translated.get("label", "")
        self[f"help_{other}"].data = translated.get("help", "")
        self.required.data = question.required
        self.visibility.data = question.visibility.value
        settings = question.settings or {}
        self.word_limit.data = settings.get("word_limit")
        self.number_min.data, self.number_max.data = settings.get("min"), settings.get("max")
        self.choices.data = "\n".join(
            " | ".join(t for t in (c.get(main, ""), c.get(other, "")) if t) if main == "nl"
            else " | ".join(t for t in (c.get("nl", ""), c.get("en", "")) if t)
            for c in settings.get("choices") or [])
        self.file_types.data = settings.get("file_types") or []
        self.max_mb.data = settings.get("max_mb")
