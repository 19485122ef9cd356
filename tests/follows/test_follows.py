"""Following a challenge, a municipality or a theme: the choice per item, the page of what one
follows, the news job (an email per item or a weekly digest, through real SMTP), and the
one-click unsubscribe without signing in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from challenges import tokens
from challenges.accounts.models import Role
from challenges.challenges import operations as challenge_operations
from challenges.challenges.changes import NeedsConfirmation
from challenges.db import utcnow
from challenges.events import Event
from challenges.extensions import db
from challenges.follows.models import Delivery, Follow
from challenges.follows.operations import send_news, unsubscribe_token
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.questions import operations as question_operations

EN = {"Accept-Language": "en"}


@pytest.fixture
def world(make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    editor = make.user(email="editor@mechelen.be")
    make.membership(editor, mechelen, Role.EDITOR)
    mobility = make.theme("mobility", "Mobiliteit", "Mobility")
    challenge = make.challenge(mechelen, title="Smart parking", themes=[mobility])
    return {"mechelen": mechelen, "editor": editor, "mobility": mobility,
            "challenge": challenge, "fan": make.user(email="fan@example.be", language="en")}


def follows_of(user) -> list[Follow]:
    return list(db.session.scalars(select(Follow).where(Follow.user_id == user.id)))


def follow(client, url, delivery="each"):
    return client.post(url, data={"follow-delivery": delivery}, headers=EN)


def test_follow_a_challenge_from_its_page_and_see_it_listed(client, world):
    challenge, fan = world["challenge"], world["fan"]
    client.login_as(fan)
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert "Follow" in page and 'name="follow-delivery"' in page
    response = follow(client, f"/challenges/{challenge.slug}/follow", "weekly")
    assert response.status_code == 302
    [item] = follows_of(fan)
    assert item.challenge_id == challenge.id and item.delivery == Delivery.WEEKLY
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert "You follow this: A weekly digest." in page
    mine = client.get("/my/follows", headers=EN).get_data(as_text=True)
    assert "Smart parking" in mine and "Stop following Smart parking" in mine
    # Following again changes the choice, never makes a second follow.
    follow(client, f"/challenges/{challenge.slug}/follow", "each")
    [item] = follows_of(fan)
    assert item.delivery == Delivery.EACH
    event = db.session.scalars(select(Event).where(Event.action == "follow_started")).one()
    # Who follows what is the follower's business: not in the organisation's record.
    assert event.organisation_id is None and event.challenge_id is None
    assert event.actor_id == fan.id


def test_follow_a_municipality_and_a_theme_from_the_page_of_follows(client, world):
    client.login_as(world["fan"])
    page = client.get("/my/follows", headers=EN).get_data(as_text=True)
    assert "Municipality: Stad Mechelen" in page and "Theme: Mobility" in page
    assert client.post("/my/follows", data={"other-target": "organisation:stad-mechelen",
                                            "other-delivery": "each"}).status_code == 302
    assert client.post("/my/follows", data={"other-target": "theme:mobility",
                                            "other-delivery": "weekly"}).status_code == 302
    kinds = sorted(f.target_kind for f in follows_of(world["fan"]))
    assert kinds == ["organisation", "theme"]
    assert follow(client, "/organisations/stad-mechelen/follow").status_code == 302
    assert len(follows_of(world["fan"])) == 2


@pytest.mark.parametrize("target", ["", "organisation:nowhere", "theme:", "planet:mars"])
def test_a_target_not_in_the_list_is_refused_with_the_form_kept(client, world, target):
    client.login_as(world["fan"])
    response = client.post("/my/follows", data={"other-target": target,
                                                "other-delivery": "weekly"}, headers=EN)
    assert response.status_code == 400
    assert "Choose what to follow." in response.get_data(as_text=True) or \
        "Not a valid choice" in response.get_data(as_text=True)
    assert follows_of(world["fan"]) == []


def test_an_unknown_delivery_is_refused(client, world):
    client.login_as(world["fan"])
    response = follow(client, f"/challenges/{world['challenge'].slug}/follow", "hourly")
    assert response.status_code == 302
    assert follows_of(world["fan"]) == []


def test_change_and_stop_from_the_page_of_follows(client, world):
    fan = world["fan"]
    client.login_as(fan)
    follow(client, f"/challenges/{world['challenge'].slug}/follow")
    [item] = follows_of(fan)
    client.post(f"/my/follows/{item.id}", data={f"follow-{item.id}-delivery": "weekly"})
    assert follows_of(fan)[0].delivery == Delivery.WEEKLY
    assert client.post(f"/my/follows/{item.id}/stop").status_code == 302
    assert follows_of(fan) == []


def test_someone_elses_follow_does_not_exist_for_you(client, world, make):
    client.login_as(world["fan"])
    follow(client, f"/challenges/{world['challenge'].slug}/follow")
    [item] = follows_of(world["fan"])
    client.login_as(make.user())
    assert client.post(f"/my/follows/{item.id}", data={
        f"follow-{item.id}-delivery": "weekly"}).status_code == 404
    assert client.post(f"/my/follows/{item.id}/stop").status_code == 404
    assert follows_of(world["fan"])[0].delivery == Delivery.EACH


def test_unconfirmed_address_cannot_follow(client, world, make):
    client.login_as(make.user(verified=False, language="en"))
    response = follow(client, f"/challenges/{world['challenge'].slug}/follow")
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Confirm your email address first" in page
    assert db.session.scalar(select(Follow.id)) is None


def test_a_draft_cannot_be_followed_from_outside(client, world, make):
    draft = make.challenge(world["mechelen"], phase="draft")
    client.login_as(world["fan"])
    assert follow(client, f"/challenges/{draft.slug}/follow").status_code == 404
    client.login_as(world["editor"])  # the organisation sees it, but there is nothing to follow
    follow(client, f"/challenges/{draft.slug}/follow")
    assert follows_of(world["editor"]) == []


# News ------------------------------------------------------------------------------------------

def _answer(challenge, asker, editor, body="Is the data open?"):
    question = question_operations.ask(challenge, asker, body)
    question_operations.answer(question, "Yes, under a **CC-BY** licence.", editor)
    return question


def test_each_item_by_email_with_unsubscribe_headers_once(client, world, make, smtp, runner):
    challenge, fan = world["challenge"], world["fan"]
    client.login_as(fan)
    follow(client, f"/challenges/{challenge.slug}/follow")
    follow(client, "/organisations/stad-mechelen/follow")  # the same news, still one email
    _answer(challenge, make.user(), world["editor"])
    result = runner.invoke(args=["follows", "send"])
    assert result.exit_code == 0 and "queued 1 email(s)" in result.output
    assert runner.invoke(args=["follows", "send"]).output.startswith("queued 0")
    send_due()
    [message] = smtp.to("fan@example.be")
    assert message["Subject"] == "New answer to a question: Smart parking"
    assert "Is the data open?" in smtp.text(message)
    link = smtp.link(message, "/unsubscribe/")
    assert message["List-Unsubscribe"] == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<strong>CC-BY</strong>" in smtp.html(message)
    # A mail program's one-click POST, without a session or a CSRF token.
    client.logout()
    path = link.split("127.0.0.1", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, data={"List-Unsubscribe": "One-Click"}, headers=EN)
    assert response.status_code == 200
    assert "You no longer receive news of: Smart parking, Stad Mechelen." in \
        response.get_data(as_text=True)
    assert follows_of(fan) == []


def test_new_challenges_reach_followers_of_the_municipality_and_theme(world, make, smtp):
    fan, other = world["fan"], make.user(email="other@example.be")
    db.session.add_all([Follow(user=fan, organisation=world["mechelen"]),
                        Follow(user=other, theme=world["mobility"])])
    db.session.commit()
    draft = make.challenge(world["mechelen"], phase="draft", title="Bike sheds",
                           themes=[world["mobility"]], opens_at=utcnow() - timedelta(days=1),
                           closes_at=utcnow() + timedelta(days=20))
    make.challenge(make.organisation(), title="Elsewhere")  # neither follows it
    assert send_news() == 0  # drafts are never news
    challenge_operations.publish(draft, world["editor"])
    assert send_news() == 2
    send_due()
    assert [m["Subject"] for m in smtp.to("fan@example.be")] == ["New challenge: Bike sheds"]
    assert [m["Subject"] for m in smtp.to("other@example.be")] == ["Nieuwe challenge: Bike sheds"]


def test_weekly_digest_only_when_the_week_is_over(world, make, smtp):
    fan = world["fan"]
    started = utcnow()
    db.session.add(Follow(user=fan, challenge=world["challenge"], delivery=Delivery.WEEKLY,
                          digest_sent_at=started))
    db.session.commit()
    _answer(world["challenge"], make.user(), world["editor"], "First?")
    _answer(world["challenge"], make.user(), world["editor"], "Second?")
    assert send_news(now=started + timedelta(days=3)) == 0
    assert send_news(now=started + timedelta(days=7, minutes=1)) == 1
    assert send_news(now=started + timedelta(days=15)) == 0  # nothing new
    send_due()
    [message] = smtp.to("fan@example.be")
    text = smtp.text(message)
    assert message["Subject"] == "This week on the challenges you follow"
    assert "First?" in text and "Second?" in text and message["List-Unsubscribe-Post"]


def test_an_edit_that_changes_no_rule_is_not_news_a_notice_is(world, make):
    fan = world["fan"]
    db.session.add(Follow(user=fan, challenge=world["challenge"]))
    db.session.commit()
    challenge = world["challenge"]
    from challenges.challenges.forms import challenge_data  # noqa: F401  (the form's shape)
    data = {name: getattr(challenge, name) for name in ("title", "summary")}
    data["summary"] = "A new summary"
    challenge_operations.update_challenge(challenge, data, world["editor"])
    assert send_news() == 0
    data["closes_at"] = challenge.closes_at + timedelta(days=3)
    # A new deadline is saved once the organiser confirms it (the teams are told).
    with pytest.raises(NeedsConfirmation) as asked:
        challenge_operations.update_challenge(challenge, data, world["editor"])
    challenge_operations.update_challenge(challenge, data, world["editor"],
                                          confirmed=asked.value.change.digest)
    assert send_news() == 1
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.subject == "Change notice: Smart parking"
    assert "deadline" in message.body_text.lower()


# Unsubscribe links -------------------------------------------------------------------------------

def _token_for(user, follows):
    return unsubscribe_token(user, follows)


def test_unsubscribe_page_asks_for_one_click_then_confirms(client, world, app):
    fan = world["fan"]
    item = Follow(user=fan, challenge=world["challenge"])
    db.session.add(item)
    db.session.commit()
    with app.test_request_context():
        token = _token_for(fan, [item])
    page = client.get(f"/unsubscribe/{token}", headers=EN)
    assert page.status_code == 200 and "Smart parking" in page.get_data(as_text=True)
    assert follows_of(fan) != []  # a link scanner opening the page unsubscribes no one
    assert client.post(f"/unsubscribe/{token}", headers=EN).status_code == 200
    assert follows_of(fan) == []
    again = client.post(f"/unsubscribe/{token}", headers=EN)
    assert again.status_code == 200 and "You already unsubscribed" in again.get_data(as_text=True)


@pytest.mark.csrf
def test_the_one_click_post_needs_no_csrf_token(client, world, app):
    item = Follow(user=world["fan"], challenge=world["challenge"])
    db.session.add(item)
    db.session.commit()
    with app.test_request_context():
        token = _token_for(world["fan"], [item])
    assert client.post(f"/unsubscribe/{token}",
                       data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert follows_of(world["fan"]) == []


def test_a_tampered_unsubscribe_link_is_refused(client, world, app, make):
    fan, other = world["fan"], make.user()
    item = Follow(user=fan, challenge=world["challenge"])
    mine = Follow(user=other, challenge=world["challenge"])
    db.session.add_all([item, mine])
    db.session.commit()
    with app.test_request_context():
        token = _token_for(fan, [item])
        foreign = tokens.sign("verify-email", {"u": fan.id, "f": [item.id]})
        # A valid signature naming another person's follow stops nothing of theirs.
        crossed = tokens.sign("unsubscribe", {"u": fan.id, "f": [mine.id]})
        odd = tokens.sign("unsubscribe", {"u": "x", "f": "y"})
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), foreign, odd,
                "nonsense"):
        for method in ("get", "post"):
            response = getattr(client, method)(f"/unsubscribe/{bad}", headers=EN)
            assert response.status_code == 400, (bad, method)
            assert "This link is not valid." in response.get_data(as_text=True)
    assert client.post(f"/unsubscribe/{crossed}", headers=EN).status_code == 200
    assert len(follows_of(fan)) == 1 and len(follows_of(other)) == 1


def test_the_page_of_follows_takes_a_fixed_number_of_queries(client, world, make, count_queries):
    fan = world["fan"]
    client.login_as(fan)
    db.session.add_all([Follow(user=fan, challenge=world["challenge"]),
                        Follow(user=fan, organisation=world["mechelen"]),
                        Follow(user=fan, theme=world["mobility"])])
    db.session.commit()
    with count_queries() as few:
        assert client.get("/my/follows").status_code == 200
    for _n in range(4):
        db.session.add(Follow(user=fan, challenge=make.challenge(world["mechelen"])))
        db.session.add(Follow(user=fan, organisation=make.organisation()))
    db.session.commit()
    with count_queries() as many:
        assert client.get("/my/follows").status_code == 200
    assert many.count == few.count
