"""The answers to a form's own questions (challenges.challenges.stages.FormQuestion) in the
proposal form: one WTForms field per question, built when the form is, validated on the
server, saved beside the built-in texts and shown to whoever may read them.

The questions of a proposal are those of the stage it is in (or of the challenge, without
stages). A draft may leave any answer empty; a required answer is checked on submission,
as the built-in texts are. A private question's answer is the organisation's and the team's
only: `shown_answers` leaves it out for everyone else, and its file is refused by
ProposalAttachment.can_download.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    DateField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Length, Optional

from challenges import storage
from challenges.challenges.models import Challenge, reader_language
from challenges.challenges.stages import (
    ChallengeStage,
    FormQuestion,
    ProposalAnswer,
    QuestionKind,
)
from challenges.extensions import db
from challenges.forms import plausible_date
from challenges.numbers import parse_number, plain_number
from challenges.submissions.answer_checks import (
    FileAnswer,
    NumberAnswer,
    OneOf,
    WordLimit,
    allowed_types,
    max_file_bytes,
    web_address,
)
from challenges.submissions.models import Proposal, ProposalAttachment

SHORT_MAX = 500
LONG_MAX = 20000
URL_MAX = 2000
# A number nobody means, and more digits than a spreadsheet keeps: a typing mistake.
# The types a file question may allow: those the platform takes for any attachment.
PREFIX = "answer_"


def field_name(question: FormQuestion) -> str:
    return f"{PREFIX}{question.id}"


# Which questions --------------------------------------------------------------------------

def questions_of(challenge: Challenge, stage_id: int | None) -> list[FormQuestion]:
    """The questions of a stage's form, or of a one-round challenge's (one query)."""
    where = (FormQuestion.stage_id == stage_id if stage_id is not None
             else FormQuestion.stage_id.is_(None))
    return list(db.session.scalars(
        select(FormQuestion).where(FormQuestion.challenge_id == challenge.id, where)
        .order_by(FormQuestion.position, FormQuestion.id)))


def stage_id_for_new(challenge: Challenge) -> int | None:
    """A new proposal starts in the first stage (None without stages)."""
    stages = challenge.stages
    return stages[0].id if stages else None


def questions_for(proposal: Proposal) -> list[FormQuestion]:
    return questions_of(proposal.challenge, proposal.stage_id)


# Texts in the reader's language -----------------------------------------------------------

def _challenge_language(question: FormQuestion) -> str:
    # A question belongs to its challenge's form; the challenge is loaded with the page.
    challenge = db.session.get(Challenge, question.challenge_id)
    return (challenge.language if challenge is not None else None) or "nl"


def question_text(question: FormQuestion, name: str, main: str | None = None) -> str:
    """The label or help ("label", "help") in the reader's language where it is written."""
    main = main or _challenge_language(question)
    reader = reader_language() or main
    own = question.label if name == "label" else question.help_text
    if reader != main:
        other = ((question.translations or {}).get(reader) or {}).get(name, "")
        if other and other.strip():
            return other
    return own or ""


def choice_label(choice: dict, main: str = "nl") -> str:
    reader = reader_language() or main
    return (choice.get(reader) or "").strip() or choice.get(main) or choice.get("nl") \
        or choice.get("en") or ""


def choices_of(question: FormQuestion, main: str = "nl") -> list[SelectChoice]:
    return [SelectChoice(str(c.get("key")), choice_label(c, main))
            for c in (question.settings or {}).get("choices") or [] if c.get("key")]


# Fields -----------------------------------------------------------------------------------

def _field(question: FormQuestion, main: str, platform_mb: int):
    label = question_text(question, "label", main)
    help_text = question_text(question, "help", main)
    settings = question.settings or {}
    kind = question.kind
    kw: dict[str, Any] = {"description": help_text}
    if kind == QuestionKind.SHORT_TEXT:
        return StringField(label, validators=[Length(max=SHORT_MAX)], **kw)
    if kind == QuestionKind.LONG_TEXT:
        validators: list = [Length(max=LONG_MAX)]
        if settings.get("word_limit"):
            validators.append(WordLimit(int(settings["word_limit"])))
        return TextAreaField(label, validators=validators, **kw)
    if kind == QuestionKind.NUMBER:
        return StringField(label, validators=[NumberAnswer(settings.get("min"),
                                                           settings.get("max"))],
                           render_kw={"inputmode": "decimal"}, **kw)
    if kind == QuestionKind.CHOICE_ONE:
        choices = choices_of(question, main)
        return RadioField(label, choices=choices, validate_choice=False,
                          validators=[OneOf([c.value for c in choices])], **kw)
    if kind == QuestionKind.CHOICE_MANY:
        choices = choices_of(question, main)
        return SelectMultipleField(label, choices=choices, validate_choice=False,
                                   validators=[OneOf([c.value for c in choices])], **kw)
    if kind == QuestionKind.YES_NO:
        return RadioField(label, choices=[SelectChoice("yes", _l("Yes")),
                                                  SelectChoice("no", _l("No"))],
                          validate_choice=False, validators=[OneOf(["yes", "no"])], **kw)
    if kind == QuestionKind.DATE:
        return DateField(label, validators=[Optional(), plausible_date], **kw)
    if kind == QuestionKind.URL:
        return URLField(label, validators=[Length(max=URL_MAX), web_address], **kw)
    if kind == QuestionKind.FILE:
        return FileField(label, validators=[FileAnswer(allowed_types(question),
                                                       max_file_bytes(question, platform_mb))],
                         **kw)
    raise ValueError(kind)


def form_class(base: type, challenge: Challenge, questions: list[FormQuestion]) -> type:
    """`base` (the proposal form) with a field per question, after the built-in ones."""
    main = challenge.language or "nl"

    class WithAnswers(base):
        pass

    for question in questions:
        setattr(WithAnswers, field_name(question),
                _field(question, main, challenge.proposal_max_attachment_mb))
    WithAnswers.questions = questions
    return WithAnswers


def initial_data(proposal: Proposal | None, questions: list[FormQuestion]) -> dict:
    """What the fields show before anything is posted: the saved answers."""
    if proposal is None:
        return {}
    saved = {a.question_id: a for a in proposal.answers}
    data = {}
    for question in questions:
        answer = saved.get(question.id)
        if answer is None or answer.value is None:
            continue
        value = answer.value
        if question.kind == QuestionKind.YES_NO:
            value = "yes" if value else "no"
        elif question.kind == QuestionKind.DATE:
            try:
                value = date.fromisoformat(str(value))
            except ValueError:
                continue
        elif question.kind == QuestionKind.NUMBER:
            value = str(value)
        data[field_name(question)] = value
    return data


def submitted_values(form) -> tuple[dict[int, Any], dict[int, Any]]:
    """The answers as saved ({question id: JSON value or None}) and the checked files."""
    values: dict[int, Any] = {}
    files: dict[int, Any] = {}
    for question in getattr(form, "questions", []):
        field = form[field_name(question)]
        kind, data = question.kind, field.data
        if kind == QuestionKind.FILE:
            if getattr(field, "checked", None) is not None:
                files[question.id] = field.checked
            continue
        if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT, QuestionKind.URL):
            value: Any = (data or "").strip() or None
        elif kind == QuestionKind.NUMBER:
            text = (data or "").strip()
            value = plain_number(parse_number(text)) if text else None
        elif kind == QuestionKind.CHOICE_ONE:
            value = data if data not in (None, "", "None") else None
        elif kind == QuestionKind.CHOICE_MANY:
            value = [v for v in (data or []) if v] or None
        elif kind == QuestionKind.YES_NO:
            value = {"yes": True, "no": False}.get(data or "")
        elif kind == QuestionKind.DATE:
            value = data.isoformat() if data else None
        else:
            value = None
        values[question.id] = value
    return values, files


# Saving (helpers of the proposal operations: they flush, the operation commits) ----------

def apply(proposal: Proposal, values: dict[int, Any], files: dict[int, Any],
          by_id: int | None) -> None:
    """Save the answers to the questions of the proposal's current form; an id that is not
    one of them (another stage's, another challenge's) is ignored."""
    if not values and not files:
        return
    if proposal.id is None:
        db.session.add(proposal)
        db.session.flush()
    asked = {q.id for q in questions_for(proposal)}
    saved = {a.question_id: a for a in proposal.answers}
    for question_id, value in values.items():
        if question_id in asked:
            _set_value(proposal, saved, question_id, value)
    for question_id, checked in files.items():
        if question_id in asked:
            _set_file(proposal, saved, question_id, checked, by_id)
    db.session.flush()


def _set_value(proposal: Proposal, saved: dict, question_id: int, value: Any) -> None:
    answer = saved.get(question_id)
    if value is None:
        if answer is not None and answer.attachment_id is None:
            proposal.answers.remove(answer)
        return
    if answer is None:
        answer = saved[question_id] = ProposalAnswer(question_id=question_id)
        proposal.answers.append(answer)
    if answer.value != value:
        answer.value = value


def _set_file(proposal: Proposal, saved: dict, question_id: int, checked,
              by_id: int | None) -> None:
    """The file sent replaces the one sent before for the same question."""
    kept = ProposalAttachment(proposal_id=proposal.id, question_id=question_id,
                              filename=checked.filename, content_type=checked.content_type,
                              size=checked.size, file_sha256=storage.keep(checked.data),
                              uploaded_by_id=by_id)
    db.session.add(kept)
    db.session.flush()
    answer = saved.get(question_id)
    if answer is None:
        answer = saved[question_id] = ProposalAnswer(question_id=question_id)
        proposal.answers.append(answer)
    elif answer.attachment_id is not None:
        old = db.session.get(ProposalAttachment, answer.attachment_id)
        if old is not None:
            db.session.delete(old)
    answer.attachment_id = kept.id
    answer.value = checked.filename


def content(proposal: Proposal) -> dict[str, Any]:
    """The answers as a version keeps them ({question id: value})."""
    return {str(a.question_id): a.value for a in sorted(proposal.answers,
                                                        key=lambda a: a.question_id)}


def missing_answers(proposal: Proposal) -> dict[str, str]:
    """The required questions of the proposal's form it leaves unanswered."""
    answered = {a.question_id for a in proposal.answers
                if a.value not in (None, "", []) or a.attachment_id is not None}
    return {field_name(q): str(_l("Answer this question: %(label)s", label=question_text(
        q, "label", proposal.challenge.language)))
            for q in questions_for(proposal) if q.required and q.id not in answered}


# Reading ----------------------------------------------------------------------------------

@dataclass
class ShownAnswer:
    question: FormQuestion
    label: str
    kind: QuestionKind
    value: Any
    attachment: ProposalAttachment | None
    private: bool


def shown_answers(proposal: Proposal, include_private: bool,
                  stages: list[ChallengeStage] | None = None) -> list[ShownAnswer]:
    """The proposal's answers in the order of the forms (stage, then question), each with
    its label and its value as read (choices by their label). `include_private` for the
    team and the organisation only. Uses the loaded answers and their questions."""
    main = proposal.challenge.language or "nl"
    order = {s.id: s.position for s in (stages if stages is not None
                                        else proposal.challenge.stages)}
    files = {a.id: a for a in proposal.answer_files}
    shown = []
    for answer in proposal.answers:
        question = answer.question
        if question.is_private and not include_private:
            continue
        value = answer.value
        if question.kind in (QuestionKind.CHOICE_ONE, QuestionKind.CHOICE_MANY):
            labels = {c.value: c.label for c in choices_of(question, main)}
            keys = value if isinstance(value, list) else [value]
            value = [labels.get(str(k), str(k)) for k in keys if k is not None]
        elif question.kind == QuestionKind.YES_NO:
            value = _l("Yes") if value else _l("No")
        elif question.kind == QuestionKind.DATE and value:
            try:
                value = date.fromisoformat(str(value))
            except ValueError:
                value = str(value)
        shown.append(ShownAnswer(question, question_text(question, "label", main),
                                 question.kind, value, files.get(answer.attachment_id or 0),
                                 question.is_private))
    shown.sort(key=lambda s: (order.get(s.question.stage_id or 0, 0), s.question.position,
                              s.question.id))
    return shown


def answer_as_text(item: ShownAnswer, attachment_url) -> str:
    """One cell of a spreadsheet."""
    if item.attachment is not None:
        return attachment_url(item.attachment)
    if isinstance(item.value, list):
        return "\n".join(str(v) for v in item.value)
    if isinstance(item.value, date):
        return item.value.isoformat()
    return "" if item.value is None else str(item.value)
