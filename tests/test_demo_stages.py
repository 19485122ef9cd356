"""The demo shows what issue 13 built: followers (and, as they come, announcements, events,
stages, cover images and texts in both languages). Loading twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from challenges.announcements.models import Announcement
from challenges.challenges.models import Challenge
from challenges.demo.stage_texts import SLUG as STAGED
from challenges.extensions import db
from challenges.follows.models import Delivery, Follow
from challenges.sessions.models import PitchSlot, Registration, Session


def test_the_demo_has_followers_and_loading_twice_adds_none(runner):
    # The two-stage challenge's own followers, events and message: tests/test_demo_staged.py.
    assert runner.invoke(args=["demo"]).exit_code == 0
    staged = db.session.scalar(select(Challenge.id).where(Challenge.slug == STAGED))
    follows = db.session.scalars(select(Follow).where(
        Follow.challenge_id.is_distinct_from(staged))).all()
    assert len(follows) == 5
    assert {f.delivery for f in follows} == {Delivery.EACH, Delivery.WEEKLY}
    assert {f.target_kind for f in follows} == {"challenge", "organisation", "theme"}
    counts = (db.session.scalar(select(func.count(Follow.id))),
              db.session.scalar(select(func.count(Registration.id))))
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert (db.session.scalar(select(func.count(Follow.id))),
            db.session.scalar(select(func.count(Registration.id)))) == counts
    [announcement] = db.session.scalars(select(Announcement).where(
        Announcement.challenge_id != staged)).all()
    assert announcement.recipient_count == 1
    sessions = db.session.scalars(select(Session).where(Session.challenge_id != staged)).all()
    assert sorted(s.kind.value for s in sessions) == ["info_session", "pitch_day"]
    registrations = db.session.scalars(select(Registration).where(
        Registration.session_id.in_([s.id for s in sessions]))).all()
    assert sorted(r.seat or 0 for r in registrations) == [0, 1, 2, 3]
    slots = db.session.scalars(select(PitchSlot).where(
        PitchSlot.session_id.in_([s.id for s in sessions]))).all()
    assert len(slots) == 4 and sum(1 for s in slots if s.proposal_id) >= 2
    # Old news is not sent to the demo's followers.
    assert runner.invoke(args=["follows", "send"]).output.startswith("queued 0")


def test_the_demo_has_clarifications_one_answered_and_the_jury_reads_it(runner, client):
    from challenges.clarifications.models import Clarification
    from challenges.demo import MIDWAY_JURY
    from challenges.jury.models import JuryMember

    assert runner.invoke(args=["demo"]).exit_code == 0
    items = db.session.scalars(select(Clarification).order_by(Clarification.id)).all()
    assert [item.status.value for item in items] == ["answered", "open"]
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db.session.scalar(select(func.count(Clarification.id))) == 2
    answered = items[0]
    member = db.session.scalars(select(JuryMember).where(
        JuryMember.jury.has(challenge_id=answered.proposal.challenge_id))).first()
    client.login_as(member.user)
    client.post(f"/jury/{MIDWAY_JURY}/proposals/{answered.proposal_id}/declare",
                data={"conflict": "no"})
    page = client.get(f"/jury/{MIDWAY_JURY}/proposals/{answered.proposal_id}/review")
    assert page.status_code == 200 and "14 in drie wijken" in page.data.decode()
