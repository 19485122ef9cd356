"""Ask the peers: an organiser of another municipality asks on a published lessons record, the
owners are emailed and answer publicly (shown with the asker's municipality, the name only if
chosen) or privately (emailed to the asker alone); participants and visitors cannot ask."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from challenges.accounts.models import Role
from challenges.extensions import db
from challenges.lessons.models import PeerQuestion
from challenges.notifications.models import OutboxMessage

EN = {"Accept-Language": "en"}


@pytest.fixture
def world(make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    owner = make.user(name="Tom Owner", language="en")
    make.membership(owner, mechelen, Role.EDITOR)
    asker = make.user(name="Pieter Vraag", language="en")
    make.membership(asker, brugge, Role.EDITOR)
    challenge = make.challenge(mechelen, phase="completed", title="Camera's op pleinen")
    record = make.lessons(challenge)
    return {"mechelen": mechelen, "brugge": brugge, "owner": owner, "asker": asker,
            "challenge": challenge, "record": record}


def _ask(client, world, **data):
    return client.post(f"/lessons/{world['challenge'].slug}/questions", data={
        "body": "Hoe lang was de bewaartermijn van de camerabeelden?",
        "organisation_id": world["brugge"].id, **data}, headers=EN)


def _mail(kind):
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def test_ask_and_answer_publicly(client, world):
    client.login_as(world["asker"])
    page = client.get(f"/lessons/{world['challenge'].slug}", headers=EN).get_data(as_text=True)
    assert "Ask Stad Mechelen a question" in page
    assert _ask(client, world).status_code == 302
    question = db.session.scalar(select(PeerQuestion))
    assert question.asker_organisation_id == world["brugge"].id and not question.show_name
    [mail] = _mail("peer_question_new")
    assert mail.recipient == world["owner"].email and "bewaartermijn" in mail.body_text
    assert "an organiser of Stad Brugge" in mail.body_text and "Pieter" not in mail.body_text
    # Not shown before it is answered.
    page = client.get(f"/lessons/{world['challenge'].slug}", headers=EN).get_data(as_text=True)
    assert "bewaartermijn" not in page

    client.login_as(world["owner"])
    listing = client.get("/manage/lessons/questions", headers=EN).get_data(as_text=True)
    assert "bewaartermijn" in listing and f"/manage/lessons/questions/{question.id}" in listing
    assert client.post(f"/manage/lessons/questions/{question.id}", data={
        "answer": "Een DPIA vooraf en **geen** opslag.", "visibility": "public"}).status_code == 302
    assert "bewaartermijn" not in client.get("/manage/lessons/questions").get_data(as_text=True)
    [answered] = _mail("peer_question_answered")
    assert answered.recipient == world["asker"].email
    client.logout()
    page = client.get(f"/lessons/{world['challenge'].slug}", headers=EN).get_data(as_text=True)
    assert "bewaartermijn" in page and "<strong>geen</strong>" in page
    assert "an organiser of Stad Brugge" in page and "Pieter Vraag" not in page
    # Answered once.
    client.login_as(world["owner"])
    client.post(f"/manage/lessons/questions/{question.id}",
                data={"answer": "Nog eens", "visibility": "public"})
    db.session.refresh(question)
    assert question.answer.startswith("Een DPIA")


def test_a_private_answer_goes_to_the_asker_only(client, world):
    client.login_as(world["asker"])
    assert _ask(client, world, show_name="y").status_code == 302
    question = db.session.scalar(select(PeerQuestion))
    client.login_as(world["owner"])
    assert client.post(f"/manage/lessons/questions/{question.id}", data={
        "answer": "Vertrouwelijk: de offerte was 40.000 euro.",
        "visibility": "private"}).status_code == 302
    [answered] = _mail("peer_question_answered")
    assert answered.recipient == world["asker"].email and "40.000" in answered.body_text
    # The owners keep it on the record; the public never sees it.
    own = client.get(f"/lessons/{world['challenge'].slug}", headers=EN).get_data(as_text=True)
    assert "answered privately" in own and "Pieter Vraag (Stad Brugge)" in own
    client.logout()
    public = client.get(f"/lessons/{world['challenge'].slug}").get_data(as_text=True)
    assert "40.000" not in public and "bewaartermijn" not in public


def test_who_may_ask_and_answer(client, make, world):
    slug = world["challenge"].slug
    # A visitor is sent to sign in; a participant and the owners themselves get 403.
    assert "/login" in _ask(client, world).headers["Location"]
    for who in (make.user(), world["owner"]):
        client.login_as(who)
        assert _ask(client, world).status_code == 403
        page = client.get(f"/lessons/{slug}", headers=EN).get_data(as_text=True)
        assert "Send the question" not in page
    assert db.session.scalar(select(PeerQuestion)) is None
    # Asking for a municipality that is not one's own is refused next to the field.
    client.login_as(world["asker"])
    response = _ask(client, world, organisation_id=world["mechelen"].id)
    assert response.status_code == 400 and "is-invalid" in response.get_data(as_text=True)
    response = _ask(client, world, body="   ")
    assert response.status_code == 400
    assert db.session.scalar(select(PeerQuestion)) is None
    # A draft record cannot be asked on.
    draft = make.challenge(world["mechelen"], phase="completed")
    make.lessons(draft, published=False)
    assert client.post(f"/lessons/{draft.slug}/questions",
                       data={"body": "x", "organisation_id": world["brugge"].id}
                       ).status_code == 404
    # Only the owners answer.
    assert _ask(client, world).status_code == 302
    question = db.session.scalar(select(PeerQuestion))
    for who in (world["asker"], make.user()):
        client.login_as(who)
        assert client.get(f"/manage/lessons/questions/{question.id}").status_code == 403
        assert client.post(f"/manage/lessons/questions/{question.id}",
                           data={"answer": "x", "visibility": "public"}).status_code == 403


@pytest.fixture
def app_config():
    return {"QUESTION_RATE_LIMIT": "2 per hour"}


def test_asking_is_rate_limited(client, world):
    client.login_as(world["asker"])
    assert _ask(client, world, body="").status_code == 400  # a typo does not count
    assert _ask(client, world).status_code == 302
    assert _ask(client, world).status_code == 302
    assert _ask(client, world).status_code == 429
