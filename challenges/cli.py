"""Command-line tasks: `flask --app challenges demo | users | outbox | reminders | texts |
files`."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from challenges.db import utcnow
from challenges.extensions import db


def register_cli(app: Flask) -> None:
    users = AppGroup("users", help="Manage user accounts.")
    outbox = AppGroup("outbox", help="Send the queued emails.")

    @users.command("create-admin")
    @click.argument("email")
    @click.option("--name", default=None, help="Display name for a new account.")
    @click.option("--password", default=None,
                  help="Password for a new account (asked for when omitted).")
    def create_admin(email: str, name: str | None, password: str | None):
        """Make EMAIL a platform administrator, creating the account if needed."""
        from challenges import events
        from challenges.accounts.models import User
        from challenges.accounts.queries import normalise_email

        email = normalise_email(email)
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            if password is None:
                password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            user = User(email=email, display_name=name or email.split("@")[0], language="nl")
            user.set_password(password)
            user.email_verified_at = utcnow()
            db.session.add(user)
            click.echo(f"Created {email}.")
        user.is_platform_admin = True
        events.record("platform_admin_granted", user)
        db.session.commit()
        click.echo(f"{email} is a platform administrator.")

    @outbox.command("send")
    @click.option("--loop", is_flag=True, help="Keep running, sending as emails become due.")
    @click.option("--interval", default=10.0, show_default=True,
                  help="Seconds between rounds with --loop.")
    def outbox_send(loop: bool, interval: float):
        """Send the emails that are due, retrying failed ones with increasing delays."""
        from challenges.notifications.operations import purge_sent_bodies, send_due

        while True:
            purge_sent_bodies()
            sent, failed = send_due()
            if sent or failed or not loop:
                click.echo(f"sent {sent}, failed {failed}")
            if not loop:
                return
            time.sleep(interval)

    @outbox.command("purge")
    def outbox_purge():
        """Empty the texts of emails sent more than OUTBOX_RETENTION_DAYS ago (`send` does
        this on every run too)."""
        from challenges.notifications.operations import purge_sent_bodies

        click.echo(f"purged {purge_sent_bodies()}")

    @app.cli.command("demo")
    def demo():
        """Load realistic demo data (safe to run again)."""
        import logging

        from challenges.demo import load_demo

        # The demo records hundreds of events; their log lines would drown the summary.
        events_log = logging.getLogger("challenges.events")
        level = events_log.level
        events_log.setLevel(logging.WARNING)
        try:
            lines = list(load_demo())
        finally:
            events_log.setLevel(level)
        for line in lines:
            click.echo(line)

    app.cli.add_command(users)
    app.cli.add_command(outbox)
    _register_reminders(app)
    _register_texts(app)
    _register_files(app)


def _register_reminders(app: Flask) -> None:
    reminders = AppGroup("reminders", help="Remind participants of their deadlines.")

    @reminders.command("send")
    def reminders_send():
        """Remind teams of unsubmitted drafts 48 hours before the deadline (run it often)."""
        from challenges.submissions.operations import send_deadline_reminders

        click.echo(f"reminded {send_deadline_reminders()} proposal(s)")

    @reminders.command("milestones")
    def reminders_milestones():
        """Remind pilot teams of milestones due within MILESTONE_REMINDER_DAYS (run daily)."""
        from challenges.pilots.operations import send_milestone_reminders

        click.echo(f"reminded {send_milestone_reminders()} milestone(s)")

    app.cli.add_command(reminders)


def _register_texts(app: Flask) -> None:
    texts = AppGroup("texts", help="The Markdown texts kept rendered beside their source.")

    @texts.command("render")
    def texts_render():
        """Render and clean every stored text again (after the rules in challenges/text.py
        changed); derived data only, so it records no event."""
        from challenges.text import render_all_stored

        for name, count in render_all_stored().items():
            click.echo(f"{name}: {count} rendered again")

    app.cli.add_command(texts)


def _register_files(app: Flask) -> None:
    files = AppGroup("files", help="Where the uploaded files are kept.")

    @files.command("move")
    @click.option("--to", "to", type=click.Choice(["s3", "database"]), required=True,
                  help="The store every file should be in.")
    def files_move(to: str):
        """Move every stored file to object storage (STORAGE_URL=s3://...) or back into the
        database; one file per commit, so it can be stopped and run again."""
        from challenges import storage

        try:
            result = storage.move_all(to, say=click.echo)
        except ValueError as error:
            raise click.UsageError(str(error)) from error
        click.echo(f"moved {result.moved} file(s) ({result.bytes} bytes) to {to}, "
                   f"{result.already} already there, {result.failed} failed")
        if result.failed:
            raise SystemExit(1)

    @files.command("prune")
    @click.option("--older-than", default=60, show_default=True,
                  help="Keep unused files younger than this many minutes.")
    def files_prune(older_than: int):
        """Forget the stored files that no attachment names any more (run it daily)."""
        from datetime import timedelta

        from challenges import storage

        click.echo(f"forgot {storage.prune(timedelta(minutes=older_than))} unused file(s)")

    app.cli.add_command(files)
