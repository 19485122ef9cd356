"""The jury's audit trail (`/manage/challenges/<slug>/jury/audit`): the jury's events on a
challenge, and each event's details in the reader's language (criterion, juror and stage ids
become names)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from challenges import events
from challenges.challenges.models import Challenge, Criterion
from challenges.events import Event
from challenges.extensions import db
from challenges.i18n import readable
from challenges.jury.models import Jury, JuryMember, RankingView
from challenges.submissions.models import Proposal


def audit_events(challenge: Challenge, actions):
    """The jury's events on a challenge, newest first, as a query to paginate."""
    return (select(Event).where(Event.challenge_id == challenge.id,
                                Event.action.in_(list(actions)))
            .options(selectinload(Event.actor))
            .order_by(Event.created_at.desc(), Event.id.desc()))


def proposal_titles(ids: set[int]) -> dict[int, Proposal]:
    return {p.id: p for p in db.session.scalars(
        select(Proposal).where(Proposal.id.in_(ids or [0])))}


def members_of_juries(challenge: Challenge) -> dict[int, JuryMember]:
    """The members of every jury of the challenge (its stages' and its final one)."""
    return {m.id: m for m in db.session.scalars(
        select(JuryMember).join(Jury).where(Jury.challenge_id == challenge.id)
        .options(joinedload(JuryMember.user)))}


def criteria_names(challenge: Challenge) -> dict[int, str]:
    """Every criterion of the challenge by id: its own and its stages'."""
    return dict(db.session.execute(select(Criterion.id, Criterion.name).where(
        Criterion.challenge_id == challenge.id)).all())


DETAIL_LABELS = {
    "stage": _l("Stage"),
    "blind": _l("Blind review"),
    "scale": _l("Scale"),
    "view": _l("Authoritative view"),
    "assignment": _l("Assignment"),
    "email": _l("Email address"),
    "emails": _l("Email addresses"),
    "chair": _l("Chair"),
    "conflict": _l("Conflict of interest"),
    "reason": _l("Reason"),
    "criterion": _l("Criterion"),
    "old": _l("Old score"),
    "new": _l("New score"),
    "scores": _l("Scores"),
    "per_proposal": _l("Jurors per proposal"),
    "load": _l("Proposals per juror"),
    "assigned": _l("Assigned"),
    "shortlisted": _l("Shortlisted"),
    "place": _l("Place"),
    "award": _l("Award"),
    "amount": _l("Amount"),
    "honourable_mention": _l("Honourable mention"),
}


def action_label(action: str) -> str:
    return events.action_label(action)


def _plain(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if isinstance(value, str) and value in {v.value for v in RankingView}:
        return RankingView(value).label
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value) or "–"
    return readable(value)


def describe_event(event: Event, criteria: dict[int, str], members: dict[int, JuryMember],
                   stages: dict[int, str] | None = None) -> list[tuple[str, str]]:
    """An event's details as (label, text) pairs in the reader's language: criterion ids
    become criterion names, juror ids juror names and stage ids stage names."""

    def criterion(key) -> str:
        return criteria.get(int(key), str(key)) if str(key).isdigit() else str(key)

    def juror(key) -> str:
        member = members.get(int(key)) if str(key).isdigit() else None
        return member.name if member is not None else str(key)

    described = []
    for key, value in (event.changes or {}).items():
        if value is None:   # e.g. no reason when there is no conflict: nothing to say
            continue
        if key == "scores" and isinstance(value, dict):
            text = ", ".join(f"{criterion(k)}: {_plain(v)}" for k, v in value.items())
        elif key == "load" and isinstance(value, dict):
            text = ", ".join(f"{juror(k)}: {_plain(v)}" for k, v in value.items())
        elif key == "criterion":
            text = criterion(value)
        elif key == "stage" and stages and value in stages:
            text = stages[value]
        else:
            text = _plain(value)
        described.append((str(DETAIL_LABELS.get(key, key)), text))
    return described
