"""Test infrastructure shared by every domain: an app on a real database (SQLite by default,
PostgreSQL with TEST_DATABASE_URL) whose schema is built through the real migrations, a client
that can sign in, data factories, a real SMTP server, a SQL query counter, and a real browser
with an accessibility check.

Fixtures: `app` (settings overridable by an `app_config` fixture), `client` (the test client,
with `client.login_as(user)` and `client.logout()`), `runner` (the CLI), `make` (factories in
tests/factories.py), `smtp`, `count_queries`, `live_server`, `page` and `axe_check`.

Isolation. A test shares one app with the other tests of its process and runs inside one
database transaction that is rolled back when it ends. The test's connection begins that
transaction, and every session the app opens (one per request, as in production) joins it with
a SAVEPOINT (SQLAlchemy's "join_transaction_mode='create_savepoint'"): the app's commit() releases
its savepoint, its rollback() returns to it, and nothing of the test outlives it. When a request
(or any other app context) opens its session, the test's own session first ends its transaction,
committing what it holds, so that a rollback in the test never undoes what a request committed.
Before each test the rate-limit counters are emptied; after it, the app's settings are restored,
so that `app_config`, the `csrf` marker and a test that changes `app.config` affect that test only.

Markers:
- `@pytest.mark.real_commits`: the test gets an app of its own whose commits are real, and every
  table is emptied before and after it. For what one transaction cannot give: a live server
  (browser tests get the marker by themselves), threads or a second connection that must see
  committed data, concurrent transactions. A test whose `app_config` changes a setting that
  create_app reads only once (STARTUP_SETTINGS below) gets its own app by itself too.
- `@pytest.mark.csrf`: CSRF protection switched on, as in production.
- `@pytest.mark.browser`: drives a real Chromium through Playwright.

Parallel runs (pytest-xdist, `pytest -n auto`): each worker has its own database
(on PostgreSQL the TEST_DATABASE_URL database name plus the worker id, such as `test_gw0`,
created when missing; on SQLite a file of its own), its own SMTP port, app and browser; a live
server listens on a port the system gives it.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.orm import scoped_session, sessionmaker

from challenges import create_app
from challenges.extensions import db, limiter
from tests import factories
from tests.smtp import SMTPCapture

# Settings that create_app and the extensions read once, when the app is made; changing one
# for a test needs an app of its own.
STARTUP_SETTINGS = ("SQLALCHEMY_", "MAIL_", "RATELIMIT_", "BABEL_", "BOOTSTRAP_", "TRUST_PROXY")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pytest_collection_modifyitems(items):
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            # The live server answers from its own threads, outside the test's transaction.
            item.add_marker(pytest.mark.real_commits)


# Databases ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """This test process's database: one per pytest-xdist worker."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        # pytest gives each worker a temporary directory of its own.
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if worker else url


def _worker_database(url: str, worker: str) -> str:
    """The PostgreSQL database named after TEST_DATABASE_URL's and the worker, made if missing."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                       {"name": name})
            if not exists:
                quoted = connection.dialect.identifier_preparer.quote(name)
                connection.execute(text(f"CREATE DATABASE {quoted}"))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def ports() -> dict:
    """This process's SMTP port, and the port of BASE_URL for the tests without a live server
    (which binds a port of its own)."""
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
        # The page cache's generation, of this test process only (the workers share no pages).
        "CACHE_GENERATION_FILE": os.path.join(tempfile.gettempdir(),
                                              f"challenges-page-generation-{os.getpid()}"),
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def _schema(database_url, ports):
    """Build the schema once per test process through the real migrations."""
    from flask_migrate import upgrade

    app = create_app(_config(database_url, ports))
    with app.app_context():
        with db.engine.begin() as connection:
            if db.engine.dialect.name == "postgresql":
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        _empty_tables()  # every test starts from empty tables, without the migrations' rows
        db.engine.dispose()


def _empty_tables() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


def _sqlalchemy_begins_transactions(engine) -> None:
    """SQLite's Python driver begins no transaction before a SELECT or a SAVEPOINT, so a
    savepoint's RELEASE would commit. SQLAlchemy emits BEGIN itself instead, as its SQLite
    documentation describes ("Enabling Non-Legacy SQLite Transactional Modes")."""

    @event.listens_for(engine, "connect")
    def _driver_leaves_transactions_alone(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")


# The app -----------------------------------------------------------------------------------

@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change settings for its app."""
    return {}


@pytest.fixture(scope="session")
def _shared_app(_schema, database_url, ports):
    """The app that the tests of this process share, each inside a transaction of its own."""
    app = create_app(_config(database_url, ports))
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _sqlalchemy_begins_transactions(db.engine)
    yield app
    with app.app_context():
        db.engine.dispose()


class _TestTransaction:
    """What the sessions on a test's connection share: the thread and the test's own session."""

    def __init__(self):
        self.thread = threading.get_ident()
        self.test_session = None


class _SessionOnTestConnection(FlaskSQLAlchemySession):
    """Flask-SQLAlchemy's session, on the test's connection for every table (Flask-SQLAlchemy's
    own picks an engine by bind key, and would open a connection of its own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shared = self.info["test_transaction"]
        if shared.thread != threading.get_ident():
            raise RuntimeError("the database is used from another thread than the test's, on "
                               "the test's one connection: mark the test real_commits")
        test_session = shared.test_session
        if test_session is not None and test_session.in_transaction():
            # This session is a request's, a CLI command's or another app context's: in
            # production a connection of its own, whose commits the test's session cannot undo.
            # Its savepoint would nest inside the one the test's session has open, and a later
            # rollback() of the test's session would take the request's work with it; so the
            # test's session ends its transaction first.
            test_session.commit()

    def get_bind(self, *args, **kwargs):
        return self.bind


def _in_a_transaction(app, overrides: dict):
    settings = app.config.copy()
    app.config.update(overrides)
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        app_session = db.session
        shared = _TestTransaction()
        db.session = scoped_session(
            sessionmaker(class_=_SessionOnTestConnection, db=db, query_cls=db.Query,
                         bind=connection, join_transaction_mode="create_savepoint",
                         info={"test_transaction": shared}),
            scopefunc=app_session.registry.scopefunc)
        shared.test_session = db.session()  # the session of the test's own app context
        # Flask-Limiter keeps its counters on the extension, for every app.
        limiter.reset()
        # Pages kept for visitors by an earlier test show rows that its rollback took away.
        if app.extensions.get("page_cache") is not None:
            app.extensions["page_cache"].clear()
        try:
            yield app
        finally:
            db.session.remove()
            db.session = app_session
            outer.rollback()
            connection.close()
            app.config.clear()
            app.config.update(settings)


def _of_its_own(database_url: str, ports: dict, overrides: dict):
    app = create_app(_config(database_url, ports, **overrides))
    with app.app_context():
        _empty_tables()
        try:
            yield app
        finally:
            _empty_tables()
            db.engine.dispose()


@pytest.fixture
def app(request, app_config, database_url, ports, _schema):
    overrides = dict(app_config)
    if request.node.get_closest_marker("csrf") is not None:
        overrides["WTF_CSRF_ENABLED"] = True
    if (request.node.get_closest_marker("real_commits") is not None
            or any(key.startswith(STARTUP_SETTINGS) for key in overrides)):
        yield from _of_its_own(database_url, ports, overrides)
    else:
        yield from _in_a_transaction(request.getfixturevalue("_shared_app"), overrides)


class Client(FlaskClient):
    """The Flask test client, with a way to act as a given user.

    Each request runs in an application context of its own, as in production, so nothing
    kept on `g` (the signed-in user, the language) leaks from one request to the next.
    """

    def open(self, *args, **kwargs):
        # Read every response in full and close it, as a server does, so that no file that
        # a response streams is left to the garbage collector.
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # What the test holds is re-read from the database after the request changed it.
        db.session.expire_all()
        return response

    def login_as(self, user):
        """Sign `user` in as the sign-in page does: a sign-in kept on the server, named by
        the session cookie."""
        import secrets

        from challenges.accounts.models import LoginSession, token_digest

        # By id, so that a user object of another thread's session can be given.
        token = secrets.token_urlsafe(32)
        db.session.add(LoginSession(user_id=user.id, token_hash=token_digest(token)))
        db.session.commit()
        with self.session_transaction() as session:
            session["_user_id"] = f"{user.id}:{token}"
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


@pytest.fixture(scope="session")
def _smtp_server(ports):
    server = SMTPCapture(ports["smtp"])
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(_smtp_server):
    """A real SMTP server on the port the app sends to; `smtp.messages` holds what arrived
    during the test. One server per test process; a test may stop and start it."""
    _smtp_server.start()
    _smtp_server.clear()
    return _smtp_server


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


# The test's transaction and its savepoints (and the BEGIN that SQLAlchemy sends on SQLite) are
# not the app's queries; production sends none of them as statements.
_TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b",
                                  re.IGNORECASE)


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as counter: ...`; counter.count is the number of SQL
    statements sent to the database inside the block."""

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, parameters, context, executemany):
            if not _TRANSACTION_CONTROL.match(statement):
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
def live_server(app):
    """The test's app served over HTTP in a background thread, on a port the system gives it
    (no other process can take it in between); BASE_URL, and so every link the app makes,
    follows."""
    from werkzeug.serving import make_server

    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
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
        # Judge the page as it is shown: after its stylesheets have loaded. A page just
        # reached by a form post can have its elements before its styles, and axe would
        # measure colour contrast without them.
        page.wait_for_load_state("load")
        results = axe.run(page)
        violations = [v for v in results.response["violations"]
                      if v.get("impact") in ("serious", "critical")]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:5])
            for v in violations)
        assert not violations, f"axe found problems on {label or page.url}:\n{details}"

    return check
