"""Flask-Migrate, bound when a migration runs: `flask db …`, or `flask_migrate.upgrade()` in
the tests and the benchmark. It brings Alembic, Mako and Pygments (about 7 MB a process), which
a web worker never needs; so the app holds a stand-in until one of them is used."""

from __future__ import annotations

import importlib
from pathlib import Path

import click
from flask import Flask

from challenges.extensions import db


class _Pending:
    """Stands in app.extensions["migrate"]: the first attribute Flask-Migrate (or
    migrations/env.py) reads from it binds the real extension in its place."""

    def __init__(self, app: Flask, directory: Path):
        self._app = app
        self._directory = directory

    def bind(self):
        from flask_migrate import Migrate

        Migrate(self._app, db, directory=str(self._directory), compare_type=True,
                render_as_batch=True)
        return self._app.extensions["migrate"]

    def __getattr__(self, name: str):
        return getattr(self.bind(), name)


class _Commands(click.Group):
    """The `db` command group of Flask-Migrate, imported when it is asked for."""

    def __init__(self, app: Flask):
        super().__init__("db", help="Database migrations (Flask-Migrate, Alembic).")
        self._app = app

    def _real(self) -> click.Group:
        config = self._app.extensions["migrate"]
        if isinstance(config, _Pending):
            config.bind()
        # By name: the Flask-Migrate stubs have no flask_migrate.cli.
        return importlib.import_module("flask_migrate.cli").db

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        # The real group parses its own options (-d, -x) and runs its commands.
        return self._real().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._real().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._real().get_command(ctx, cmd_name)


def init_app(app: Flask, directory: Path) -> None:
    app.extensions["migrate"] = _Pending(app, directory)
    app.cli.add_command(_Commands(app))
