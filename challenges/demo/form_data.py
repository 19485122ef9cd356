"""The proposal form of an open one-round challenge with questions of its own (one of them
private) and the answers of its two submitted proposals: sign in as
pieter.vermeulen@brugge.demo to edit the form, or as founder@slimparkeren.demo to answer."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from challenges.challenges.models import Challenge
from challenges.challenges.stages import (
    FormQuestion,
    ProposalAnswer,
    QuestionKind,
    QuestionVisibility,
)
from challenges.extensions import db
from challenges.submissions.models import Proposal

SLUG = "brugge-leveringen-binnenstad"
# (kind, label nl, label en, help nl, required, private, settings)
QUESTIONS = [
    (QuestionKind.NUMBER, "Hoeveel leveringen per dag verwacht u in de proefzones?",
     "How many deliveries a day do you expect in the trial zones?",
     "Een schatting volstaat.", True, False, {"min": "0", "max": "100000"}),
    (QuestionKind.CHOICE_ONE, "Welke voertuigen gebruikt uw oplossing?",
     "Which vehicles does your solution use?", "", True, False,
     {"choices": [{"key": "c1", "nl": "Bestelwagens", "en": "Vans"},
                  {"key": "c2", "nl": "Cargofietsen", "en": "Cargo bikes"},
                  {"key": "c3", "nl": "Geen eigen voertuigen", "en": "No vehicles of our own"}]}),
    (QuestionKind.LONG_TEXT, "Hoe meet u het effect op het fietspad?",
     "How do you measure the effect on the cycle lane?", "Hoogstens 120 woorden.", False,
     False, {"word_limit": 120}),
    (QuestionKind.SHORT_TEXT, "Telefoonnummer van de contactpersoon",
     "Phone number of the contact person", "Alleen de stad ziet dit nummer.", True, True, {}),
]
# Per proposal author: the answers, in the order of QUESTIONS.
ANSWERS: dict[str, list[str | None]] = {
    "founder@slimparkeren.demo": [
        "240", "c3",
        "Een telpaal aan het begin en het einde van elke proefstraat telt de fietsers, en de "
        "sensoren tellen hoe vaak een bestelwagen buiten een zone stond.",
        "0470 12 34 56"],
    "sales@cleantech.demo": ["900", "c2", None, "050 44 55 66"],
}


def load_form(challenges: dict[str, Challenge]) -> None:
    challenge = challenges.get(SLUG)
    if challenge is None or db.session.scalar(
            select(FormQuestion.id).where(FormQuestion.challenge_id == challenge.id)):
        return
    questions = []
    for position, (kind, nl, en, help_nl, required, private, settings) in enumerate(
            QUESTIONS, start=1):
        question = FormQuestion(
            challenge_id=challenge.id, position=position, kind=kind, label=nl,
            help_text=help_nl, translations={"en": {"label": en}}, required=required,
            visibility=QuestionVisibility.PRIVATE if private else QuestionVisibility.JURY,
            settings=settings)
        db.session.add(question)
        questions.append(question)
    db.session.flush()
    proposals = db.session.scalars(select(Proposal).where(Proposal.challenge_id == challenge.id))
    for proposal in proposals:
        values = ANSWERS.get(proposal.author.email) or []
        for question, value in zip(questions, values, strict=False):
            if value is not None:
                proposal.answers.append(ProposalAnswer(question_id=question.id, value=value))


def form_lines() -> Iterator[str]:
    yield (f"Submission form with questions of its own: /manage/challenges/{SLUG}/form "
           "(pieter.vermeulen@brugge.demo); the answers, the phone number marked private, on "
           "the organisers' proposal pages.")
