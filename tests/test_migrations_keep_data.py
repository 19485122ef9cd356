"""Migrations keep the rows there are: on SQLite, altering a table copies it and drops the old
one, which with foreign keys on would delete every row that refers to it through ON DELETE
CASCADE (migrations/env.py switches them off while migrating)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from challenges import create_app

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
