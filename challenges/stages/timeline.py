"""Where a challenge stands among its stages, as the public page, the cards and the API show
it. Derived from the dates and the decisions each time, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from challenges.challenges.models import Challenge, Criterion, Phase, reader_language
from challenges.challenges.stages import (
    ChallengeStage,
    StageKind,
    StageStatus,
    current_stage,
    first_stage,
)
from challenges.extensions import db

# The one round of a challenge without stages, named in the API in the challenge's language.
ONE_ROUND = _l("Proposals")
# A one-round challenge's phase as the status of its single stage.
PHASE_STATUS = {Phase.UPCOMING: StageStatus.UPCOMING, Phase.OPEN: StageStatus.OPEN,
                Phase.CLOSED: StageStatus.CLOSED, Phase.CANCELLED: StageStatus.CLOSED,
                Phase.DRAFT: StageStatus.UPCOMING}


@dataclass(frozen=True)
class TimelineRow:
    stage: ChallengeStage | None  # None: the one round of a challenge without stages
    position: int
    kind: StageKind
    opens_at: datetime | None
    closes_at: datetime | None
    status: StageStatus
    is_current: bool


def shown_description(stage: ChallengeStage) -> tuple[str, str]:
    """What happens in the stage, in the reader's language where it is written in it, else
    in the one it exists in; with that language, for the `lang` attribute."""
    main = stage.challenge.language or "nl"
    reader = reader_language() or main
    other = (stage.description_translations or {}).get("en" if main == "nl" else "nl", "")
    texts = [(stage.description or "", main), (other, "en" if main == "nl" else "nl")]
    if reader != main:
        texts.reverse()
    return next(((text, lang) for text, lang in texts if text.strip()), ("", main))


def timeline(challenge: Challenge, now: datetime) -> list[TimelineRow]:
    """The stages in order with their status and which one the challenge is in; a challenge
    without stages has one, from its own dates and phase."""
    if not challenge.stages:
        status = PHASE_STATUS.get(challenge.phase_at(now), StageStatus.DECIDED)
        return [TimelineRow(None, 1, StageKind.SUBMISSION, challenge.opens_at,
                            challenge.closes_at, status, True)]
    current = current_stage(challenge, now)
    return [TimelineRow(stage, stage.position, stage.kind, stage.opens_at, stage.closes_at,
                        stage.status_at(now), current is not None and stage.id == current.id)
            for stage in challenge.stages]


def own_criteria(challenge: Challenge) -> dict[int, list[Criterion]]:
    """Per stage id, the stage's own criteria in their order (what an earlier stage's jury
    scores on): public framing, as the challenge's own criteria are. One query, whatever the
    number of stages; a stage without criteria of its own is absent. The last stage is
    judged on the challenge's criteria (`challenge.criteria`)."""
    ids = [stage.id for stage in challenge.stages]
    found: dict[int, list[Criterion]] = {}
    if not ids:
        return found
    for criterion in db.session.scalars(select(Criterion).where(Criterion.stage_id.in_(ids))
                                        .order_by(Criterion.stage_id, Criterion.position)):
        found.setdefault(criterion.stage_id or 0, []).append(criterion)
    return found


def takes_newcomers(challenge: Challenge, now: datetime) -> bool:
    """Whether someone new may start a proposal now, as far as the dates go: the challenge is
    open and, run in stages, its first stage is."""
    first = first_stage(challenge)
    return challenge.is_open(now) and (first is None or first.is_open(now))


def api_name(challenge: Challenge, row: TimelineRow) -> str:
    """A row's name in the challenge's own language (as every text field of the API is)."""
    if row.stage is not None:
        return row.stage.name
    with force_locale(challenge.language or "nl"):
        return str(ONE_ROUND)
