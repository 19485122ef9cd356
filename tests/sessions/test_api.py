"""GET /api/v1/events lists the upcoming events of published challenges as /events does, and a
challenge's item in the API carries its events: how many registered, never who."""

from __future__ import annotations

from challenges.db import utcnow
from challenges.extensions import db
from challenges.sessions.models import Registration, SessionKind
from tests.api.test_openapi import check, response_schema
from tests.sessions.conftest import make_session


def test_upcoming_events_of_published_challenges_soonest_first(client, make, world):
    later = make_session(world["challenge"], title="Pitch day", kind=SessionKind.PITCH_DAY,
                         days=10)
    sooner = make_session(world["challenge"], title="Info session", capacity=2, days=2)
    make_session(world["challenge"], title="Gone by", days=-2)
    cancelled = make_session(world["challenge"], title="Cancelled", days=4)
    cancelled.cancelled_at = utcnow()
    draft = make.challenge(world["mechelen"], phase="draft")
    make_session(draft, title="Of a draft")
    citizen = make.user(name="Anna Peeters", email="anna@example.be")
    db.session.add(Registration(session=sooner, user=citizen, seat=1))
    db.session.commit()

    body = client.get("/api/v1/events").get_json()

    assert [item["title"] for item in body["items"]] == ["Info session", "Pitch day"]
    first = body["items"][0]
    assert first["kind"] == "info_session"
    assert (first["capacity"], first["registered"], first["places_left"]) == (2, 1, 1)
    assert first["challenge"]["slug"] == world["challenge"].slug
    assert first["url"].endswith(f"/events/{sooner.id}")
    assert first["calendar"].endswith(f"/events/{sooner.id}/calendar.ics")
    assert body["items"][1]["id"] == later.id
    assert "Anna" not in str(body) and "anna@example.be" not in str(body)
    assert body["next"] is None


def test_the_events_list_pages_without_a_count_and_in_fixed_queries(client, world,
                                                                    count_queries):
    for day in range(1, 4):
        make_session(world["challenge"], title=f"Session {day}", days=day)
    first = client.get("/api/v1/events?limit=2").get_json()
    assert [i["title"] for i in first["items"]] == ["Session 1", "Session 2"]
    assert first["next"].endswith("/api/v1/events?limit=2&page=2")
    second = client.get("/api/v1/events?limit=2&page=2").get_json()
    assert [i["title"] for i in second["items"]] == ["Session 3"]
    assert second["next"] is None
    assert client.get("/api/v1/events?limit=0").status_code == 400

    with count_queries() as few:
        client.get("/api/v1/events?limit=50&cache=few")
    for day in range(4, 20):
        make_session(world["challenge"], title=f"Session {day}", days=day)
    with count_queries() as many:
        client.get("/api/v1/events?limit=50&cache=many")
    assert many.count == few.count


def test_a_challenge_item_carries_its_events_past_ones_included(client, world):
    make_session(world["challenge"], title="Gone by", days=-5)
    make_session(world["challenge"], title="Online", place="", url="https://meet.example/a",
                 days=3)
    document = client.get("/api/v1/openapi.json").get_json()

    body = client.get(f"/api/v1/challenges/{world['challenge'].slug}").get_json()

    check(document, response_schema(document, "/challenges/{slug}", "200"), body)
    assert [(e["title"], e["place"], e["online_url"]) for e in body["events"]] == [
        ("Gone by", "Stadhuis, Grote Markt 21, Mechelen", None),
        ("Online", None, "https://meet.example/a")]


def test_a_new_event_and_a_registration_show_in_the_cached_list_at_once(client, make, world):
    assert client.get("/api/v1/events").get_json()["items"] == []
    session = make_session(world["challenge"], title="Just planned", capacity=5)
    assert [(i["title"], i["registered"]) for i in client.get("/api/v1/events").get_json()
            ["items"]] == [("Just planned", 0)]
    db.session.add(Registration(session=session, user=make.user(), seat=1))
    db.session.commit()
    assert client.get("/api/v1/events").get_json()["items"][0]["registered"] == 1
