"""The jury's rules, through the operations (the views are tested separately)."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from challenges.accounts.models import Role
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.events import Event as AuditEvent
from challenges.extensions import db
from challenges.jury import operations as ops
from challenges.jury.models import Review, ReviewStatus
from challenges.notifications.models import OutboxMessage
from challenges.results import operations as results_ops
from challenges.submissions.models import ProposalStatus


@pytest.fixture
def panel(make):
    organisation = make.organisation("Stad Mechelen")
    organiser = make.user(email="els@mechelen.be")
    make.membership(organiser, organisation, Role.EDITOR)
    challenge = make.challenge(organisation, phase="closed",
                               criteria=(("Impact", 50, 3), ("Haalbaarheid", 30, 3),
                                         ("Kost", 20, 3)))
    proposals = [make.proposal(challenge, title=f"Voorstel {n}") for n in range(3)]
    jurors = [make.user(email=f"juror{n}@example.be") for n in range(2)]
    members = [ops.invite_member(challenge, j.email, organiser, chair=(n == 0))
               for n, j in enumerate(jurors)]
    return {"challenge": challenge, "proposals": proposals, "jurors": jurors,
            "members": members, "organiser": organiser}


def score(member, proposal, user, values, submit=True, **kw):
    criteria = member.jury.challenge.criteria
    return ops.save_review(member, proposal, user,
                           scores={c.id: v for c, v in zip(criteria, values, strict=True)},
                           comments={c.id: f"over {c.name}" for c in criteria},
                           overall_comment=kw.get("overall", "Goed idee."),
                           private_note=kw.get("note", "Alleen voor de jury."), submit=submit)


def test_existing_users_join_at_once_and_the_first_is_chair(panel):
    chair, other = panel["members"]
    assert chair.accepted_at and chair.is_chair and not other.is_chair
    assert db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.kind == "jury_invitation")) is not None


def test_declare_before_reading_and_conflicts_keep_the_juror_out(panel):
    member, juror = panel["members"][0], panel["jurors"][0]
    proposal = panel["proposals"][0]
    with pytest.raises(Refused):
        score(member, proposal, juror, [4, 3, 5])
    with pytest.raises(Refused):
        ops.declare(member, proposal, True, "", juror)  # a reason is needed
    ops.declare(member, proposal, True, "Mijn broer zit in het team.", juror)
    assert not member.can_read(proposal)
    with pytest.raises(Refused):
        score(member, proposal, juror, [4, 3, 5])


def test_scores_outside_the_scale_or_of_another_challenge_are_refused(panel, make):
    member, juror = panel["members"][0], panel["jurors"][0]
    proposal = panel["proposals"][0]
    ops.declare(member, proposal, False, "", juror)
    with pytest.raises(Refused) as error:
        score(member, proposal, juror, [6, 3, 5])
    assert any(k.startswith("score_") for k in error.value.problems)
    with pytest.raises(Refused):
        score(member, proposal, juror, ["abc", 3, 5])
    other = make.challenge()
    with pytest.raises(Refused):
        ops.save_review(member, proposal, juror, scores={other.criteria[0].id: 3}, comments={},
                        overall_comment="", private_note="", submit=False)
    foreign = make.proposal(other)
    with pytest.raises(Refused):
        ops.declare(member, foreign, False, "", juror)


def test_independence_changes_are_audited_and_lock_stops_scoring(panel):
    (chair_member, member), (chair, juror) = panel["members"], panel["jurors"]
    proposal = panel["proposals"][0]
    for m, u in ((chair_member, chair), (member, juror)):
        ops.declare(m, proposal, False, "", u)
    score(member, proposal, juror, [4, 3, None], submit=False)  # a draft may be incomplete
    with pytest.raises(Refused):
        score(member, proposal, juror, [4, 3, None], submit=True)
    assert not member.may_see_others(proposal)
    score(member, proposal, juror, [4, 3, 5])
    assert member.may_see_others(proposal)
    score(member, proposal, juror, [5, 3, 5])
    change = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "score_changed"))
    assert change.changes["old"] == "4.00" and change.changes["new"] == "5"
    ops.lock(member.jury, chair)
    with pytest.raises(Refused):
        score(member, proposal, juror, [1, 1, 1])
    review = db.session.scalar(select(Review).where(Review.member_id == member.id))
    assert [s.value for s in sorted(review.scores, key=lambda s: s.criterion_id)] == \
        [Decimal(5), Decimal(3), Decimal(5)]


def test_automatic_assignment_balances_and_respects_conflicts(panel, make):
    challenge = panel["challenge"]
    organiser = panel["organiser"]
    extra = [make.proposal(challenge) for _ in range(3)]
    third = ops.invite_member(challenge, make.user().email, organiser)
    conflicted = panel["proposals"][0]
    ops.declare(third, conflicted, True, "Adviseur van dit team.", third.user)
    jury = third.jury
    jury.reviewers_per_proposal = 2
    load = ops.auto_assign(jury, organiser)
    assert sum(load.values()) == 2 * (len(panel["proposals"]) + len(extra))
    assert max(load.values()) - min(load.values()) <= 1
    assert not third.is_assigned(conflicted)


def test_publish_results_sets_statuses_and_tells_everyone(panel, smtp):
    from challenges.notifications.operations import send_due

    (chair_member, member), (chair, juror) = panel["members"], panel["jurors"]
    winner, shortlisted, other = panel["proposals"]
    for p, values in ((winner, [5, 4, 4]), (shortlisted, [4, 4, 3]), (other, [2, 3, 3])):
        for m, u in ((chair_member, chair), (member, juror)):
            ops.declare(m, p, False, "", u)
            score(m, p, u, values, note="GEHEIM: alleen voor de jury")
    jury = chair_member.jury
    with pytest.raises(Refused):
        results_ops.record_decision(jury, winner, chair, shortlisted=True, motivation="", place=1,
                            award_name="Winnaar", award_amount=None, honourable_mention=False)
    ops.lock(jury, chair)
    with pytest.raises(Refused):
        results_ops.publish_results(panel["challenge"], panel["organiser"])  # nothing decided yet
    results_ops.record_decision(jury, winner, chair, shortlisted=True, motivation="Sterk en haalbaar.",
                        place=1, award_name="Winnaar", award_amount=Decimal("10000"),
                        honourable_mention=False)
    results_ops.record_decision(jury, shortlisted, chair, shortlisted=True, motivation="Beloftevol.",
                        place=None, award_name=None, award_amount=None, honourable_mention=False)
    results_ops.publish_results(panel["challenge"], panel["organiser"])
    db.session.expire_all()
    assert (winner.status, shortlisted.status, other.status) == (
        ProposalStatus.WINNER, ProposalStatus.SHORTLISTED, ProposalStatus.NOT_SELECTED)
    send_due()
    winner_mail = smtp.text(smtp.to(winner.author.email)[0])
    assert "Winnaar" in winner_mail and "Sterk en haalbaar." in winner_mail
    other_mail = smtp.text(smtp.to(other.author.email)[0])
    assert "over Impact" in other_mail  # feedback comments per criterion
    for message in smtp.messages:
        body = smtp.text(message)
        assert "GEHEIM" not in body and "juror0" not in body and "juror1" not in body
    actions = {e.action for e in db.session.scalars(select(AuditEvent))}
    assert {"juror_invited", "conflict_declared", "review_submitted", "scoring_locked",
            "decision_recorded", "results_published"} <= actions
    assert all(r.status == ReviewStatus.SUBMITTED for r in db.session.scalars(select(Review)))
    assert utcnow()
