"""Juries of a staged challenge: the final jury reviews the last stage's proposals only, a
stage's jury those submitted in its stage, and a conflict declared on one jury of the
challenge counts on the others for the same person."""

from __future__ import annotations

from sqlalchemy import select

from challenges.challenges.stages import StageEntry
from challenges.db import utcnow
from challenges.extensions import db
from challenges.jury.models import ConflictDeclaration, Jury, JuryMember
from challenges.submissions.models import ProposalStatus
from tests.stages.decide_helpers import EN, decide_url, staged


def seat(jury, user, chair=False):
    member = JuryMember(jury=jury, email=user.email, user=user, is_chair=chair,
                        accepted_at=utcnow())
    db.session.add(member)
    db.session.flush()
    return member


def test_the_final_jury_reviews_the_last_stage_and_conflicts_carry_over(client, make):
    world = staged(make)
    alpha, beta, gamma = world["proposals"]
    ideas, full = world["stages"]
    challenge = world["challenge"]
    juror = make.user(language="en")
    stage_jury = Jury(challenge_id=challenge.id, stage_id=ideas.id, level_descriptions={})
    final_jury = Jury(challenge_id=challenge.id, level_descriptions={})
    db.session.add_all([stage_jury, final_jury])
    db.session.flush()
    on_stage = seat(stage_jury, juror)
    seat(final_jury, juror)
    for proposal in (alpha, beta):
        db.session.add(ConflictDeclaration(member_id=on_stage.id, proposal_id=proposal.id,
                                           has_conflict=proposal is beta,
                                           reason="Mijn broer." if proposal is beta else None))
    db.session.commit()

    client.login_as(world["editor"])
    data = {"advance": [str(alpha.id), str(beta.id)], f"feedback-{gamma.id}": "Te duur.",
            "step": "confirm"}
    assert client.post(decide_url(world), data=data).status_code == 302
    # Both submit their full proposal in the last stage.
    for proposal in (alpha, beta):
        proposal.status = ProposalStatus.SUBMITTED
        db.session.scalar(select(StageEntry).where(
            StageEntry.proposal_id == proposal.id,
            StageEntry.stage_id == full.id)).submitted_at = utcnow()
    db.session.commit()

    client.login_as(juror)
    page = client.get(f"/jury/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert "Alpha" in page and "Beta" in page and "Gamma" not in page
    # The conflict declared on the idea stage's jury counts on the final jury.
    refused = client.get(f"/jury/{challenge.slug}/proposals/{beta.id}/declare", headers=EN)
    assert refused.status_code == 403
    assert client.get(f"/jury/{challenge.slug}/proposals/{alpha.id}/declare")\
        .status_code == 200
    # Gamma stayed behind in the idea stage: not the final jury's work.
    assert client.get(f"/jury/{challenge.slug}/proposals/{gamma.id}/declare")\
        .status_code == 404
