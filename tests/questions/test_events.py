"""Asking, answering, merging and rejecting questions are in the event record, with who."""

from __future__ import annotations

from tests.events import only, recorded
from tests.questions.test_questions import ask, world  # noqa: F401 - the fixture


def test_moderation_records_who_acted(client, world):  # noqa: F811
    challenge = world["challenge"]
    client.login_as(world["citizen"])
    ask(client, challenge, "Is the parking data open?")
    ask(client, challenge, "Can we reuse the parking data?")
    ask(client, challenge, "What is your favourite colour?")
    asked = recorded("question_asked")
    assert [e.changes["number"] for e in asked] == [1, 2, 3]
    assert all(e.actor_id == world["citizen"].id for e in asked)
    first, second, third = (e.object_id for e in asked)

    editor = world["mechelen_editor"]
    client.login_as(editor)
    client.post(f"/manage/questions/{first}/answer", data={f"answer-{first}-answer": "Yes."})
    answered = only("question_answered")
    assert answered.actor_id == editor.id and answered.challenge_id == challenge.id
    client.post(f"/manage/questions/{second}/merge", data={f"merge-{second}-target": first})
    merged = only("question_merged")
    assert merged.actor_id == editor.id and merged.changes["into"] == 1
    client.post(f"/manage/questions/{third}/reject",
                data={f"reject-{third}-reason": "Off topic."})
    rejected = only("question_rejected")
    assert rejected.actor_id == editor.id and rejected.organisation_id == world["mechelen"].id
