"""Every change to a challenge is in the event record, with who made it."""

from __future__ import annotations

import io
from datetime import timedelta

from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.extensions import db
from tests.challenges.test_authoring import editor_of, form_data, local, save_confirmed
from tests.events import only


def test_writing_publishing_and_changing_a_challenge_are_recorded(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    client.post(f"/manage/organisations/{organisation.slug}/challenges/new",
                data=form_data(action="save"))
    created = only("challenge_created")
    assert created.actor_id == editor.id and created.organisation_id == organisation.id
    challenge_id = created.challenge_id
    assert challenge_id == created.object_id
    slug = db.session.get(Challenge, challenge_id).slug
    client.post(f"/manage/challenges/{slug}/publish")
    assert only("challenge_published").actor_id == editor.id

    later = local(utcnow() + timedelta(days=40))
    save_confirmed(client, f"/manage/challenges/{slug}/edit", form_data(closes_at=later))
    updated = only("challenge_updated")
    assert updated.actor_id == editor.id
    assert set(updated.changes["fields"]["closes_at"]) == {"old", "new"}
    assert updated.changes["notices"] == 1

    client.post(f"/manage/challenges/{slug}/attachments",
                data={"file": (io.BytesIO(b"%PDF-1.4 briefing"), "brief.pdf")},
                content_type="multipart/form-data")
    added = only("attachment_added")
    assert added.challenge_id == challenge_id and added.changes["filename"] == "brief.pdf"

    client.post(f"/manage/challenges/{slug}/cancel", data={"reason": "No budget."})
    cancelled = only("challenge_cancelled")
    assert cancelled.actor_id == editor.id and cancelled.changes["reason"] == "No budget."


def test_deleting_a_draft_leaves_its_record(client, make):
    organisation, editor = editor_of(make)
    draft = make.challenge(organisation, phase="draft", title="Old idea")
    client.login_as(editor)
    client.post(f"/manage/challenges/{draft.slug}/delete")
    deleted = only("challenge_deleted")
    assert deleted.actor_id == editor.id and deleted.organisation_id == organisation.id
    assert deleted.changes["title"] == "Old idea"
