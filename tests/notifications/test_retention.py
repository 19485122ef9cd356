"""Sent emails keep their texts for OUTBOX_RETENTION_DAYS, and none after the account is
deleted."""

from datetime import timedelta

from sqlalchemy import select

from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage, OutboxStatus


def message(recipient, status=OutboxStatus.SENT, sent_days_ago=0):
    row = OutboxMessage(recipient=recipient, language="nl", kind="verify_email",
                        subject="Bevestig je e-mailadres", body_text="Hallo Ann, de link",
                        body_html="<p>Hallo Ann</p>", status=status,
                        sent_at=utcnow() - timedelta(days=sent_days_ago)
                        if status == OutboxStatus.SENT else None)
    db.session.add(row)
    db.session.commit()
    return row


def test_bodies_of_old_sent_emails_are_purged(app, runner):
    old = message("ann@example.be", sent_days_ago=91)
    recent = message("bob@example.be", sent_days_ago=89)
    pending = message("cis@example.be", status=OutboxStatus.PENDING)
    result = runner.invoke(args=["outbox", "purge"])
    assert "purged 1" in result.output
    for row in (old, recent, pending):
        db.session.refresh(row)
    assert old.body_text == old.body_html == ""
    assert old.recipient == "ann@example.be" and old.subject  # what was sent to whom stays
    assert recent.body_text and pending.body_text


def test_the_retention_period_is_configurable(app, runner):
    app.config["OUTBOX_RETENTION_DAYS"] = 7
    row = message("ann@example.be", sent_days_ago=8)
    runner.invoke(args=["outbox", "purge"])
    db.session.refresh(row)
    assert row.body_text == ""


def test_deleting_an_account_removes_its_emails_texts_and_address(client, make):
    user = make.user(email="ann@example.be")
    sent = message("ann@example.be")
    message("ann@example.be", status=OutboxStatus.PENDING)
    other = message("bob@example.be")
    client.login_as(user)
    response = client.post("/account/delete", data={"current_password": make.PASSWORD,
                                                    "confirm": "y"})
    assert response.status_code == 302
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [r.id for r in rows] == [sent.id, other.id]  # the unsent one is gone
    db.session.refresh(sent)
    assert sent.recipient != "ann@example.be" and sent.body_text == "" == sent.body_html
    assert other.body_text
