"""The lessons library, a lessons record's page, the API and the CSV are served from the page
cache to visitors, and a lessons record published or corrected shows on them at once."""

from __future__ import annotations

import pytest

from challenges.lessons import operations
from tests.lessons.test_lessons import evaluated
from tests.pilots.helpers import world

PAGES = ["/lessons", "/lessons?q=batterijen", "/api/v1/lessons", "/lessons.csv"]
TEXTS = {"summary": "Test eerst de batterijen.", "what_went_wrong": "Batterijen liepen leeg."}


def _kept(client, path: str) -> bytes:
    client.get(path)
    response = client.get(path)
    assert response.status_code == 200 and response.headers["X-Cache"] == "hit"
    return response.data


@pytest.fixture
def w(make):
    w = world(make)
    evaluated(w)
    return w


@pytest.mark.parametrize("path", PAGES)
def test_a_visitor_gets_the_kept_answer(client, w, path):
    make_record = operations.save(w.challenge, w.editor, TEXTS, publish=True)
    assert make_record.is_published
    assert b"batterijen" in _kept(client, path).lower()


@pytest.mark.parametrize("path", PAGES)
def test_published_lessons_show_at_once(client, w, path):
    assert b"Test eerst de batterijen" not in _kept(client, path)
    operations.save(w.challenge, w.editor, TEXTS, publish=True)
    response = client.get(path)
    assert response.headers["X-Cache"] == "miss"
    assert b"Test eerst de batterijen" in response.data


def test_a_record_published_through_the_form_shows_at_once(client, w):
    url = f"/lessons/{w.challenge.slug}"
    assert client.get(url).status_code == 404      # not kept: only a 200 is
    assert b"Test eerst de batterijen" not in _kept(client, "/lessons")
    client.login_as(w.editor)
    client.post(f"/manage/challenges/{w.challenge.slug}/lessons", data={**TEXTS, "publish": "1"})
    client.logout()
    assert b"Test eerst de batterijen" in client.get("/lessons").data
    assert b"Test eerst de batterijen" in client.get(url).data


def test_a_correction_shows_at_once(client, w):
    operations.save(w.challenge, w.editor, TEXTS, publish=True)
    url = f"/lessons/{w.challenge.slug}"
    assert b"Test eerst de batterijen" in _kept(client, url)
    operations.save(w.challenge, w.editor, {**TEXTS, "summary": "Kies netstroom."}, publish=True)
    for path in (url, "/lessons", "/api/v1/lessons"):
        response = client.get(path)
        assert response.headers["X-Cache"] == "miss" and b"Kies netstroom." in response.data


def test_a_signed_in_organiser_is_never_served_a_kept_page(client, w):
    operations.save(w.challenge, w.editor, TEXTS, publish=True)
    _kept(client, "/lessons")
    client.login_as(w.editor)
    assert "X-Cache" not in client.get("/lessons").headers
