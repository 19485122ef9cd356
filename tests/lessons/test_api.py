"""GET /api/v1/lessons answers what its OpenAPI description says, filtered as the library."""

from __future__ import annotations

from decimal import Decimal

from challenges.accounts.models import PopulationBand
from challenges.extensions import db
from challenges.pilots.models import Outcome
from tests.api.test_openapi import check, response_schema
from tests.lessons.test_lessons import evaluated
from tests.pilots.helpers import world


def test_the_lessons_api(client, make):
    w = world(make)
    w.challenge.organisation.population_band = PopulationBand.FROM_25K
    db.session.commit()
    evaluated(w, Outcome.STOPPED)
    make.lessons(w.challenge, summary="Test de batterijen.")
    other = make.challenge(make.organisation(), phase="results_published")
    make.lessons(other, not_yet_known=True)
    make.lessons(make.challenge(other.organisation, phase="results_published"), published=False)
    document = client.get("/api/v1/openapi.json").get_json()
    response = client.get("/api/v1/lessons")
    assert response.status_code == 200
    body = response.get_json()
    check(document, response_schema(document, "/lessons", "200"), body)
    assert len(body["items"]) == 2 and body["next"] is None
    [stopped] = [i for i in body["items"] if i["outcomes"]]
    assert stopped["outcomes"] == ["stopped"] and stopped["legal_route"]
    assert stopped["kpis"][0]["latest"] == "30.5" and stopped["kpis"][0]["target"] == "25"
    assert stopped["organisation"]["population_band"] == "25k_50k"
    assert stopped["challenge"]["slug"] == w.challenge.slug
    # Filters as the library, paging with `next`.
    assert [i["challenge"]["slug"] for i in client.get(
        "/api/v1/lessons?outcome=stopped").get_json()["items"]] == [w.challenge.slug]
    first = client.get("/api/v1/lessons?limit=1").get_json()
    assert len(first["items"]) == 1 and "page=2" in first["next"]
    # Bad paging is a 400 with a JSON error, as the other collections.
    bad = client.get("/api/v1/lessons?limit=0")
    assert bad.status_code == 400
    check(document, response_schema(document, "/lessons", "400"), bad.get_json())
    assert client.get("/api/v1/lessons?band=nonsense&year=x").status_code == 200
    assert Decimal(stopped["kpis"][0]["baseline"]) == Decimal("42")
