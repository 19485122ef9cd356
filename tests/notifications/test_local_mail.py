"""`make mail` (scripts/mail.py): the README's way to read the emails locally works as
written: a local SMTP server and the outbox against it, printing each message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from challenges.extensions import db
from challenges.notifications.models import OutboxMessage, OutboxStatus
from challenges.notifications.operations import queue_email
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.real_commits  # another process reads the queued email
def test_make_mail_prints_each_email_and_marks_it_sent(app, database_url):
    queue_email("jan@example.be", "nl", "email_changed", "Je e-mailadres is gewijzigd",
                user=SimpleNamespace(display_name="Jan"), new_email="jan@elders.be")
    db.session.commit()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "local-mail-test",
           "MAIL_PORT": "9"}  # whatever the environment says, the worker uses its own server
    result = subprocess.run([sys.executable, "scripts/mail.py", "--once",
                             "--port", str(free_port())], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "To: jan@example.be" in result.stdout
    assert "Subject: Je e-mailadres is gewijzigd" in result.stdout
    assert "jan@elders.be" in result.stdout  # the text of the message
    assert "sent 1, failed 0" in result.stdout
    db.session.expire_all()
    assert db.session.query(OutboxMessage).one().status == OutboxStatus.SENT
