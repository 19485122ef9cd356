from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, TextAreaField
from wtforms.validators import InputRequired, Length

from challenges.clarifications.operations import ANSWER_MAX, QUESTION_MAX
from challenges.forms import plausible_date

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class AskForm(FlaskForm):
    question = TextAreaField(
        _l("Question for the team"),
        description=_l("Every team member gets it by email. The jury reads the question and "
                       "the answer beside the proposal."),
        validators=[InputRequired(message=_l("Write the question for the team.")),
                    Length(max=QUESTION_MAX, message=_l("Use at most %(n)d characters.",
                                                    n=QUESTION_MAX))])
    reply_by = DateTimeLocalField(
        _l("Reply by"), format=DATETIME_FORMAT, description=_l("Brussels time."),
        validators=[InputRequired(message=_l("Give the date and time to reply by.")),
                    plausible_date])


class AnswerForm(FlaskForm):
    answer = TextAreaField(
        _l("Your answer"),
        validators=[InputRequired(message=_l("Write your answer.")), Length(max=ANSWER_MAX, message=_l("Use at most %(n)d characters.", n=ANSWER_MAX))])
    file = FileField(_l("Revised document (optional)"),
                     description=_l("PDF, an office document or an image. It is added to "
                                    "your proposal's attachments for the jury."))
