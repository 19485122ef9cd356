"""Two app processes on one database, as several app servers behind a reverse proxy: a
session signed in on one is valid on the other, and a change made through one shows at once on
the other's kept pages. With a Redis on 127.0.0.1:6379 both keep their pages in it (CACHE_URL),
and a rate limit counted on one applies on the other; without one, the processes share the
page cache's generation file, as the workers of one machine do."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
SECRET = "two-processes-secret-key"
pytestmark = pytest.mark.real_commits


def _redis_url() -> str | None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        # CI has a Redis (.ci/run starts one): there its absence is a failure, not a skip.
        if os.environ.get("TWO_PROCESSES_NEED_REDIS"):
            pytest.fail("no Redis on 127.0.0.1:6379, and TWO_PROCESSES_NEED_REDIS is set")
        return None
    # A database per pytest-xdist worker: each empties its own before its test.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker[2:].isdigit() else 0
    return f"redis://127.0.0.1:6379/{10 + number % 6}"


class AppProcess:
    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "challenges:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the app did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stderr.close()


@pytest.fixture
def servers(app, database_url, tmp_path):
    redis_url = _redis_url()
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=SECRET,
               BASE_URL="http://127.0.0.1:5000", LOG_LEVEL="WARNING",
               CACHE_GENERATION_FILE=str(tmp_path / "page-generation"),
               QUESTION_RATE_LIMIT="20 per hour", LOGIN_RATE_LIMIT_IP="3 per 10 minutes")
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        env.update(CACHE_URL=redis_url, RATELIMIT_STORAGE_URI=redis_url)
    first, second = AppProcess(env), AppProcess(env)
    try:
        yield first, second, redis_url
    finally:
        first.stop()
        second.stop()


def _cookie(app, user) -> str:
    """A sign-in as the sign-in page makes it: kept in the shared database, named by a cookie
    signed with the shared key."""
    import secrets

    from challenges.accounts.models import LoginSession, token_digest
    from challenges.extensions import db

    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=token_digest(token)))
    db.session.commit()
    app.config["SECRET_KEY"] = SECRET
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.dumps({"_user_id": f"{user.id}:{token}", "_fresh": True})


class Browser:
    """Requests with one session cookie kept by hand, redirects not followed."""

    def __init__(self, session: str | None = None):
        self.session = session

    def request(self, url: str, data: dict | None = None):
        headers = {"Referer": url}
        if self.session:
            headers["Cookie"] = f"session={self.session}"
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        opener = urllib.request.build_opener(_NoRedirect())
        try:
            response = opener.open(urllib.request.Request(url, data=body, headers=headers),
                                   timeout=30)
            status, headers_, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers_, text = error.code, error.headers, error.read()
        cookie = headers_.get("Set-Cookie") or ""
        if cookie.startswith("session="):
            self.session = cookie.split(";", 1)[0].split("=", 1)[1]
        return status, dict(headers_), text.decode()

    def form_token(self, url: str) -> str:
        _status, _headers, page = self.request(url)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_two_app_processes_share_sessions_and_the_page_cache(app, make, servers):
    first, second, _redis = servers
    organiser = make.org_admin()
    challenge = make.challenge(organiser.memberships[0].organisation, title="Gedeeld")
    page = f"/challenges/{challenge.slug}"
    visitor = Browser()
    for server in (first, second):
        visitor.request(server.url + page)
        status, headers, body = visitor.request(server.url + page)
        assert status == 200 and headers.get("X-Cache") == "hit", str(sorted(headers.items()))
        assert "Geen budget meer" not in body

    # Signed in on one is signed in on the other: the session is a cookie signed with the
    # shared SECRET_KEY, the user is read from the shared database.
    signed_in = Browser(_cookie(app, organiser))
    for server in (first, second):
        status, _headers, body = signed_in.request(server.url + "/manage")
        assert status == 200
        assert challenge.title in body

    # A change through the first...
    cancel = f"{first.url}/manage/challenges/{challenge.slug}/cancel"
    status, _headers, _body = signed_in.request(
        cancel, {"csrf_token": signed_in.form_token(cancel), "reason": "Geen budget meer."})
    assert status == 302
    # ...shows at once on the second's kept page.
    status, headers, body = visitor.request(second.url + page)
    assert headers["X-Cache"] == "miss"
    assert "Geen budget meer." in body


def test_a_rate_limit_counted_on_one_applies_on_the_other(make, servers):
    first, second, redis_url = servers
    if not redis_url:
        pytest.skip("needs a Redis on 127.0.0.1:6379 to share the counters")
    user = make.user(email="limited@example.be")
    statuses = []
    for server in (first, second, first, second):
        browser = Browser()
        token = browser.form_token(server.url + "/login")
        status, _headers, _body = browser.request(server.url + "/login", {
            "csrf_token": token, "email": user.email, "password": "wrong password"})
        statuses.append(status)
    # Three failed sign-ins per address in ten minutes, counted across both processes.
    assert statuses[:3] != [429, 429, 429]
    assert statuses[3] == 429


def test_two_outbox_workers_send_each_message_once(app, database_url, smtp, tmp_path):
    """Two `flask outbox send` processes at once on one database and one mail server: on
    PostgreSQL each takes the messages the other has not locked (SKIP LOCKED); on SQLite,
    which has no row locks, each claims a message by a conditional update first."""
    from challenges.db import utcnow
    from challenges.extensions import db
    from challenges.notifications.models import OutboxMessage, OutboxStatus

    # More than one run sends (100 at most), so both workers must take part.
    count = 150
    db.session.add_all(OutboxMessage(
        recipient=f"person{n}@example.be", language="nl", kind="test", subject=f"Bericht {n}",
        body_text=f"Tekst {n}", body_html=f"<p>Tekst {n}</p>", next_attempt_at=utcnow())
        for n in range(count))
    db.session.commit()
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=SECRET, LOG_LEVEL="WARNING",
               BASE_URL="http://127.0.0.1:5000", MAIL_SERVER="127.0.0.1",
               MAIL_PORT=str(smtp.port))
    workers = [subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "challenges", "outbox", "send"], cwd=ROOT,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [worker.communicate(timeout=180) for worker in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    sent = [int(re.search(r"sent (\d+), failed 0", out).group(1)) for out, _err in outputs]
    assert sum(sent) == count and all(sent), sent
    subjects = sorted(str(m["Subject"]) for m in smtp.messages)
    assert subjects == sorted(f"Bericht {n}" for n in range(count))
    db.session.expire_all()
    assert {m.status for m in db.session.scalars(db.select(OutboxMessage))} == {
        OutboxStatus.SENT}
