"""The page cache (challenges.cache): anonymous answers kept, signed-in people never served
from it, and every kept answer left behind the moment a commit changes what it shows."""

from __future__ import annotations

import re

import pytest

from challenges.cache import LocalStore
from challenges.challenges import operations as challenge_operations
from challenges.extensions import db
from challenges.questions import operations as question_operations
from challenges.questions.models import Question


@pytest.fixture
def organiser(make):
    return make.org_admin()


@pytest.fixture
def challenge(make, organiser):
    membership = organiser.memberships[0]
    return make.challenge(membership.organisation, title="Zwerfvuil aan de Dijle")


PUBLIC_PAGES = ["/", "/challenges", "/challenges?q=zwerfvuil", "/api/v1/challenges",
                "/feeds/challenges.atom", "/accessibility"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_visitor_gets_the_kept_answer_the_second_time(client, challenge, path):
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["X-Cache"] == "miss"
    second = client.get(path)
    assert second.headers["X-Cache"] == "hit"
    assert second.data == first.data
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    assert second.headers["Content-Security-Policy"]    # the app's headers are still added
    assert "Accept-Language" in second.headers["Vary"]
    assert second.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert second.headers["Cache-Control"].startswith("public")


def test_a_matching_etag_gets_a_304_without_the_body(client, challenge):
    etag = client.get("/challenges").headers["ETag"]
    response = client.get("/challenges", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    assert client.get("/challenges", headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/challenges", "/privacy"])
def test_a_public_page_sets_no_cookie_and_carries_no_token(client, challenge, path):
    response = client.get(path)
    assert "Set-Cookie" not in response.headers
    assert b"csrf_token" not in response.data


def test_the_language_is_part_of_the_key(client, challenge):
    assert b'<html lang="nl">' in client.get("/").data
    english = client.get("/", headers={"Accept-Language": "en"})
    assert english.headers["X-Cache"] == "miss"
    assert b'<html lang="en">' in english.data
    client.post("/language", data={"language": "en"})
    assert b'<html lang="en">' in client.get("/").data


def test_a_signed_in_person_is_never_served_a_kept_page(client, challenge, make):
    client.get(f"/challenges/{challenge.slug}")
    client.get(f"/challenges/{challenge.slug}")       # kept for visitors
    client.login_as(make.user(name="Jan Burger"))
    response = client.get(f"/challenges/{challenge.slug}")
    assert "X-Cache" not in response.headers
    assert "private" in response.headers["Cache-Control"]
    assert b"Jan Burger" in response.data
    client.logout()
    assert b"Jan Burger" not in client.get(f"/challenges/{challenge.slug}").data


def test_a_page_with_a_message_for_the_visitor_is_not_kept(client, challenge):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Alleen voor jou")]
    response = client.get("/challenges")
    assert "X-Cache" not in response.headers
    assert b"Alleen voor jou" in response.data
    assert b"Alleen voor jou" not in client.get("/challenges").data


@pytest.mark.csrf
def test_a_visitor_switches_language_without_a_token(client):
    response = client.post("/language", data={"language": "en", "next": "/privacy"})
    assert response.status_code == 302


@pytest.mark.csrf
def test_a_signed_in_switch_still_needs_the_token(client, make):
    user = make.user(language="nl")
    client.login_as(user)
    assert client.post("/language", data={"language": "en"}).status_code == 400
    db.session.refresh(user)
    assert user.language == "nl"
    html = client.get("/privacy").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post("/language", data={"language": "en", "csrf_token": token}).status_code == 302
    db.session.refresh(user)
    assert user.language == "en"


# Invalidation -------------------------------------------------------------------------------

def _kept(client, path: str) -> bytes:
    client.get(path)
    response = client.get(path)
    assert response.headers["X-Cache"] == "hit"
    return response.data


def test_a_change_to_a_challenge_shows_at_once(client, challenge, organiser):
    assert b"Zwerfvuil aan de Dijle" in _kept(client, "/challenges")
    assert b"Zwerfvuil aan de Dijle" in _kept(client, f"/challenges/{challenge.slug}")
    challenge_operations.update_challenge(challenge, {"title": "Zwerfvuil langs de Zenne"},
                                          by=organiser)
    for path in ("/challenges", f"/challenges/{challenge.slug}", "/api/v1/challenges"):
        response = client.get(path)
        assert response.headers["X-Cache"] == "miss"
        assert b"Zwerfvuil langs de Zenne" in response.data


def test_publishing_shows_at_once(client, make, organiser):
    draft = make.challenge(organiser.memberships[0].organisation, phase="draft",
                           title="Nieuwe oproep")
    assert b"Nieuwe oproep" not in _kept(client, "/challenges")
    challenge_operations.publish(draft, by=organiser)
    assert b"Nieuwe oproep" in client.get("/challenges").data


def test_cancelling_shows_at_once(client, challenge, organiser):
    _kept(client, f"/challenges/{challenge.slug}")
    challenge_operations.cancel(challenge, "Het budget is weg.", by=organiser)
    assert b"Het budget is weg." in client.get(f"/challenges/{challenge.slug}").data


def test_an_answer_shows_at_once(client, challenge, organiser, make):
    asker = make.user()
    question = Question(challenge=challenge, asker=asker, body="Mag een vzw meedoen?")
    db.session.add(question)
    db.session.commit()
    page = f"/challenges/{challenge.slug}/questions"
    assert b"Mag een vzw meedoen?" not in _kept(client, page)
    question_operations.answer(question, "Ja, elke vzw.", by=organiser)
    assert b"Ja, elke vzw." in client.get(page).data


def test_a_change_through_a_request_shows_at_once(client, challenge, organiser):
    _kept(client, f"/challenges/{challenge.slug}")
    client.login_as(organiser)
    response = client.post(f"/manage/challenges/{challenge.slug}/cancel",
                           data={"reason": "Geen budget."})
    assert response.status_code == 302
    client.logout()
    assert b"Geen budget." in client.get(f"/challenges/{challenge.slug}").data


def test_a_commit_of_private_rows_keeps_the_cache(client, challenge, make, app):
    from challenges import events

    _kept(client, "/challenges")
    user = make.user()                       # a new account: no public page shows it
    events.record("test_private", user, actor=user)
    db.session.commit()
    assert client.get("/challenges").headers["X-Cache"] == "hit"


def test_workers_of_one_machine_share_the_generation(tmp_path):
    first, second = LocalStore(tmp_path / "gen"), LocalStore(tmp_path / "gen")
    before = second.generation()
    assert first.generation() == before
    first.bump()
    assert second.generation() != before
    assert second.generation() == first.generation()


@pytest.mark.parametrize("app_config", [{"CACHE_ENABLED": False}])
def test_the_cache_can_be_switched_off(client, challenge, app_config):
    client.get("/challenges")
    assert "X-Cache" not in client.get("/challenges").headers


def test_a_challenge_page_carries_no_token_for_a_visitor(client, challenge):
    """Every box on it (follow, questions, announcements) offers a visitor a link, no form."""
    response = client.get(f"/challenges/{challenge.slug}")
    assert "Set-Cookie" not in response.headers
    assert b"csrf_token" not in response.data
    assert client.get(f"/challenges/{challenge.slug}").headers["X-Cache"] == "hit"


# Served in front of Flask ---------------------------------------------------------------------

def test_a_visitor_without_cookies_gets_the_headers_the_app_gave(client, challenge):
    first = client.get("/challenges")
    second = client.get("/challenges")
    assert second.headers["X-Cache"] == "hit"
    for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options",
                 "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
                 "Cache-Control", "ETag", "Vary"):
        assert second.headers[name] == first.headers[name], name
    assert int(second.headers["Content-Length"]) == len(first.data)
    # Each request its own id, the proxy's when it gives a sane one.
    assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    given = client.get("/challenges", headers={"X-Request-ID": "proxy-id-1234"})
    assert given.headers["X-Request-ID"] == "proxy-id-1234"
    hostile = client.get("/challenges", headers={"X-Request-ID": "<script>"})
    assert hostile.headers["X-Request-ID"] != "<script>"


def test_a_kept_answer_to_head_and_to_a_matching_etag(client, challenge):
    etag = client.get("/api/v1/challenges").headers["ETag"]
    head = client.head("/api/v1/challenges")
    assert head.headers["X-Cache"] == "hit"
    assert head.data == b""
    assert head.headers["Content-Type"].startswith("application/json")
    not_modified = client.get("/api/v1/challenges", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.data == b""
    assert not_modified.headers["ETag"] == etag
    assert "Content-Type" not in not_modified.headers
    weak = client.get("/api/v1/challenges", headers={"If-None-Match": f"W/{etag}, \"x\""})
    assert weak.status_code == 304
    assert client.get("/api/v1/challenges",
                      headers={"If-None-Match": "\x00garbage"}).status_code == 200


def test_the_host_is_part_of_the_key(client, challenge):
    _kept(client, "/api/v1/challenges")
    assert client.get("/api/v1/challenges",
                      base_url="http://other.example").headers["X-Cache"] == "miss"


@pytest.mark.parametrize("app_config", [{"TRUST_PROXY": 1}])
def test_behind_the_proxy_the_forwarded_host_is_part_of_the_key(client, challenge, app_config):
    first = {"X-Forwarded-Host": "a.example", "X-Forwarded-Proto": "https"}
    client.get("/api/v1/challenges", headers=first)
    assert client.get("/api/v1/challenges", headers=first).headers["X-Cache"] == "hit"
    other = client.get("/api/v1/challenges", headers={"X-Forwarded-Host": "b.example"})
    assert other.headers["X-Cache"] == "miss"


def test_the_query_string_is_part_of_the_key(client, challenge):
    _kept(client, "/challenges?q=zwerfvuil")
    assert client.get("/challenges?q=fiets").headers["X-Cache"] == "miss"
    assert client.get("/challenges?q=zwerfvuil&page=2").headers["X-Cache"] == "miss"


def test_a_visitor_with_a_session_cookie_is_answered_by_the_app(client, challenge, make):
    _kept(client, "/challenges")
    with client.session_transaction() as session:
        session["lang"] = "en"
    response = client.get("/challenges")
    assert b'<html lang="en">' in response.data
    assert response.headers["Content-Security-Policy"]
    client.login_as(make.user(name="Jan Burger"))
    assert "X-Cache" not in client.get("/challenges").headers


@pytest.mark.parametrize("app_config", [{"CACHE_ENABLED": False}])
def test_switched_off_also_in_front_of_flask(client, challenge, app_config, app):
    client.get("/api/v1/challenges")
    assert "X-Cache" not in client.get("/api/v1/challenges").headers
