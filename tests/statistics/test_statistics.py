"""/statistics and /api/v1/statistics on a small known data set: every figure computed by hand
below; a fixed number of queries; the API matches its OpenAPI description."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from challenges.accounts.models import ParticipantKind
from challenges.challenges.legal import LegalRoute
from challenges.extensions import db
from challenges.pilots.models import Evaluation, Outcome, Pilot, PilotStatus
from challenges.timezones import utc_to_brussels
from tests.api.test_openapi import check, response_schema

EN = {"Accept-Language": "en"}


def _pilot(challenge, proposal, *, amount, days_after, status=PilotStatus.RUNNING,
           outcome=None, site=None, route=LegalRoute.PRIZE):
    published = utc_to_brussels(challenge.published_at).date()
    pilot = Pilot(challenge=challenge, proposal=proposal, legal_route=route,
                  amount=Decimal(amount), starts_on=published + timedelta(days=days_after),
                  ends_on=published + timedelta(days=days_after + 90), status=status,
                  site_id=site.id if site else None)
    db.session.add(pilot)
    if outcome is not None:
        db.session.add(Evaluation(pilot=pilot, outcome=outcome, summary="."))
    db.session.commit()
    return pilot


@pytest.fixture
def world(make):
    """Mechelen: two challenges (one cancelled) and a joint one with Brugge; Brugge: one of
    its own; Herzele: only a draft (not counted)."""
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    herzele = make.organisation("Gemeente Herzele", slug="gemeente-herzele")
    startup, citizen = make.user(kind=ParticipantKind.STARTUP), make.user()
    company = make.user(kind=ParticipantKind.COMPANY)
    alone = make.challenge(mechelen, phase="follow_up")
    make.challenge(mechelen, phase="cancelled")
    joint = make.challenge(mechelen, phase="completed")
    make.partner(joint, brugge)
    own = make.challenge(brugge, phase="open")
    make.challenge(herzele, phase="draft")
    # Proposals: alone 1 startup winner + 1 citizen; joint 1 company winner, 1 startup winner,
    # a draft and a withdrawn one (neither counts); own 1 citizen.
    a1 = make.proposal(alone, startup, status="winner")
    make.proposal(alone, citizen)
    j1 = make.proposal(joint, company, status="winner")
    j2 = make.proposal(joint, startup, status="winner")
    make.proposal(joint, citizen, status="draft")
    make.proposal(joint, make.user(), status="withdrawn")
    make.proposal(own, citizen)
    # Pilots: alone, 10 days after publication, a prize of 5000, running (Mechelen);
    # joint at Mechelen 30 days after, a contract of 20000, scaled;
    # joint at Brugge 50 days after, a contract of 8000, stopped.
    _pilot(alone, a1, amount="5000", days_after=10)
    _pilot(joint, j1, amount="20000", days_after=30, status=PilotStatus.EVALUATED,
           outcome=Outcome.SCALED, route=LegalRoute.LOW_VALUE_CONTRACT)
    _pilot(joint, j2, amount="8000", days_after=50, status=PilotStatus.EVALUATED,
           outcome=Outcome.STOPPED, site=brugge, route=LegalRoute.LOW_VALUE_CONTRACT)
    return {"mechelen": mechelen, "brugge": brugge, "joint": joint, "alone": alone}


def _by_slug(data):
    return {item["organisation"]["slug"]: item for item in data["organisations"]}


def test_the_figures_are_computed_as_documented(client, world):
    data = client.get("/api/v1/statistics").get_json()
    platform = data["platform"]
    assert platform["organisation"] is None
    assert platform["challenges"] == 4 and platform["cancelled"] == 1  # the draft left out
    assert platform["proposals"]["total"] == 5
    assert platform["proposals"]["by_kind"] == {
        "citizen": 2, "startup": 2, "company": 1, "non_profit": 0, "student": 0,
        "knowledge_institution": 0}
    assert platform["awarded"] == {"total": "33000", "prizes": "5000", "contracts": "28000"}
    assert platform["pilots"]["started"] == 3
    assert platform["pilots"]["by_outcome"] == {
        "adopted": 0, "extended": 0, "scaled": 1, "stopped": 1, "evaluated": 0, "dropped": 0,
        "running": 1}
    assert platform["median_days_to_pilot"] == 30

    orgs = _by_slug(data)
    assert list(orgs) == ["stad-brugge", "stad-mechelen"]  # by name; Herzele ran nothing
    mechelen, brugge = orgs["stad-mechelen"], orgs["stad-brugge"]
    # The joint challenge counts for both hosts.
    assert mechelen["challenges"] == 3 and brugge["challenges"] == 2
    assert mechelen["proposals"]["total"] == 4 and brugge["proposals"]["total"] == 3
    # A pilot counts where it runs.
    assert mechelen["awarded"]["total"] == "25000" and brugge["awarded"]["total"] == "8000"
    assert mechelen["pilots"]["by_outcome"]["scaled"] == 1
    assert brugge["pilots"]["by_outcome"]["stopped"] == 1 and brugge["pilots"]["started"] == 1
    assert mechelen["median_days_to_pilot"] == 20 and brugge["median_days_to_pilot"] == 50


def test_the_page_has_charts_with_their_tables(client, world):
    page = client.get("/statistics", headers=EN).get_data(as_text=True)
    assert page.count("<h1") == 1
    assert page.count('class="bar-chart" role="img"') == 4
    for title in ("Proposals received by participant kind", "Pilots by outcome",
                  "Challenges run per municipality", "Money awarded per municipality"):
        assert f"The figures of the chart: {title}" in page
    assert "€33,000.00" in page and "Stad Brugge" in page
    one = client.get("/statistics?organisation=stad-brugge", headers=EN).get_data(as_text=True)
    assert "Statistics: Stad Brugge" in one and "€8,000.00" in one
    assert one.count('class="bar-chart" role="img"') == 2
    # A municipality that means nothing shows the platform.
    assert client.get("/statistics?organisation=%00nothing").status_code == 200
    # Linked from every page's footer.
    assert 'href="/statistics"' in client.get("/").get_data(as_text=True)


def test_the_api_matches_its_description(client, world):
    document = client.get("/api/v1/openapi.json").get_json()
    response = client.get("/api/v1/statistics")
    assert response.status_code == 200
    check(document, response_schema(document, "/statistics", "200"), response.get_json())


def test_a_fixed_number_of_queries(client, make, world, count_queries):
    with count_queries() as few:
        client.get("/statistics")
    for n in range(3):
        organisation = make.organisation(f"Gemeente {n}")
        challenge = make.challenge(organisation, phase="follow_up")
        winner = make.proposal(challenge, make.user(), status="winner")
        _pilot(challenge, winner, amount="100", days_after=n)
        make.partner(challenge, world["brugge"])
    with count_queries() as more:
        client.get("/statistics")
    assert more.count == few.count


def test_an_empty_platform(client):
    page = client.get("/statistics", headers=EN)
    assert page.status_code == 200 and "no pilot yet" in page.get_data(as_text=True)
    data = client.get("/api/v1/statistics").get_json()
    assert data["platform"]["challenges"] == 0 and data["organisations"] == []
    assert data["platform"]["median_days_to_pilot"] is None


def test_median_of_an_even_number_of_pilots(make):
    from challenges.statistics.queries import Figures

    figures = Figures(None, days_to_pilot=[10, 31])
    assert figures.median_days_to_pilot == 20.5
    assert Figures(None).median_days_to_pilot is None
