"""A challenge run in stages, for the tests of every part of the stages work."""

from __future__ import annotations

from datetime import timedelta

from challenges.challenges.stages import ChallengeStage, StageEntry, StageKind
from challenges.db import utcnow
from challenges.extensions import db


def staged(make, organisation=None, *, phase="open", now=None, stages=None, **fields):
    """A challenge (as make.challenge) in two submission stages: "Idee" open now (its
    deadline in 3 days) and "Volledig voorstel" from day 10 to day 30; or the `stages`
    given as (kind, name, opens_at, closes_at). The challenge's dates follow the stages."""
    now = now or utcnow()
    challenge = make.challenge(organisation, phase=phase, now=now, **fields)
    if stages is None:
        stages = [(StageKind.SUBMISSION, "Idee", now - timedelta(days=7), now + timedelta(days=3)),
                  (StageKind.SUBMISSION, "Volledig voorstel", now + timedelta(days=10),
                   now + timedelta(days=30))]
    for position, (kind, name, opens_at, closes_at) in enumerate(stages, start=1):
        db.session.add(ChallengeStage(
            challenge=challenge, position=position, kind=kind, name=name,
            name_translations={"en": {"Idee": "Idea", "Volledig voorstel": "Full proposal"}
                               .get(name, "")} if name in ("Idee", "Volledig voorstel") else {},
            opens_at=opens_at, closes_at=closes_at))
    db.session.flush()
    challenge.opens_at = challenge.stages[0].opens_at
    challenge.closes_at = [s.closes_at for s in challenge.stages
                           if s.kind == StageKind.SUBMISSION][-1]
    db.session.commit()
    return challenge


def place(proposal, stage, *, submitted=False, outcome=None):
    """Put a proposal in a stage (as starting or advancing would), with its entry."""
    proposal.stage_id = stage.id
    db.session.add(StageEntry(proposal_id=proposal.id, stage_id=stage.id,
                              submitted_at=utcnow() if submitted else None, outcome=outcome))
    db.session.commit()
    return proposal
