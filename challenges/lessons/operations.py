"""The lessons' rules: a record pre-filled from the platform's own data, completed and
published by the organiser; a published record (or "lessons not yet known" with a date to
revisit) before the challenge completes. Each public function is one user action: it records
an event and owns its commit."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from challenges import events
from challenges.accounts.models import User
from challenges.challenges import operations as challenge_operations
from challenges.challenges.models import RESULTS_OUT, Challenge
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.lessons.models import TEXTS, LessonsRecord, LessonsStatus
from challenges.lessons.queries import record_of
from challenges.pilots.models import Evaluation, Pilot, brussels_today

events.describe({
    "lessons_saved": _l("Lessons saved"),
    "lessons_published": _l("Lessons published"),
})

MAX_TEXT = 20_000


def _joined(texts: list[str]) -> str:
    return "\n\n".join(t.strip() for t in texts if (t or "").strip())


def prefilled(challenge: Challenge) -> LessonsRecord:
    """A new record (not added to the session) with what the platform already knows: the
    problem, the lessons written before there were records, the pilots' evaluations (what did
    not work, what worked, what others should know) and the challenge's contact."""
    evaluations = list(db.session.scalars(
        select(Evaluation).join(Pilot).where(Pilot.challenge_id == challenge.id)
        .order_by(Pilot.id)))
    contact = ", ".join(part for part in (challenge.contact_name, challenge.contact_email)
                        if part)
    return LessonsRecord(
        challenge=challenge, status=LessonsStatus.DRAFT, summary=challenge.lessons_learned or "",
        problem=challenge.problem or challenge.summary or "",
        what_was_new=challenge.expected_solutions or "",
        what_went_wrong=_joined([e.what_did_not for e in evaluations]),
        conditions=_joined([e.what_worked for e in evaluations]),
        legal_pitfalls="",
        transfer_potential=_joined([e.other_municipalities for e in evaluations]),
        contact=contact[:300], not_yet_known=False)


def publication_problems(data: dict, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if data.get("not_yet_known"):
        revisit = data.get("revisit_on")
        if revisit is None:
            problems["revisit_on"] = _("Say when you will come back to the lessons.")
        elif revisit <= today:
            problems["revisit_on"] = _("The date to revisit the lessons is in the future.")
    else:
        if not (data.get("summary") or "").strip():
            problems["summary"] = _("Write the lessons in brief, or say the lessons are not "
                                    "yet known.")
        if not (data.get("what_went_wrong") or "").strip():
            problems["what_went_wrong"] = _("Say what went wrong and why: a stopped pilot "
                                            "or a small setback teaches others the most.")
    for name in TEXTS:
        if len(data.get(name) or "") > MAX_TEXT:
            problems[name] = _("At most %(count)s characters.", count=MAX_TEXT)
    return problems


def save(challenge: Challenge, by: User, data: dict, publish: bool) -> LessonsRecord:
    """Save the organiser's texts; publish them too when asked. Published lessons stay
    published (and can still be corrected)."""
    if challenge.status not in RESULTS_OUT:
        raise Refused({"status": _("Lessons are recorded once the results are published.")})
    record = record_of(challenge)
    publish = publish or (record is not None and record.is_published)
    problems = publication_problems(data, brussels_today())
    if not publish:  # a draft may be incomplete, never too long
        problems = {name: message for name, message in problems.items()
                    if len(data.get(name) or "") > MAX_TEXT}
    if problems:
        raise Refused(problems)
    if record is None:
        record = prefilled(challenge)
        db.session.add(record)
    for name in TEXTS:
        setattr(record, name, (data.get(name) or "").strip())
    record.not_yet_known = bool(data.get("not_yet_known"))
    record.revisit_on = data.get("revisit_on") if record.not_yet_known else None
    newly = publish and not record.is_published
    if newly:
        record.status = LessonsStatus.PUBLISHED
        record.published_at = utcnow()
        record.published_by = by
    db.session.flush()
    events.record("lessons_published" if newly else "lessons_saved", record, actor=by,
                  challenge=challenge, not_yet_known=record.not_yet_known)
    db.session.commit()
    return record


def completion_problems(challenge: Challenge) -> dict[str, str]:
    """Published lessons (or "not yet known" with a date to revisit) before completing."""
    record = record_of(challenge)
    if record is not None and record.is_published:
        return {}
    return {"lessons": _("Publish the lessons of this challenge before completing it (they "
                         "may say the lessons are not yet known, with a date to revisit).")}


if completion_problems not in challenge_operations.COMPLETION_CHECKS:
    challenge_operations.COMPLETION_CHECKS.append(completion_problems)
