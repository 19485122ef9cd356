"""The organiser's editor of a submission form: questions added, edited, reordered and
removed, for a one-round challenge and for a stage; a locked form asks for a confirmation
and announces the change to the teams; bad input and other organisations are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from challenges.accounts.models import Role
from challenges.challenges.models import ChangeNotice
from challenges.challenges.stages import (
    ChallengeStage,
    FormQuestion,
    QuestionKind,
    QuestionVisibility,
    StageEntry,
    StageKind,
)
from challenges.events import Event
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage

EN = {"Accept-Language": "en"}


@pytest.fixture
def setting(make):
    mechelen = make.organisation("Stad Mechelen")
    organiser = make.user(email="els@mechelen.be", name="Els Peeters", language="en")
    make.membership(organiser, mechelen, Role.EDITOR)
    challenge = make.challenge(mechelen, title="Slimme vuilnisbakken")
    return {"challenge": challenge, "organiser": organiser, "organisation": mechelen}


def question_data(**changes):
    data = {"kind": "long_text", "label_nl": "Waarom nu?", "label_en": "Why now?",
            "help_nl": "Kort.", "help_en": "Briefly.", "visibility": "jury",
            "word_limit": "150", "required": "y"}
    data.update(changes)
    return data


def questions(challenge, stage=None):
    where = FormQuestion.stage_id == stage.id if stage else FormQuestion.stage_id.is_(None)
    return list(db.session.scalars(select(FormQuestion).where(
        FormQuestion.challenge_id == challenge.id, where).order_by(FormQuestion.position)))


def test_the_organiser_builds_a_one_round_form(client, setting):
    challenge = setting["challenge"]
    client.login_as(setting["organiser"])
    base = f"/manage/challenges/{challenge.slug}/form"
    page = client.get(base, headers=EN)
    assert page.status_code == 200 and "No questions yet" in page.data.decode()
    assert client.post(base, data=question_data()).status_code == 302
    assert client.post(base, data=question_data(
        kind="choice_one", label_nl="Sector", label_en="Sector", word_limit="",
        choices="Zorg | Care\nMobiliteit | Mobility\nEnergie")).status_code == 302
    assert client.post(base, data=question_data(
        kind="number", label_nl="Budget", label_en="Budget", visibility="private",
        number_min="0", number_max="50000", required="")).status_code == 302
    long_text, choice, number = questions(challenge)
    assert long_text.kind == QuestionKind.LONG_TEXT and long_text.settings == {"word_limit": 150}
    assert long_text.label == "Waarom nu?" and long_text.translations == {
        "en": {"label": "Why now?", "help": "Briefly."}} and long_text.required
    assert [c["nl"] for c in choice.settings["choices"]] == ["Zorg", "Mobiliteit", "Energie"]
    assert len({c["key"] for c in choice.settings["choices"]}) == 3
    assert number.visibility == QuestionVisibility.PRIVATE and number.settings == {
        "min": "0", "max": "50000"}
    html = client.get(base, headers=EN).data.decode()
    assert "Why now?" in html and "Private" in html

    # Edited: a choice renamed in English keeps its key (the answers name it).
    keys = [c["key"] for c in choice.settings["choices"]]
    url = f"{base}/questions/{choice.id}"
    assert client.get(url).status_code == 200
    assert client.post(url, data=question_data(
        kind="choice_one", label_nl="Sector", label_en="Domain", word_limit="",
        choices="Zorg | Health care\nMobiliteit | Mobility\nEnergie | Energy")).status_code == 302
    db.session.expire_all()
    choice = db.session.get(FormQuestion, choice.id)
    assert [c["key"] for c in choice.settings["choices"]] == keys
    assert choice.settings["choices"][0]["en"] == "Health care"

    # Reordered, then removed.
    assert client.post(f"{base}/questions/{number.id}/move",
                       data={"direction": "up"}).status_code == 302
    assert [q.label for q in questions(challenge)] == ["Waarom nu?", "Budget", "Sector"]
    assert client.post(f"{base}/questions/{long_text.id}/move",
                       data={"direction": "up"}).status_code == 302  # already first
    assert client.post(f"{base}/questions/{long_text.id}/delete").status_code == 302
    assert [q.label for q in questions(challenge)] == ["Budget", "Sector"]
    actions = set(db.session.scalars(select(Event.action).where(
        Event.actor_id == setting["organiser"].id)))
    assert {"form_question_added", "form_question_changed", "form_question_moved",
            "form_question_removed"} <= actions


def test_a_stage_has_its_own_form(client, setting):
    challenge = setting["challenge"]
    idea = ChallengeStage(challenge=challenge, position=1, name="Idee", kind=StageKind.SUBMISSION)
    full = ChallengeStage(challenge=challenge, position=2, name="Volledig voorstel")
    db.session.add_all([idea, full])
    db.session.commit()
    client.login_as(setting["organiser"])
    url = f"/manage/challenges/{challenge.slug}/stages/{idea.id}/form"
    assert client.get(url).status_code == 200
    assert client.post(url, data=question_data(kind="file", label_nl="Plan", word_limit="",
                                               file_types=["pdf"], max_mb="5")).status_code == 302
    (plan,) = questions(challenge, idea)
    assert plan.settings == {"file_types": ["pdf"], "max_mb": 5}
    assert questions(challenge, full) == [] and questions(challenge) == []
    # The question of one stage is not found under another one's address.
    other = f"/manage/challenges/{challenge.slug}/stages/{full.id}/form/questions/{plan.id}"
    assert client.get(other).status_code == 404
    assert client.get(f"/manage/challenges/{challenge.slug}/form/questions/{plan.id}"
                      ).status_code == 404


@pytest.mark.parametrize("changes, field, message", [
    ({"label_nl": ""}, "label_nl", "Write the question."),
    ({"kind": "nonsense"}, "kind", "Not a valid choice"),
    ({"kind": "choice_many", "choices": "Alleen dit"}, "choices", "at least two choices"),
    ({"kind": "number", "number_min": "10", "number_max": "1"}, "number_max", "not be lower"),
    ({"kind": "number", "number_min": "veel"}, "number_min", "Enter a number"),
    ({"kind": "long_text", "word_limit": "99999999999999999999"}, "word_limit", ""),
    ({"kind": "file", "max_mb": "500"}, "max_mb", "from 1 to 10 MB"),
    ({"kind": "file", "file_types": ["exe"]}, "file_types", ""),
    ({"visibility": "everyone"}, "visibility", ""),
    ({"label_nl": "x" * 301}, "label_nl", ""),
])
def test_bad_questions_are_refused_next_to_the_field(client, setting, changes, field, message):
    challenge = setting["challenge"]
    client.login_as(setting["organiser"])
    response = client.post(f"/manage/challenges/{challenge.slug}/form",
                           data=question_data(**changes), headers=EN)
    assert response.status_code == 400
    html = response.data.decode()
    assert f'id="{field}-error"' in html and message in html
    assert questions(challenge) == []


def test_other_organisations_and_strangers_cannot_edit(client, make, setting):
    challenge = setting["challenge"]
    question = FormQuestion(challenge_id=challenge.id, position=1, kind=QuestionKind.URL,
                            label="Website")
    db.session.add(question)
    db.session.commit()
    base = f"/manage/challenges/{challenge.slug}/form"
    other = make.user()
    make.membership(other, make.organisation("Stad Gent"), Role.EDITOR)
    client.login_as(other)
    for path in (base, f"{base}/questions/{question.id}"):
        assert client.get(path).status_code in (403, 404)
    assert client.post(base, data=question_data()).status_code in (403, 404)
    assert client.post(f"{base}/questions/{question.id}/delete").status_code in (403, 404)
    participant = make.user()
    client.login_as(participant)
    assert client.post(f"{base}/questions/{question.id}/move",
                       data={"direction": "up"}).status_code in (403, 404)
    assert len(questions(challenge)) == 1
    # Addresses that name nothing, or a question of another challenge.
    client.login_as(setting["organiser"])
    elsewhere = make.challenge(setting["organisation"])
    assert client.get(f"/manage/challenges/{elsewhere.slug}/form/questions/{question.id}"
                      ).status_code == 404
    assert client.get(f"{base}/questions/99999999999").status_code == 404
    assert client.get(f"/manage/challenges/{challenge.slug}/stages/2147483647/form"
                      ).status_code == 404


def test_a_locked_form_asks_for_confirmation_and_announces_the_change(client, make, setting):
    challenge = setting["challenge"]
    stage = ChallengeStage(challenge=challenge, position=1, name="Idee",
                           name_translations={"en": "Idea"})
    db.session.add(stage)
    db.session.commit()
    team = make.user(email="team@start.be", language="en")
    drafter = make.user(email="draft@start.be")
    outsider = make.user(email="other@start.be")
    submitted = make.proposal(challenge, team, stage_id=stage.id)
    make.proposal(challenge, drafter, status="draft", stage_id=stage.id)
    make.proposal(challenge, outsider, status="draft")  # in no stage of this form
    db.session.add(StageEntry(proposal_id=submitted.id, stage_id=stage.id,
                              submitted_at=submitted.submitted_at))
    db.session.commit()
    client.login_as(setting["organiser"])
    url = f"/manage/challenges/{challenge.slug}/stages/{stage.id}/form"
    asked = client.post(url, data=question_data(label_nl="Telefoon", label_en="Phone",
                                                kind="short_text", visibility="private"),
                        headers=EN)
    assert asked.status_code == 200
    html = asked.data.decode()
    assert "confirm the change" in html and "emailed to 2 participant(s)" in html
    assert 'value="Telefoon"' in html  # the form as typed
    assert questions(challenge, stage) == []
    digest = html.split('name="confirm" value="')[1].split('"')[0]
    done = client.post(url, data=question_data(label_nl="Telefoon", label_en="Phone",
                                               kind="short_text", visibility="private",
                                               confirm=digest))
    assert done.status_code == 302
    (phone,) = questions(challenge, stage)
    notice = db.session.scalar(select(ChangeNotice).where(ChangeNotice.challenge_id == challenge.id))
    assert "Idea" in notice.text_en and "Phone" in notice.text_en and "Telefoon" in notice.text_nl
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert sorted(m.recipient for m in mails) == ["draft@start.be", "team@start.be"]
    english = next(m for m in mails if m.recipient == "team@start.be")
    assert "Phone" in english.body_text
    assert db.session.get(ChallengeStage, stage.id).form_changed_at is not None

    # A removal is confirmed on its own page; a stale confirmation is asked again.
    remove = f"{url}/questions/{phone.id}/delete"
    page = client.post(remove, headers=EN)
    assert page.status_code == 200 and "Confirm the change" in page.data.decode()
    assert client.post(remove, data={"confirm": "0000"}).status_code == 200
    assert len(questions(challenge, stage)) == 1
    digest = page.data.decode().split('name="confirm" value="')[1].split('"')[0]
    assert client.post(remove, data={"confirm": digest}).status_code == 302
    assert questions(challenge, stage) == []
