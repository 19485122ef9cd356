"""Sending a failed email again is recorded with the administrator who asked for it."""

from __future__ import annotations

from challenges.extensions import db
from challenges.notifications.models import OutboxMessage, OutboxStatus
from challenges.notifications.operations import queue_email
from tests.events import only


def test_retrying_a_failed_email_is_recorded(client, make):
    admin = make.user(platform_admin=True)
    message = queue_email("ann@example.be", "nl", "verify_email", "Subject",
                          user=admin, link="http://example.be")
    message.status = OutboxStatus.FAILED
    db.session.commit()
    client.login_as(admin)
    client.post(f"/admin/outbox/{message.id}/retry")
    retried = only("email_retried")
    assert retried.actor_id == admin.id and retried.object_id == message.id
    assert "ann@example.be" not in str(retried.changes)
    assert db.session.get(OutboxMessage, message.id).status == OutboxStatus.PENDING
