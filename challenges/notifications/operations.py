"""Queue emails in the caller's transaction; send them later, retrying with back-off."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_mail import Message
from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError

from challenges import events
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications import smtp
from challenges.notifications.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

events.describe({"email_retried": _l("Failed email sent again")})

# Minutes to wait after the n-th failed attempt.
BACKOFF_MINUTES = (1, 5, 15, 60, 240, 720)
# On SQLite, how long a message being sent is out of other workers' reach (see _claim).
CLAIM_LEASE = timedelta(minutes=10)


def queue_email(recipient: str, language: str, kind: str, subject, *,
                headers: dict[str, str] | None = None,
                attachments: list[dict[str, str]] | None = None, **context) -> OutboxMessage:
    """Render an email in the recipient's language and add it to the session (not committed).

    `subject` is a lazy string so that it is translated here, in `language`.
    Templates are emails/<kind>.txt and emails/<kind>.html. `headers` are sent with it as
    they are (Reply-To, List-Unsubscribe...); `attachments` are small text files
    ({"filename", "type", "text"}), such as a calendar file.
    """
    language = language if language in current_app.config["LANGUAGES"] else "nl"
    with force_locale(language):
        subject_text = str(subject)
        context.setdefault("subject", subject_text)
        context.setdefault("base_url", current_app.config["BASE_URL"])
        body_text = render_template(f"emails/{kind}.txt", **context)
        body_html = render_template(f"emails/{kind}.html", **context)
    message = OutboxMessage(recipient=recipient, language=language, kind=kind,
                            subject=subject_text, body_text=body_text, body_html=body_html,
                            headers=dict(headers) if headers else None,
                            attachments=list(attachments) if attachments else None,
                            next_attempt_at=utcnow())
    db.session.add(message)
    return message


def _due(now: datetime, limit: int):
    query = (select(OutboxMessage)
             .where(OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.next_attempt_at <= now)
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
             .limit(limit))
    if db.engine.dialect.name == "postgresql":
        # Several workers may run; each message is taken by one of them only.
        query = query.with_for_update(skip_locked=True)
    return db.session.scalars(query).all()


def _record_failure(message: OutboxMessage, error: Exception, now: datetime) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
    else:
        delay = BACKOFF_MINUTES[min(message.attempts, len(BACKOFF_MINUTES)) - 1]
        message.next_attempt_at = now + timedelta(minutes=delay)


def send_due(now: datetime | None = None, limit: int = 100) -> tuple[int, int]:
    """Send what is due; returns (sent, failed attempts).

    One message per transaction: it is locked, handed to the mail server and marked sent in
    one commit, so a message the server accepted is never sent again, and parallel workers
    never take the same message.
    """
    now = now or utcnow()
    sent = failed = 0
    connection = None
    try:
        for _ in range(limit):
            due = _due(now, 1)
            if not due:
                break
            message = due[0]
            planned = message.next_attempt_at
            if not _claim(message, now):
                continue
            try:
                if connection is None:
                    opening = smtp.connect()
                    opening.__enter__()
                    connection = opening
                connection.send(_message(message))
            except Exception as error:
                log.warning("sending outbox message %s failed: %s", message.id, error)
                message.next_attempt_at = planned
                _record_failure(message, error, now)
                failed += 1
                db.session.commit()
                if connection is None:
                    # The server cannot be reached: leave the rest for the next run.
                    break
                connection = _close(connection)
                continue
            message.status = OutboxStatus.SENT
            message.next_attempt_at = planned
            message.sent_at = utcnow()
            message.attempts += 1
            sent += 1
            db.session.commit()
    finally:
        db.session.rollback()
        _close(connection)
    return sent, failed


def _claim(message: OutboxMessage, now: datetime) -> bool:
    """Whether this worker may send `message`. On PostgreSQL the row stays locked (SKIP
    LOCKED) until it is marked sent. SQLite has no row locks, so two `outbox send` runs (cron
    starting one while the last is still sending) would both read the message as due; there
    it is claimed by a conditional update that one process alone can make, and put out of
    reach for CLAIM_LEASE while it is sent (a worker that dies meanwhile leaves it to be
    tried again after the lease)."""
    if db.engine.dialect.name == "postgresql":
        return True
    try:
        claimed = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id, OutboxMessage.status == OutboxStatus.PENDING,
                   OutboxMessage.next_attempt_at == message.next_attempt_at)
            .values(next_attempt_at=max(now, utcnow()) + CLAIM_LEASE)
            .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
        db.session.commit()
    except OperationalError:  # the database is busy with the other worker's claim
        db.session.rollback()
        return False
    db.session.expire(message)
    return bool(claimed)


def _message(message: OutboxMessage) -> Message:
    mail_message = Message(
        subject=message.subject, recipients=[message.recipient],
        body=message.body_text, html=message.body_html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        extra_headers=message.headers or None)
    for item in message.attachments or ():
        mail_message.attach(item["filename"], item["type"], item["text"].encode("utf-8"))
    return mail_message


def _close(connection):
    if connection is not None:
        try:
            connection.__exit__(None, None, None)
        except Exception:  # closing a broken connection must not hide what was sent
            log.debug("closing SMTP connection failed", exc_info=True)
    return None


def purge_sent_bodies(now: datetime | None = None) -> int:
    """Empty the texts of emails sent longer ago than OUTBOX_RETENTION_DAYS: what was sent to
    whom stays in the outbox (for support questions), what it said does not. Returns how
    many were emptied."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["OUTBOX_RETENTION_DAYS"])
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < cutoff,
               OutboxMessage.body_text != "")
        .values(body_text="", body_html=""))
    db.session.commit()
    count = result.rowcount or 0  # type: ignore[attr-defined]
    if count:
        log.info("outbox bodies purged: %s", count)
    return count


def forget_recipient(address: str, replacement: str) -> None:
    """An account is deleted: its emails lose their address and their texts, and those not
    sent yet are dropped (not committed: the deletion does that)."""
    db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.recipient == address, OutboxMessage.status == OutboxStatus.PENDING))
    db.session.execute(update(OutboxMessage).where(OutboxMessage.recipient == address)
                       .values(recipient=replacement, body_text="", body_html=""))


def retry_failed(message: OutboxMessage, by) -> None:
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = utcnow()
    events.record("email_retried", message, actor=by, kind=message.kind)
    db.session.commit()
