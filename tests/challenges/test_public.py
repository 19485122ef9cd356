from datetime import UTC, datetime, timedelta

import pytest

from challenges.db import utcnow


@pytest.fixture
def catalogue(make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    mobility = make.theme("mobility", "Mobiliteit", "Mobility")
    energy = make.theme("energy", "Energie", "Energy")
    return {
        "bikes": make.challenge(brugge, title="Fietsparkeren aan het station", themes=[mobility],
                                audience=["citizen"], problem="Te weinig fietsenstallingen."),
        "solar": make.challenge(mechelen, title="Zonnepanelen op scholen", themes=[energy],
                                audience=["startup", "company"],
                                problem="Daken van scholen blijven onbenut."),
        "later": make.challenge(mechelen, phase="upcoming", title="Slimme verlichting",
                                themes=[energy]),
        "past": make.challenge(brugge, phase="results_published", title="Leveringen binnenstad",
                               themes=[mobility]),
        "draft": make.challenge(mechelen, phase="draft", title="Geheim ontwerp"),
    }


def titles(response):
    html = response.data.decode()
    return {name for name in ["Fietsparkeren aan het station", "Zonnepanelen op scholen",
                              "Slimme verlichting", "Leveringen binnenstad", "Geheim ontwerp"]
            if name in html}


def test_listing_shows_public_challenges_never_drafts(client, catalogue):
    assert titles(client.get("/challenges")) == {
        "Fietsparkeren aan het station", "Zonnepanelen op scholen", "Slimme verlichting",
        "Leveringen binnenstad"}


@pytest.mark.parametrize("query,expected", [
    ("phase=open", {"Fietsparkeren aan het station", "Zonnepanelen op scholen"}),
    ("phase=upcoming", {"Slimme verlichting"}),
    ("phase=results_published", {"Leveringen binnenstad"}),
    ("theme=mobility", {"Fietsparkeren aan het station", "Leveringen binnenstad"}),
    ("organisation=stad-mechelen", {"Zonnepanelen op scholen", "Slimme verlichting"}),
    ("audience=startup", {"Zonnepanelen op scholen", "Slimme verlichting",
                          "Leveringen binnenstad"}),
    ("audience=citizen&phase=open", {"Fietsparkeren aan het station"}),
    ("q=fietsenstallingen", {"Fietsparkeren aan het station"}),
    ("q=zonnepanelen+scholen", {"Zonnepanelen op scholen"}),
    ("phase=open&theme=energy", {"Zonnepanelen op scholen"}),
])
def test_filters_and_search(client, catalogue, query, expected):
    assert titles(client.get(f"/challenges?{query}")) == expected


def test_bad_filter_values_do_not_break_the_page(client, catalogue):
    response = client.get("/challenges?phase=nonsense&audience=aliens&sort=random&page=-4")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("<h1") == 1


def test_sort_closing_soon_puts_the_nearest_deadline_first(client, make):
    organisation = make.organisation()
    make.challenge(organisation, title="Later deadline", closes_at=utcnow() + timedelta(days=20))
    make.challenge(organisation, title="Soon deadline", closes_at=utcnow() + timedelta(days=2))
    html = client.get("/challenges?sort=closing").data.decode()
    assert html.index("Soon deadline") < html.index("Later deadline")


def test_detail_shows_framing_criteria_and_deadline_in_brussels(client, make):
    organisation = make.organisation("Stad Mechelen")
    challenge = make.challenge(
        organisation, title="Netheid", goals="Minder zwerfvuil",
        closes_at=datetime(2030, 12, 6, 16, 0, tzinfo=UTC),  # 17:00 in Brussels
        criteria=(("Impact", 50, 3), ("Haalbaarheid", 30, None), ("Kost", 20, None)))
    response = client.get(f"/challenges/{challenge.slug}", headers={"Accept-Language": "en"})
    html = response.data.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Minder zwerfvuil" in html
    assert "6 December 2030 at 17:00" in html
    assert "Impact" in html and "50%" in html
    assert "Stad Mechelen" in html


def test_home_shows_open_and_closing_soon(client, make):
    organisation = make.organisation()
    make.challenge(organisation, title="Sluit binnenkort", closes_at=utcnow() + timedelta(days=3))
    make.challenge(organisation, title="Nog lang open", closes_at=utcnow() + timedelta(days=60))
    make.challenge(organisation, title="Nog een ontwerp", phase="draft")
    html = client.get("/", headers={"Accept-Language": "en"}).data.decode()
    assert "Closing soon" in html
    assert "Sluit binnenkort" in html and "Nog lang open" in html
    assert "Nog een ontwerp" not in html


def test_organisation_page_lists_its_public_challenges(client, catalogue):
    response = client.get("/organisations/stad-mechelen")
    assert titles(response) == {"Zonnepanelen op scholen", "Slimme verlichting"}
    assert client.get("/organisations/nowhere").status_code == 404


def test_listing_uses_a_fixed_number_of_queries(client, make, count_queries):
    organisation = make.organisation()
    theme = make.theme()
    for _ in range(5):
        make.challenge(organisation, themes=[theme])
    with count_queries() as few:
        assert client.get("/challenges").status_code == 200
    for _ in range(195):
        make.challenge(organisation, themes=[theme])
    with count_queries() as many:
        assert client.get("/challenges").status_code == 200
    assert few.count == many.count
