"""The demo lessons: Mechelen's smart bins (a stopped pilot beside a running one) and energy
monitoring (adopted), and Brugge's bicycle parking, whose pilot was scaled to a second station;
every municipality's size, for the library's filter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from challenges import events
from challenges.accounts.models import Organisation, PopulationBand, User
from challenges.challenges.models import Challenge
from challenges.demo.helpers import audit_event
from challenges.extensions import db
from challenges.lessons.models import LessonsRecord, LessonsStatus, PeerQuestion
from challenges.lessons.operations import prefilled
from challenges.pilots.models import Evaluation, Outcome, Pilot, PilotStatus, brussels_today
from challenges.submissions.models import Proposal

BANDS = {
    "stad-mechelen": PopulationBand.FROM_50K,
    "stad-brugge": PopulationBand.OVER_100K,
    "stad-antwerpen": PopulationBand.OVER_100K,
    "gemeente-herzele": PopulationBand.FROM_10K,
}
BIKES = "brugge-fietsparkeren-binnenstad-station"

# (challenge, editor, days ago published, texts over what the platform pre-fills)
RECORDS = [
    ("mechelen-slimme-vuilnisbakken", "tom.janssens@mechelen.demo", 10, {
        "what_went_wrong": "De tweede pilot stopte na zes weken: de batterijen van de "
                           "goedkopere sensoren hielden het niet vol in de vrieskou. We "
                           "testten ze niet vooraf in de winter.",
        "legal_pitfalls": "Een opdracht van beperkte waarde volstond voor de pilot; voor de "
                          "opschaling is een aanbesteding nodig. Zet dat meteen in de "
                          "voorwaarden, zodat niemand verrast is.",
        "transfer_potential": "Voor steden en gemeenten vanaf 25.000 inwoners met een eigen "
                              "netheidsploeg en een dienst die sensordata kan lezen."}),
    ("mechelen-energieverbruik-stadsgebouwen", "tom.janssens@mechelen.demo", 40, {
        "what_went_wrong": "De meters van twee gebouwen gaven drie weken geen kwartierwaarden "
                           "door: de netbeheerder moest ze eerst vrijgeven.",
        "conditions": "Een technicus van de stad die de installaties kent, en toegang tot de "
                      "meters vóór de start.",
        "transfer_potential": "Elke gemeente met eigen gebouwen en digitale meters."}),
    (BIKES, "pieter.vermeulen@brugge.demo", 5, {
        "summary": "- **Tel eerst.** Een week tellingen aan het station toonde waar de "
                   "fietsen echt staan.\n- **Schaal pas op na een seizoen.** De tweede "
                   "stalling kwam er na de zomer, met de cijfers van de eerste.",
        "what_went_wrong": "De borden voor vrije plaatsen waren in de zon slecht leesbaar; de "
                           "leverancier verving ze op eigen kosten.",
        "transfer_potential": "Voor centrumsteden met een druk station en een "
                              "fietsparkeerbeleid."}),
]


def load_lessons(challenges: dict[str, Challenge], users: dict[str, User],
                 now: datetime) -> None:
    for organisation in db.session.scalars(select(Organisation).where(
            Organisation.slug.in_(BANDS), Organisation.population_band.is_(None))):
        organisation.population_band = BANDS[organisation.slug]
    _scaled_pilot(challenges.get(BIKES), users["pieter.vermeulen@brugge.demo"], now)
    db.session.flush()
    for slug, editor, days, texts in RECORDS:
        challenge = challenges.get(slug)
        if challenge is None or db.session.scalar(select(LessonsRecord.id).where(
                LessonsRecord.challenge_id == challenge.id)):
            continue
        record = prefilled(challenge)
        for name, text in texts.items():
            setattr(record, name, text)
        record.status, record.published_by = LessonsStatus.PUBLISHED, users[editor]
        record.published_at = now - timedelta(days=days)
        db.session.add(record)
        db.session.flush()
        audit_event(challenge, users[editor], "lessons_published", record.published_at)
    db.session.flush()
    _peer_questions(challenges, users, now)


# A question of a peer municipality with a public answer: Antwerpen asks Mechelen about its
# energy monitoring. (asker, asked for, answered by, lessons of, days ago, question, answer)
PEER_QUESTIONS = [
    ("karim.elamrani@antwerpen.demo", "stad-antwerpen", "tom.janssens@mechelen.demo",
     "mechelen-energieverbruik-stadsgebouwen", 6,
     "Hoe kregen jullie de meetgegevens van de oudere stookplaatsen binnen? Wij hebben nog "
     "veel ketels zonder digitale uitlezing.",
     "Met een klemsensor op de gasmeter en een LoRaWAN-zender per gebouw: ongeveer 150 euro "
     "per stookplaats. De ketels zelf hoefden niet vervangen te worden."),
]


def _peer_questions(challenges: dict[str, Challenge], users: dict[str, User],
                    now: datetime) -> None:
    for asker, organisation, owner, slug, days, body, answer in PEER_QUESTIONS:
        challenge = challenges.get(slug)
        record = challenge and db.session.scalar(select(LessonsRecord).where(
            LessonsRecord.challenge_id == challenge.id))
        if record is None or db.session.scalar(select(PeerQuestion.id).where(
                PeerQuestion.record_id == record.id, PeerQuestion.body == body)):
            continue
        asked = now - timedelta(days=days)
        question = PeerQuestion(
            record=record, asker=users[asker], body=body, created_at=asked,
            asker_organisation=db.session.scalar(
                select(Organisation).where(Organisation.slug == organisation)),
            answer=answer, answer_public=True, answered_at=asked + timedelta(days=2),
            answered_by_id=users[owner].id)
        db.session.add(question)
        db.session.flush()
        for action, actor, at in (("peer_question_asked", users[asker], asked),
                                  ("peer_question_answered", users[owner],
                                   asked + timedelta(days=2))):
            event = events.record(action, question, actor=actor, challenge=challenge)
            event.created_at = at


def _scaled_pilot(challenge: Challenge | None, editor: User, now: datetime) -> None:
    """Brugge's winner ran a six-month pilot at the station, scaled to a second site."""
    if challenge is None:
        return
    winner = db.session.scalar(select(Proposal).where(
        Proposal.challenge_id == challenge.id, Proposal.status == "winner"))
    if winner is None or db.session.scalar(select(Pilot.id).where(
            Pilot.proposal_id == winner.id)):
        return
    today = brussels_today(now)
    pilot = Pilot(challenge=challenge, proposal=winner, legal_route=challenge.legal_route,
                  amount=Decimal("8000"), starts_on=today - timedelta(days=40),
                  ends_on=today - timedelta(days=10), decision_reference="Collegebesluit "
                  "2026/188", objectives="Borden met vrije plaatsen aan de stationsstalling.",
                  municipality_contact_id=editor.id, started_by_id=editor.id,
                  status=PilotStatus.EVALUATED, closed_at=now - timedelta(days=8))
    db.session.add(pilot)
    db.session.add(Evaluation(
        pilot=pilot, outcome=Outcome.SCALED, evaluated_by_id=editor.id,
        evaluated_at=now - timedelta(days=8), final_cost=Decimal("7600"),
        summary="Borden met het aantal vrije plaatsen aan de stationsstalling; na de pilot "
                "ook aan 't Zand.",
        what_worked="Fietsers vonden sneller een plaats; minder fietsen buiten de rekken.",
        what_did_not="De borden waren in de zon slecht leesbaar.",
        other_municipalities="Tel vooraf een week lang; de cijfers overtuigen het college."))
    db.session.flush()
    audit_event(challenge, editor, "pilot_evaluated", now - timedelta(days=8), winner,
                outcome=Outcome.SCALED)


def lesson_lines() -> Iterator[str]:
    yield ("Lessons: /lessons (Mechelen's smart bins with a stopped pilot, its energy "
           f"monitoring adopted, Brugge's bicycle parking scaled: /lessons/{BIKES}); "
           "write them at /manage/challenges/<slug>/lessons.")
    yield ("Ask the peers: karim.elamrani@antwerpen.demo asked Mechelen about its energy "
           "monitoring, answered publicly (/lessons/mechelen-energieverbruik-stadsgebouwen); "
           "Mechelen's open questions: /manage/lessons/questions.")
