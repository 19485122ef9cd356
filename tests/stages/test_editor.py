"""The organisers' stage editor: set up, add, edit, reorder, remove; every rule at its field;
the challenge's dates kept in step; a published deadline change confirmed and emailed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from challenges.challenges.models import ChangeNotice
from challenges.challenges.stages import ChallengeStage, StageKind
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from tests.challenges.test_authoring import editor_of, local
from tests.events import only, recorded
from tests.stages.helpers import place, staged

EN = {"Accept-Language": "en"}


def stage_data(prefix="", *, name="Idee", name_en="Idea", opens=None, closes=None,
               kind="submission", fields=("description", "approach")):
    now = utcnow()
    opens = opens if opens is not None else now + timedelta(days=1)
    closes = closes if closes is not None else opens + timedelta(days=10)
    p = f"{prefix}-" if prefix else ""
    data = {f"{p}kind": kind, f"{p}name_nl": name, f"{p}name_en": name_en,
            f"{p}description_nl": "Een korte schets.", f"{p}description_en": "A short sketch.",
            f"{p}opens_at": local(opens) if opens else "",
            f"{p}closes_at": local(closes) if closes else "", f"{p}blind": "y",
            f"{p}builtin_fields": list(fields)}
    return data


def two_stages(**second):
    now = utcnow()
    first = stage_data("first", opens=now + timedelta(days=1), closes=now + timedelta(days=10))
    second_values = dict(name="Volledig voorstel", name_en="Full proposal",
                         opens=now + timedelta(days=15), closes=now + timedelta(days=40))
    second_values.update(second)
    return {**first, **stage_data("second", **second_values)}


@pytest.fixture
def draft(make):
    organisation, editor = editor_of(make)
    challenge = make.challenge(organisation, phase="draft")
    return challenge, editor


def test_editor_sets_up_two_stages_and_the_challenge_follows(client, draft):
    challenge, editor = draft
    client.login_as(editor)
    page = client.get(f"/manage/challenges/{challenge.slug}/edit", headers=EN)
    assert f'href="/manage/challenges/{challenge.slug}/stages"' in page.text
    page = client.get(f"/manage/challenges/{challenge.slug}/stages", headers=EN)
    assert page.status_code == 200 and "Run this challenge in stages" in page.text
    response = client.post(f"/manage/challenges/{challenge.slug}/stages", data=two_stages(),
                           headers=EN)
    assert response.status_code == 302, response.text
    stages = challenge.stages
    assert [s.name for s in stages] == ["Idee", "Volledig voorstel"]
    assert stages[0].name_translations == {"en": "Idea"}
    assert stages[0].builtin_fields == ["title", "summary", "description", "approach"]
    assert challenge.opens_at == stages[0].opens_at
    assert challenge.closes_at == stages[1].closes_at
    assert len(recorded("stage_added")) == 2
    assert recorded("stage_added")[0].actor_id == editor.id


def test_times_are_typed_in_brussels_and_stored_in_utc(client, draft):
    challenge, editor = draft
    client.login_as(editor)
    data = two_stages()
    data["first-opens_at"] = "2030-07-01T09:00"  # summer time: UTC+2
    data["first-closes_at"] = "2030-07-10T17:00"
    data["second-opens_at"] = "2030-12-01T09:00"  # winter time: UTC+1
    data["second-closes_at"] = "2030-12-20T17:00"
    assert client.post(f"/manage/challenges/{challenge.slug}/stages", data=data).status_code == 302
    first, second = challenge.stages
    assert (first.opens_at.hour, second.opens_at.hour) == (7, 8)


@pytest.mark.parametrize("change, field, message", [
    ({"second-opens_at": ""}, "second-opens_at", "Choose when this stage opens."),
    ({"second-closes_at": ""}, "second-closes_at", "A submission stage needs a deadline."),
    ({"first-kind": "screening"}, "first-kind", "The first stage is a submission round"),
    ({"second-name_nl": ""}, "second-name_nl", "Give the stage a name."),
    ({"second-opens_at": "2031-01-01T10:00", "second-closes_at": "2030-12-01T10:00"},
     "second-closes_at", "The deadline must come after the opening."),
    ({"first-opens_at": "2031-01-01T10:00", "first-closes_at": "2031-02-01T10:00",
      "second-opens_at": "2030-12-01T10:00", "second-closes_at": "2031-03-01T10:00"},
     "second-opens_at", "Stages follow each other"),
    ({"first-opens_at": "2031-01-01T10:00", "first-closes_at": "2031-02-01T10:00",
      "second-opens_at": "2031-01-15T10:00", "second-closes_at": "2031-03-01T10:00"},
     "second-opens_at", "Stages cannot overlap"),
    ({"second-opens_at": "99999-01-01T10:00"}, "second-opens_at", "Not a valid datetime"),
    ({"second-kind": "nonsense"}, "second-kind", "Not a valid choice"),
])
def test_each_rule_is_told_at_its_field_and_nothing_is_saved(client, draft, change, field,
                                                             message):
    challenge, editor = draft
    client.login_as(editor)
    data = two_stages()
    data.update(change)
    response = client.post(f"/manage/challenges/{challenge.slug}/stages", data=data, headers=EN)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert 'value="Volledig voorstel"' in response.text or field == "second-name_nl"  # kept
    assert db.session.scalar(select(func.count()).select_from(ChallengeStage)) == 0


def test_a_screening_stage_needs_no_deadline(client, draft):
    challenge, editor = draft
    client.login_as(editor)
    now = utcnow()
    data = two_stages(kind="screening", name="Screening", name_en="Screening",
                      opens=now + timedelta(days=11))
    data["second-closes_at"] = ""
    data.update(stage_data("third"))
    assert client.post(f"/manage/challenges/{challenge.slug}/stages", data=data).status_code == 302
    assert [s.kind for s in challenge.stages] == [StageKind.SUBMISSION, StageKind.SCREENING]
    # The challenge closes with its last submission round.
    assert challenge.closes_at == challenge.stages[0].closes_at


def test_add_edit_move_and_remove(client, make):
    organisation, editor = editor_of(make)
    challenge = staged(make, organisation, phase="draft")
    client.login_as(editor)
    base = f"/manage/challenges/{challenge.slug}/stages"
    now = utcnow()
    third = stage_data(name="Pitch", name_en="Pitch", opens=now + timedelta(days=31),
                       closes=now + timedelta(days=45))
    assert client.post(base, data=third).status_code == 302
    assert [s.name for s in challenge.stages] == ["Idee", "Volledig voorstel", "Pitch"]
    assert challenge.closes_at == challenge.stages[2].closes_at

    # An overlapping stage is refused at its field.
    late = stage_data(name="Te vroeg", opens=now + timedelta(days=40))
    response = client.post(base, data=late, headers=EN)
    assert response.status_code == 400 and 'id="opens_at-error"' in response.text
    assert len(challenge.stages) == 3

    pitch = challenge.stages[2]
    page = client.get(f"{base}/{pitch.id}", headers=EN)
    assert 'value="Pitch"' in page.text
    edited = stage_data(name="Pitchdag", name_en="Pitch day", opens=now + timedelta(days=31),
                        closes=now + timedelta(days=50), fields=())
    assert client.post(f"{base}/{pitch.id}", data=edited).status_code == 302
    assert pitch.name == "Pitchdag" and pitch.builtin_fields == ["title", "summary"]
    assert challenge.closes_at == pitch.closes_at
    assert only("stage_updated").actor_id == editor.id

    # Moving the pitch up puts it before the full proposal: the dates are then out of order.
    response = client.post(f"{base}/{pitch.id}/move", data={"direction": "up"},
                           headers=EN, follow_redirects=True)
    assert "Stages follow each other" in response.text
    assert [s.name for s in challenge.stages] == ["Idee", "Volledig voorstel", "Pitchdag"]

    assert client.post(f"{base}/{pitch.id}/remove").status_code == 302
    assert len(challenge.stages) == 2
    assert only("stage_removed").actor_id == editor.id
    # Two is the least: the last but one cannot go; all of them can.
    response = client.post(f"{base}/{challenge.stages[1].id}/remove", headers=EN,
                           follow_redirects=True)
    assert "at least two stages, or none" in response.text and len(challenge.stages) == 2
    assert client.post(f"{base}/remove-all").status_code == 302
    assert challenge.stages == [] and only("stages_removed").actor_id == editor.id


def test_moving_reorders_when_the_dates_allow(client, make):
    organisation, editor = editor_of(make)
    now = utcnow()
    challenge = staged(make, organisation, phase="draft", stages=[
        (StageKind.SUBMISSION, "A", now + timedelta(days=1), now + timedelta(days=5)),
        (StageKind.SCREENING, "B", now + timedelta(days=6), None),
        (StageKind.SCREENING, "C", now + timedelta(days=7), None)])
    client.login_as(editor)
    c = challenge.stages[2]
    response = client.post(f"/manage/challenges/{challenge.slug}/stages/{c.id}/move",
                           data={"direction": "up"})
    assert response.status_code == 302
    # C opens a day after B, so moving it up is refused as out of order.
    assert [s.name for s in challenge.stages] == ["A", "B", "C"]
    b = challenge.stages[1]
    b.opens_at = now + timedelta(days=8)
    db.session.commit()
    client.post(f"/manage/challenges/{challenge.slug}/stages/{c.id}/move", data={"direction": "up"})
    assert [s.name for s in challenge.stages] == ["A", "C", "B"]
    assert [s.position for s in challenge.stages] == [1, 2, 3]
    assert only("stage_moved").actor_id == editor.id
    assert client.post(f"/manage/challenges/{challenge.slug}/stages/{c.id}/move",
                       data={"direction": "sideways"}).status_code == 400


def test_no_reordering_once_published_and_no_removing_a_stage_with_entries(client, make):
    organisation, editor = editor_of(make)
    challenge = staged(make, organisation)
    first = challenge.stages[0]
    place(make.proposal(challenge, make.user(), status="submitted"), first, submitted=True)
    client.login_as(editor)
    base = f"/manage/challenges/{challenge.slug}/stages"
    page = client.get(base, headers=EN)
    assert "Move up" not in page.text and "Move down" not in page.text
    response = client.post(f"{base}/{challenge.stages[1].id}/move", data={"direction": "up"},
                           headers=EN, follow_redirects=True)
    assert "fixed once the challenge is published" in response.text
    response = client.post(f"{base}/remove-all", headers=EN, follow_redirects=True)
    assert "can no longer be removed" in response.text and len(challenge.stages) == 2


def test_a_published_stage_deadline_change_is_confirmed_announced_and_emailed(client, make):
    organisation, editor = editor_of(make)
    challenge = staged(make, organisation)
    author = make.user("team@example.be", language="en")
    make.proposal(challenge, author, status="draft")
    first = challenge.stages[0]
    client.login_as(editor)
    url = f"/manage/challenges/{challenge.slug}/stages/{first.id}"
    new_deadline = first.closes_at + timedelta(days=2)
    data = stage_data(name="Idee", opens=first.opens_at, closes=new_deadline)
    old = first.closes_at
    response = client.post(url, data=data, headers=EN)
    assert response.status_code == 200 and "Confirm this change" in response.text
    assert "1 person is emailed" in response.text
    assert first.closes_at == old  # nothing saved yet
    digest = response.text.split('name="confirm" value="')[1].split('"')[0]
    response = client.post(url, data={**data, "confirm": digest})
    assert response.status_code == 302
    assert first.closes_at == new_deadline.replace(second=0, microsecond=0)
    notice = db.session.scalar(select(ChangeNotice).where(ChangeNotice.challenge_id == challenge.id))
    assert "Idea" in notice.text_en and "Idee" in notice.text_nl
    mails = list(db.session.scalars(select(OutboxMessage)))
    assert [m.recipient for m in mails] == ["team@example.be"]


def test_strangers_and_other_organisations_are_refused(client, make):
    organisation, editor = editor_of(make)
    challenge = staged(make, organisation)
    stage = challenge.stages[0]
    _other_org, outsider = editor_of(make, "Stad Gent", "stad-gent")
    client.login_as(outsider)
    base = f"/manage/challenges/{challenge.slug}/stages"
    assert client.get(base).status_code == 403
    assert client.post(f"{base}/{stage.id}", data=stage_data()).status_code == 403
    assert client.post(f"{base}/remove-all").status_code == 403
    other = make.challenge(organisation)
    client.login_as(editor)
    assert client.get(f"/manage/challenges/{other.slug}/stages/{stage.id}").status_code == 404
    assert client.get(f"{base}/99999999999").status_code == 404
    assert recorded("stages_removed") == []
