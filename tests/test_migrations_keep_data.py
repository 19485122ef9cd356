"""Migrations keep the rows there are: on SQLite, altering a table copies it and drops the old
one, which with foreign keys on would delete every row that refers to it through ON DELETE
CASCADE (migrations/env.py switches them off while migrating)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import create_engine, make_url, text

from challenges import create_app
from challenges.extensions import db

pytestmark = pytest.mark.real_commits


def _fill(connection, table: str, given: dict) -> None:
    """A row with `given`, and a plain value in every other NOT NULL column without a default."""
    values = dict(given)
    for _cid, name, kind, notnull, default, primary in connection.execute(
            text(f"PRAGMA table_info({table})")):
        if name in values or not notnull or default is not None or primary:
            continue
        kind = kind.upper()
        values[name] = (1 if kind.startswith(("INT", "BOOL", "NUMERIC")) else
                        "2026-01-01 00:00:00" if kind.startswith(("DATE", "TIME")) else
                        "[]" if kind == "JSON" else "x")
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    connection.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)


def test_upgrading_a_sqlite_database_keeps_every_row(tmp_path, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL alters tables in place")
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade(revision="11a1")
    engine = create_engine(url)
    with engine.begin() as connection:
        _fill(connection, "organisations", {"id": 1, "slug": "gemeente"})
        _fill(connection, "challenges", {"id": 1, "organisation_id": 1, "slug": "oproep",
                                         "status": "published"})
        _fill(connection, "criteria", {"id": 1, "challenge_id": 1, "position": 1})
    engine.dispose()
    with app.app_context():
        upgrade()
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM criteria")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM challenges")).scalar() == 1
    engine.dispose()


# The file store (10c1) -------------------------------------------------------------------------

BEFORE_FILE_STORE = "13f2"  # the revision 10c1 follows

@pytest.fixture
def fresh_database_url(tmp_path, database_url):
    """An empty database of the test's kind: a SQLite file, or a PostgreSQL database of its
    own beside the worker's (made and dropped here)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'files.db'}"
        return
    base = make_url(database_url)
    name = f"{base.database}_files_migration"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _insert(connection, name: str, given: dict) -> None:
    """A row with `given`, and a plain value of the column's type in every other NOT NULL
    column without a default, on either database."""
    table = sa.Table(name, sa.MetaData(), autoload_with=connection)
    values = dict(given)
    for column in table.columns:
        if column.name in values or column.nullable or column.server_default is not None \
                or column.primary_key:
            continue
        kind = column.type
        values[column.name] = (
            True if isinstance(kind, sa.Boolean) else
            1 if isinstance(kind, sa.Integer | sa.Numeric) else
            datetime(2026, 1, 1, tzinfo=UTC) if isinstance(kind, sa.DateTime) else
            date(2026, 1, 1) if isinstance(kind, sa.Date) else
            [] if isinstance(kind, sa.JSON) else
            b"x" if isinstance(kind, sa.LargeBinary) else "x")
    connection.execute(table.insert().values(values))


def test_the_file_store_migration_keeps_every_byte_both_ways(fresh_database_url):
    from flask_migrate import downgrade, upgrade

    url = fresh_database_url
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade(revision=BEFORE_FILE_STORE)
    same = b"%PDF-1.4 the same briefing twice\n"
    every_byte = bytes(range(256)) * 4096  # 1 MB, every byte value, NUL included
    other = b"\x89PNG\r\n\x1a\n" + b"\x00\xff" * 1000
    files = {("challenge_attachments", 1): same, ("challenge_attachments", 2): same,
             ("challenge_attachments", 3): every_byte, ("proposal_attachments", 1): same,
             ("pilot_documents", 1): other}
    engine = create_engine(url)
    with engine.begin() as connection:
        _insert(connection, "organisations", {"id": 1, "slug": "gemeente"})
        _insert(connection, "users", {"id": 1, "email": "team@example.be",
                                      "session_token": "t1", "language": "nl"})
        _insert(connection, "challenges", {"id": 1, "organisation_id": 1, "slug": "oproep",
                                           "status": "published"})
        _insert(connection, "proposals", {"id": 1, "challenge_id": 1, "author_id": 1,
                                          "status": "winner"})
        _insert(connection, "pilots", {"id": 1, "challenge_id": 1, "proposal_id": 1,
                                       "status": "running", "legal_route": "procurement",
                                       "starts_on": date(2026, 1, 1),
                                       "ends_on": date(2026, 6, 30)})
        parents = {"challenge_attachments": "challenge_id", "proposal_attachments":
                   "proposal_id", "pilot_documents": "pilot_id"}
        for (table, ident), data in files.items():
            _insert(connection, table, {"id": ident, parents[table]: 1, "data": data,
                                        "size": len(data), "filename": f"{table}-{ident}"})
    engine.dispose()

    with app.app_context():
        upgrade()
    engine = create_engine(url)
    with engine.connect() as connection:
        kept = {sha: (store, bytes(data)) for sha, store, data in connection.execute(
            text("SELECT sha256, store, data FROM stored_files"))}
        # Equal bytes are kept once.
        assert len(kept) == 3
        for (table, ident), data in files.items():
            sha = connection.execute(text(f"SELECT file_sha256 FROM {table} WHERE id = :id"),
                                     {"id": ident}).scalar()
            assert sha == hashlib.sha256(data).hexdigest()
            assert kept[sha] == ("database", data)
        assert "data" not in {c["name"] for c in sa.inspect(connection).get_columns(
            "challenge_attachments")}
    engine.dispose()

    with app.app_context():
        downgrade(revision=BEFORE_FILE_STORE)
    engine = create_engine(url)
    with engine.connect() as connection:
        for (table, ident), data in files.items():
            assert bytes(connection.execute(text(f"SELECT data FROM {table} WHERE id = :id"),
                                            {"id": ident}).scalar()) == data
        assert not sa.inspect(connection).has_table("stored_files")
    engine.dispose()
    with app.app_context():
        # Its pool's connections, closed before the database is dropped.
        db.engine.dispose()
