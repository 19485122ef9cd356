"""A change of deadline or rules to a published challenge is confirmed first, then emailed
once to every team (drafts included) and everyone who asked a question."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from challenges.challenges.models import Challenge, ChangeNotice
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.questions.models import Question, QuestionStatus
from tests.challenges.test_authoring import editor_of, local
from tests.events import only
from tests.forms import form_values

EN = {"Accept-Language": "en"}


@pytest.fixture
def scene(make):
    """A published, open challenge with people in every situation."""
    organisation, editor = editor_of(make)
    challenge = make.challenge(organisation, title="Slimme parkeerborden", language="nl")
    other = make.challenge(organisation)
    drafter = make.user("drafter@example.be", language="nl")
    author = make.user("author@example.be", language="en")
    co_author = make.user("teamlid@example.be", language="nl")
    withdrawn = make.user("withdrawn@example.be")
    asker = make.user("asker@example.be", language="en")
    elsewhere = make.user("elsewhere@example.be")
    make.proposal(challenge, drafter, status="draft")
    submitted = make.proposal(challenge, author)
    from challenges.submissions.models import TeamMember

    db.session.add(TeamMember(proposal=submitted, email=co_author.email, user=co_author,
                              accepted_at=utcnow()))
    db.session.add(TeamMember(proposal=submitted, email="invited@example.be"))  # not joined
    make.proposal(challenge, withdrawn, status="withdrawn")
    make.proposal(other, elsewhere, status="draft")
    for person, number in ((asker, 1), (author, 2)):  # the author asked too: emailed once
        db.session.add(Question(challenge=challenge, asker=person, body="Mag dat?",
                                number=number, status=QuestionStatus.ANSWERED, answer="Ja."))
    db.session.add(Question(challenge=other, asker=elsewhere, body="En hier?", number=1))
    db.session.commit()
    return {"editor": editor, "challenge": challenge,
            "emailed": {drafter.email, author.email, co_author.email, asker.email},
            "not_emailed": {withdrawn.email, elsewhere.email, "invited@example.be",
                            editor.email}}


def edit_url(challenge) -> str:
    return f"/manage/challenges/{challenge.slug}/edit"


def current_form(client, challenge) -> dict:
    page = client.get(edit_url(challenge), headers=EN)
    return form_values(page.get_data(as_text=True), edit_url(challenge))


def confirm_value(response) -> str:
    found = re.search(r'name="confirm" value="([0-9a-f]+)"', response.get_data(as_text=True))
    assert found, "no confirmation asked"
    return found.group(1)


def outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_moving_the_deadline_earlier_asks_first_and_keeps_what_was_typed(client, scene):
    challenge, editor = scene["challenge"], scene["editor"]
    client.login_as(editor)
    deadline = challenge.closes_at
    data = current_form(client, challenge)
    data.update(closes_at=local(deadline - timedelta(days=5)),
                summary="Een nieuwe samenvatting die nog niet bewaard is.")
    response = client.post(edit_url(challenge), data=data, headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Confirm this change" in html
    assert "The deadline moves earlier" in html
    assert "4 people are emailed" in html
    assert "Een nieuwe samenvatting die nog niet bewaard is." in html  # typed, kept
    assert f'value="{local(deadline - timedelta(days=5))}"' in html
    db.session.expire_all()
    saved = db.session.get(Challenge, challenge.id)
    assert saved.closes_at == deadline and saved.summary != data["summary"]  # nothing saved
    assert outbox_count() == 0
    assert db.session.scalar(select(func.count()).select_from(ChangeNotice)) == 0

    response = client.post(edit_url(challenge), headers=EN,
                           data={**data, "confirm": confirm_value(response)})
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Challenge, challenge.id)
    assert saved.closes_at == (deadline - timedelta(days=5)).replace(second=0, microsecond=0)
    assert saved.summary == data["summary"]
    assert "moved earlier" in db.session.scalar(select(ChangeNotice.text_en))


def test_everyone_concerned_is_emailed_once_in_their_language(client, scene, smtp):
    challenge, editor = scene["challenge"], scene["editor"]
    client.login_as(editor)
    old = challenge.closes_at
    new = (old + timedelta(days=10)).replace(second=0, microsecond=0)
    data = current_form(client, challenge)
    data["closes_at"] = local(new)
    asked = client.post(edit_url(challenge), data=data)
    client.post(edit_url(challenge), data={**data, "confirm": confirm_value(asked)})
    recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert sorted(recipients) == sorted(scene["emailed"])  # each once, nobody else
    send_due()
    for address in scene["not_emailed"]:
        assert smtp.to(address) == []
    [english] = smtp.to("author@example.be")
    assert english["Subject"] == "New deadline for Slimme parkeerborden"
    text = smtp.text(english)
    with client.application.test_request_context(headers=EN):
        from flask_babel import force_locale

        from challenges.i18n import format_moment

        with force_locale("en"):
            assert f"Old deadline: {format_moment(old)}" in text
            assert f"New deadline: {format_moment(new)}" in text
        with force_locale("nl"):
            dutch_new = format_moment(new)
    assert "(Brussels time)" in text and "The deadline was extended" in text
    [dutch] = smtp.to("drafter@example.be")
    assert dutch["Subject"] == "Nieuwe deadline voor Slimme parkeerborden"
    assert f"Nieuwe deadline: {dutch_new}" in smtp.text(dutch)
    assert f"/challenges/{challenge.slug}" in smtp.text(dutch)
    event = only("challenge_updated")
    assert event.actor_id == editor.id and event.changes["emailed"] == 4
    assert set(event.changes["fields"]["closes_at"]) == {"old", "new"}


def test_a_deadline_moved_into_the_past_is_said_plainly(client, scene):
    challenge = scene["challenge"]
    client.login_as(scene["editor"])
    data = current_form(client, challenge)
    data["closes_at"] = local(utcnow() - timedelta(hours=2))
    response = client.post(edit_url(challenge), data=data, headers=EN)
    assert response.status_code == 200
    assert "The new deadline is in the past" in response.get_data(as_text=True)
    client.post(edit_url(challenge), data={**data, "confirm": confirm_value(response)})
    [message] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "asker@example.be")).all()
    assert "The new deadline has passed" in message.body_text


def test_a_change_of_terms_is_confirmed_and_emailed(client, scene):
    challenge = scene["challenge"]
    client.login_as(scene["editor"])
    data = current_form(client, challenge)
    data["ip_terms"] = "De gemeente krijgt een gebruiksrecht op de resultaten."
    response = client.post(edit_url(challenge), data=data, headers=EN)
    assert "Rules changed: Intellectual property and data ownership." in response.get_data(
        as_text=True)
    assert db.session.get(Challenge, challenge.id).ip_terms == ""
    client.post(edit_url(challenge), data={**data, "confirm": confirm_value(response)})
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert len(messages) == 4
    english = next(m for m in messages if m.recipient == "author@example.be")
    assert english.subject == "The rules of Slimme parkeerborden changed"
    assert "Intellectual property and data ownership" in english.body_text
    notice = db.session.scalar(select(ChangeNotice))
    assert "Intellectuele eigendom" in notice.text_nl or "eigendom" in notice.text_nl.lower()


def test_a_confirmation_counts_for_the_change_it_was_given_for_only(client, scene):
    challenge = scene["challenge"]
    client.login_as(scene["editor"])
    deadline = challenge.closes_at
    data = current_form(client, challenge)
    data["closes_at"] = local(deadline + timedelta(days=3))
    confirm = confirm_value(client.post(edit_url(challenge), data=data))
    # The form changed again below the question: asked again, still nothing saved.
    data["closes_at"] = local(deadline - timedelta(days=3))
    response = client.post(edit_url(challenge), data={**data, "confirm": confirm})
    assert response.status_code == 200 and confirm_value(response) != confirm
    assert db.session.get(Challenge, challenge.id).closes_at == deadline
    assert outbox_count() == 0


def test_other_changes_and_drafts_need_no_confirmation(client, scene, make):
    challenge = scene["challenge"]
    client.login_as(scene["editor"])
    data = current_form(client, challenge)
    data["summary"] = "Alleen de samenvatting verandert."
    response = client.post(edit_url(challenge), data=data)
    assert response.status_code == 302
    assert outbox_count() == 0
    assert only("challenge_updated").changes["emailed"] == 0
    draft = make.challenge(challenge.organisation, phase="draft")
    data = current_form(client, draft)
    data["closes_at"] = local(draft.closes_at + timedelta(days=9))
    assert client.post(edit_url(draft), data=data).status_code == 302
    assert outbox_count() == 0


def test_nobody_to_email_is_said(client, make):
    organisation, editor = editor_of(make)
    challenge = make.challenge(organisation)
    client.login_as(editor)
    data = current_form(client, challenge)
    data["closes_at"] = local(challenge.closes_at + timedelta(days=1))
    response = client.post(edit_url(challenge), data=data, headers=EN)
    assert "so no one is emailed" in response.get_data(as_text=True)
