"""The demo's two-stage challenge (challenges/demo/stage_data.py): midway, with ideas decided,
full proposals open, events, followers and a message, in both languages; its pages answer
and show it. Loading twice adds nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from challenges.accounts.models import User
from challenges.announcements.models import Announcement
from challenges.challenges.models import Challenge
from challenges.challenges.stages import (
    ProposalAnswer,
    StageEntry,
    StageStatus,
    current_stage,
)
from challenges.db import utcnow
from challenges.demo.stage_texts import SLUG
from challenges.extensions import db
from challenges.follows.models import Follow
from challenges.sessions.models import PitchSlot, Registration, Session, SessionKind
from challenges.submissions.models import Proposal, ProposalStatus


@pytest.fixture
def staged(runner) -> Challenge:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert f"/challenges/{SLUG}" in result.output
    return db.session.scalars(select(Challenge).where(Challenge.slug == SLUG)).one()


def user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def counts() -> tuple:
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (
        Proposal, StageEntry, ProposalAnswer, Session, Registration, PitchSlot, Follow,
        Announcement))


def test_the_two_stage_challenge_is_midway_and_loading_twice_adds_nothing(staged, runner):
    now = utcnow()
    ideas, full = staged.stages
    assert [s.status_at(now) for s in staged.stages] == [StageStatus.DECIDED, StageStatus.OPEN]
    assert current_stage(staged, now) is full
    assert (staged.opens_at, staged.closes_at) == (ideas.opens_at, full.closes_at)
    assert ideas.name_translations == {"en": "Ideas"}
    assert [q.kind.value for q in ideas.questions] == ["long_text", "choice_one", "short_text"]
    assert [q.is_private for q in ideas.questions] == [False, False, True]
    assert all(q.translations["en"]["label"] for s in staged.stages for q in s.questions)
    assert "file" in [q.kind.value for q in full.questions]
    assert staged.translation("en").title == "Sharing solar energy in the neighbourhood"

    proposals = db.session.scalars(select(Proposal).where(
        Proposal.challenge_id == staged.id)).all()
    outcomes = Counter(str(e.outcome) for p in proposals for e in db.session.scalars(
        select(StageEntry).where(StageEntry.proposal_id == p.id,
                                 StageEntry.stage_id == ideas.id)))
    assert outcomes == {"advanced": 3, "not_advanced": 2, "screened_out": 1}
    in_full = [p for p in proposals if p.stage_id == full.id]
    assert sorted(p.status for p in in_full) == [ProposalStatus.DRAFT, ProposalStatus.DRAFT,
                                                 ProposalStatus.SUBMITTED]
    assert all(p.summary for p in in_full)  # carried over from the idea
    submitted = next(p for p in in_full if p.status == ProposalStatus.SUBMITTED)
    assert submitted.author.email == "founder@slimparkeren.demo"
    [file_answer] = [a for a in db.session.scalars(select(ProposalAnswer).where(
        ProposalAnswer.proposal_id == submitted.id)) if a.attachment_id]
    assert file_answer.question.stage_id == full.id

    pitch, info = (db.session.scalars(select(Session).where(
        Session.challenge_id == staged.id, Session.kind == kind)).one()
        for kind in (SessionKind.PITCH_DAY, SessionKind.INFO_SESSION))
    assert [s.proposal_id for s in pitch.slots] == [submitted.id, None, None, None]
    assert len(info.registrations) == 4 and info.translations["en"]["title"]
    [announcement] = db.session.scalars(select(Announcement).where(
        Announcement.challenge_id == staged.id)).all()
    assert announcement.recipient_count == 3

    before = counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert counts() == before


def test_the_demo_pages_of_the_two_stage_challenge_answer(staged, client):
    for language, texts in (("nl", ["Zonne-energie delen in de wijk", "Infosessie"]),
                            ("en", ["Sharing solar energy in the neighbourhood",
                                    "Info session"])):
        client.post("/language", data={"language": language})
        page = client.get(f"/challenges/{SLUG}")
        assert page.status_code == 200
        for text in texts:
            assert text in page.text
    client.post("/language", data={"language": "nl"})
    assert client.get("/events").status_code == 200
    for session in db.session.scalars(select(Session).where(Session.challenge_id == staged.id)):
        assert client.get(f"/events/{session.id}").status_code == 200

    team = user("founder@slimparkeren.demo")
    client.login_as(team)
    proposal = db.session.scalars(select(Proposal).where(
        Proposal.challenge_id == staged.id, Proposal.author_id == team.id)).one()
    assert client.get(f"/proposals/{proposal.id}").status_code == 200
    assert client.get("/my/proposals").status_code == 200
    client.logout()

    client.login_as(user("pieter.vermeulen@brugge.demo"))
    for path in (f"/manage/challenges/{SLUG}/proposals", f"/manage/challenges/{SLUG}/messages",
                 f"/manage/challenges/{SLUG}/events",
                 *(f"/manage/challenges/{SLUG}/stages/{s.id}/form" for s in staged.stages)):
        assert client.get(path).status_code == 200, path
    assert client.get(f"/manage/proposals/{proposal.id}").status_code == 200


def test_the_idea_stage_has_a_jury_whose_ranking_the_decision_page_shows(staged, client):
    from challenges.jury.models import criteria_of, jury_of_stage

    ideas = staged.stages[0]
    jury = jury_of_stage(ideas)
    assert jury is not None and jury.locked and jury.blind == ideas.blind
    assert [c.name for c in criteria_of(jury)] == ["Originaliteit", "Haalbaarheid"]
    assert sorted(m.email for m in jury.members) == ["jury.goossens@kuleuven.demo",
                                                    "jury.nguyen@imec.demo"]
    client.login_as(user("pieter.vermeulen@brugge.demo"))
    decide = client.get(f"/manage/challenges/{SLUG}/stages/{ideas.id}/decide",
                        headers={"Accept-Language": "en"}).text
    ranking_url = f"/jury/{SLUG}/stages/{ideas.id}/ranking"
    assert ranking_url in decide
    # The outcomes in the order of the ranking: the three that advanced hold the first places.
    advanced = [p.title for p in db.session.scalars(select(Proposal).where(
        Proposal.challenge_id == staged.id, Proposal.stage_id == staged.stages[1].id))]
    rows = decide.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert len(rows) == 6
    assert all(any(title in row for title in advanced) for row in rows[:3])
    assert not any(title in row for row in rows[3:] for title in advanced)
    assert client.get(ranking_url).status_code == 200
    client.logout()
    client.login_as(user("jury.nguyen@imec.demo"))
    home = client.get("/jury", headers={"Accept-Language": "en"}).text
    assert f"/jury/{SLUG}/stages/{ideas.id}" in home
    assert client.get(f"/jury/{SLUG}/stages/{ideas.id}").status_code == 200
    assert client.get(ranking_url).status_code == 403
