"""/lessons.atom: newly published lessons records as a valid Atom feed (newest first, the
library's filters kept, drafts never), linked from the library with rel=alternate."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from challenges.db import utcnow
from challenges.extensions import db

ATOM = "{http://www.w3.org/2005/Atom}"
EN = {"Accept-Language": "en"}


def _feed(client, query=""):
    response = client.get("/lessons.atom" + query, headers=EN)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_the_feed_lists_published_lessons_newest_first(client, make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    older = make.challenge(mechelen, phase="completed", title="Slimme vuilnisbakken")
    newer = make.challenge(brugge, phase="completed", title="Fietsparkeren <&> station")
    draft = make.challenge(brugge, phase="completed", title="Nog niet klaar")
    early = make.lessons(older, summary="Begin klein.")
    early.published_at = utcnow() - timedelta(days=3)
    make.lessons(newer, summary="Meet eerst.")
    make.lessons(draft, published=False)
    db.session.commit()
    feed = _feed(client)
    # The elements RFC 4287 requires of a feed and of each entry.
    for name in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + name) is not None, name
    assert feed.find(ATOM + "link[@rel='self']").get("href").endswith("/lessons.atom")
    entries = feed.findall(ATOM + "entry")
    titles = [e.find(ATOM + "title").text for e in entries]
    assert titles == ["Lessons of Fietsparkeren <&> station", "Lessons of Slimme vuilnisbakken"]
    for entry in entries:
        for name in ("id", "title", "updated", "published", "summary", "author"):
            assert entry.find(ATOM + name) is not None, name
        assert entry.find(ATOM + "link[@rel='alternate']").get("href").startswith("http")
    assert entries[0].find(ATOM + "author/" + ATOM + "name").text == "Stad Brugge"
    assert len({e.find(ATOM + "id").text for e in entries}) == 2
    # The library's filters apply, and the feed's own address keeps them.
    filtered = _feed(client, "?organisation=stad-mechelen")
    assert [e.find(ATOM + "title").text for e in filtered.findall(ATOM + "entry")] == [
        "Lessons of Slimme vuilnisbakken"]
    assert "organisation=stad-mechelen" in filtered.find(ATOM + "link[@rel='self']").get("href")
    assert _feed(client, "?band=nonsense&year=%00").find(ATOM + "title") is not None


def test_the_library_links_to_its_feed(client, make):
    page = client.get("/lessons?organisation=stad-x").get_data(as_text=True)
    assert ('<link rel="alternate" type="application/atom+xml"' in page
            and "/lessons.atom?organisation=stad-x" in page)


def test_an_empty_feed_is_valid(client):
    feed = _feed(client)
    assert feed.findall(ATOM + "entry") == [] and feed.find(ATOM + "updated").text
