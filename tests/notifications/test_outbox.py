from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage, OutboxStatus
from challenges.notifications.operations import queue_email, send_due


def queue(recipient="ann@example.be", language="nl"):
    from tests import factories

    user = factories.user(email=recipient, language=language)
    message = queue_email(user.email, user.language, "verify_email",
                          _l("Confirm your email address"), user=user, link="http://x/verify/t")
    db.session.commit()
    return message


def test_message_has_text_and_html_in_the_recipients_language(app, smtp):
    queue(language="en")
    queue(recipient="jan@example.be", language="nl")
    assert send_due() == (2, 0)
    [english] = smtp.to("ann@example.be")
    assert english["Subject"] == "Confirm your email address"
    assert "Please confirm" in smtp.text(english)
    assert "<a href=" in smtp.html(english)
    [dutch] = smtp.to("jan@example.be")
    assert dutch["Subject"] != "Confirm your email address"


def test_nothing_is_lost_or_duplicated_when_the_mail_server_is_down(app, smtp):
    message = queue()
    smtp.stop()
    assert send_due() == (0, 1)
    db.session.refresh(message)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert "Connection refused" in message.last_error or message.last_error
    first_retry = message.next_attempt_at
    assert first_retry > utcnow()

    smtp.start()
    assert send_due() == (0, 0), "not due yet: it waits for its retry time"
    assert send_due(now=first_retry + timedelta(seconds=1)) == (1, 0)
    assert send_due(now=first_retry + timedelta(days=1)) == (0, 0)
    assert len(smtp.to("ann@example.be")) == 1
    db.session.refresh(message)
    assert message.status == OutboxStatus.SENT and message.sent_at is not None


def test_retries_wait_longer_each_time_then_fail_visibly(app, smtp, client, make):
    message = queue()
    smtp.stop()
    now = utcnow()
    delays = []
    for _ in range(app.config["OUTBOX_MAX_ATTEMPTS"]):
        db.session.refresh(message)
        now = max(now, message.next_attempt_at) + timedelta(seconds=1)
        send_due(now=now)
        db.session.refresh(message)
        delays.append(message.next_attempt_at - now)
    assert delays[:-1] == sorted(delays[:-1]) and delays[0] < delays[-2]
    assert message.status == OutboxStatus.FAILED
    assert message.last_error

    client.login_as(make.user(platform_admin=True))
    page = client.get("/admin/outbox?status=failed").data.decode()
    assert "ann@example.be" in page and message.last_error.split(":")[0] in page
    client.post(f"/admin/outbox/{message.id}/retry")
    db.session.refresh(message)
    assert message.status == OutboxStatus.PENDING
    smtp.start()
    assert send_due() == (1, 0)


def test_cli_sends_and_exits(app, smtp, runner):
    queue()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert len(smtp.messages) == 1
    assert db.session.scalar(select(OutboxMessage)).status == OutboxStatus.SENT


def test_email_written_in_the_same_transaction_as_the_action(app):
    """A rolled-back action leaves no email behind."""
    from challenges.accounts.models import User

    user = User(email="x@example.be", display_name="X", language="nl")
    user.set_password("een goed wachtwoord")
    db.session.add(user)
    db.session.flush()
    queue_email(user.email, "nl", "verify_email", _l("Confirm your email address"),
                user=user, link="http://x")
    db.session.rollback()
    assert db.session.scalar(select(OutboxMessage)) is None
