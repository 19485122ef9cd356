"""Messages to participants: by segment, one email per person through the outbox (nobody
sees the other recipients), replies to the contact address, kept on the challenge page for
those who received them; who may send, and what is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenges.accounts.models import Role
from challenges.announcements.models import Announcement, AnnouncementRecipient
from challenges.db import utcnow
from challenges.events import Event
from challenges.extensions import db
from challenges.follows.models import Follow
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.submissions.models import TeamMember

EN = {"Accept-Language": "en"}


@pytest.fixture
def world(make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    editor = make.user(email="editor@mechelen.be", language="en")
    make.membership(editor, mechelen, Role.EDITOR)
    outsider = make.user(email="editor@brugge.be", language="en")
    make.membership(outsider, make.organisation("Stad Brugge"), Role.ADMIN)
    challenge = make.challenge(mechelen, title="Smart parking",
                               contact_email="innovatie@mechelen.be")
    drafter = make.user(email="drafter@example.be")
    author = make.user(email="author@example.be", language="en")
    co_author = make.user(email="co@example.be")
    winner_author = make.user(email="winner@example.be", language="en")
    make.proposal(challenge, drafter, status="draft")
    submitted = make.proposal(challenge, author, status="submitted")
    db.session.add(TeamMember(proposal=submitted, email=co_author.email, user=co_author,
                              accepted_at=utcnow()))
    make.proposal(challenge, winner_author, status="winner")
    fan = make.user(email="fan@example.be", language="en")
    db.session.add(Follow(user=fan, challenge=challenge))
    db.session.commit()
    return {"challenge": challenge, "editor": editor, "outsider": outsider, "fan": fan,
            "author": author, "co_author": co_author, "drafter": drafter,
            "winner": winner_author}


def send(client, challenge, segment="submitted", subject="Pitch day on 12 March",
         body="Bring a **laptop**."):
    return client.post(f"/manage/challenges/{challenge.slug}/messages", headers=EN,
                       data={"segment": segment, "subject": subject, "body": body})


def recipients() -> list[str]:
    return sorted(m.recipient for m in db.session.scalars(select(OutboxMessage)))


@pytest.mark.parametrize("segment, expected", [
    ("submitted", ["author@example.be", "co@example.be", "winner@example.be"]),
    ("drafts", ["drafter@example.be"]),
    ("winners", ["winner@example.be"]),
    ("advanced", ["winner@example.be"]),
    ("followers", ["fan@example.be"]),
])
def test_each_segment_reaches_its_people(client, world, segment, expected):
    client.login_as(world["editor"])
    response = send(client, world["challenge"], segment)
    assert response.status_code == 302
    assert recipients() == expected
    announcement = db.session.scalars(select(Announcement)).one()
    assert announcement.recipient_count == len(expected)
    event = db.session.scalars(select(Event).where(Event.action == "announcement_sent")).one()
    assert event.actor_id == world["editor"].id and event.changes["recipients"] == len(expected)
    assert "author@example.be" not in str(event.changes)


def test_one_email_each_reply_to_the_contact_nobody_sees_the_others(client, world, smtp):
    client.login_as(world["editor"])
    send(client, world["challenge"], "submitted")
    send_due()
    assert len(smtp.messages) == 3
    for message in smtp.messages:
        assert message["Reply-To"] == "innovatie@mechelen.be"
        assert "," not in message["To"] and message["Cc"] is None and message["Bcc"] is None
    [mail] = smtp.to("author@example.be")
    assert mail["Subject"] == "Smart parking: Pitch day on 12 March"
    assert "<strong>laptop</strong>" in smtp.html(mail)
    assert "co@example.be" not in smtp.text(mail) and "winner@example.be" not in smtp.html(mail)


def test_followers_get_an_unsubscribe_link_with_the_message(client, world, smtp):
    client.login_as(world["editor"])
    send(client, world["challenge"], "followers")
    send_due()
    [mail] = smtp.to("fan@example.be")
    link = smtp.link(mail, "/unsubscribe/")
    assert mail["List-Unsubscribe"] == f"<{link}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_kept_on_the_challenge_page_for_those_who_received_it(client, world, make):
    client.login_as(world["editor"])
    send(client, world["challenge"], "winners", subject="Contract signing")
    challenge = world["challenge"]
    client.login_as(world["winner"])
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert "Messages from the organisers" in page and "Contract signing" in page
    for other in (world["author"], make.user()):
        client.login_as(other)
        page = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
        assert "Contract signing" not in page
    client.logout()
    assert "Contract signing" not in client.get(f"/challenges/{challenge.slug}").get_data(
        as_text=True)
    # The organisers see what was sent, to whom as a group, and how many, never the names.
    client.login_as(world["editor"])
    manage = client.get(f"/manage/challenges/{challenge.slug}/messages", headers=EN)
    text = manage.get_data(as_text=True)
    assert manage.status_code == 200 and "Contract signing" in text and "Winners" in text
    assert "winner@example.be" not in text


def test_an_editor_of_another_organisation_is_refused(client, world):
    client.login_as(world["outsider"])
    challenge = world["challenge"]
    assert client.get(f"/manage/challenges/{challenge.slug}/messages").status_code == 403
    assert send(client, challenge).status_code == 403
    client.login_as(world["author"])
    assert send(client, challenge).status_code == 403
    assert db.session.scalar(select(func.count(Announcement.id))) == 0
    assert recipients() == []


def test_a_draft_challenge_has_no_message_page_outside_its_organisation(client, world, make):
    draft = make.challenge(world["challenge"].organisation, phase="draft")
    client.login_as(world["outsider"])
    assert client.get(f"/manage/challenges/{draft.slug}/messages").status_code == 404
    client.login_as(world["editor"])
    response = send(client, draft, "drafts")
    assert response.status_code == 400
    assert "published challenge only" in response.get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"segment": "everyone", "subject": "Hi", "body": "Text"}, "Not a valid choice"),
    ({"segment": "submitted", "subject": "", "body": "Text"}, "Write a subject."),
    ({"segment": "submitted", "subject": "Hi", "body": "  "}, "Write the message."),
    ({"segment": "submitted", "subject": "x" * 201, "body": "Text"},
     "Keep the subject under 200 characters."),
    ({"segment": "submitted", "subject": "Hi", "body": "x" * 10_001},
     "Keep the message under 10000 characters."),
])
def test_bad_input_is_refused_with_the_text_kept(client, world, data, message):
    client.login_as(world["editor"])
    response = client.post(f"/manage/challenges/{world['challenge'].slug}/messages",
                           data=data, headers=EN)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert message in text
    if data["body"].strip() and len(data["body"]) < 100:
        assert data["body"] in text
    assert recipients() == []


def test_an_empty_segment_and_a_second_click_send_nothing(client, world, make):
    client.login_as(world["editor"])
    lonely = make.challenge(world["challenge"].organisation)
    response = send(client, lonely, "winners")
    assert response.status_code == 400
    assert "Nobody is in this group yet" in response.get_data(as_text=True)
    assert send(client, world["challenge"], "winners").status_code == 302
    again = send(client, world["challenge"], "winners")
    assert again.status_code == 400 and "not sent twice" in again.get_data(as_text=True)
    assert recipients() == ["winner@example.be"]
    assert db.session.scalar(select(func.count(AnnouncementRecipient.id))) == 1


def test_advanced_reaches_teams_advanced_out_of_a_stage(client, world, make):
    """In a challenge run in stages, "advanced" is every team moved on out of a stage and
    still in the running (a draft in the next stage included), besides the shortlisted."""
    from challenges.challenges.stages import ChallengeStage, EntryOutcome, StageEntry

    challenge = world["challenge"]
    ideas = ChallengeStage(challenge=challenge, position=1, name="Ideas")
    db.session.add(ideas)
    db.session.commit()
    moved_on = make.proposal(challenge, make.user(email="next@example.be"), status="draft")
    stopped = make.proposal(challenge, make.user(email="stop@example.be"),
                            status="not_selected")
    for proposal, outcome in ((moved_on, EntryOutcome.ADVANCED),
                              (stopped, EntryOutcome.NOT_ADVANCED)):
        db.session.add(StageEntry(proposal_id=proposal.id, stage_id=ideas.id, outcome=outcome))
    db.session.commit()
    client.login_as(world["editor"])
    assert send(client, challenge, "advanced").status_code == 302
    assert recipients() == ["next@example.be", "winner@example.be"]
