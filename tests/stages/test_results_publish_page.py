"""The results publication's confirmation says what it does to the teams advanced to the last
stage that did not submit there: closed as not selected and emailed, named before the click."""

from __future__ import annotations

from datetime import timedelta

from challenges.challenges.stages import ChallengeStage, StageEntry
from challenges.db import utcnow
from challenges.extensions import db
from tests.results.test_ranking_page import Panel

EN = {"Accept-Language": "en"}


def staged_panel(make):
    now = utcnow()
    panel = Panel(make, proposals=1, jurors=1)
    challenge = panel.challenge
    ideas = ChallengeStage(challenge=challenge, position=1, name="Ideeën",
                           opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=30),
                           decided_at=now - timedelta(days=29))
    full = ChallengeStage(challenge=challenge, position=2, name="Volledig voorstel",
                          name_translations={"en": "Full proposal"},
                          opens_at=now - timedelta(days=29), closes_at=now - timedelta(days=2))
    db.session.add_all([ideas, full])
    db.session.flush()
    [submitted] = panel.proposals
    submitted.stage_id = full.id
    silent = make.proposal(challenge, make.user(email="stil@example.be", name="Sofie Stil"),
                           title="Stil voorstel", stage_id=full.id, status="draft")
    db.session.add(StageEntry(proposal_id=silent.id, stage_id=full.id))
    db.session.commit()
    return panel


def test_the_confirmation_names_the_teams_that_did_not_submit_in_the_last_stage(client, make):
    panel = staged_panel(make)
    client.login_as(panel.editor)
    url = f"/manage/challenges/{panel.challenge.slug}/results/publish"
    page = client.get(url, headers=EN)
    assert page.status_code == 200
    what = page.text.split('id="what-heading"')[1].split("</section>")[0]
    assert ("1 team was advanced to the last stage, “<span>Full proposal</span>”, but did not "
            "submit there: its proposal is closed as not selected") in what
    assert "emailed that it was not submitted in time" in what
    assert "Stil voorstel (Sofie Stil)" in what
    panel.editor.language = "nl"
    db.session.commit()
    nl = client.get(url).text.split('id="what-heading"')[1].split("</section>")[0]
    assert "“<span>Volledig voorstel</span>”" in nl and "niet geselecteerd" in nl


def test_a_challenge_in_one_round_says_nothing_of_stages(client, make):
    panel = Panel(make, proposals=1, jurors=1)
    client.login_as(panel.editor)
    page = client.get(f"/manage/challenges/{panel.challenge.slug}/results/publish", headers=EN)
    assert page.status_code == 200 and "did not submit there" not in page.text
