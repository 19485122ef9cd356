from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from challenges.questions.models import Question

BODY_MAX = 2000
ANSWER_MAX = 10000
REASON_MAX = 2000

# Prefix of the ask form, so that its field ids cannot clash with the page that includes it.
ASK_PREFIX = "question"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class AskForm(FlaskForm):
    body = TextAreaField(_l("Your question"), filters=[_strip], validators=[
        DataRequired(message=_l("Write your question.")),
        Length(max=BODY_MAX, message=_l("Keep your question under %(n)d characters.",
                                        n=BODY_MAX))],
        description=_l("Questions and answers are published for everyone, without your name. "
                       "Do not include personal or confidential information."))


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), filters=[_strip], validators=[
        DataRequired(message=_l("Write the answer.")),
        Length(max=ANSWER_MAX, message=_l("Keep the answer under %(n)d characters.",
                                          n=ANSWER_MAX))],
        description=_l("Published with the question on the challenge page. Markdown works."))


class MergeForm(FlaskForm):
    # Choices are the other questions of the challenge; the rule that the target belongs to
    # the same challenge is checked in merge(), which explains a wrong choice clearly.
    target = SelectField(_l("Duplicate of"), coerce=int, validate_choice=False, validators=[
        InputRequired(message=_l("Choose the question this one duplicates."))],
        description=_l("The asker is told where to find the answer."))


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[_strip], validators=[
        DataRequired(message=_l("Explain why the question is not answered.")),
        Length(max=REASON_MAX, message=_l("Keep the reason under %(n)d characters.",
                                          n=REASON_MAX))],
        description=_l("Sent to the asker only; a rejected question is not published."))


def ask_form(**kwargs) -> AskForm:
    return AskForm(prefix=ASK_PREFIX, **kwargs)


def answer_form(question: Question, **kwargs) -> AnswerForm:
    return AnswerForm(prefix=f"answer-{question.id}", **kwargs)


def merge_form(question: Question, candidates: list[Question], **kwargs) -> MergeForm:
    form = MergeForm(prefix=f"merge-{question.id}", **kwargs)
    form.target.choices = [(q.id, f"{q.shown_number}: {excerpt(q.body)}") for q in candidates]
    return form


def reject_form(question: Question, **kwargs) -> RejectForm:
    return RejectForm(prefix=f"reject-{question.id}", **kwargs)


def excerpt(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"
