"""What success means and whether it came: KPIs declared with the challenge (baseline,
target), values measured during the pilot, and the structured evaluation that ends it.
A challenge completes only when each of its pilots is evaluated or dropped with a reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from challenges import events
from challenges.accounts.models import User
from challenges.challenges import operations as challenge_operations
from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.extensions import db
from challenges.pilots.models import (
    Evaluation,
    Kpi,
    KpiValue,
    Outcome,
    Pilot,
    PilotStatus,
    Side,
    brussels_today,
)
from challenges.pilots.notices import closed_refusal, refuse, tell
from challenges.pilots.operations import raise_problems

events.describe({
    "kpi_declared": _l("KPI declared"),
    "kpi_value_reported": _l("KPI value reported"),
    "pilot_evaluated": _l("Pilot evaluated"),
    "participant_view_added": _l("Participant's view of the pilot added"),
})

EVALUATION_TEXTS = ("summary", "what_worked", "what_did_not", "kpi_result", "do_differently",
                    "other_municipalities")


def number(value) -> Decimal:
    """A measured value: a number, written with a point or a comma."""
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise refuse(_("Enter a number, such as 42 or 12,5."), "value") from None
    if not result.is_finite() or abs(result) >= Decimal("1e10"):
        raise refuse(_("Enter a number, such as 42 or 12,5."), "value")
    return result


def declare_kpi(challenge: Challenge, by: User, data: dict) -> Kpi:
    problems = {}
    if not (data.get("name") or "").strip():
        problems["name"] = _l("Name what is measured.")
    for name in ("baseline", "target"):
        if data.get(name) is None:
            problems[name] = _l("Enter a number, such as 42 or 12,5.")
    if problems:
        raise_problems(problems)
    if data["baseline"] == data["target"]:
        raise refuse(_("The target must differ from the baseline."), "target")
    kpi = Kpi(challenge=challenge, name=data["name"].strip(),
              unit=(data.get("unit") or "").strip(), baseline=number(data["baseline"]),
              target=number(data["target"]), method=(data.get("method") or "").strip())
    db.session.add(kpi)
    events.record("kpi_declared", kpi, actor=by, challenge=challenge, name=kpi.name,
                  baseline=kpi.baseline, target=kpi.target, unit=kpi.unit)
    db.session.commit()
    return kpi


def report_value(pilot: Pilot, kpi: Kpi, by: User, measured_on: date | None, value,
                 note: str = "") -> KpiValue:
    """A value measured during the pilot, by either side."""
    if pilot.side_of(by) is None:
        raise refuse(_("Only the municipality and the pilot's team report values."))
    if not pilot.is_running:
        raise closed_refusal()
    if kpi.challenge_id != pilot.challenge_id:
        raise refuse(_("This KPI belongs to another challenge."), "kpi")
    amount = number(value)
    if measured_on is None:
        raise refuse(_("Give the date of the measurement."), "measured_on")
    if measured_on > brussels_today():
        raise refuse(_("A measurement cannot be in the future."), "measured_on")
    if db.session.scalar(select(KpiValue.id).where(
            KpiValue.pilot_id == pilot.id, KpiValue.kpi_id == kpi.id,
            KpiValue.measured_on == measured_on)):
        raise refuse(_("There is a value for this KPI on that day already."), "measured_on")
    row = KpiValue(pilot=pilot, kpi=kpi, measured_on=measured_on, value=amount,
                   note=(note or "").strip()[:500], reported_by_id=by.id)
    db.session.add(row)
    events.record("kpi_value_reported", row, actor=by, challenge=pilot.challenge,
                  proposal=pilot.proposal, kpi=kpi.name, measured_on=measured_on, value=amount)
    db.session.commit()
    return row


def evaluate(pilot: Pilot, by: User, data: dict) -> Evaluation:
    """The organiser's structured evaluation: public at once, and final. A stopped pilot is
    an outcome like the others."""
    if not pilot.can_manage(by):
        raise refuse(_("Only the municipality evaluates the pilot."))
    if not pilot.is_running:
        raise closed_refusal()
    problems = {}
    if not data.get("outcome"):
        problems["outcome"] = _l("Choose the outcome.")
    for name in ("what_worked", "what_did_not"):
        if not (data.get(name) or "").strip():
            problems[name] = _l("This part of the evaluation is needed, also (and above all) "
                                "when the pilot stopped.")
    if problems:
        raise_problems(problems)
    outcome = Outcome(data["outcome"])
    evaluation = Evaluation(pilot=pilot, outcome=outcome,
                            final_cost=data.get("final_cost"), evaluated_by_id=by.id,
                            evaluated_at=utcnow(),
                            **{name: (data.get(name) or "").strip() for name in EVALUATION_TEXTS})
    db.session.add(evaluation)
    pilot.status = PilotStatus.EVALUATED
    pilot.closed_at = utcnow()
    events.record("pilot_evaluated", evaluation, actor=by, challenge=pilot.challenge,
                  proposal=pilot.proposal, outcome=evaluation.outcome,
                  final_cost=evaluation.final_cost)
    tell(pilot, Side.PARTICIPANT, _l("Your pilot is evaluated: %(outcome)s",
                                     outcome=outcome.label),
         _l("The municipality evaluated the pilot. The evaluation is public on the challenge "
            "page; you can add your own view on the pilot's page."))
    db.session.commit()
    return evaluation


def add_participant_view(pilot: Pilot, by: User, text: str) -> None:
    if not pilot.in_team(by):
        raise refuse(_("Only the pilot's team adds its own view."))
    if pilot.evaluation is None:
        raise refuse(_("The team's view is added after the municipality's evaluation."))
    if not text.strip():
        raise refuse(_("Write your view of the pilot."), "participant_view")
    pilot.evaluation.participant_view = text.strip()
    events.record("participant_view_added", pilot.evaluation, actor=by,
                  challenge=pilot.challenge, proposal=pilot.proposal)
    db.session.commit()


def completion_problems(challenge: Challenge) -> dict[str, str]:
    """Every pilot evaluated or dropped with a reason before the challenge completes."""
    running = db.session.scalars(select(Pilot).where(
        Pilot.challenge_id == challenge.id, Pilot.status == PilotStatus.RUNNING)).all()
    if not running:
        return {}
    titles = ", ".join(f"\"{p.proposal.title}\"" for p in running)
    return {"status": _("The challenge completes once every pilot is evaluated or dropped "
                        "with a reason. Still running: %(titles)s.", titles=titles)}


if completion_problems not in challenge_operations.COMPLETION_CHECKS:
    challenge_operations.COMPLETION_CHECKS.append(completion_problems)
