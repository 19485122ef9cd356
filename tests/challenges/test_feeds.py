"""Atom feeds of published challenges and the iCalendar file of a deadline."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.db import utcnow
from challenges.extensions import db


@pytest.fixture
def app_config():
    # Links are built on BASE_URL, never on the Host of the request (the test client's is
    # "localhost"), so a forged Host cannot end up in a cached answer.
    return {"BASE_URL": "http://public.example"}

NS = {"atom": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_feed(response) -> ET.Element:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.data)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return root


def entry_titles(root: ET.Element) -> list[str]:
    return [e.findtext("atom:title", namespaces=NS) for e in root.findall("atom:entry", NS)]


def add_published(organisation, count: int, start: int = 0) -> None:
    now = utcnow()
    for i in range(start, start + count):
        db.session.add(Challenge(
            organisation=organisation, slug=f"bulk-{i}", title=f"Bulk {i:03d}",
            status=ChallengeStatus.PUBLISHED, opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=10), published_at=now - timedelta(hours=i)))
    db.session.commit()


# Atom ---------------------------------------------------------------------------------------

def test_feed_lists_published_challenges_newest_first_without_drafts(client, make):
    org = make.organisation(name="Stad Mechelen", slug="mechelen")
    energy = make.theme(slug="energy", name_nl="Energie", name_en="Energy")
    now = utcnow()
    older = make.challenge(org, title="Older", published_at=now - timedelta(days=5))
    newer = make.challenge(org, title="Newer", themes=[energy],
                           published_at=now - timedelta(days=1))
    make.challenge(org, title="Secret draft", phase="draft")

    response = client.get("/feeds/challenges.atom", headers={"Accept-Language": "en"})

    root = parse_feed(response)
    assert root.get(XML_LANG) == "en"
    assert root.findtext("atom:title", namespaces=NS) == "New challenges"
    assert root.findtext("atom:id", namespaces=NS) == "http://public.example/feeds/challenges.atom"
    assert root.findtext("atom:updated", namespaces=NS)
    self_link = root.find("atom:link[@rel='self']", NS)
    assert self_link.get("href") == "http://public.example/feeds/challenges.atom"
    assert entry_titles(root) == ["Newer", "Older"]
    assert b"Secret draft" not in response.data

    entry = root.find("atom:entry", NS)
    assert entry.findtext("atom:id", namespaces=NS).startswith("tag:")
    assert entry.find("atom:link[@rel='alternate']", NS).get("href") == \
        f"http://public.example/challenges/{newer.slug}"
    assert entry.findtext("atom:summary", namespaces=NS) == newer.summary
    assert entry.findtext("atom:author/atom:name", namespaces=NS) == "Stad Mechelen"
    assert datetime.fromisoformat(entry.findtext("atom:published", namespaces=NS)) == \
        newer.published_at.replace(microsecond=0)
    assert datetime.fromisoformat(entry.findtext("atom:updated", namespaces=NS))
    category = entry.find("atom:category", NS)
    assert (category.get("term"), category.get("label")) == ("energy", "Energy")
    assert older.slug in response.get_data(as_text=True)


def test_entry_ids_stay_the_same_between_reads(client, make):
    make.challenge()
    first = parse_feed(client.get("/feeds/challenges.atom"))
    second = parse_feed(client.get("/feeds/challenges.atom"))

    ids = [e.findtext("atom:id", namespaces=NS) for e in first.findall("atom:entry", NS)]
    assert ids == [e.findtext("atom:id", namespaces=NS)
                   for e in second.findall("atom:entry", NS)]


def test_feed_language_follows_the_request(client, make):
    make.challenge()

    root = parse_feed(client.get("/feeds/challenges.atom", headers={"Accept-Language": "nl"}))

    assert root.get(XML_LANG) == "nl"


def test_feeds_by_theme_and_by_organisation(client, make):
    mechelen, brugge = make.organisation(slug="mechelen"), make.organisation(slug="brugge")
    energy = make.theme(slug="energy", name_en="Energy")
    make.challenge(mechelen, title="Zonnepanelen", themes=[energy])
    make.challenge(brugge, title="Fietspaden")
    make.challenge(brugge, title="Warmtenet", themes=[energy])
    make.challenge(brugge, title="Draft energy", themes=[energy], phase="draft")
    en = {"Accept-Language": "en"}

    by_theme = parse_feed(client.get("/feeds/challenges.atom?theme=energy", headers=en))
    assert sorted(entry_titles(by_theme)) == ["Warmtenet", "Zonnepanelen"]
    assert by_theme.findtext("atom:title", namespaces=NS) == "Challenges on Energy"
    assert by_theme.find("atom:link[@rel='self']", NS).get("href") == \
        "http://public.example/feeds/challenges.atom?theme=energy"

    by_org = parse_feed(client.get("/feeds/challenges.atom?organisation=brugge"))
    assert sorted(entry_titles(by_org)) == ["Fietspaden", "Warmtenet"]

    both = parse_feed(client.get("/feeds/challenges.atom?organisation=brugge&theme=energy"))
    assert entry_titles(both) == ["Warmtenet"]

    nice_theme = parse_feed(client.get("/themes/energy/feed.atom"))
    assert sorted(entry_titles(nice_theme)) == ["Warmtenet", "Zonnepanelen"]
    assert nice_theme.findtext("atom:id", namespaces=NS) == \
        "http://public.example/themes/energy/feed.atom"
    nice_org = parse_feed(client.get("/organisations/mechelen/feed.atom"))
    assert entry_titles(nice_org) == ["Zonnepanelen"]


@pytest.mark.parametrize("path", ["/feeds/challenges.atom?theme=nope",
                                  "/feeds/challenges.atom?organisation=nope",
                                  "/themes/nope/feed.atom", "/organisations/nope/feed.atom"])
def test_unknown_theme_or_organisation_is_404(client, path):
    assert client.get(path).status_code == 404


def test_feed_holds_the_newest_50_with_a_fixed_number_of_queries(client, make, count_queries):
    org = make.organisation()
    add_published(org, 5)
    with count_queries() as few:
        assert len(entry_titles(parse_feed(client.get("/feeds/challenges.atom")))) == 5

    add_published(org, 55, start=5)
    with count_queries() as many:
        root = parse_feed(client.get("/feeds/challenges.atom"))

    titles = entry_titles(root)
    assert len(titles) == 50
    assert titles[0] == "Bulk 000" and titles[-1] == "Bulk 049"
    assert few.count == many.count


def test_text_that_xml_cannot_carry_does_not_break_the_feed(client, make):
    make.challenge(title="Ampersands & <tags> \x0b and a vertical tab",
                   summary="\x01Quotes \"here\" and ']]>'")

    root = parse_feed(client.get("/feeds/challenges.atom"))

    assert entry_titles(root) == ["Ampersands & <tags>  and a vertical tab"]
    assert root.find("atom:entry/atom:summary", NS).text == "Quotes \"here\" and ']]>'"


def test_an_empty_feed_is_still_a_valid_feed(client, make):
    make.challenge(phase="draft")

    root = parse_feed(client.get("/feeds/challenges.atom"))

    assert root.findall("atom:entry", NS) == []
    for required in ("atom:id", "atom:title", "atom:updated", "atom:author/atom:name"):
        assert root.findtext(required, namespaces=NS), required


def test_feed_answers_304_when_nothing_changed(client, make):
    make.challenge()
    first = client.get("/feeds/challenges.atom")
    assert first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"]

    again = client.get("/feeds/challenges.atom", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304


# iCalendar ----------------------------------------------------------------------------------

def test_deadline_ics(client, make):
    closes = datetime(2030, 12, 5, 16, 0, tzinfo=UTC)  # 17:00 in Brussels
    challenge = make.challenge(title="Slimme verlichting", closes_at=closes,
                               opens_at=closes - timedelta(days=30))

    response = client.get(f"/challenges/{challenge.slug}/deadline.ics",
                          headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and f"{challenge.slug}-deadline.ics" in disposition
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == closes and start.utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == closes
    assert str(event["SUMMARY"]) == "Deadline: Slimme verlichting"
    url = f"http://public.example/challenges/{challenge.slug}"
    assert str(event["URL"]) == url
    assert url in str(event["DESCRIPTION"]) and challenge.summary in str(event["DESCRIPTION"])
    assert event.decoded("DTSTAMP").tzinfo is not None
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
    assert "STATUS" not in event

    again = icalendar.Calendar.from_ical(client.get(
        f"/challenges/{challenge.slug}/deadline.ics").data)
    assert str(again.walk("VEVENT")[0]["UID"]) == str(event["UID"])


def test_deadline_ics_of_a_cancelled_challenge_says_so(client, make):
    challenge = make.challenge(phase="cancelled")

    calendar = icalendar.Calendar.from_ical(
        client.get(f"/challenges/{challenge.slug}/deadline.ics").data)

    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_ics_drops_control_characters(client, make):
    challenge = make.challenge(title="Bell\x07 and escape\x1b", summary="Line one\nline two\x0c")

    event = icalendar.Calendar.from_ical(
        client.get(f"/challenges/{challenge.slug}/deadline.ics").data).walk("VEVENT")[0]

    assert str(event["SUMMARY"]).endswith("Bell and escape")
    assert str(event["DESCRIPTION"]).startswith("Line one\nline two\n")


def test_no_ics_for_drafts_missing_deadlines_or_unknown_slugs(client, make):
    draft = make.challenge(phase="draft")
    no_deadline = make.challenge(closes_at=None)

    assert client.get(f"/challenges/{draft.slug}/deadline.ics").status_code == 404
    assert client.get(f"/challenges/{no_deadline.slug}/deadline.ics").status_code == 404
    assert client.get("/challenges/no-such-thing/deadline.ics").status_code == 404
    assert client.get("/challenges/%00/deadline.ics").status_code == 404
