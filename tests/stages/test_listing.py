"""The public listing's phase filter for challenges in stages: "open" is what a visitor
looking for a call expects, a challenge a newcomer can still submit to. One past its first
stage runs on for the advanced teams only: it is listed under "closed", and its card says
which stage it is in and that new proposals are no longer accepted."""

from __future__ import annotations

from datetime import timedelta

from challenges.challenges.stages import StageKind
from challenges.db import utcnow
from challenges.extensions import db
from tests.stages.helpers import staged

NL = {"Accept-Language": "nl"}
EN = {"Accept-Language": "en"}


def cards(html: str) -> str:
    return html.split("<main", 1)[1]


def challenges(make):
    now = utcnow()
    first_open = staged(make, title="Ideeën welkom")
    later = staged(make, title="Alleen nog voor de geselecteerden", stages=[
        (StageKind.SUBMISSION, "Idee", now - timedelta(days=20), now - timedelta(days=2)),
        (StageKind.SUBMISSION, "Volledig voorstel", now - timedelta(days=1),
         now + timedelta(days=20))])
    later.stages[0].decided_at = now - timedelta(days=1)
    db.session.commit()
    one_round = make.challenge(title="Gewoon open")
    closed = make.challenge(phase="closed", title="Al voorbij")
    return first_open, later, one_round, closed


def test_open_means_a_newcomer_can_still_submit(client, make):
    first_open, later, one_round, closed = challenges(make)
    page = cards(client.get("/challenges?phase=open", headers=EN).text)
    assert first_open.title in page and one_round.title in page
    assert later.title not in page and closed.title not in page


def test_a_challenge_past_its_first_stage_is_listed_as_closed_and_says_why(client, make):
    first_open, later, one_round, closed = challenges(make)
    page = cards(client.get("/challenges?phase=closed", headers=EN).text)
    assert later.title in page and closed.title in page
    assert first_open.title not in page and one_round.title not in page
    # Its card agrees: where it stands, and no "open for proposals".
    card = page.split(later.title, 1)[0].rsplit("<article", 1)[1] + page.split(
        later.title, 1)[1].split("</article>", 1)[0]
    assert "Stage 2 of 2:" in card and "New proposals are no longer accepted." in card
    assert "Open for proposals" not in card
    assert "Nieuwe voorstellen worden niet meer aanvaard." in cards(
        client.get("/challenges?phase=closed", headers=NL).text)


def test_the_home_page_offers_only_challenges_open_to_newcomers(client, make):
    first_open, later, _one_round, _closed = challenges(make)
    page = client.get("/", headers=EN).text
    assert first_open.title in page
    assert later.title not in page


def test_the_api_status_keeps_the_challenges_own_phase(client, make):
    _first_open, later, _one_round, _closed = challenges(make)
    items = client.get("/api/v1/challenges?status=open").get_json()["items"]
    [item] = [i for i in items if i["slug"] == later.slug]
    assert item["status"] == "open"
