"""The public timeline in the reader's language, the stages in the API as the OpenAPI
document describes them, and pages whose queries do not grow with the data."""

from __future__ import annotations

import re
from datetime import timedelta

from challenges.challenges.stages import EntryOutcome, StageKind
from challenges.db import utcnow
from challenges.extensions import db
from tests.api.test_openapi import check, response_schema
from tests.stages.helpers import place, staged

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}


def three_stages(make, **fields):
    now = utcnow()
    challenge = staged(make, stages=[
        (StageKind.SUBMISSION, "Idee", now - timedelta(days=20), now - timedelta(days=10)),
        (StageKind.SCREENING, "Screening", now - timedelta(days=9), None),
        (StageKind.SUBMISSION, "Volledig voorstel", now + timedelta(days=5),
         now + timedelta(days=30))], **fields)
    challenge.stages[0].decided_at = now - timedelta(days=9)
    challenge.stages[0].description = "Een korte schets."
    challenge.stages[0].description_translations = {"en": "A short sketch."}
    db.session.commit()
    return challenge


def timeline_of(html: str) -> str:
    return html.split('<ol class="stage-timeline')[1].split("</ol>")[0]


def test_the_timeline_in_dutch_and_english(client, make):
    challenge = three_stages(make)
    nl = timeline_of(client.get(f"/challenges/{challenge.slug}", headers=NL).text)
    en = timeline_of(client.get(f"/challenges/{challenge.slug}", headers=EN).text)
    assert "Idee" in nl and "Volledig voorstel" in nl and "Een korte schets." in nl
    assert "Idea" in en and "Full proposal" in en and "A short sketch." in en
    # The screening has no English name: shown in Dutch, marked so.
    assert '<span lang="nl">Screening</span>' in en
    # The current stage is the first one not decided: the screening.
    current = re.findall(r'aria-current="step">\s*<span class="fw-semibold">(\d)\.', en)
    assert current == ["2"]
    assert "Decided" in en and "Closed, being assessed" in en and "Upcoming" in en
    assert "Beslist" in nl
    # The header says where it stands, not "open for proposals".
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).text
    assert 'class="badge phase-closed">Stage 2 of 3:' in page


def test_the_api_gives_the_stages_as_documented(client, make):
    challenge = three_stages(make)
    document = client.get("/api/v1/openapi.json").get_json()
    schema = response_schema(document, "/challenges/{slug}", "200")
    answer = client.get(f"/api/v1/challenges/{challenge.slug}").get_json()
    check(document, schema, answer)
    assert [(s["position"], s["kind"], s["name"], s["status"], s["is_current"])
            for s in answer["stages"]] == [
        (1, "submission", "Idee", "decided", False),
        (2, "screening", "Screening", "closed", True),
        (3, "submission", "Volledig voorstel", "upcoming", False)]
    assert answer["stages"][1]["closes_at"] is None
    assert answer["stages"][2]["closes_at"] == answer["closes_at"]
    stages_schema = document["components"]["schemas"]
    assert "stages" in str(stages_schema) or "stages" in str(document["paths"])


def test_a_one_round_challenge_has_one_stage_in_the_api(client, make):
    challenge = make.challenge(language="en")
    answer = client.get(f"/api/v1/challenges/{challenge.slug}").get_json()
    assert answer["stages"] == [{
        "position": 1, "kind": "submission", "name": "Proposals",
        "opens_at": answer["opens_at"], "closes_at": answer["closes_at"],
        "status": "open", "is_current": True, "criteria": []}]
    nl = make.challenge(phase="closed")
    assert client.get(f"/api/v1/challenges/{nl.slug}").get_json()["stages"][0]["status"] \
        == "closed"


def test_pages_with_stages_use_a_fixed_number_of_queries(client, make, count_queries):
    from tests.challenges.test_authoring import editor_of

    organisation, editor = editor_of(make)
    author = make.user()

    def add(n):
        for _ in range(n):
            challenge = three_stages(make, organisation=organisation)
            proposal = make.proposal(challenge, author)
            place(proposal, challenge.stages[0], submitted=True, outcome=EntryOutcome.ADVANCED)
            place(proposal, challenge.stages[1])
        return challenge

    last = add(1)
    pages = ["/challenges", f"/organisations/{organisation.slug}", "/my/proposals",
             f"/manage/challenges/{last.slug}/proposals", f"/manage/challenges/{last.slug}/stages"]
    client.login_as(author)
    with count_queries() as few_mine:
        assert client.get("/my/proposals").status_code == 200
    client.login_as(editor)
    few = {}
    for page in pages[:2] + pages[3:]:
        with count_queries() as counter:
            assert client.get(page).status_code == 200, page
        few[page] = counter.count
    many_last = add(6)
    proposals = [make.proposal(many_last, make.user()) for _ in range(5)]
    for proposal in proposals:
        place(proposal, many_last.stages[0], submitted=True)
    pages[3] = f"/manage/challenges/{many_last.slug}/proposals"
    pages[4] = f"/manage/challenges/{many_last.slug}/stages"
    client.login_as(author)
    with count_queries() as many_mine:
        assert client.get("/my/proposals").status_code == 200
    assert few_mine.count == many_mine.count
    client.login_as(editor)
    for old, page in zip(list(few), pages[:2] + pages[3:], strict=True):
        with count_queries() as counter:
            assert client.get(page).status_code == 200, page
        assert counter.count == few[old], page
