"""Info sessions and pitch days: planning them, the public pages, the feed and calendar,
registration with a waiting list, cancelling, reminders; who may do what."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from challenges.db import utcnow
from challenges.events import Event
from challenges.extensions import db
from challenges.follows.models import Follow
from challenges.follows.operations import send_news
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.sessions.models import Registration, Session
from challenges.sessions.operations import send_reminders
from challenges.timezones import utc_to_brussels
from tests.sessions.conftest import make_session

EN = {"Accept-Language": "en"}


def form_data(**overrides):
    start = utc_to_brussels(utcnow() + timedelta(days=5)).replace(hour=14, minute=0)
    data = {"kind": "info_session", "title": "Info session on parking",
            "title_en": "", "description": "Come and ask.", "description_en": "",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Stadhuis, Mechelen", "url": "", "capacity": "30"}
    data.update(overrides)
    return data


def test_the_organiser_plans_an_event_shown_everywhere(client, world, make):
    challenge = world["challenge"]
    fan = make.user(email="fan@example.be", language="en")
    db.session.add(Follow(user=fan, challenge=challenge))
    db.session.commit()
    client.login_as(world["editor"])
    response = client.post(f"/manage/challenges/{challenge.slug}/events", data=form_data(),
                           headers=EN)
    assert response.status_code == 302
    session = db.session.scalars(select(Session)).one()
    # Typed in Brussels time, kept in UTC.
    assert utc_to_brussels(session.starts_at).hour == 14 and session.capacity == 30
    event = db.session.scalars(select(Event).where(Event.action == "session_scheduled")).one()
    assert event.actor_id == world["editor"].id and event.challenge_id == challenge.id
    client.logout()
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert "Info sessions and pitch days" in page and "Info session on parking" in page
    assert "Info session on parking" in client.get("/events", headers=EN).get_data(as_text=True)
    feed = client.get("/events/feed.atom", headers=EN)
    assert feed.content_type.startswith("application/atom+xml")
    assert b"Info session on parking" in feed.data
    ics = client.get(f"/events/{session.id}/calendar.ics")
    calendar = icalendar.Calendar.from_ical(ics.data)
    [vevent] = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == session.starts_at
    assert "Stadhuis" in str(vevent.get("location"))
    # Followers hear of it.
    assert send_news() == 1
    mail = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "fan@example.be")).one()
    assert mail.subject == "New event: Smart parking"


@pytest.mark.parametrize("overrides, message", [
    ({"title": ""}, "Give the event a title."),
    ({"ends_at": "2020-01-01T10:00"}, "The end must come after the start."),
    ({"starts_at": "2021-01-01T10:00", "ends_at": "2021-01-01T12:00"},
     "The start must be in the future."),
    ({"place": "", "url": ""}, "Give an address, or a link for an online event."),
    ({"capacity": "0"}, "Give a capacity from 1 to 100000."),
    ({"capacity": "many"}, "Not a valid integer value."),
    ({"url": "javascript:alert(1)"}, "Give a full web address"),
    ({"starts_at": "tomorrow"}, "Not a valid datetime value."),
    ({"kind": "party"}, "Not a valid choice"),
])
def test_bad_input_is_refused_with_what_was_typed(client, world, overrides, message):
    client.login_as(world["editor"])
    response = client.post(f"/manage/challenges/{world['challenge'].slug}/events",
                           data=form_data(**overrides), headers=EN)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert (message in text and "Stadhuis, Mechelen" in text) or not overrides.get("place", 1)
    assert db.session.scalar(select(Session.id)) is None


def test_only_the_organisation_manages_its_events(client, world, make):
    challenge = world["challenge"]
    session = make_session(challenge)
    citizen = make.user()
    for user in (world["outsider"], citizen):
        client.login_as(user)
        assert client.get(f"/manage/challenges/{challenge.slug}/events").status_code == 403
        assert client.post(f"/manage/challenges/{challenge.slug}/events",
                           data=form_data()).status_code == 403
        assert client.get(f"/manage/events/{session.id}").status_code == 403
        assert client.post(f"/manage/events/{session.id}", data=form_data()).status_code == 403
        assert client.post(f"/manage/events/{session.id}/cancel").status_code == 403
        assert client.post(f"/manage/events/{session.id}/slots").status_code == 403
    assert db.session.get(Session, session.id).cancelled_at is None
    client.login_as(world["editor"])
    page = client.get(f"/manage/events/{session.id}", headers=EN)
    assert page.status_code == 200 and "Nobody has registered yet." in page.get_data(as_text=True)


def test_events_of_a_draft_do_not_exist_outside_its_organisation(client, world, make):
    draft = make.challenge(world["mechelen"], phase="draft")
    session = make_session(draft, title="Secret briefing")
    client.login_as(make.user())
    assert client.get(f"/events/{session.id}").status_code == 404
    assert client.post(f"/events/{session.id}/register").status_code == 404
    assert client.get(f"/events/{session.id}/calendar.ics").status_code == 404
    assert "Secret briefing" not in client.get("/events").get_data(as_text=True)
    assert client.get("/events/99999999").status_code == 404


# Registration -------------------------------------------------------------------------------------

def test_register_with_a_calendar_file_and_a_waiting_list(client, world, make, smtp):
    session = make_session(world["challenge"], capacity=1, url="https://meet.example.be/x",
                           place="")
    first = make.user(email="first@example.be", language="en")
    second = make.user(email="second@example.be", language="en")
    client.login_as(first)
    assert client.post(f"/events/{session.id}/register").status_code == 302
    client.login_as(second)
    page = client.get(f"/events/{session.id}", headers=EN).get_data(as_text=True)
    assert "It is full: register to join the waiting list." in page
    assert "meet.example.be" not in page  # the link is for those with a place
    client.post(f"/events/{session.id}/register")
    again = client.post(f"/events/{session.id}/register", headers=EN)
    assert again.status_code == 302
    rows = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    assert [r.seat for r in rows] == [1, None]
    send_due()
    [confirmed] = smtp.to("first@example.be")
    assert confirmed["Subject"] == "Registered: Info session on parking"
    assert "https://meet.example.be/x" in smtp.text(confirmed)
    [ics] = [part for part in confirmed.iter_attachments()]
    assert ics.get_content_type() == "text/calendar" and ics.get_filename().endswith(".ics")
    assert "BEGIN:VEVENT" in str(ics.get_content())
    [waiting] = smtp.to("second@example.be")
    assert waiting["Subject"] == "Waiting list: Info session on parking"
    assert "meet.example.be" not in smtp.text(waiting)
    # The first cancels: the second moves up and is told, with the calendar file.
    smtp.clear()
    client.login_as(first)
    assert client.post(f"/events/{session.id}/registration/cancel").status_code == 302
    assert [r.user_id for r in db.session.scalars(select(Registration))] == [second.id]
    assert db.session.scalars(select(Registration)).one().seat == 1
    send_due()
    [moved] = smtp.to("second@example.be")
    assert moved["Subject"] == "A place for you: Info session on parking"
    assert list(moved.iter_attachments())


def test_registering_twice_is_refused_with_a_message(client, world, make):
    session = make_session(world["challenge"])
    user = make.user(language="en")
    client.login_as(user)
    client.post(f"/events/{session.id}/register")
    response = client.post(f"/events/{session.id}/register")
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "You are already registered." in page
    assert db.session.query(Registration).count() == 1


@pytest.mark.parametrize("case, message", [
    ("unverified", "Confirm your email address first"),
    ("cancelled", "This event is cancelled."),
    ("started", "Registration is closed: the event has started."),
])
def test_registration_refused_when_it_cannot_be(client, world, make, case, message):
    session = make_session(world["challenge"])
    user = make.user(language="en", verified=case != "unverified")
    if case == "cancelled":
        session.cancelled_at = utcnow()
    if case == "started":
        session.starts_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    client.login_as(user)
    response = client.post(f"/events/{session.id}/register")
    assert response.status_code == 302
    assert message in client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert db.session.query(Registration).count() == 0


def test_someone_elses_registration_cannot_be_cancelled(client, world, make):
    session = make_session(world["challenge"])
    owner, other = make.user(), make.user()
    client.login_as(owner)
    client.post(f"/events/{session.id}/register")
    client.login_as(other)
    assert client.post(f"/events/{session.id}/registration/cancel").status_code == 404
    assert db.session.query(Registration).count() == 1


def test_organiser_cancels_and_those_registered_are_told(client, world, make, smtp):
    session = make_session(world["challenge"])
    client.login_as(make.user(email="guest@example.be", language="en"))
    client.post(f"/events/{session.id}/register")
    client.login_as(world["editor"])
    assert client.post(f"/manage/events/{session.id}/cancel").status_code == 302
    assert db.session.get(Session, session.id).is_cancelled
    send_due()
    assert [m["Subject"] for m in smtp.to("guest@example.be")] == [
        "Registered: Info session on parking", "Cancelled: Info session on parking"]


def test_capacity_cannot_go_below_those_registered(client, world, make):
    session = make_session(world["challenge"], capacity=5)
    for _n in range(2):
        client.login_as(make.user())
        client.post(f"/events/{session.id}/register")
    client.login_as(world["editor"])
    start = utc_to_brussels(session.starts_at)
    response = client.post(f"/manage/events/{session.id}", headers=EN, data=form_data(
        capacity="1", starts_at=start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")))
    assert response.status_code == 400
    assert "2 people are registered: the capacity cannot be lower." in response.get_data(
        as_text=True)
    assert db.session.get(Session, session.id).capacity == 5


def test_reminder_the_day_before_once(world, make, runner):
    soon = make_session(world["challenge"], days=0, hours=1)
    soon.starts_at = utcnow() + timedelta(hours=20)
    soon.ends_at = soon.starts_at + timedelta(hours=1)
    later = make_session(world["challenge"], days=4)
    db.session.commit()
    for session in (soon, later):
        db.session.add(Registration(session=session, user=make.user(), seat=1))
    db.session.add(Registration(session=soon, user=make.user(), seat=None))  # waiting
    db.session.commit()
    result = runner.invoke(args=["sessions", "remind"])
    assert result.exit_code == 0 and "reminded 1" in result.output
    assert send_reminders() == 0
    assert send_reminders(now=utcnow() + timedelta(days=3, hours=12)) == 1  # the later one
    subjects = [m.subject for m in db.session.scalars(select(OutboxMessage))]
    assert subjects.count("Morgen: Info session on parking") == 2


def test_the_list_of_events_takes_a_fixed_number_of_queries(client, world, make,
                                                            count_queries):
    make_session(world["challenge"])
    with count_queries() as few:
        assert client.get("/events").status_code == 200
    for n in range(5):
        session = make_session(make.challenge(make.organisation()), title=f"Event {n}")
        db.session.add(Registration(session=session, user=make.user(), seat=1))
    db.session.commit()
    with count_queries() as many:
        assert client.get("/events").status_code == 200
    assert many.count == few.count


def test_texts_in_the_readers_language_or_marked_with_their_own(client, world):
    both = make_session(world["challenge"], title="Infosessie", translations={
        "en": {"title": "Info session", "description": "We explain it."}})
    dutch_only = make_session(world["challenge"], title="Alleen in het Nederlands")
    english = client.get(f"/events/{both.id}", headers=EN).get_data(as_text=True)
    assert "<h1>Info session</h1>" in english and "not available in your language" not in english
    dutch = client.get(f"/events/{both.id}").get_data(as_text=True)
    assert "<h1>Infosessie</h1>" in dutch
    fallback = client.get(f"/events/{dutch_only.id}", headers=EN).get_data(as_text=True)
    assert '<h1 lang="nl">Alleen in het Nederlands</h1>' in fallback
    assert "This text is not available in your language" in fallback
