"""The organisers' stage editor: add, change, reorder and remove the rounds of a challenge.

The rules hold for the list as a whole, so each operation applies its change to the stages
and then judges the whole list (`list_problems`); a refusal rolls everything back and names
the field of the stage at fault. The challenge's own opening and deadline follow its stages
(the first opening, the last submission deadline), so the listing, the phase and the feeds
keep reading the challenge row alone.

Once the challenge is published, a changed deadline of a stage is confirmed by the organiser
and announced exactly as a change of the challenge's deadline is (challenges.changes).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_, select

from challenges import events
from challenges.accounts.models import User
from challenges.challenges import changes
from challenges.challenges.models import Challenge, ChallengeStatus, ChangeNotice, Criterion
from challenges.challenges.stages import ChallengeStage, StageEntry, StageKind
from challenges.errors import Refused
from challenges.extensions import db
from challenges.i18n import format_moment
from challenges.jury.models import Jury, JuryMember, jury_of_stage
from challenges.jury.operations import BLIND_CONTEST_MESSAGE, must_stay_blind
from challenges.submissions.models import CONTENT_FIELDS, Proposal

# What a stage's form always asks, and what the organiser may add to it.
ALWAYS_ASKED = ("title", "summary")
OPTIONAL_FIELDS = tuple(name for name in CONTENT_FIELDS if name not in ALWAYS_ASKED)

events.describe({
    "stage_added": _l("Stage added"),
    "stage_updated": _l("Stage changed"),
    "stage_moved": _l("Stage moved"),
    "stage_removed": _l("Stage removed"),
    "stages_removed": _l("Stages removed: one round again"),
})


def list_problems(stages: list[ChallengeStage]) -> dict[int, dict[str, str]]:
    """What is wrong with the stages in this order: {index in the list: {field: message}}."""
    problems: dict[int, dict[str, str]] = {}
    if len(stages) == 1:
        problems[0] = {"_": _("A challenge has at least two stages, or none: with a single "
                              "round, remove the stages.")}
    previous: ChallengeStage | None = None
    for index, stage in enumerate(stages):
        found: dict[str, str] = {}
        if stage.opens_at is None:
            found["opens_at"] = _("Choose when this stage opens.")
        if stage.kind == StageKind.SUBMISSION and stage.closes_at is None:
            found["closes_at"] = _("A submission stage needs a deadline.")
        if stage.opens_at and stage.closes_at and stage.closes_at <= stage.opens_at:
            found["closes_at"] = _("The deadline must come after the opening.")
        if index == 0 and stage.kind != StageKind.SUBMISSION:
            found["kind"] = _("The first stage is a submission round: proposals come in there.")
        if previous is not None and stage.opens_at and previous.opens_at and "opens_at" not in found:
            end = previous.closes_at or previous.opens_at
            if stage.opens_at <= previous.opens_at:
                found["opens_at"] = _("Stages follow each other: this one must open after the "
                                      "previous one opens (%(moment)s).",
                                      moment=format_moment(previous.opens_at))
            elif stage.opens_at < end:
                found["opens_at"] = _("Stages cannot overlap: this one opens before the previous "
                                      "one ends (%(moment)s).", moment=format_moment(end))
        if found:
            problems.setdefault(index, {}).update(found)
        previous = stage
    return problems


def _own_jury_work(challenge: Challenge) -> dict[int, tuple[str, str]]:
    """Per stage id, its name as the reader knows it now and what the organisers set up for
    its own jury, said in words ("2 criteria and a jury of 3 members"): its criteria and its
    jury's members (invited or not). Two queries, whatever the number of stages."""
    ids = [stage.id for stage in challenge.stages if stage.id is not None]
    if not ids:
        return {}
    criteria = dict(db.session.execute(
        select(Criterion.stage_id, func.count(Criterion.id))
        .where(Criterion.stage_id.in_(ids)).group_by(Criterion.stage_id)).all())
    members = dict(db.session.execute(
        select(Jury.stage_id, func.count(JuryMember.id)).join(JuryMember)
        .where(Jury.stage_id.in_(ids)).group_by(Jury.stage_id)).all())
    names = {stage.id: stage.shown_name[0] for stage in challenge.stages}
    work: dict[int, tuple[str, str]] = {}
    for stage_id in ids:
        parts = []
        if criteria.get(stage_id):
            parts.append(ngettext("%(num)d criterion", "%(num)d criteria", criteria[stage_id]))
        if members.get(stage_id):
            parts.append(ngettext("a jury of %(num)d member", "a jury of %(num)d members",
                                  members[stage_id]))
        if len(parts) == 2:
            work[stage_id] = (names[stage_id], _("%(first)s and %(second)s", first=parts[0],
                                                 second=parts[1]))
        elif parts:
            work[stage_id] = (names[stage_id], parts[0])
    return work


def _stranded(challenge: Challenge, work: dict[int, tuple[str, str]]) -> list[int]:
    """The stages, in order, with criteria or jury members of their own where they can have
    none: the last stage (its jury is the final one) or a screening."""
    stages = sorted(challenge.stages, key=lambda s: s.position)
    return [stage.id for index, stage in enumerate(stages) if stage.id in work
            and (stage.kind != StageKind.SUBMISSION or index == len(stages) - 1)]


def _keep_stage_juries_reachable(challenge: Challenge, work: dict[int, tuple[str, str]],
                                 stranded: list[int], field: str = "_") -> None:
    """Refuse (after a rollback) a change that leaves a stage with its own criteria or jury
    members where it can have none: their pages would be gone and the work silently lost.
    The organiser removes them first, knowingly; with reviews submitted the stage has entries
    and cannot change kind or go anyway. `work`: _own_jury_work and `stranded`: _stranded, both
    read before the change (a stage stranded already, by older data, does not block every
    other change)."""
    for stage_id in _stranded(challenge, work):
        if stage_id in stranded:
            continue
        name, what = work[stage_id]
        db.session.rollback()
        raise Refused({field: _(
            "The stage “%(stage)s” has %(what)s of its own, which only a submission round "
            "before the last stage can have: this change would make them unreachable. "
            "Remove them on the stage's criteria and jury pages first, or keep it a "
            "submission round before the last stage.", stage=name, what=what)})


def _refuse_losing_stage_juries(stages: list[ChallengeStage],
                                work: dict[int, tuple[str, str]]) -> None:
    """Removing a stage removes its own criteria and jury with it: refused while it has
    them, so that nothing the organisers set up for a jury disappears with a click."""
    for stage in stages:
        if stage.id in work:
            name, what = work[stage.id]
            raise Refused({"_": _(
                "The stage “%(stage)s” has %(what)s of its own: removing the stage would lose "
                "them. Remove them on the stage's criteria and jury pages first.",
                stage=name, what=what)})


def _keep_challenge_dates(challenge: Challenge) -> None:
    """The challenge opens with its first stage and closes with its last submission round."""
    stages = list(challenge.stages)
    if not stages:
        return
    challenge.opens_at = stages[0].opens_at
    deadlines = [s.closes_at for s in stages if s.kind == StageKind.SUBMISSION and s.closes_at]
    if deadlines:
        challenge.closes_at = deadlines[-1]


def _renumber(stages: list[ChallengeStage]) -> None:
    """Positions 1..n in list order, in two steps: the unique (challenge, position) must hold
    after every statement, not only at the end."""
    for offset, stage in enumerate(stages, start=1):
        stage.position = 1000 + offset
    db.session.flush()
    for offset, stage in enumerate(stages, start=1):
        stage.position = offset
    db.session.flush()


def _apply(stage: ChallengeStage, data: dict) -> None:
    for name in ("kind", "name", "description", "opens_at", "closes_at", "blind"):
        if name in data:
            setattr(stage, name, data[name])
    for name in ("name_translations", "description_translations"):
        if name in data:
            setattr(stage, name, {k: v for k, v in data[name].items() if (v or "").strip()})
    if "builtin_fields" in data:
        asked = [f for f in OPTIONAL_FIELDS if f in (data["builtin_fields"] or ())]
        stage.builtin_fields = [*ALWAYS_ASKED, *asked]


def _judge(challenge: Challenge, keys: dict[int, str]) -> None:
    """Refuse (after a rollback) when the list is wrong: the problems keyed `key-field`, with
    `keys` naming each stage as the form does (its prefix); others go above the form."""
    stages = sorted(challenge.stages, key=lambda s: s.position)
    found = list_problems(stages)
    if not found:
        return
    problems: dict[str, str] = {}
    for index, fields in found.items():
        prefix = keys.get(stages[index].id)
        for field, message in fields.items():
            if prefix is not None and field != "_":
                problems[f"{prefix}{field}"] = message
            else:
                name = stages[index].shown_name[0]
                problems.setdefault("_", "")
                problems["_"] = (problems["_"] + " " + f"{name}: {message}").strip()
    db.session.rollback()
    raise Refused(problems)


def set_up(challenge: Challenge, first: dict, second: dict, by: User,
           confirmed: str | None = None) -> list[ChallengeStage]:
    """Turn a one-round challenge into one of two stages (a single stage is no stages)."""
    if challenge.stages:
        raise Refused({"_": _("This challenge has stages already: add one to the list.")})
    if db.session.scalar(select(exists().where(Proposal.challenge_id == challenge.id))):
        # Its proposals were started in one round and are in no stage.
        raise Refused({"_": _("Proposals have been started for this challenge already: it "
                              "keeps running in one round.")})
    stages = [ChallengeStage(challenge=challenge, position=1, builtin_fields=None),
              ChallengeStage(challenge=challenge, position=2, builtin_fields=None)]
    for stage, data in zip(stages, (first, second), strict=True):
        _apply(stage, data)
    problems = list_problems(stages)
    if problems:
        db.session.rollback()
        raise Refused({f"{('first', 'second')[index]}-{field}": message
                       for index, fields in problems.items() for field, message in fields.items()})
    deadline_before = challenge.closes_at
    db.session.add_all(stages)
    db.session.flush()
    _keep_challenge_dates(challenge)
    last = [s for s in stages if s.kind == StageKind.SUBMISSION][-1]
    _announce(challenge, last, deadline_before, challenge.closes_at, confirmed)
    for stage in stages:
        events.record("stage_added", stage, actor=by, challenge=challenge, name=stage.name,
                      opens_at=stage.opens_at, closes_at=stage.closes_at)
    db.session.commit()
    return stages


def add(challenge: Challenge, data: dict, by: User, confirmed: str | None = None) -> ChallengeStage:
    """Add a stage at the end of the list."""
    if not challenge.stages:
        raise Refused({"_": _("Set up the first two stages together.")})
    deadline_before = challenge.closes_at
    stage = ChallengeStage(challenge=challenge, position=len(challenge.stages) + 1,
                           builtin_fields=None)
    _apply(stage, data)
    db.session.add(stage)
    db.session.flush()
    _judge(challenge, {stage.id: ""})
    _keep_challenge_dates(challenge)
    _announce(challenge, stage, deadline_before, challenge.closes_at, confirmed)
    events.record("stage_added", stage, actor=by, challenge=challenge, name=stage.name,
                  opens_at=stage.opens_at, closes_at=stage.closes_at)
    db.session.commit()
    return stage


def update(stage: ChallengeStage, data: dict, by: User, confirmed: str | None = None) -> None:
    """Change a stage. After publication, a new deadline is confirmed and announced."""
    challenge = stage.challenge
    before = {name: getattr(stage, name) for name in ("kind", "name", "opens_at", "closes_at",
                                                      "blind", "builtin_fields")}
    data = _same_minutes_kept(stage, data)
    if stage.kind != data.get("kind", stage.kind) and _has_entries(stage):
        raise Refused({"kind": _("Proposals are in this stage already: its kind can no longer "
                                 "change.")})
    work = _own_jury_work(challenge)
    stranded = _stranded(challenge, work)
    _apply(stage, data)
    _keep_stage_juries_reachable(challenge, work, stranded, field="kind")
    jury = jury_of_stage(stage)
    if not stage.blind and must_stay_blind(challenge, jury):
        db.session.rollback()
        raise Refused({"blind": str(BLIND_CONTEST_MESSAGE)})
    if jury is not None:
        jury.blind = stage.blind    # one choice, shown on both the stage and its jury
    db.session.flush()
    _judge(challenge, {stage.id: ""})
    _keep_challenge_dates(challenge)
    if stage.kind == StageKind.SUBMISSION:
        _announce(challenge, stage, before["closes_at"], stage.closes_at, confirmed)
    changed = {name: ({"old": old, "new": getattr(stage, name)} if name.endswith("_at") else True)
               for name, old in before.items() if getattr(stage, name) != old}
    events.record("stage_updated", stage, actor=by, challenge=challenge, fields=changed)
    db.session.commit()


def _same_minutes_kept(stage: ChallengeStage, data: dict) -> dict:
    """The form shows times to the minute: one sent back unchanged keeps its seconds."""
    data = dict(data)
    for name in ("opens_at", "closes_at"):
        stored, sent = getattr(stage, name), data.get(name)
        if stored and sent and sent == stored.replace(second=0, microsecond=0):
            data[name] = stored
    return data


def _announce(challenge: Challenge, stage: ChallengeStage, old: datetime | None,
              new: datetime | None, confirmed: str | None) -> None:
    """A published challenge's teams plan by its deadlines: a changed deadline of a stage is
    saved only once the organiser confirmed this very change (its digest), then announced on
    the challenge page and emailed to everyone concerned, as for the challenge's own."""
    if challenge.status == ChallengeStatus.DRAFT or old == new:
        return
    people = changes.people_concerned(challenge)
    change = changes.RuleChange(old, new, (), recipients=len(people))
    if confirmed != change.digest:
        db.session.rollback()
        raise changes.NeedsConfirmation(change)
    texts: dict[str, list[str]] = {}
    for language in ("nl", "en"):
        with force_locale(language):
            name = (stage.name_translations or {}).get(language) or stage.name
            moment = format_moment(new) if new else ""
            if old and new and new > old:
                text = _("The deadline of the stage “%(stage)s” was extended to %(moment)s.",
                         stage=name, moment=moment)
            else:
                text = _("The deadline of the stage “%(stage)s” is now %(moment)s.",
                         stage=name, moment=moment)
            texts[language] = [text]
    db.session.add(ChangeNotice(challenge=challenge, text_nl=texts["nl"][0],
                                text_en=texts["en"][0]))
    changes.email_people(challenge, change, people, texts)


def _has_entries(stage: ChallengeStage) -> bool:
    """Proposals are in the stage now, or were submitted in it."""
    return bool(db.session.scalar(select(or_(
        exists().where(StageEntry.stage_id == stage.id,
                       or_(StageEntry.submitted_at.is_not(None), StageEntry.outcome.is_not(None))),
        exists().where(Proposal.stage_id == stage.id)))))


def move(stage: ChallengeStage, step: int, by: User) -> None:
    """Move a stage one place up (-1) or down (+1); only before publication, as teams and
    juries rely on the order once it is public."""
    challenge = stage.challenge
    if challenge.status != ChallengeStatus.DRAFT:
        raise Refused({"_": _("The order of the stages is fixed once the challenge is "
                              "published.")})
    stages = sorted(challenge.stages, key=lambda s: s.position)
    index = stages.index(stage)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(stages):
        return
    work = _own_jury_work(challenge)
    stranded = _stranded(challenge, work)
    stages[index], stages[target] = stages[target], stages[index]
    _renumber(stages)
    db.session.expire(challenge, ["stages"])
    _judge(challenge, {})
    _keep_stage_juries_reachable(challenge, work, stranded)
    _keep_challenge_dates(challenge)
    events.record("stage_moved", stage, actor=by, challenge=challenge, position=stage.position)
    db.session.commit()


def remove(stage: ChallengeStage, by: User) -> None:
    """Remove a stage no proposal is in or was submitted in; never the second-last one (a
    single stage is no stages: remove_all)."""
    challenge = stage.challenge
    if _has_entries(stage):
        raise Refused({"_": _("Proposals are in this stage or were submitted in it: it can no "
                              "longer be removed.")})
    if len(challenge.stages) <= 2:
        raise Refused({"_": _("A challenge has at least two stages, or none: to run it in one "
                              "round, remove all stages.")})
    work = _own_jury_work(challenge)
    stranded = _stranded(challenge, work)
    _refuse_losing_stage_juries([stage], work)
    name = stage.name
    rest = [s for s in sorted(challenge.stages, key=lambda s: s.position) if s.id != stage.id]
    challenge.stages.remove(stage)
    db.session.flush()
    _renumber(rest)
    _judge(challenge, {})
    _keep_stage_juries_reachable(challenge, work, stranded)
    _keep_challenge_dates(challenge)
    events.record("stage_removed", challenge, actor=by, name=name)
    db.session.commit()


def remove_all(challenge: Challenge, by: User) -> None:
    """One round again, with the dates the stages had set (first opening, last deadline)."""
    if any(_has_entries(stage) for stage in challenge.stages):
        raise Refused({"_": _("Proposals have entered the stages: they can no longer be "
                              "removed.")})
    _refuse_losing_stage_juries(list(challenge.stages), _own_jury_work(challenge))
    names = [stage.name for stage in challenge.stages]
    challenge.stages.clear()
    events.record("stages_removed", challenge, actor=by, names=names)
    db.session.commit()
