"""An SMTP server that accepts the connection and never answers: the attempt gives up after
MAIL_TIMEOUT seconds, and the message waits for the next try."""

import socket
import threading

import pytest
from sqlalchemy import select

from challenges.extensions import db
from challenges.notifications.models import OutboxMessage, OutboxStatus
from challenges.notifications.operations import send_due
from tests.conftest import free_port
from tests.notifications.test_delivery import queue_long_email


class SilentServer:
    """Accepts connections and never says a word (not even the SMTP greeting)."""

    def __init__(self):
        self.port = free_port()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen(5)
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(connection)

    def close(self):
        self.sock.close()
        for connection in self.held:
            connection.close()


@pytest.fixture(scope="module")
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def app_config(silent_server):
    return {"MAIL_PORT": silent_server.port, "MAIL_TIMEOUT": 1}


def test_a_server_that_never_answers_times_out_and_the_message_waits(app):
    queue_long_email()
    result = {}
    worker = threading.Thread(target=lambda: result.update(
        outcome=_send_in(app)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "outbox send hangs on a server that never answers"
    assert result["outcome"] == (0, 1)
    message = db.session.scalar(select(OutboxMessage))
    db.session.refresh(message)
    assert message.status == OutboxStatus.PENDING
    assert "timed out" in message.last_error


def _send_in(app):
    with app.app_context():
        return send_due()
