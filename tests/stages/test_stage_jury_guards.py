"""A stage with its own criteria or jury never silently becomes one that cannot have them
(the last stage, a screening): moving, removing and changing stages so is refused, naming
the stage, and nothing typed is lost."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from challenges.challenges.models import Criterion
from challenges.challenges.stages import StageKind
from challenges.db import utcnow
from challenges.extensions import db
from challenges.jury.models import JuryMember
from tests.challenges.test_authoring import editor_of
from tests.stages.helpers import staged
from tests.stages.test_editor import stage_data
from tests.stages.test_stage_jury_screens import criteria_data

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}


def three_stages(make, phase="draft", owner=None):
    """Idee -> Volledig voorstel -> Pitch, in a draft (so the order may still change); of a
    new organisation and its editor, or of `owner` (organisation, editor)."""
    organisation, editor = owner or editor_of(make)
    now = utcnow()
    challenge = staged(make, organisation, phase=phase, stages=[
        (StageKind.SUBMISSION, "Idee", now + timedelta(days=1), now + timedelta(days=5)),
        (StageKind.SUBMISSION, "Volledig voorstel", now + timedelta(days=10),
         now + timedelta(days=20)),
        (StageKind.SUBMISSION, "Pitch", now + timedelta(days=25), now + timedelta(days=30))])
    return challenge, editor


def give_criteria(client, challenge, stage):
    url = f"/manage/challenges/{challenge.slug}/stages/{stage.id}/criteria"
    response = client.post(url, data=criteria_data(("Nieuw", "New", 60), ("Haalbaar", "", 40)))
    assert response.status_code == 302, response.text[:2000]


def give_juror(client, challenge, stage, email="hilde@kuleuven.be"):
    response = client.post(f"/manage/challenges/{challenge.slug}/stages/{stage.id}/jury/members",
                           data={"email": email})
    assert response.status_code == 302, response.text[:2000]


def criteria_of(stage) -> int:
    return db.session.scalar(select(func.count(Criterion.id)).where(Criterion.stage_id == stage.id))


def test_moving_a_judged_stage_to_the_end_is_refused_and_names_it(client, make):
    challenge, editor = three_stages(make)
    _ideas, full, pitch = challenge.stages
    client.login_as(editor)
    give_criteria(client, challenge, full)
    give_juror(client, challenge, full)
    # The dates allow the swap, so only the stage jury stands in the way.
    full.opens_at, full.closes_at = utcnow() + timedelta(days=31), utcnow() + timedelta(days=35)
    pitch.opens_at, pitch.closes_at = utcnow() + timedelta(days=6), utcnow() + timedelta(days=9)
    db.session.commit()
    base = f"/manage/challenges/{challenge.slug}/stages"

    response = client.post(f"{base}/{full.id}/move", data={"direction": "down"}, headers=EN,
                           follow_redirects=True)
    # Named in the reader's language (the English name the helper gave it).
    assert "The stage “Full proposal” has 2 criteria and a jury of 1 member" in response.text
    assert [s.name for s in challenge.stages] == ["Idee", "Volledig voorstel", "Pitch"]
    # Moving the last one up would make the judged stage last just the same.
    editor.language = "nl"
    db.session.commit()
    response = client.post(f"{base}/{pitch.id}/move", data={"direction": "up"}, headers=NL,
                           follow_redirects=True)
    assert "De fase “Volledig voorstel” heeft 2 criteria en een jury van 1 lid" in response.text
    assert [s.name for s in challenge.stages] == ["Idee", "Volledig voorstel", "Pitch"]
    assert criteria_of(full) == 2

    # Once the organiser removed them knowingly, the stage may go last.
    member = db.session.scalar(select(JuryMember))
    assert client.post(f"{base}/{full.id}/jury/members/{member.id}/remove").status_code == 302
    assert client.post(f"{base}/{full.id}/criteria", data={}).status_code == 302
    assert criteria_of(full) == 0
    assert client.post(f"{base}/{full.id}/move", data={"direction": "down"}).status_code == 302
    assert [s.name for s in challenge.stages] == ["Idee", "Pitch", "Volledig voorstel"]


def test_removing_the_last_stage_or_the_judged_one_is_refused(client, make):
    challenge, editor = three_stages(make)
    ideas, full, pitch = challenge.stages
    client.login_as(editor)
    give_criteria(client, challenge, full)
    base = f"/manage/challenges/{challenge.slug}/stages"

    response = client.post(f"{base}/{pitch.id}/remove", headers=EN, follow_redirects=True)
    assert "“Full proposal” has 2 criteria of its own" in response.text
    assert "unreachable" in response.text
    assert len(challenge.stages) == 3
    response = client.post(f"{base}/{full.id}/remove", headers=EN, follow_redirects=True)
    assert "removing the stage would lose them" in response.text
    assert len(challenge.stages) == 3 and criteria_of(full) == 2
    response = client.post(f"{base}/remove-all", headers=EN, follow_redirects=True)
    assert "“Full proposal” has 2 criteria of its own" in response.text
    assert len(challenge.stages) == 3 and criteria_of(full) == 2
    # A stage without a jury of its own goes as before.
    assert client.post(f"{base}/{ideas.id}/remove").status_code == 302
    assert [s.name for s in challenge.stages] == ["Volledig voorstel", "Pitch"]


def test_a_judged_stage_cannot_become_a_screening_and_the_form_keeps_what_was_typed(client,
                                                                                     make):
    challenge, editor = three_stages(make, phase="open")
    ideas = challenge.stages[0]
    second = challenge.stages[1]
    client.login_as(editor)
    give_juror(client, challenge, second)
    data = stage_data(kind="screening", name="Controle", name_en="Check",
                      opens=second.opens_at, closes=second.closes_at)
    response = client.post(f"/manage/challenges/{challenge.slug}/stages/{second.id}", data=data,
                           headers=EN)
    assert response.status_code == 400
    assert 'id="kind-error"' in response.text
    assert "“Full proposal” has a jury of 1 member of its own" in response.text
    assert 'value="Controle"' in response.text and 'value="Check"' in response.text
    db.session.expire_all()
    assert second.kind == StageKind.SUBMISSION and second.name == "Volledig voorstel"
    # The first stage is no stage jury's: its own changes go through as before.
    assert ideas.kind == StageKind.SUBMISSION


def test_adding_a_stage_after_a_judged_one_is_fine(client, make):
    challenge, editor = three_stages(make)
    client.login_as(editor)
    give_criteria(client, challenge, challenge.stages[1])
    now = utcnow()
    fourth = stage_data(name="Contract", name_en="Contract", opens=now + timedelta(days=31),
                        closes=now + timedelta(days=45))
    assert client.post(f"/manage/challenges/{challenge.slug}/stages", data=fourth
                       ).status_code == 302
    assert len(challenge.stages) == 4


def test_a_stage_stranded_by_older_data_does_not_block_other_changes(client, make):
    challenge, editor = three_stages(make)
    pitch = challenge.stages[2]
    # Criteria on the last stage, as data from before these checks could have.
    db.session.add(Criterion(challenge_id=challenge.id, stage_id=pitch.id, position=1,
                             name="Oud", weight=100))
    db.session.commit()
    client.login_as(editor)
    data = stage_data(name="Pitchdag", name_en="Pitch day", opens=pitch.opens_at,
                      closes=pitch.closes_at)
    response = client.post(f"/manage/challenges/{challenge.slug}/stages/{pitch.id}", data=data)
    assert response.status_code == 302, response.text[:2000]
    assert pitch.name == "Pitchdag"
