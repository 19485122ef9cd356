"""Long lines are encoded so that a strict SMTP server (aiosmtpd refuses a line over 1,000
characters, as RFC 5321 allows) accepts them."""

from types import SimpleNamespace

from challenges.extensions import db
from challenges.notifications.operations import queue_email, send_due

LONG = "Fietsenstalling " * 200  # one line of 3,200 characters


def queue_long_email(to="ann@example.be"):
    from flask_babel import lazy_gettext as _l

    message = queue_email(to, "nl", "account_exists", _l("You already have an account"),
                          user=SimpleNamespace(display_name=LONG),
                          login_link="https://example.be/" + "a" * 1500,
                          reset_link="https://example.be/reset")
    db.session.commit()
    return message


def test_a_line_longer_than_smtp_allows_is_encoded_and_accepted(app, smtp):
    queue_long_email()
    assert send_due() == (1, 0)
    [raw] = smtp.raw
    assert max(len(line) for line in raw.splitlines()) <= 78
    [message] = smtp.messages
    assert LONG.strip() in smtp.text(message)
    assert ("a" * 1500) in smtp.html(message)
