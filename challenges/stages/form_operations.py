"""Changing a submission form: add, edit, reorder and remove its questions.

A form is locked once a proposal was submitted through it (in its stage, or in the
challenge without stages): the teams answered it as it was. A change after that is saved
only when the organiser confirmed this very change (`confirmed` names its digest), and it is
then announced on the challenge page (a ChangeNotice) and emailed to every team with a
draft or a submission in that stage, through the same change-notice machinery as a change
of the rules (challenges.challenges.changes). Each public function is one action, in the
event record, and owns its commit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select

from challenges import events
from challenges.accounts.models import User
from challenges.challenges import changes
from challenges.challenges.models import Challenge, ChangeNotice
from challenges.challenges.stages import ChallengeStage, FormQuestion, StageEntry
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.submissions.models import Proposal, ProposalStatus, TeamMember

events.describe({
    "form_question_added": _l("Question added to a submission form"),
    "form_question_changed": _l("Question of a submission form changed"),
    "form_question_moved": _l("Questions of a submission form reordered"),
    "form_question_removed": _l("Question removed from a submission form"),
})

QUESTIONS_MAX = 60


@dataclass(frozen=True)
class FormChange:
    """What a change to a locked form is, for its confirmation page."""

    action: str         # "added", "changed", "moved", "removed"
    label: str
    digest: str
    recipients: int


class ConfirmFormChange(Exception):
    def __init__(self, change: FormChange):
        super().__init__("confirm the change of a locked form")
        self.change = change


def _stage_clause(stage: ChallengeStage | None):
    return (FormQuestion.stage_id == stage.id if stage is not None
            else FormQuestion.stage_id.is_(None))


def is_locked(challenge: Challenge, stage: ChallengeStage | None) -> bool:
    """A proposal was submitted through this form (one query)."""
    if stage is not None:
        return bool(db.session.scalar(select(exists().where(
            StageEntry.stage_id == stage.id, StageEntry.submitted_at.is_not(None)))))
    return bool(db.session.scalar(select(exists().where(
        Proposal.challenge_id == challenge.id, Proposal.stage_id.is_(None),
        Proposal.submitted_at.is_not(None)))))


def teams_in(challenge: Challenge, stage: ChallengeStage | None) -> list[User]:
    """The authors and accepted co-authors of every proposal in the stage (or challenge)
    with a draft or a submission: not withdrawn. One query."""
    live = and_(Proposal.challenge_id == challenge.id,
                Proposal.status != ProposalStatus.WITHDRAWN,
                Proposal.stage_id == stage.id if stage is not None
                else Proposal.stage_id.is_(None))
    authors = select(Proposal.author_id).where(live)
    co_authors = (select(TeamMember.user_id).join(Proposal, TeamMember.proposal_id == Proposal.id)
                  .where(live, TeamMember.accepted_at.is_not(None),
                         TeamMember.user_id.is_not(None)))
    people = db.session.scalars(select(User).where(
        or_(User.id.in_(authors), User.id.in_(co_authors))).order_by(User.id))
    return [user for user in people if user.is_active]


def _digest(action: str, subject: object, data: object) -> str:
    text = json.dumps([action, subject, data], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _labels(question: FormQuestion) -> dict[str, str]:
    """The question's label in each language (its own where it has no translation)."""
    return {language: ((question.translations or {}).get(language) or {}).get("label")
            or question.label for language in ("nl", "en")}


def _announce(challenge: Challenge, stage: ChallengeStage | None, action: str,
              question: FormQuestion, now: datetime) -> int:
    """The public notice in both languages, and one email per person concerned."""
    texts: dict[str, list[str]] = {}
    labels = _labels(question)
    for language in ("nl", "en"):
        label = labels[language]
        with force_locale(language):
            what = {"added": _("a question was added: “%(label)s”.", label=label),
                    "changed": _("the question “%(label)s” changed.", label=label),
                    "moved": _("the order of the questions changed."),
                    "removed": _("the question “%(label)s” was removed.", label=label)}[action]
            if stage is not None:
                name = (stage.name if language == challenge.language
                        else (stage.name_translations or {}).get(language) or stage.name)
                texts[language] = [_("The form of the stage “%(stage)s” changed: %(what)s",
                                     stage=name, what=what)]
            else:
                texts[language] = [_("The proposal form changed: %(what)s", what=what)]
    db.session.add(ChangeNotice(challenge=challenge, text_nl=texts["nl"][0],
                                text_en=texts["en"][0]))
    people = teams_in(challenge, stage)
    # No deadline and no rule changed: the email says the rules changed, with this notice.
    changes.email_people(challenge, changes.RuleChange(challenge.closes_at, challenge.closes_at,
                                                       ()), people, texts)
    if stage is not None:
        stage.form_changed_at = now
    return len(people)


def _guard(challenge: Challenge, stage: ChallengeStage | None, action: str, label: str,
           digest: str, confirmed: str | None) -> bool:
    """Whether the change must be announced; refuses it until it is confirmed."""
    if not is_locked(challenge, stage):
        return False
    if confirmed != digest:
        db.session.rollback()
        raise ConfirmFormChange(FormChange(action, label, digest,
                                           len(teams_in(challenge, stage))))
    return True


def _texts(question: FormQuestion, challenge: Challenge, data: dict) -> None:
    main = challenge.language or "nl"
    other = "en" if main == "nl" else "nl"
    question.kind = data["kind"]
    question.label = data["label"][main][:300]
    question.help_text = data["help"][main]
    translated = {k: v for k, v in (("label", data["label"][other]),
                                    ("help", data["help"][other])) if v}
    question.translations = {other: translated} if translated else {}
    question.required = data["required"]
    question.visibility = data["visibility"]
    question.settings = _with_choice_keys(question.settings or {}, data["settings"])


def _with_choice_keys(before: dict, settings: dict) -> dict:
    """Each choice keeps the key the answers name it by while its text stays the same (in
    either language); a new choice gets a new key."""
    if "choices" not in settings:
        return settings
    old = before.get("choices") or []
    used = {c.get("key") for c in old}
    counter = len(old)
    choices: list[dict] = []
    for choice in settings["choices"]:
        match = next((c for c in old if c.get("key") and any(
            choice.get(lang) and choice.get(lang) == c.get(lang) for lang in ("nl", "en"))),
            None)
        if match is not None and match["key"] in used:
            key = match["key"]
            used.discard(key)
        else:
            counter += 1
            key = f"c{counter}"
            while any(c.get("key") == key for c in old) or any(
                    c["key"] == key for c in choices):
                counter += 1
                key = f"c{counter}"
        choices.append({"key": key, **choice})
    return {**settings, "choices": choices}


def add_question(challenge: Challenge, stage: ChallengeStage | None, data: dict, by: User,
                 confirmed: str | None = None) -> FormQuestion:
    count = db.session.scalar(select(func.count(FormQuestion.id)).where(
        FormQuestion.challenge_id == challenge.id, _stage_clause(stage))) or 0
    if count >= QUESTIONS_MAX:
        raise Refused({"_": _("A form can have at most %(n)d questions.", n=QUESTIONS_MAX)})
    main = challenge.language or "nl"
    announce = _guard(challenge, stage, "added", data["label"][main],
                      _digest("added", stage.id if stage else None, data), confirmed)
    last = db.session.scalar(select(func.max(FormQuestion.position)).where(
        FormQuestion.challenge_id == challenge.id, _stage_clause(stage))) or 0
    question = FormQuestion(challenge_id=challenge.id, stage_id=stage.id if stage else None,
                            position=last + 1, settings={})
    _texts(question, challenge, data)
    db.session.add(question)
    emailed = _announce(challenge, stage, "added", question, utcnow()) if announce else 0
    events.record("form_question_added", question, actor=by, challenge=challenge,
                  kind=question.kind, stage=stage.id if stage else None, emailed=emailed)
    db.session.commit()
    return question


def update_question(question: FormQuestion, data: dict, by: User,
                    confirmed: str | None = None) -> None:
    challenge = db.session.get(Challenge, question.challenge_id)
    assert challenge is not None
    stage = question.stage
    announce = _guard(challenge, stage, "changed", question.label,
                      _digest("changed", question.id, data), confirmed)
    _texts(question, challenge, data)
    emailed = _announce(challenge, stage, "changed", question, utcnow()) \
        if announce else 0
    events.record("form_question_changed", question, actor=by, challenge=challenge,
                  emailed=emailed)
    db.session.commit()


def move_question(question: FormQuestion, direction: str, by: User,
                  confirmed: str | None = None) -> None:
    """One place up or down; at the top (or bottom) nothing changes."""
    challenge = db.session.get(Challenge, question.challenge_id)
    assert challenge is not None
    stage = question.stage
    siblings = list(db.session.scalars(select(FormQuestion).where(
        FormQuestion.challenge_id == challenge.id, _stage_clause(stage))
        .order_by(FormQuestion.position, FormQuestion.id)))
    index = siblings.index(question)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    announce = _guard(challenge, stage, "moved", question.label,
                      _digest("moved", question.id, direction), confirmed)
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        item.position = position
    emailed = _announce(challenge, stage, "moved", question, utcnow()) if announce else 0
    events.record("form_question_moved", question, actor=by, challenge=challenge,
                  direction=direction, emailed=emailed)
    db.session.commit()


def remove_question(question: FormQuestion, by: User, confirmed: str | None = None) -> None:
    """The question and its answers go (files sent as answers too)."""
    challenge = db.session.get(Challenge, question.challenge_id)
    assert challenge is not None
    stage = question.stage
    announce = _guard(challenge, stage, "removed", question.label,
                      _digest("removed", question.id, None), confirmed)
    emailed = _announce(challenge, stage, "removed", question, utcnow()) \
        if announce else 0
    events.record("form_question_removed", question, actor=by, challenge=challenge,
                  label=question.label, emailed=emailed)
    db.session.delete(question)
    db.session.commit()
