"""Read paths of the pilots, each with a fixed number of queries, and the routes' loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from challenges.access import found_or_404, get_or_404
from challenges.accounts.models import Membership, User
from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.numbers import plain_number
from challenges.pilots.chart import kpi_svg
from challenges.pilots.models import (
    SELECTED,
    ChangeRequest,
    Kpi,
    Milestone,
    MilestoneSubmission,
    Payment,
    Pilot,
    PilotDocument,
    brussels_today,
)
from challenges.submissions.models import Proposal

# Loaders -------------------------------------------------------------------------------------


def load_pilot(pilot_id: int) -> Pilot:
    return get_or_404(Pilot, pilot_id)


def _of_pilot(model, ident: int, pilot: Pilot):
    obj = db.session.get(model, ident)
    return found_or_404(obj if obj is not None and obj.pilot_id == pilot.id else None)


def load_milestone(pilot: Pilot, milestone_id: int) -> Milestone:
    return _of_pilot(Milestone, milestone_id, pilot)


def load_payment(pilot: Pilot, payment_id: int) -> Payment:
    return _of_pilot(Payment, payment_id, pilot)


def load_change(pilot: Pilot, change_id: int) -> ChangeRequest:
    return _of_pilot(ChangeRequest, change_id, pilot)


def load_document(pilot: Pilot, document_id: int) -> PilotDocument:
    return _of_pilot(PilotDocument, document_id, pilot)


def load_selected(challenge: Challenge, proposal_id: int) -> Proposal:
    """A winner of the challenge, or a proposal on its shortlist."""
    proposal = db.session.get(Proposal, proposal_id)
    return found_or_404(proposal if proposal is not None and proposal.challenge_id == challenge.id
                        and proposal.status in SELECTED else None)


# The pages ----------------------------------------------------------------------------------

def pilot_for_page(pilot_id: int) -> Pilot:
    """The pilot with everything its page shows, loaded in a fixed number of queries."""
    return db.session.scalars(
        select(Pilot).where(Pilot.id == pilot_id).options(
            selectinload(Pilot.milestones).selectinload(Milestone.submissions)
            .selectinload(MilestoneSubmission.documents),
            selectinload(Pilot.payments), selectinload(Pilot.changes),
            selectinload(Pilot.documents), selectinload(Pilot.values),
            selectinload(Pilot.evaluation))).one()


def kpis_of(challenge_id: int) -> list[Kpi]:
    return list(db.session.scalars(select(Kpi).where(Kpi.challenge_id == challenge_id)
                                   .order_by(Kpi.id)))


def organisation_people(challenge: Challenge) -> list[User]:
    """The people of every host (a joint challenge's pilot may be followed by a partner's)."""
    return list(db.session.scalars(
        select(User).where(User.id.in_(
            select(Membership.user_id)
            .where(Membership.organisation_id.in_([o.id for o in challenge.hosts]))))
        .order_by(User.display_name, User.id)))


def pilots_of(challenge: Challenge) -> list[Pilot]:
    return list(db.session.scalars(
        select(Pilot).where(Pilot.challenge_id == challenge.id).order_by(Pilot.id)
        .options(selectinload(Pilot.proposal), selectinload(Pilot.milestones),
                 selectinload(Pilot.values), selectinload(Pilot.evaluation),
                 selectinload(Pilot.payments), selectinload(Pilot.site))))


def selected_without_pilot(challenge: Challenge) -> list[Proposal]:
    return list(db.session.scalars(
        select(Proposal).where(Proposal.challenge_id == challenge.id,
                               Proposal.status.in_(SELECTED),
                               ~Proposal.id.in_(select(Pilot.proposal_id)))
        .order_by(Proposal.id)))


# KPIs: baseline, target and what was measured ------------------------------------------------

@dataclass
class KpiSeries:
    kpi: Kpi
    points: list[tuple[date, Decimal, str]] = field(default_factory=list)
    chart: Markup = field(default_factory=Markup)

    @property
    def latest(self) -> Decimal | None:
        return self.points[-1][1] if self.points else None


def kpi_series(pilot: Pilot, kpis: list[Kpi]) -> list[KpiSeries]:
    """Each KPI of the challenge with this pilot's values in date order, and its chart."""
    rows = []
    for kpi in kpis:
        points = [(v.measured_on, v.value, v.note) for v in pilot.values if v.kpi_id == kpi.id]
        unit = f" {kpi.unit}" if kpi.unit else ""
        description = _("Baseline %(baseline)s%(unit)s, target %(target)s%(unit)s. Measured: "
                        "%(values)s.", baseline=plain_number(kpi.baseline), target=plain_number(kpi.target),
                        unit=unit, values="; ".join(f"{d.isoformat()}: {plain_number(v)}{unit}"
                                                    for d, v, _n in points) or _("nothing yet"))
        chart = kpi_svg(f"kpi-{pilot.id}-{kpi.id}", kpi.name, description, kpi.baseline,
                        kpi.target, [(d, v) for d, v, _n in points], _("baseline"), _("target"))
        rows.append(KpiSeries(kpi, points, chart))
    return rows


# The public timeline ------------------------------------------------------------------------

@dataclass
class PublicPilot:
    """What the public may know of a pilot: its milestones and their status, KPI values and
    the evaluation. Never payments, internal notes or documents."""

    pilot: Pilot
    series: list[KpiSeries]
    today: date

    @property
    def milestones(self) -> list[Milestone]:
        return list(self.pilot.milestones)


def public_timeline(challenge: Challenge) -> list[PublicPilot]:
    if not challenge.results_public:
        return []
    pilots = pilots_of(challenge)
    if not pilots:
        return []
    kpis = kpis_of(challenge.id)
    today = brussels_today()
    return [PublicPilot(p, kpi_series(p, kpis), today) for p in pilots]
