"""The OpenAPI document tells the truth: its paths exist, every API route is in it, and real
answers (errors included) have the properties it marks required, of the types it says."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from challenges import storage
from challenges.challenges.models import ChallengeAttachment, ChallengeTranslation, ChangeNotice
from challenges.extensions import db
from challenges.sessions.models import SessionKind
from tests.sessions.conftest import make_session


@pytest.fixture
def app_config():
    # Links are built on BASE_URL, never on the Host of the request (the test client's is
    # "localhost"), so a forged Host cannot end up in a cached answer.
    return {"BASE_URL": "http://public.example"}

JSON_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
              "integer": int, "number": (int, float)}


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        node = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def check(document: dict, schema: dict, value, where: str = "$") -> None:
    """A light structural check: $ref, allOf, type, required, properties, items, enum."""
    schema = resolve(document, schema)
    for part in schema.get("allOf", []):
        check(document, part, value, where)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert any(isinstance(value, JSON_TYPES[t]) and not (t == "integer" and value is True)
                   for t in types), f"{where}: {value!r} is not {types}"
    if "enum" in schema and value is not None:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict):
        for name in schema.get("required", []):
            assert name in value, f"{where}: required property {name!r} missing"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                check(document, sub, value[name], f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(document, schema["items"], item, f"{where}[{i}]")


def response_schema(document: dict, path: str, status: str) -> dict:
    response = resolve(document, document["paths"][path]["get"]["responses"][status])
    content = response["content"]
    # JSON, or JSON-LD for the open data catalogue.
    return (content.get("application/json") or content["application/ld+json"])["schema"]


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


@pytest.fixture
def data(make):
    org = make.organisation(nis_code="12025", website="https://www.mechelen.be")
    theme = make.theme()
    challenge = make.challenge(org, themes=[theme], reward_amount=Decimal("2500.00"),
                               criteria=[("Impact", 100, Decimal("3"))])
    challenge.attachments.append(ChallengeAttachment(
        filename="data.csv", content_type="text/csv", size=3, file_sha256=storage.keep(b"a,b")))
    challenge.notices.append(ChangeNotice(text_nl="Gewijzigd.", text_en="Changed."))
    # Partly in English: the answer's translations hold both languages.
    challenge.translations.append(ChallengeTranslation(language="en", title="In English",
                                                       problem="The **problem**."))
    challenge.criteria[0].translations = {"en": {"name": "Impact"}}
    db.session.commit()
    make.challenge(org, phase="cancelled")
    make.challenge(org, phase="upcoming", closes_at=None)
    make.organisation()
    # An event of each kind, one online, so that every property of an event has a value.
    make_session(challenge, capacity=20)
    make_session(challenge, kind=SessionKind.PITCH_DAY, place="", url="https://meet.example/x")
    return challenge


def test_document_is_openapi_3_with_our_server(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"]
    assert document["servers"] == [{"url": "http://public.example/api/v1"}]


def test_every_api_route_is_documented(app, document):
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
              for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.endpoint != "api.unknown"}
    assert routes == set(document["paths"])


def test_every_documented_path_answers_what_the_document_promises(client, document, data):
    for path in document["paths"]:
        response = client.get("/api/v1" + path.replace("{slug}", data.slug))
        assert response.status_code == 200, path
        check(document, response_schema(document, path, "200"), response.get_json(), path)


def test_list_items_in_every_status_match_the_schema(client, document, data):
    status = resolve(document, document["components"]["parameters"]["status"])
    for value in status["schema"]["enum"]:
        response = client.get(f"/api/v1/challenges?status={value}")
        assert response.status_code == 200, value
        check(document, response_schema(document, "/challenges", "200"), response.get_json())


def test_documented_errors_match_real_errors(client, document, data):
    bad = client.get("/api/v1/challenges?limit=0")
    assert bad.status_code == 400
    check(document, response_schema(document, "/challenges", "400"), bad.get_json())

    missing = client.get("/api/v1/challenges/no-such-challenge")
    assert missing.status_code == 404
    check(document, response_schema(document, "/challenges/{slug}", "404"), missing.get_json())


def test_document_validates_against_the_openapi_schema(document):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(document)


def test_the_translations_hold_only_documented_texts(client, document, data):
    answer = client.get(f"/api/v1/challenges/{data.slug}").get_json()
    texts = resolve(document, document["components"]["schemas"]["Texts"])
    assert answer["language"] == "nl"
    assert set(answer["translations"]) == {"nl", "en"}
    assert answer["translations"]["en"] == {
        "title": "In English", "problem": "The **problem**.",
        "criteria": [{"position": 1, "name": "Impact"}]}
    for language, written in answer["translations"].items():
        assert set(written) <= set(texts["properties"]), language
        check(document, texts, written, language)
        for criterion in written.get("criteria", []):
            assert set(criterion) <= {"position", "name", "description"}
