from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

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
