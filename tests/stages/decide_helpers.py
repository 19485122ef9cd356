"""A challenge in stages for the decision's tests, made through the models (the stage editor
is another part of the work): an idea stage past its deadline, then what follows it."""

from __future__ import annotations

from datetime import timedelta

from challenges.accounts.models import Role
from challenges.challenges.stages import ChallengeStage, StageEntry, StageKind
from challenges.db import utcnow
from challenges.extensions import db

EN = {"Accept-Language": "en"}


def staged(make, *, screening: bool = False, idea_closes_in: timedelta = timedelta(days=-1),
           tag: str = ""):
    """Ideas (closed unless told otherwise) -> [screening ->] full proposal (open 20 days);
    three ideas submitted by teams in English and Dutch."""
    now = utcnow()
    organisation = make.organisation()
    editor = make.user(email=f"els{tag}@gent.be", language="en")
    make.membership(editor, organisation, Role.EDITOR)
    challenge = make.challenge(organisation, title="Slimme parkeerplaatsen")
    kinds = [("Ideeën", StageKind.SUBMISSION, now - timedelta(days=30), now + idea_closes_in)]
    if screening:
        kinds.append(("Screening", StageKind.SCREENING, now + idea_closes_in, None))
    kinds.append(("Volledig voorstel", StageKind.SUBMISSION, now + idea_closes_in,
                  now + timedelta(days=20)))
    stages = []
    for position, (name, kind, opens, closes) in enumerate(kinds, start=1):
        stage = ChallengeStage(challenge=challenge, position=position, kind=kind, name=name,
                               name_translations={"en": {"Ideeën": "Ideas",
                                                         "Volledig voorstel": "Full proposal"}
                                                  .get(name, name)},
                               opens_at=opens, closes_at=closes)
        db.session.add(stage)
        stages.append(stage)
    challenge.opens_at, challenge.closes_at = stages[0].opens_at, stages[-1].closes_at
    db.session.flush()
    teams = []
    for title, email, language in (("Alpha", "alpha@example.be", "en"),
                                   ("Beta", "beta@example.be", "nl"),
                                   ("Gamma", "gamma@example.be", "en")):
        author = make.user(email=email.replace("@", f"{tag}@"), language=language)
        proposal = make.proposal(challenge, author, title=title, stage_id=stages[0].id)
        db.session.add(StageEntry(proposal_id=proposal.id, stage_id=stages[0].id,
                                  entered_at=now - timedelta(days=10), submitted_at=now))
        teams.append(proposal)
    db.session.commit()
    return {"challenge": challenge, "editor": editor, "stages": stages, "proposals": teams,
            "organisation": organisation}


def decide_url(world, stage=None) -> str:
    stage = stage or world["stages"][0]
    return f"/manage/challenges/{world['challenge'].slug}/stages/{stage.id}/decide"
