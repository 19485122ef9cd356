"""The connection to the SMTP server, as Flask-Mail makes it, with two things it lacks.

- A time-out (`MAIL_TIMEOUT` seconds) on connecting and on every answer: a server that
  accepts the connection and never answers must not hang the outbox worker for ever.
- Bodies encoded as quoted-printable: Flask-Mail registers UTF-8 without a body encoding, so
  a long line of HTML went out as it was, and a server that keeps to RFC 5321 (998
  characters a line) refused it ("500 Line too long"). Quoted-printable lines are at most
  76 characters, whatever the text.
"""

from __future__ import annotations

import smtplib
from email import charset

import flask_mail
from flask import current_app

from challenges.extensions import mail

# Flask-Mail registers UTF-8 (when imported) with no body encoding; replace that entry.
charset.add_charset("utf-8", charset.SHORTEST, charset.QP, "utf-8")


class Connection(flask_mail.Connection):
    def configure_host(self) -> smtplib.SMTP | smtplib.SMTP_SSL:
        state = self.mail
        timeout = current_app.config["MAIL_TIMEOUT"]
        host: smtplib.SMTP | smtplib.SMTP_SSL
        if state.use_ssl:
            host = smtplib.SMTP_SSL(state.server, state.port, timeout=timeout)
        else:
            host = smtplib.SMTP(state.server, state.port, timeout=timeout)
        host.set_debuglevel(int(state.debug))
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host


def connect() -> Connection:
    mail.connect()  # raises, as Flask-Mail does, when the app has no mail configured
    return Connection(current_app.extensions["mail"])
