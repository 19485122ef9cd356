"""The public listing's order, page by page: the page's ids are chosen first and only its rows
read (queries.public_challenges with a limit), which must give what sorting every row gave."""

from datetime import timedelta

import pytest

from challenges.challenges import queries
from challenges.challenges.models import Phase
from challenges.db import utcnow
from challenges.extensions import db

PHASES = ("open", "upcoming", "closed", "results_published", "follow_up", "completed",
          "cancelled", "draft")


@pytest.fixture
def mixed(make):
    """Challenges in every phase, with deadlines that tie (the id decides) and deadlines that
    differ, spread over two organisations and two themes."""
    now = utcnow()
    organisations = [make.organisation(), make.organisation()]
    themes = [make.theme(), make.theme()]
    made = []
    for i in range(40):
        phase = PHASES[i % len(PHASES)]
        challenge = make.challenge(organisations[i % 2], phase=phase, themes=[themes[i % 3 % 2]],
                                   title=f"Zwerfvuil {i}" if i % 4 else f"Verlichting {i}")
        if phase in ("open", "upcoming") and i % 3:
            # Deadlines a few hours apart, and some equal to another's.
            challenge.closes_at = challenge.closes_at + timedelta(hours=i // 6)
        challenge.published_at = now - timedelta(days=i % 5)
        made.append(challenge)
    db.session.commit()
    return {"now": now, "challenges": made, "organisations": organisations, "themes": themes}


def expected_order(challenges, now, sort="closing"):
    """The order the listing promises, written out in Python."""
    public = [c for c in challenges if c.phase_at(now) != Phase.DRAFT]
    if sort == "newest":
        return sorted(public, key=lambda c: (-c.published_at.timestamp(), -c.id))
    rank = {Phase.OPEN: 0, Phase.UPCOMING: 1}

    def key(c):
        r = rank.get(c.phase_at(now), 2)
        if r < 2:
            return (r, c.closes_at.timestamp(), -c.id)
        return (r, 0, -c.closes_at.timestamp(), -c.id)
    return sorted(public, key=key)


def walk(filters, per_page):
    """Every page of the listing, one after the other."""
    first = queries.public_page(filters, 1, per_page)
    rows = list(first.items)
    for number in range(2, first.pages + 1):
        rows += queries.public_page(filters, number, per_page).items
    return [c.id for c in rows], first.total


@pytest.mark.parametrize("sort", ["closing", "newest"])
@pytest.mark.parametrize("per_page", [1, 7, 20, 100])
def test_pages_follow_the_listing_order_without_gaps_or_overlaps(mixed, sort, per_page):
    filters = queries.ChallengeFilters(sort=sort, now=mixed["now"])
    expected = [c.id for c in expected_order(mixed["challenges"], mixed["now"], sort)]
    ids, total = walk(filters, per_page)
    assert ids == expected
    assert total == len(expected) == 35
    # The same order as one statement sorting every row, as the list read before.
    assert ids == [c.id for c in db.session.scalars(queries.public_challenges(filters))]


@pytest.mark.parametrize("extra", [
    {"phase": Phase.OPEN}, {"phase": Phase.CLOSED}, {"q": "zwerfvuil"},
    {"theme": "first"}, {"organisation": "second"},
])
def test_filtered_pages_keep_the_order_and_count(mixed, extra):
    if extra.get("theme"):
        extra = {"theme": mixed["themes"][0].slug}
    if extra.get("organisation"):
        extra = {"organisation": mixed["organisations"][1].slug}
    filters = queries.ChallengeFilters(now=mixed["now"], **extra)
    every_row = [c.id for c in db.session.scalars(queries.public_challenges(filters))]
    ids, total = walk(filters, 6)
    assert ids == every_row
    assert total == len(every_row) > 0


def test_the_pages_and_the_api_list_the_same_challenges(client, mixed):
    expected = [c.slug for c in expected_order(mixed["challenges"], utcnow())]
    slugs, url = [], "/api/v1/challenges?limit=4"
    while url:
        body = client.get(url).get_json()
        slugs += [item["slug"] for item in body["items"]]
        url = body["next"]
    assert slugs == expected
    html = client.get("/challenges?page=2").data.decode()
    positions = [html.find(f"/challenges/{slug}\"") for slug in expected[20:]]
    assert -1 not in positions and positions == sorted(positions)


def test_page_past_the_end_is_empty_and_still_counts(mixed):
    page = queries.public_page(queries.ChallengeFilters(now=mixed["now"]), 9, 20)
    assert page.items == [] and page.total == 35
