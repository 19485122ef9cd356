"""The open JSON API: filters, paging, errors as JSON, Brussels times, fixed query counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from challenges import storage
from challenges.accounts.models import ParticipantKind, Role
from challenges.challenges.models import (
    Challenge,
    ChallengeAttachment,
    ChallengeAudience,
    ChallengeStatus,
    ChangeNotice,
)
from challenges.db import utcnow
from challenges.extensions import db


@pytest.fixture
def app_config():
    # Links are built on BASE_URL, never on the Host of the request (the test client's is
    # "localhost"), so a forged Host cannot end up in a cached answer.
    return {"BASE_URL": "http://public.example"}


def add_published(organisations, themes, count: int, start: int = 0) -> None:
    """Many open challenges in one commit, spread over organisations and themes, so that
    the query-count tests need not wait for hundreds of factory commits."""
    now = utcnow()
    kinds = list(ParticipantKind)
    for i in range(start, start + count):
        obj = Challenge(
            organisation=organisations[i % len(organisations)], slug=f"bulk-{i}",
            title=f"Bulk {i}", summary=f"Bulk summary {i}", status=ChallengeStatus.PUBLISHED,
            opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=1, minutes=i),
            published_at=now - timedelta(minutes=i))
        obj.themes = [themes[i % len(themes)]]
        obj.audience_rows = [ChallengeAudience(kind=kinds[i % len(kinds)]),
                             ChallengeAudience(kind=kinds[(i + 1) % len(kinds)])]
        db.session.add(obj)
    db.session.commit()


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["slug"] for item in response.get_json()["items"]]


def assert_json_error(response, status: int, error: str, field: str | None = None) -> None:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"] == error
    assert body["message"]
    if field:
        assert body["field"] == field


# The list -----------------------------------------------------------------------------------

def test_list_shows_public_challenges_never_drafts(client, make):
    org = make.organisation(name="Stad Mechelen", slug="mechelen")
    mobility = make.theme(slug="mobility", name_nl="Mobiliteit", name_en="Mobility")
    public = make.challenge(org, themes=[mobility], audience=["citizen", "startup"])
    draft = make.challenge(org, phase="draft")

    response = client.get("/api/v1/challenges")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    body = response.get_json()
    assert body["next"] is None
    assert [item["slug"] for item in body["items"]] == [public.slug]
    assert draft.slug not in response.get_data(as_text=True)
    item = body["items"][0]
    assert item["title"] == public.title
    assert item["summary"] == public.summary
    assert item["organisation"] == {"slug": "mechelen", "name": "Stad Mechelen"}
    assert item["status"] == "open"
    assert item["themes"] == [{"slug": "mobility", "name_nl": "Mobiliteit",
                               "name_en": "Mobility"}]
    assert item["audience"] == ["citizen", "startup"]
    assert item["url"] == f"http://public.example/challenges/{public.slug}"
    # Whole seconds: deadlines are set to the minute, and sub-seconds only add noise.
    assert datetime.fromisoformat(item["closes_at"]) == public.closes_at.replace(microsecond=0)
    assert datetime.fromisoformat(item["opens_at"]) == public.opens_at.replace(microsecond=0)


@pytest.mark.parametrize("phase", ["upcoming", "open", "closed", "results_published",
                                   "follow_up", "completed", "cancelled"])
def test_status_filter_gives_only_that_phase(client, make, phase):
    org = make.organisation()
    made = {p: make.challenge(org, phase=p) for p in
            ("draft", "upcoming", "open", "closed", "results_published", "follow_up",
             "completed", "cancelled")}

    response = client.get(f"/api/v1/challenges?status={phase}")

    assert slugs(response) == [made[phase].slug]
    assert response.get_json()["items"][0]["status"] == phase


def test_theme_organisation_and_audience_filters(client, make):
    mechelen, brugge = make.organisation(slug="mechelen"), make.organisation(slug="brugge")
    energy, mobility = make.theme(slug="energy"), make.theme(slug="mobility")
    a = make.challenge(mechelen, themes=[energy], audience=["citizen"])
    b = make.challenge(brugge, themes=[energy, mobility], audience=["startup", "company"])
    c = make.challenge(brugge, themes=[mobility], audience=["citizen", "student"])
    make.challenge(mechelen, phase="draft", themes=[energy], audience=["citizen"])

    assert set(slugs(client.get("/api/v1/challenges?theme=energy"))) == {a.slug, b.slug}
    assert set(slugs(client.get("/api/v1/challenges?organisation=brugge"))) == {b.slug, c.slug}
    assert set(slugs(client.get("/api/v1/challenges?audience=citizen"))) == {a.slug, c.slug}
    assert slugs(client.get(
        "/api/v1/challenges?theme=mobility&organisation=brugge&audience=citizen")) == [c.slug]
    assert slugs(client.get("/api/v1/challenges?theme=no-such-theme")) == []


def test_full_text_search(client, make):
    wanted = make.challenge(title="Slimme parkeersensoren in het centrum")
    make.challenge(title="Groendaken voor scholen")
    make.challenge(title="Parkeersensoren in een ontwerp", phase="draft")

    assert slugs(client.get("/api/v1/challenges?q=parkeersensoren")) == [wanted.slug]


@pytest.mark.parametrize("query, field", [
    ("status=draft", "status"),
    ("status=sleeping", "status"),
    ("audience=aliens", "audience"),
    ("sort=random", "sort"),
    ("limit=0", "limit"),
    ("limit=abc", "limit"),
    ("limit=-5", "limit"),
    ("limit=1000", "limit"),
    ("limit=2.5", "limit"),
    ("page=0", "page"),
    ("page=abc", "page"),
    ("page=99999999", "page"),
    ("page=99999999999999999999999", "page"),
])
def test_bad_parameters_answer_400_json(client, make, query, field):
    make.challenge()

    response = client.get(f"/api/v1/challenges?{query}")

    assert_json_error(response, 400, "bad_request", field)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_next_walks_every_item_once_and_keeps_the_filters(client, make):
    org = make.organisation()
    expected = {make.challenge(org, audience=["citizen"]).slug for _ in range(7)}
    make.challenge(org, audience=["company"])  # filtered out on every page
    make.challenge(org, phase="draft", audience=["citizen"])

    seen, url, pages = [], "/api/v1/challenges?audience=citizen&limit=3", 0
    while url:
        response = client.get(url)
        seen += slugs(response)
        url = response.get_json()["next"]
        pages += 1
        if url:
            parts = urlsplit(url)
            assert parts.scheme == "http" and parts.netloc == "public.example"
            assert parse_qs(parts.query)["audience"] == ["citizen"]
            assert parse_qs(parts.query)["limit"] == ["3"]

    assert pages == 3
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == expected


def test_times_carry_the_brussels_offset_of_their_date(client, make):
    challenge = make.challenge(
        opens_at=datetime(2030, 7, 1, 15, 0, tzinfo=UTC),       # summer time
        closes_at=datetime(2030, 12, 5, 16, 0, tzinfo=UTC),     # winter time
        jury_decision_at=datetime(2031, 3, 30, 12, 0, tzinfo=UTC),  # the day clocks go on
        results_at=None)

    body = client.get(f"/api/v1/challenges/{challenge.slug}").get_json()

    assert body["opens_at"] == "2030-07-01T17:00:00+02:00"
    assert body["closes_at"] == "2030-12-05T17:00:00+01:00"
    assert body["jury_decision_at"] == "2031-03-30T14:00:00+02:00"
    assert body["results_at"] is None
    item = client.get("/api/v1/challenges").get_json()["items"][0]
    assert item["closes_at"] == "2030-12-05T17:00:00+01:00"


def test_list_uses_the_same_number_of_queries_for_5_and_200_challenges(
        client, make, count_queries):
    organisations = [make.organisation() for _ in range(4)]
    themes = [make.theme() for _ in range(3)]
    add_published(organisations, themes, 5)
    with count_queries() as few:
        assert len(slugs(client.get("/api/v1/challenges?limit=100"))) == 5

    add_published(organisations, themes, 195, start=5)
    with count_queries() as many:
        response = client.get("/api/v1/challenges?limit=100")
    assert len(slugs(response)) == 100
    assert response.get_json()["next"]

    assert few.count == many.count <= 5


# One challenge ------------------------------------------------------------------------------

def test_detail_gives_the_whole_public_challenge(client, make):
    org = make.organisation(name="Stad Brugge", slug="brugge")
    challenge = make.challenge(
        org, criteria=[("Impact", 60, Decimal("5.5")), ("Cost", 40, None)],
        reward_amount=Decimal("10000.00"), follow_ups=["proof_of_concept", "pilot"],
        out_of_scope="No *apps*.", constraints="GDPR.", eligibility="Anyone.",
        max_proposals_per_participant=2, public_support_enabled=True)
    challenge.attachments.append(ChallengeAttachment(
        filename="brief.pdf", content_type="application/pdf", size=4, file_sha256=storage.keep(b"%PDF")))
    challenge.notices.append(ChangeNotice(text_nl="Deadline verlengd.",
                                          text_en="Deadline extended."))
    db.session.commit()

    response = client.get(f"/api/v1/challenges/{challenge.slug}")

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["slug"] == challenge.slug
    assert body["organisation"] == {"slug": "brugge", "name": "Stad Brugge"}
    assert body["problem"] == "The problem, described in **Markdown**."
    assert body["out_of_scope"] == "No *apps*."
    assert body["constraints"] == "GDPR."
    assert body["eligibility"] == "Anyone."
    assert body["reward"] == {"text": challenge.reward_text, "amount": "10000.00",
                              "follow_ups": ["proof_of_concept", "pilot"]}
    assert body["max_proposals_per_participant"] == 2
    assert body["public_support_enabled"] is True
    assert body["proposal_visibility"] == "after_results"
    assert body["contact"] == {"name": "Els", "email": "innovatie@example.be"}
    assert body["criteria"] == [
        {"name": "Impact", "description": "About impact", "weight": 60, "minimum_score": "5.50"},
        {"name": "Cost", "description": "About cost", "weight": 40, "minimum_score": None}]
    attachment = challenge.attachments[0]
    assert body["attachments"] == [{
        "filename": "brief.pdf", "content_type": "application/pdf", "size": 4,
        "url": f"http://public.example/challenges/{challenge.slug}/attachments/{attachment.id}"}]
    notice = body["change_notices"][0]
    assert (notice["text_nl"], notice["text_en"]) == ("Deadline verlengd.", "Deadline extended.")
    assert notice["created_at"][-6:] in ("+01:00", "+02:00")
    assert body["cancel_reason"] is None
    assert "created_by" not in body


def test_detail_of_a_cancelled_challenge_says_why(client, make):
    challenge = make.challenge(phase="cancelled")

    body = client.get(f"/api/v1/challenges/{challenge.slug}").get_json()

    assert body["status"] == "cancelled"
    assert body["cancel_reason"] == "The budget was withdrawn."


def test_unknown_slug_and_drafts_answer_404_json(client, make):
    org = make.organisation()
    draft = make.challenge(org, phase="draft")
    editor = make.user()
    make.membership(editor, org, Role.EDITOR)

    assert_json_error(client.get("/api/v1/challenges/no-such-thing"), 404, "not_found")
    assert_json_error(client.get(f"/api/v1/challenges/{draft.slug}"), 404, "not_found")
    # The API is the public view: even the organisation's own editor gets no draft from it.
    client.login_as(editor)
    assert_json_error(client.get(f"/api/v1/challenges/{draft.slug}"), 404, "not_found")
    assert draft.slug not in client.get("/api/v1/challenges").get_data(as_text=True)


# Organisations ------------------------------------------------------------------------------

def test_organisations_with_their_public_challenge_counts(client, make):
    brugge = make.organisation(name="Stad Brugge", slug="brugge", nis_code="31005",
                               website="https://www.brugge.be", description="Aan zee.")
    make.organisation(name="Gemeente Herzele", slug="herzele")
    make.challenge(brugge)
    make.challenge(brugge, phase="completed")
    make.challenge(brugge, phase="draft")

    response = client.get("/api/v1/organisations")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=60"
    items = response.get_json()["items"]
    assert items == [
        {"slug": "herzele", "name": "Gemeente Herzele", "nis_code": None, "website": None,
         "description": "", "url": "http://public.example/organisations/herzele",
         "public_challenges": 0},
        {"slug": "brugge", "name": "Stad Brugge", "nis_code": "31005",
         "website": "https://www.brugge.be", "description": "Aan zee.",
         "url": "http://public.example/organisations/brugge", "public_challenges": 2},
    ]


def test_organisations_page_with_a_fixed_number_of_queries(client, make, count_queries):
    for _ in range(3):
        make.challenge(make.organisation())
    with count_queries() as few:
        first = client.get("/api/v1/organisations?limit=2").get_json()
    for _ in range(30):
        make.challenge(make.organisation())
    with count_queries() as many:
        client.get("/api/v1/organisations?limit=100")

    assert few.count == many.count == 1
    second = client.get(first["next"]).get_json()
    assert len(first["items"]) == 2 and len(second["items"]) == 2
    assert {i["slug"] for i in first["items"]}.isdisjoint(i["slug"] for i in second["items"])
    assert_json_error(client.get("/api/v1/organisations?limit=abc"), 400, "bad_request",
                      "limit")


# Errors outside the views -------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/challenges/x/y",
                                  "/api/v1/organisations/brugge/z"])
def test_unknown_api_paths_answer_404_json(client, path):
    response = client.get(path)

    assert_json_error(response, 404, "not_found")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "no-store"


WRITES = [("post", "/api/v1/challenges"), ("delete", "/api/v1/challenges/some-slug"),
          ("put", "/api/v1/organisations"), ("post", "/api/v1/nothing")]


@pytest.mark.parametrize("method, path", WRITES)
def test_writing_methods_are_refused(client, method, path):
    assert getattr(client, method)(path).status_code == 405


@pytest.mark.parametrize("method, path", WRITES)
def test_writing_methods_answer_405_json(client, method, path):
    response = getattr(client, method)(path)

    assert_json_error(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_json_error_keeps_the_allow_header(app):
    from werkzeug.exceptions import MethodNotAllowed

    from challenges.api.views import json_error

    with app.test_request_context("/api/v1/challenges", method="POST"):
        response, status = json_error(MethodNotAllowed(valid_methods=["GET", "HEAD"]))

    assert status == 405
    assert response.get_json()["error"] == "method_not_allowed"
    assert response.headers["Allow"] == "GET, HEAD"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/json"


def test_options_advertises_only_reading(client):
    response = client.options("/api/v1/challenges")

    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_index_links_to_the_collections(client):
    body = client.get("/api/v1/").get_json()

    assert body == {"challenges": "http://public.example/api/v1/challenges",
                    "organisations": "http://public.example/api/v1/organisations",
                    "events": "http://public.example/api/v1/events",
                    "lessons": "http://public.example/api/v1/lessons",
                    "templates": "http://public.example/api/v1/templates",
                    "statistics": "http://public.example/api/v1/statistics",
                    "catalog": "http://public.example/api/v1/catalog.jsonld",
                    "openapi": "http://public.example/api/v1/openapi.json"}
    for link in body.values():  # every collection it names answers
        assert client.get(link.removeprefix("http://public.example")).status_code == 200


def test_a_signed_in_visitor_gets_the_same_public_data(client, make):
    challenge = make.challenge()
    anonymous = client.get("/api/v1/challenges").get_json()

    client.login_as(make.user())
    signed_in = client.get("/api/v1/challenges")

    assert signed_in.get_json() == anonymous
    assert slugs(signed_in) == [challenge.slug]


def test_a_forged_host_header_never_reaches_the_links(client, make, app):
    organisation = make.organisation()
    for n in range(3):
        make.challenge(organisation, title=f"Uitdaging {n}")
    evil = {"Host": "evil.example"}
    listing = client.get("/api/v1/challenges?limit=1", headers=evil).get_json()
    assert listing["next"].startswith(app.config["BASE_URL"])
    assert listing["items"][0]["url"].startswith(app.config["BASE_URL"])
    document = client.get("/api/v1/openapi.json", headers=evil).get_json()
    assert document["servers"][0]["url"].startswith(app.config["BASE_URL"])
    index = client.get("/api/v1/", headers=evil).get_data(as_text=True)
    assert "evil.example" not in index
