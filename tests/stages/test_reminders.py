"""Deadline reminders for a challenge run in stages: 48 hours before the deadline of the
stage a proposal is in, while that stage is open, to the teams that can still submit there:
newcomers' drafts in the first stage, the advanced teams' drafts in a later one; never a
draft left behind in a stage that closed, and once per stage."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from challenges.challenges.stages import EntryOutcome, StageKind
from challenges.db import utcnow
from challenges.extensions import db
from challenges.i18n import format_moment
from challenges.notifications.models import OutboxMessage
from challenges.submissions.operations import send_deadline_reminders
from tests.stages.helpers import place, staged


def recipients() -> list[str]:
    return sorted(m.recipient for m in db.session.scalars(select(OutboxMessage)))


def test_the_first_stage_reminds_before_its_own_deadline(app, make):
    now = utcnow()
    challenge = staged(make, stages=[
        (StageKind.SUBMISSION, "Idee", now - timedelta(days=7), now + timedelta(hours=30)),
        (StageKind.SUBMISSION, "Volledig voorstel", now + timedelta(days=3),
         now + timedelta(days=30))])
    ideas = challenge.stages[0]
    draft = place(make.proposal(challenge, make.user(email="ann@example.be"), status="draft"),
                  ideas)
    place(make.proposal(challenge, make.user(email="sub@example.be")), ideas, submitted=True)
    # The challenge's own deadline (the last stage's) is weeks away; the stage's is near.
    assert send_deadline_reminders(now=now) == 1
    assert recipients() == ["ann@example.be"]
    [message] = db.session.scalars(select(OutboxMessage)).all()
    with force_locale("nl"):
        assert format_moment(ideas.closes_at) in message.body_text
        assert format_moment(challenge.closes_at) not in message.body_text
    assert send_deadline_reminders(now=now) == 0  # once
    db.session.refresh(draft)
    assert draft.reminder_sent_at is not None


def test_a_later_stage_reminds_the_advanced_teams_with_a_draft_only(make):
    now = utcnow()
    challenge = staged(make, stages=[
        (StageKind.SUBMISSION, "Idee", now - timedelta(days=20), now - timedelta(days=10)),
        (StageKind.SUBMISSION, "Volledig voorstel", now - timedelta(days=9),
         now + timedelta(hours=40))])
    ideas, full = challenge.stages
    ideas.decided_at = now - timedelta(days=9)
    # Reminded in the ideas stage, submitted there, advanced: a draft in the full stage.
    advanced = make.proposal(challenge, make.user(email="adv@example.be"), status="draft")
    advanced.reminder_sent_at = now - timedelta(days=12)
    place(advanced, ideas, submitted=True, outcome=EntryOutcome.ADVANCED)
    place(advanced, full)
    # Advanced and already submitted in the full stage: nothing to remind.
    done = make.proposal(challenge, make.user(email="done@example.be"))
    place(done, ideas, submitted=True, outcome=EntryOutcome.ADVANCED)
    place(done, full, submitted=True)
    # A draft never submitted in the ideas stage stays there: it can submit nowhere.
    place(make.proposal(challenge, make.user(email="late@example.be"), status="draft"), ideas)
    # Not advanced: closed with feedback.
    out = make.proposal(challenge, make.user(email="out@example.be"), status="not_selected")
    place(out, ideas, submitted=True, outcome=EntryOutcome.NOT_ADVANCED)
    db.session.commit()

    assert send_deadline_reminders(now=now) == 1
    assert recipients() == ["adv@example.be"]
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert "Volledig voorstel" not in message.subject  # the usual subject
    assert f"/proposals/{advanced.id}/edit" in message.body_text
    assert send_deadline_reminders(now=now) == 0


def test_no_reminder_while_the_stage_deadline_is_far(make):
    now = utcnow()
    challenge = staged(make)   # the ideas stage closes in 3 days
    place(make.proposal(challenge, make.user(), status="draft"), challenge.stages[0])
    assert send_deadline_reminders(now=now) == 0
    assert send_deadline_reminders(now=now + timedelta(days=2)) == 1
