"""Test infrastructure shared by every domain: an app per test on a real database (SQLite by
default, PostgreSQL with TEST_DATABASE_URL), a client that can sign in, data factories, a real
SMTP server, a SQL query counter, and a real browser with an accessibility check."""

from __future__ import annotations

import os
import socket
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, text

from challenges import create_app
from challenges.extensions import db
from tests import factories
from tests.smtp import SMTPCapture


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def ports() -> dict:
    return {"smtp": free_port(), "http": free_port()}


def _config(database_url: str, ports: dict, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": ports["smtp"],
        "MAIL_TIMEOUT": 5,
        "BASE_URL": f"http://127.0.0.1:{ports['http']}",
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
        "MAIL_SUPPRESS_SEND": False,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def _schema(database_url, ports):
    """Build the schema once per run through the real migrations."""
    from flask_migrate import upgrade

    app = create_app(_config(database_url, ports))
    with app.app_context():
        with db.engine.begin() as connection:
            if db.engine.dialect.name == "postgresql":
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    yield


def _empty_tables() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change settings for its app."""
    return {}


@pytest.fixture
def app(_schema, database_url, ports, app_config, request):
    overrides = dict(app_config)
    if request.node.get_closest_marker("csrf") is not None:
        overrides["WTF_CSRF_ENABLED"] = True
    app = create_app(_config(database_url, ports, **overrides))
    with app.app_context():
        _empty_tables()
        yield app
        _empty_tables()
        db.engine.dispose()


class Client(FlaskClient):
    """The Flask test client, with a way to act as a given user.

    Each request runs in an application context of its own, as in production, so nothing
    kept on `g` (the signed-in user, the language) leaks from one request to the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # What the test holds is re-read from the database after the request changed it.
        db.session.expire_all()
        return response

    def login_as(self, user):
        with self.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return self

    def logout(self):
        with self.session_transaction() as session:
            session.clear()
        return self


@pytest.fixture
def client(app) -> Client:
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app):
    """Data factories: make.user(), make.organisation(), make.membership()."""
    return factories


@pytest.fixture
def smtp(ports):
    """A real SMTP server on the port the app sends to; `smtp.messages` holds what arrived."""
    server = SMTPCapture(ports["smtp"])
    server.start()
    yield server
    server.stop()


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as counter: ...`; counter.count is the number of SQL
    statements sent to the database inside the block."""

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, parameters, context, executemany):
            counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counting


# Browser -----------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-background-networking",
                  "--disable-component-update", "--disable-gpu", "--no-first-run",
                  "--disable-sync", "--disable-quic"])
        yield browser
        browser.close()


@pytest.fixture
def live_server(app, ports):
    """The test's app served over HTTP on BASE_URL in a background thread."""
    from werkzeug.serving import make_server

    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", ports["http"], app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    db.session.remove()
    yield app.config["BASE_URL"]
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def axe_check():
    """Run axe-core on the current page; fail on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, label: str = ""):
        results = axe.run(page)
        violations = [v for v in results.response["violations"]
                      if v.get("impact") in ("serious", "critical")]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:5])
            for v in violations)
        assert not violations, f"axe found problems on {label or page.url}:\n{details}"

    return check
