from datetime import timedelta

from sqlalchemy import select

from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from challenges.submissions.models import Support, TeamMember
from challenges.submissions.operations import send_deadline_reminders


def test_support_once_and_take_back(client, make):
    challenge = make.challenge(public_support_enabled=True, proposal_visibility="immediately")
    proposal = make.proposal(challenge, title="Deelfietsen")
    fan = make.user()
    client.login_as(fan)
    page = client.get(f"/challenges/{challenge.slug}/proposals").data.decode()
    assert "Deelfietsen" in page
    client.post(f"/proposals/{proposal.id}/support")
    client.post(f"/proposals/{proposal.id}/support")  # takes it back
    client.post(f"/proposals/{proposal.id}/support")
    assert len(db.session.scalars(select(Support)).all()) == 1
    assert "1 " in client.get(f"/challenges/{challenge.slug}/proposals").data.decode()


def test_no_support_when_closed_disabled_own_or_unverified(client, make):
    closed = make.challenge(phase="closed", public_support_enabled=True,
                            proposal_visibility="immediately")
    disabled = make.challenge(public_support_enabled=False, proposal_visibility="immediately")
    open_one = make.challenge(public_support_enabled=True, proposal_visibility="immediately")
    author = make.user()
    proposals = [make.proposal(c, author) for c in (closed, disabled, open_one)]
    client.login_as(make.user())
    client.post(f"/proposals/{proposals[0].id}/support")
    client.post(f"/proposals/{proposals[1].id}/support")
    client.login_as(author)
    client.post(f"/proposals/{proposals[2].id}/support")
    client.login_as(make.user(verified=False))
    client.post(f"/proposals/{proposals[2].id}/support")
    assert db.session.scalars(select(Support)).all() == []


def test_proposals_are_public_only_as_the_challenge_says(client, make):
    after = make.challenge(proposal_visibility="after_results")
    never = make.challenge(phase="results_published", proposal_visibility="never")
    published = make.challenge(phase="results_published", proposal_visibility="after_results")
    hidden = make.proposal(after, title="Nog geheim")
    secret = make.proposal(never, title="Altijd geheim")
    shown = make.proposal(published, title="Nu publiek")
    assert client.get(f"/proposals/{hidden.id}").status_code == 404
    assert client.get(f"/proposals/{secret.id}").status_code == 404
    assert client.get(f"/proposals/{shown.id}").status_code == 200
    assert "Nog geheim" not in client.get(f"/challenges/{after.slug}/proposals").data.decode()
    assert "Nu publiek" in client.get(f"/challenges/{published.slug}/proposals").data.decode()


def test_organisation_and_team_see_an_entered_proposal_before_results(client, make):
    from challenges.accounts.models import Role

    organisation = make.organisation()
    challenge = make.challenge(organisation)
    proposal = make.proposal(challenge)
    editor = make.user()
    make.membership(editor, organisation, Role.EDITOR)
    client.login_as(editor)
    assert client.get(f"/proposals/{proposal.id}").status_code == 200
    draft = make.proposal(challenge, status="draft")
    assert client.get(f"/proposals/{draft.id}").status_code == 404  # drafts are the team's


def test_reminder_48_hours_before_the_deadline_only_once(app, make, runner):
    soon = make.challenge(closes_at=utcnow() + timedelta(hours=30))
    later = make.challenge(closes_at=utcnow() + timedelta(days=10))
    author = make.user(email="ann@example.be")
    co_author = make.user(email="bob@example.be", language="en")
    draft = make.proposal(soon, author, status="draft")
    db.session.add(TeamMember(proposal=draft, email=co_author.email, user=co_author,
                              accepted_at=utcnow()))
    db.session.commit()
    make.proposal(soon, make.user(), status="submitted")  # submitted: no reminder
    make.proposal(later, make.user(), status="draft")  # too early
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0 and "reminded 1" in result.output
    assert runner.invoke(args=["reminders", "send"]).output.startswith("reminded 0")
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert sorted(m.recipient for m in messages) == ["ann@example.be", "bob@example.be"]
    assert {m.language for m in messages} == {"nl", "en"}
    assert send_deadline_reminders(now=utcnow() + timedelta(days=9)) == 1  # the later one
