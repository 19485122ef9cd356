"""The demo shows every part of the pilots, and the migration carries the old free-text pilot
summaries into evaluations without losing one."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import select

from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.extensions import db
from challenges.pilots.models import (
    ChangeRequest,
    MilestoneStatus,
    Outcome,
    PaymentStatus,
    Pilot,
    PilotStatus,
)


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def pilots_of(slug: str) -> list[Pilot]:
    challenge = db.session.scalar(select(Challenge).where(Challenge.slug == slug))
    return list(db.session.scalars(select(Pilot).where(Pilot.challenge_id == challenge.id)
                                   .order_by(Pilot.id)))


def test_demo_pilots(demo, runner, client):
    midway, stopped = pilots_of("mechelen-slimme-vuilnisbakken")
    assert midway.status == PilotStatus.RUNNING
    shown = [m.shown_status for m in midway.milestones]
    assert shown.count(MilestoneStatus.ACCEPTED) == 2 and MilestoneStatus.LATE in shown
    assert {p.status for p in midway.payments} == {PaymentStatus.APPROVED, PaymentStatus.PENDING}
    assert any(c.status.value == "proposed" for c in midway.changes)
    assert len(midway.values) >= 3
    assert stopped.evaluation.outcome == Outcome.STOPPED
    [adopted] = pilots_of("mechelen-energieverbruik-stadsgebouwen")
    assert adopted.evaluation.outcome == Outcome.ADOPTED and adopted.evaluation.summary
    assert adopted.challenge.status == ChallengeStatus.COMPLETED
    # Four eyes in the demo too: who approved did not accept.
    for pilot in (midway, stopped, adopted):
        for payment in pilot.payments:
            if payment.approved_by_id:
                assert payment.approved_by_id != payment.milestone.accepted_by_id
    page = client.get("/challenges/mechelen-slimme-vuilnisbakken").data.decode()
    assert "De pilots" in page and "milestone-late" in page and "Gestopt" in page
    # Loading again adds nothing.
    counts = (db.session.query(Pilot).count(), db.session.query(ChangeRequest).count())
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert (db.session.query(Pilot).count(), db.session.query(ChangeRequest).count()) == counts


def test_the_migration_moves_pilot_summaries_into_evaluations(tmp_path):
    path = tmp_path / "old.db"
    env = {"DATABASE_URL": f"sqlite:///{path}", "PATH": "/usr/bin:/bin", "SECRET_KEY": "m"}

    def flask(*args):
        subprocess.run([sys.executable, "-m", "flask", "--app", "challenges", "db", *args],
                       check=True, env=env, capture_output=True)

    flask("upgrade", "11a1")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO organisations (id, name, slug, description, created_at) VALUES "
                "(1, 'Stad', 'stad', '', '2026-01-01 00:00:00')")
    con.execute("INSERT INTO users (id, email, display_name, language, is_platform_admin, "
                "participant_kind, created_at, session_token) VALUES (1, 'a@x.be', 'A', 'nl', 0, "
                "'startup', '2026-01-01 00:00:00', 't')")
    for ident, summary in ((1, 'Twintig sensoren sinds april.'), (2, 'Geen winnaar, wel een les.')):
        con.execute(
            "INSERT INTO challenges (id, organisation_id, slug, status, title, summary, problem, "
            "context, expected_solutions, goals, out_of_scope, constraints, eligibility, "
            "reward_text, follow_ups, max_proposals_per_participant, public_support_enabled, "
            "proposal_visibility, pilot_summary, lessons_learned, contact_name, contact_email, "
            "created_at, updated_at, results_at) VALUES (?, 1, ?, 'completed', 'T', '', '', '', "
            "'', '', '', '', '', '', '[]', 1, 0, 'never', ?, 'Les.', '', '', "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-03-01 10:00:00')",
            (ident, f"c{ident}", summary))
    con.execute("INSERT INTO proposals (id, challenge_id, author_id, status, title, summary, "
                "description, approach, impact, cost_estimate, timeline, team_description, "
                "version, created_at, updated_at) VALUES (1, 1, 1, 'winner', 'P', '', '', '', '', "
                "'', '', '', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
    con.commit()
    con.close()
    flask("upgrade")
    con = sqlite3.connect(path)
    # Migrations that copy the challenges table (batch operations on SQLite) keep the rows
    # that refer to it: migrations/env.py turns foreign keys off while they run.
    assert con.execute("SELECT count(*) FROM proposals").fetchone()[0] == 1
    assert con.execute("SELECT p.status, e.summary, e.outcome FROM pilots p JOIN "
                       "pilot_evaluations e ON e.pilot_id = p.id").fetchall() == [
        ("evaluated", "Twintig sensoren sinds april.", None)]
    assert con.execute("SELECT lessons_learned FROM challenges WHERE id = 2").fetchone()[0] \
        == "Geen winnaar, wel een les.\n\nLes."
    con.close()
    flask("downgrade", "11a1")
    con = sqlite3.connect(path)
    assert con.execute("SELECT pilot_summary FROM challenges WHERE id = 1").fetchone()[0] == \
        "Twintig sensoren sinds april."
