"""A stage's own criteria are public framing: the challenge page's timeline shows how entries
are judged in each stage (in the reader's language, marked where a text falls back on the
other), the API gives them per stage as the OpenAPI document describes, and neither page's
queries grow with the stages or criteria."""

from __future__ import annotations

from challenges.challenges.models import ChallengeTranslation
from challenges.extensions import db
from tests.api.test_openapi import check, response_schema
from tests.stages.test_stage_jury_guards import three_stages
from tests.stages.test_stage_jury_screens import criteria_data
from tests.stages.test_timeline_and_api import timeline_of

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}


def criteria_for(client, challenge, stage, *rows):
    url = f"/manage/challenges/{challenge.slug}/stages/{stage.id}/criteria"
    response = client.post(url, data=criteria_data(*rows))
    assert response.status_code == 302, response.text[:2000]


def published(make, client):
    challenge, editor = three_stages(make, phase="open")
    client.login_as(editor)
    criteria_for(client, challenge, challenge.stages[0], ("Nieuw", "New", 60),
                 ("Haalbaar", "", 40))
    client.logout()
    return challenge, editor


def test_the_timeline_shows_each_stages_own_criteria_in_the_readers_language(client, make):
    challenge, _editor = published(make, client)
    en = timeline_of(client.get(f"/challenges/{challenge.slug}", headers=EN).text)
    first, second, last = en.split("<li class=\"stage-timeline-item")[1:]
    assert "How entries are judged in this stage" in first
    assert "<span>New</span> (60%)" in first
    # No English name: the Dutch one, marked, with the notice used for every untranslated text.
    assert '<span lang="nl">Haalbaar</span> (40%)' in first
    assert '<div lang="nl">Kijk naar Haalbaar.</div>' in first
    # The whole challenge is in Dutch only: the page's one notice at the top says so.
    assert "This text is only available in Dutch." not in first
    # The stages without criteria of their own say nothing (the last is judged on the
    # challenge's criteria, in the main column).
    assert "How entries are judged" not in second + last
    nl = timeline_of(client.get(f"/challenges/{challenge.slug}", headers=NL).text)
    assert "Zo worden inzendingen in deze fase beoordeeld" in nl
    assert "<span>Nieuw</span> (60%)" in nl and "<span>Haalbaar</span> (40%)" in nl
    assert "bestaat enkel in het" not in nl.split("stage-timeline-item")[1]
    # Once the challenge is in English too, the untranslated criterion gets its own notice.
    db.session.add(ChallengeTranslation(challenge_id=challenge.id, language="en",
                                        title="Smart parking", summary="Find a spot."))
    db.session.commit()
    en = timeline_of(client.get(f"/challenges/{challenge.slug}", headers=EN).text)
    first = en.split("<li class=\"stage-timeline-item")[1]
    assert '<span lang="nl">Haalbaar</span> (40%)' in first
    assert first.count("This text is only available in Dutch.") == 1


def test_the_api_gives_each_stages_criteria_as_documented(client, make):
    challenge, _editor = published(make, client)
    document = client.get("/api/v1/openapi.json").get_json()
    schema = response_schema(document, "/challenges/{slug}", "200")
    answer = client.get(f"/api/v1/challenges/{challenge.slug}").get_json()
    check(document, schema, answer)
    assert [s["criteria"] for s in answer["stages"]] == [
        [{"name": "Nieuw", "description": "Kijk naar Nieuw.", "weight": 60},
         {"name": "Haalbaar", "description": "Kijk naar Haalbaar.", "weight": 40}], [], []]
    items = document["components"]["schemas"]
    assert "How entries are judged in this stage" in str(items) + str(document["paths"])


def test_the_page_and_the_api_read_criteria_in_a_fixed_number_of_queries(client, make,
                                                                         count_queries):
    few, editor = published(make, client)
    many, _same = three_stages(make, phase="open", owner=(few.organisation, editor))
    client.login_as(editor)
    criteria_for(client, many, many.stages[0], ("A", "A", 25), ("B", "B", 25), ("C", "", 25),
                 ("D", "D", 25))
    criteria_for(client, many, many.stages[1], ("E", "E", 50), ("F", "F", 50))
    visitor = make.user()
    client.login_as(visitor)   # a signed-in page is never a kept one
    counts = []
    for challenge in (few, many):
        db.session.expire_all()
        with count_queries() as page:
            assert client.get(f"/challenges/{challenge.slug}", headers=EN).status_code == 200
        with count_queries() as api:
            assert client.get(f"/api/v1/challenges/{challenge.slug}").status_code == 200
        counts.append((page.count, api.count))
    assert counts[0] == counts[1]
