"""A change of deadline or rules to a published challenge: what changed, who is told.

The organiser confirms such a change before it is saved (the teams plan by the deadline and
accepted the rules when they submitted), and once it is, every person concerned gets one
email in their own language: the authors and co-authors of every proposal that is not
withdrawn, and everyone who asked a question. The domains above this one (submissions,
questions) name their people in CHANGE_AUDIENCES, as the challenge domain cannot import them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from challenges.accounts.models import User
from challenges.challenges.models import RULE_LABELS, Challenge
from challenges.links import external_url
from challenges.notifications.operations import queue_email

# Each takes the challenge and answers the users it concerns (a fixed number of queries).
CHANGE_AUDIENCES: list[Callable[[Challenge], Iterable[User]]] = []


def _comparable(value):
    """Values as a change is judged: texts without the browser's carriage returns and outer
    spaces, lists without their order."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, list | tuple | set):
        return sorted(str(v) for v in value)
    return value


def rule_values(challenge: Challenge) -> dict:
    values = {name: _comparable(getattr(challenge, name)) for name in RULE_LABELS
              if name not in ("audience", "criteria")}
    values["audience"] = sorted(k.value for k in challenge.audience)
    values["criteria"] = [(c.name, c.description.replace("\r\n", "\n"), c.weight,
                           c.minimum_score) for c in challenge.criteria]
    return values


@dataclass(frozen=True)
class RuleChange:
    """What a save would change that the teams must hear of."""

    old_deadline: datetime | None
    new_deadline: datetime | None
    rules: tuple[str, ...]  # names in RULE_LABELS, in their order
    recipients: int = 0

    @classmethod
    def between(cls, before: dict, after: dict, deadline_before: datetime | None,
                deadline_after: datetime | None, recipients: int = 0) -> RuleChange:
        rules = tuple(name for name in RULE_LABELS if before[name] != after[name])
        return cls(deadline_before, deadline_after, rules, recipients)

    def __bool__(self) -> bool:
        return self.deadline_changed or bool(self.rules)

    @property
    def deadline_changed(self) -> bool:
        return self.old_deadline != self.new_deadline

    @property
    def earlier(self) -> bool:
        return bool(self.deadline_changed and self.old_deadline and self.new_deadline
                    and self.new_deadline < self.old_deadline)

    def in_the_past(self, now: datetime) -> bool:
        return bool(self.deadline_changed and self.new_deadline and self.new_deadline <= now)

    @property
    def labels(self) -> list[str]:
        return [str(RULE_LABELS[name]) for name in self.rules]

    @property
    def digest(self) -> str:
        """Names this very change: the confirmation counts for it only, not for a form
        changed again afterwards or a deadline someone else moved in the meantime."""
        text = json.dumps([str(self.old_deadline), str(self.new_deadline), self.rules])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class NeedsConfirmation(Exception):
    def __init__(self, change: RuleChange):
        super().__init__("confirm the change")
        self.change = change


def people_concerned(challenge: Challenge) -> list[User]:
    """Everyone concerned, each once, in a stable order; accounts that can no longer read
    their mail here (deleted, suspended) are left out."""
    people: dict[int, User] = {}
    for audience in CHANGE_AUDIENCES:
        for user in audience(challenge):
            if user.is_active:
                people.setdefault(user.id, user)
    return sorted(people.values(), key=lambda u: u.id)


def email_people(challenge: Challenge, change: RuleChange, people: list[User],
                 notices: dict[str, list[str]]) -> None:
    """One email per person, in their language (added to the caller's transaction)."""
    subject = (_l("New deadline for %(title)s", title=challenge.reader_title)
               if change.deadline_changed
               else _l("The rules of %(title)s changed", title=challenge.reader_title))
    link = external_url("challenges.detail", slug=challenge.slug)
    for user in people:
        language = user.language if user.language in notices else "nl"
        queue_email(user.email, language, "challenge_changed", subject, user=user,
                    challenge=challenge, change=change, notices=notices[language], link=link)
