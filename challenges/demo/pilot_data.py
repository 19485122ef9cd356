"""The demo pilots: on the smart bins (follow-up) one running midway, with milestones
accepted, one late, payments approved and waiting, change requests and KPI values, and one
stopped with its evaluation; on the energy challenge (completed) one adopted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.demo.challenge_data import LESSONS
from challenges.demo.helpers import audit_event, brussels_at
from challenges.extensions import db
from challenges.pilots.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Evaluation,
    Kpi,
    KpiValue,
    Milestone,
    MilestoneStatus,
    MilestoneSubmission,
    Outcome,
    Payment,
    PaymentStatus,
    Pilot,
    PilotStatus,
    Side,
)
from challenges.submissions.models import Proposal
from challenges.timezones import BRUSSELS

BINS = "mechelen-slimme-vuilnisbakken"
ENERGY = "mechelen-energieverbruik-stadsgebouwen"
EDITOR, ADMIN = "tom.janssens@mechelen.demo", "els.peeters@mechelen.demo"

# (challenge, name, unit, baseline, target, how it is measured)
KPIS = [
    (BINS, "Overvolle vuilnisbakken per week rond de Grote Markt", "vuilnisbakken", "38", "10",
     "Telling door de netheidsploeg op maandag, woensdag en vrijdag."),
    (ENERGY, "Elektriciteitsverbruik van de proefgebouwen", "MWh per maand", "182", "164",
     "Kwartierwaarden van de digitale meters, opgeteld per maand."),
]

# Milestones: (title, days from today the due date falls, amount, status, days ago accepted)
PILOTS: list[dict[str, Any]] = [
    {
        "challenge": BINS, "author": "sales@cleantech.demo", "amount": "10000",
        "starts": -120, "ends": 60, "reference": "Collegebesluit 2026/0412",
        "objectives": "150 vuilnisbakken in de binnenstad en op de Vesten krijgen een "
                      "vullingssensor; de netheidsploeg rijdt op basis van de meldingen.",
        "milestones": [
            ("Sensoren geplaatst", -95, "3000", MilestoneStatus.ACCEPTED, 92),
            ("Tussentijds rapport na twee maanden", -50, "3000", MilestoneStatus.ACCEPTED, 45),
            ("Koppeling met de planning van de ophaalrondes", -10, None,
             MilestoneStatus.PLANNED, None),
            ("Eindrapport en overdracht", 55, "4000", MilestoneStatus.PLANNED, None),
        ],
        "paid": 1,  # the first payment is approved, the second waits for the administrator
        "kpi": [(-100, "35"), (-70, "27"), (-40, "21"), (-7, "17")],
        "changes": [
            (ChangeKind.SCOPE, Side.ORGANISER, ChangeStatus.ACCEPTED, -60,
             "De Vesten komen erbij: daar lopen de vuilnisbakken het vaakst over.",
             {"scope": "30 van de 150 sensoren komen op de Vesten in plaats van in de "
                       "Bruul."}),
            (ChangeKind.DATES, Side.PARTICIPANT, ChangeStatus.PROPOSED, -3,
             "De planningssoftware van de stad krijgt pas volgende maand een koppeling.",
             {"milestone": "Koppeling met de planning van de ophaalrondes", "due": 20}),
        ],
    },
    {
        "challenge": BINS, "author": "founder@slimparkeren.demo", "amount": "4000",
        "starts": -110, "ends": -20, "reference": "Bestelbon 2026/1187",
        # The challenge is joint with Brugge (challenges.demo.host_data): this one ran there.
        "site": "stad-brugge",
        "objectives": "Een proef van de rondeplanner met twee ophaalploegen.",
        "milestones": [
            ("Rondeplanner gekoppeld aan de sensoren", -80, "2000", MilestoneStatus.ACCEPTED, 78),
            ("Drie maanden rijden met de planner", -25, "2000", MilestoneStatus.DROPPED, None),
        ],
        "paid": 1,
        "kpi": [(-90, "36"), (-60, "34")],
        "evaluation": (Outcome.STOPPED, -15, {
            "summary": "Na twee maanden gestopt: de ploegen reden terug vaste rondes.",
            "what_worked": "De voorspelling van welke vuilnisbakken vol raken klopte in 8 op "
                           "de 10 gevallen.",
            "what_did_not": "De planner hield geen rekening met markten en evenementen, en de "
                            "chauffeurs kregen de nieuwe ronde pas om 7 uur, te laat om ze "
                            "mee te nemen.",
            "kpi_result": "34 overvolle vuilnisbakken per week, tegenover 38 vooraf: het doel "
                          "van 10 werd niet gehaald.",
            "do_differently": "De kalender van evenementen meegeven en de ronde de avond "
                              "voordien klaarzetten.",
            "other_municipalities": "Ja, als de evenementenkalender gekoppeld wordt.",
            "participant_view": "We hebben de planner sindsdien aangepast: de ronde staat om "
                                "18 uur klaar.",
            "final_cost": Decimal("2000")}),
    },
    {
        "challenge": ENERGY, "author": "hello@zonnedeel.demo", "amount": "9800",
        "starts": -400, "ends": -220, "reference": "Collegebesluit 2025/0933",
        "objectives": "Het verbruik van vijf stadsgebouwen per kwartier volgen en "
                      "nachtverbruik melden.",
        "milestones": [
            ("Meters gekoppeld in vijf gebouwen", -370, "4900", MilestoneStatus.ACCEPTED, 368),
            ("Eindrapport na zes maanden", -225, "4900", MilestoneStatus.ACCEPTED, 222),
        ],
        "paid": 2,
        "kpi": [(-360, "179"), (-300, "171"), (-240, "161")],
        "evaluation": (Outcome.ADOPTED, -215, {
            "what_worked": "De wekelijkse mail naar de gebouwbeheerders: verwarming en "
                           "verlichting die 's nachts bleven branden, werden binnen een week "
                           "uitgezet.",
            "what_did_not": "Twee oude meters gaven geen kwartierwaarden; die gebouwen volgden "
                            "we met maandstanden.",
            "kpi_result": "161 MWh per maand, onder het doel van 164.",
            "do_differently": "Twaalf maanden plannen in plaats van zes, om een heel "
                              "stookseizoen te vergelijken.",
            "other_municipalities": "Ja: het werkt met de digitale meters van de netbeheerder, "
                                    "die elke gemeente heeft.",
            "final_cost": Decimal("9800")}),
    },
]


def _day(today: date, days: int) -> date:
    return today + timedelta(days=days)


def load_pilots(challenges: dict[str, Challenge], users: dict[str, User],
                now: datetime) -> None:
    """Every demo pilot that is missing (matched by its proposal), with the challenges' KPIs."""
    today = now.astimezone(BRUSSELS).date()
    kpis = _kpis(challenges, now)
    for spec in PILOTS:
        challenge = challenges.get(spec["challenge"])
        if challenge is None:
            continue
        proposal = db.session.scalar(select(Proposal).where(
            Proposal.challenge_id == challenge.id,
            Proposal.author_id == users[spec["author"]].id))
        if proposal is None or db.session.scalar(
                select(Pilot.id).where(Pilot.proposal_id == proposal.id)):
            continue
        _pilot(spec, challenge, proposal, users, kpis.get(challenge.slug), today)


def _kpis(challenges: dict[str, Challenge], now: datetime) -> dict[str, Kpi]:
    found = {}
    for slug, name, unit, baseline, target, method in KPIS:
        challenge = challenges.get(slug)
        if challenge is None:
            continue
        kpi = db.session.scalar(select(Kpi).where(Kpi.challenge_id == challenge.id,
                                                  Kpi.name == name))
        if kpi is None:
            kpi = Kpi(challenge=challenge, name=name, unit=unit, baseline=Decimal(baseline),
                      target=Decimal(target), method=method,
                      created_at=challenge.published_at or now)
            db.session.add(kpi)
        found[slug] = kpi
    return found


def _pilot(spec: dict, challenge: Challenge, proposal: Proposal, users: dict[str, User],
           kpi: Kpi | None, today: date) -> None:
    editor, admin = users[EDITOR], users[ADMIN]
    started = brussels_at(today, (spec["starts"] - 5, 10, 0))
    pilot = Pilot(challenge=challenge, proposal=proposal, legal_route=challenge.legal_route,
                  amount=Decimal(spec["amount"]), starts_on=_day(today, spec["starts"]),
                  ends_on=_day(today, spec["ends"]), decision_reference=spec["reference"],
                  objectives=spec["objectives"], municipality_contact_id=editor.id,
                  started_by_id=editor.id, status=PilotStatus.RUNNING, created_at=started,
                  site=next((o for o in challenge.partners if o.slug == spec.get("site")),
                            None))
    db.session.add(pilot)
    audit_event(challenge, editor, "pilot_started", started, proposal, amount=pilot.amount)
    for index, (title, due, amount, status, accepted_ago) in enumerate(spec["milestones"]):
        milestone = Milestone(pilot=pilot, title=title, due_on=_day(today, due),
                              amount=Decimal(amount) if amount else None, status=status,
                              created_at=started)
        db.session.add(milestone)
        if accepted_ago is not None:
            accepted = brussels_at(today, (-accepted_ago, 15, 0))
            milestone.accepted_by_id, milestone.accepted_at = editor.id, accepted
            milestone.submissions.append(MilestoneSubmission(
                report=f"{title}: opgeleverd zoals gepland.", submitted_by_id=proposal.author_id,
                submitted_at=accepted - timedelta(days=2), accepted=True,
                reviewed_by_id=editor.id, reviewed_at=accepted))
            if milestone.amount:
                approved = index < spec["paid"]
                db.session.add(Payment(
                    pilot=pilot, milestone=milestone, amount=milestone.amount,
                    status=PaymentStatus.APPROVED if approved else PaymentStatus.PENDING,
                    approved_by_id=admin.id if approved else None,
                    approved_at=accepted + timedelta(days=3) if approved else None,
                    internal_note="Factuur geboekt." if approved else "", created_at=accepted))
    if kpi is not None:
        for days, value in spec["kpi"]:
            db.session.add(KpiValue(pilot=pilot, kpi=kpi, measured_on=_day(today, days),
                                    value=Decimal(value), reported_by_id=editor.id))
    db.session.flush()
    _changes(spec, pilot, users, today)
    if "evaluation" in spec:
        outcome, days, texts = spec["evaluation"]
        # What the pilot did, once the challenge's free-text pilot summary.
        texts = {"summary": LESSONS.get(challenge.slug, ("",))[0], **texts}
        at = brussels_at(today, (days, 11, 0))
        db.session.add(Evaluation(pilot=pilot, outcome=outcome, evaluated_by_id=editor.id,
                                  evaluated_at=at, **texts))
        pilot.status, pilot.closed_at = PilotStatus.EVALUATED, at
        audit_event(challenge, editor, "pilot_evaluated", at, proposal, outcome=outcome)


def _changes(spec: dict, pilot: Pilot, users: dict[str, User], today: date) -> None:
    by_title = {m.title: m for m in pilot.milestones}
    for kind, side, status, days, reason, details in spec.get("changes", []):
        proposer = users[EDITOR] if side == Side.ORGANISER else pilot.proposal.author
        decider = pilot.proposal.author if side == Side.ORGANISER else users[EDITOR]
        milestone = by_title.get(details.get("milestone", ""))
        db.session.add(ChangeRequest(
            pilot=pilot, kind=kind, side=side, reason=reason, scope=details.get("scope", ""),
            milestone=milestone,
            new_due_on=_day(today, details["due"]) if "due" in details else None,
            status=status, proposed_by_id=proposer.id,
            proposed_at=brussels_at(today, (days, 9, 30)),
            decided_by_id=decider.id if status != ChangeStatus.PROPOSED else None,
            decided_at=brussels_at(today, (days + 2, 9, 30))
            if status != ChangeStatus.PROPOSED else None))


def pilot_lines() -> Iterator[str]:
    yield (f"Pilots: /challenges/{BINS}#pilots (one midway with a late milestone, one "
           f"stopped) and /challenges/{ENERGY}#pilots (adopted).")
    yield (f"Run them as {EDITOR} (/manage/challenges/{BINS}/pilots); {ADMIN} approves the "
           "waiting payment; sales@cleantech.demo and founder@slimparkeren.demo are the teams.")
