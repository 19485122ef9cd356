"""The jury of the demo's idea stage (challenges/demo/stage_data.py): two jurors scored the
eligible ideas on the stage's own criteria (originality, feasibility) and the chair locked
scoring before the city decided, so that the stage's decision page shows the places of its
ranking and the ranking page its three views. The rows are those the jury operations leave,
with the same entries in the event record, dated when the demo says it happened."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from challenges.accounts.models import User
from challenges.challenges.models import Challenge, Criterion
from challenges.challenges.stages import ChallengeStage
from challenges.demo.helpers import audit_event, brussels_at
from challenges.extensions import db
from challenges.jury.models import (
    ConflictDeclaration,
    Jury,
    JuryMember,
    Review,
    ReviewStatus,
    Score,
)
from challenges.submissions.models import Proposal

CHAIR, JUROR = "jury.goossens@kuleuven.demo", "jury.nguyen@imec.demo"
SET_UP, LOCKED = (-24, 9, 0), (-15, 17, 0)
# Per idea (by its author): the scores of the chair and of the juror, originality then
# feasibility, and the chair's comment for the team. The three that advanced lead.
SCORES = {
    "founder@slimparkeren.demo": ((5, 4), (4, 5), "Nieuw voor Brugge en meteen te testen."),
    "hello@zonnedeel.demo": ((4, 4), (5, 4), "Sterk idee; de verdeling per gebouw is slim."),
    "sales@cleantech.demo": ((4, 3), (4, 4), "Bewezen techniek; wat is nieuw aan de aanpak?"),
    "info@buurtwerk.demo": ((3, 2), (2, 3), "Sympathiek, maar moeilijk in zes maanden."),
    "student.emma@ugent.demo": ((2, 3), (3, 2), "Een studie eerder dan een proef."),
}


def load_stage_jury(challenge: Challenge, stage: ChallengeStage, ideas: dict[str, Proposal],
                    users: dict[str, User], organiser: User, today) -> Jury:
    set_up, locked = brussels_at(today, SET_UP), brussels_at(today, LOCKED)
    jury = Jury(challenge=challenge, stage_id=stage.id, blind=stage.blind, scale_min=0,
                scale_max=5, level_descriptions={}, assignment_mode="all",
                reviewers_per_proposal=2, created_at=set_up,
                scoring_locked_at=locked)
    db.session.add(jury)
    db.session.flush()
    audit_event(challenge, organiser, "jury_configured", set_up, blind=stage.blind,
                scale="0-5", view=jury.authoritative_view.value, assignment="all",
                stage=stage.id)
    criteria = list(db.session.scalars(select(Criterion).where(Criterion.stage_id == stage.id)
                                       .order_by(Criterion.position)))
    for index, email in enumerate((CHAIR, JUROR)):
        invited = set_up + timedelta(minutes=5 * (index + 1))
        member = JuryMember(jury=jury, email=email, user=users[email], is_chair=index == 0,
                            invited_at=invited, accepted_at=invited)
        db.session.add(member)
        db.session.flush()
        audit_event(challenge, organiser, "juror_invited", invited, email=email,
                    chair=index == 0, stage=stage.id)
        at = set_up + timedelta(days=1 + index, hours=1)
        for author, (chair_scores, juror_scores, comment) in SCORES.items():
            proposal = ideas[author]
            at += timedelta(minutes=25)
            db.session.add(ConflictDeclaration(member=member, proposal=proposal,
                                               has_conflict=False, declared_at=at))
            audit_event(challenge, users[email], "conflict_declared", at, proposal,
                        conflict=False, reason=None)
            values = chair_scores if index == 0 else juror_scores
            reviewed = at + timedelta(minutes=20)
            review = Review(member=member, proposal=proposal, status=ReviewStatus.SUBMITTED,
                            overall_comment=comment if index == 0 else "",
                            submitted_at=reviewed, updated_at=reviewed)
            review.scores = [Score(criterion_id=c.id, value=Decimal(v))
                             for c, v in zip(criteria, values, strict=True)]
            db.session.add(review)
            audit_event(challenge, users[email], "review_submitted", reviewed, proposal,
                        scores={str(c.id): str(v) for c, v in zip(criteria, values, strict=True)})
    audit_event(challenge, users[CHAIR], "scoring_locked", locked, stage=stage.id)
    return jury
