"""A stage's own criteria (Criterion.stage_id): what the stage's jury scores on, with their
weights. The rules are the challenge's own criteria's (challenges.challenges.operations): a
name in the challenge's language, a weight from 0 to 100, the weights together 100%, at most
ten. Once the stage's jury has submitted a review, the weights, minimum scores, number and
order of the criteria are fixed (scores were given on them); their texts can still be
corrected. Each public function is one action and owns its commit."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from challenges import events
from challenges.accounts.models import User
from challenges.challenges.models import Criterion
from challenges.challenges.stages import ChallengeStage, stage_criteria
from challenges.errors import Refused
from challenges.extensions import db
from challenges.jury.models import jury_of_stage
from challenges.jury.queries import scoring_started
from challenges.stages.criteria_forms import MAX_CRITERIA

events.describe({
    "stage_criteria_saved": _l("Criteria of a stage saved"),
    "stage_criterion_moved": _l("Criterion of a stage moved"),
})

LOCKED_MESSAGE = _l("The jury of this stage has started scoring: the weights, the minimum "
                    "scores and the list of criteria can no longer change. Names and "
                    "descriptions can still be corrected.")


def is_locked(stage: ChallengeStage) -> bool:
    """Whether the stage's jury has submitted a review (its criteria's weights are fixed)."""
    jury = jury_of_stage(stage)
    return jury is not None and scoring_started(jury)


def _shape(criteria: list[Criterion]) -> list[tuple]:
    """What a score depends on: which criteria, in which order, with which weights."""
    return [(c.id, c.weight, c.minimum_score) for c in criteria]


def _place(criteria: list[Criterion]) -> None:
    """Positions 1, 2, ... in the list's order, through negative ones: (stage_id, position)
    is unique after every statement."""
    for offset, criterion in enumerate(criteria, start=1):
        criterion.position = -offset
    db.session.flush()
    for offset, criterion in enumerate(criteria, start=1):
        criterion.position = offset
    db.session.flush()


def _check(rows: list[dict], main: str) -> None:
    if len(rows) > MAX_CRITERIA:
        raise Refused({"_": _("A stage has at most %(num)d criteria.", num=MAX_CRITERIA)})
    if any(not row["name"][main] for row in rows):
        raise Refused({"_": _("Give every criterion a name in the language of the challenge.")})
    total = sum(int(row["weight"] or 0) for row in rows)
    if rows and total != 100:
        raise Refused({"_": _("The weights add up to %(total)d%%; they must add up to 100%%.",
                              total=total)})


def _write(criterion: Criterion, row: dict, main: str) -> None:
    other = "en" if main == "nl" else "nl"
    criterion.name = row["name"][main]
    criterion.description = row["description"][main]
    translated = {k: v for k, v in (("name", row["name"][other]),
                                    ("description", row["description"][other])) if v}
    criterion.translations = {other: translated} if translated else {}


def save(stage: ChallengeStage, rows: list[dict], by: User) -> list[Criterion]:
    """The stage's criteria become `rows` (from criteria_forms.StageCriteriaForm.rows), in
    that order: a row with the id of one of the stage's criteria changes it (so the scores
    and level descriptions given on it stay with it), one without adds a criterion, and a
    criterion without a row is removed."""
    challenge = stage.challenge
    main = challenge.language or "nl"
    _check(rows, main)
    existing = {c.id: c for c in stage_criteria(stage)}
    before = _shape(list(existing.values()))
    kept: list[Criterion] = []
    for row in rows:
        criterion = existing.pop(row["id"], None) if row["id"] is not None else None
        if criterion is None:
            criterion = Criterion(challenge_id=challenge.id, stage_id=stage.id,
                                  position=-(len(kept) + 1) - MAX_CRITERIA * 10)
            db.session.add(criterion)
        _write(criterion, row, main)
        criterion.weight = int(row["weight"] or 0)
        minimum = row["minimum_score"]
        criterion.minimum_score = Decimal(str(minimum)) if minimum is not None else None
        kept.append(criterion)
    for criterion in existing.values():
        db.session.delete(criterion)
    db.session.flush()
    if _shape(kept) != before and is_locked(stage):
        db.session.rollback()
        raise Refused({"_": str(LOCKED_MESSAGE)})
    _place(kept)
    events.record("stage_criteria_saved", stage, actor=by, challenge=challenge,
                  criteria=[f"{c.name} ({c.weight}%)" for c in kept])
    db.session.commit()
    return kept


def move(stage: ChallengeStage, criterion: Criterion, step: int, by: User) -> None:
    """Move a criterion one place up (-1) or down (+1)."""
    criteria = stage_criteria(stage)
    index = next(i for i, c in enumerate(criteria) if c.id == criterion.id)
    target = index + step
    if not 0 <= target < len(criteria):
        return
    if is_locked(stage):
        raise Refused({"_": str(LOCKED_MESSAGE)})
    criteria[index], criteria[target] = criteria[target], criteria[index]
    _place(criteria)
    events.record("stage_criterion_moved", stage, actor=by, challenge=stage.challenge,
                  criterion=criterion.id, position=target + 1)
    db.session.commit()
