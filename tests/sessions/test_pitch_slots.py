"""Pitch slots: the organiser offers them; only advanced teams book one each; a slot is taken
once, even when two teams book the last one at the same moment (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from challenges.db import utcnow
from challenges.extensions import db
from challenges.sessions.models import PitchSlot, SessionKind
from challenges.timezones import utc_to_brussels
from tests.sessions.conftest import make_session, make_slots

EN = {"Accept-Language": "en"}


@pytest.fixture
def pitch(world, make):
    challenge = world["challenge"]
    session = make_session(challenge, kind=SessionKind.PITCH_DAY, title="Pitch day", hours=4)
    alpha_lead = make.user(email="alpha@example.be", language="en")
    beta_lead = make.user(email="beta@x.be", language="en")
    alpha = make.proposal(challenge, alpha_lead, status="shortlisted", title="Alpha")
    beta = make.proposal(challenge, beta_lead, status="shortlisted", title="Beta")
    gamma_lead = make.user()
    make.proposal(challenge, gamma_lead, status="not_selected", title="Gamma")
    return {"session": session, "alpha": alpha, "beta": beta, "alpha_lead": alpha_lead,
            "beta_lead": beta_lead, "gamma_lead": gamma_lead}


def book(client, session, slot, proposal):
    return client.post(f"/events/{session.id}/slots/{slot.id}/book",
                       data={"proposal_id": proposal.id}, headers=EN)


def booked() -> dict[int, int | None]:
    return {s.id: s.proposal_id for s in db.session.scalars(select(PitchSlot))}


def test_organiser_offers_slots_within_the_day(client, world, pitch):
    session = pitch["session"]
    client.login_as(world["editor"])
    start = utc_to_brussels(session.starts_at)
    data = {"first_start": start.strftime("%Y-%m-%dT%H:%M"), "count": "6", "minutes": "20"}
    assert client.post(f"/manage/events/{session.id}/slots", data=data).status_code == 302
    slots = db.session.scalars(select(PitchSlot).order_by(PitchSlot.starts_at)).all()
    assert len(slots) == 6 and slots[1].starts_at - slots[0].starts_at == timedelta(minutes=20)
    too_many = dict(data, count="13")  # 13 x 20 minutes is past the four hours
    response = client.post(f"/manage/events/{session.id}/slots", data=too_many, headers=EN)
    assert response.status_code == 400
    assert "These slots would end after the pitch day." in response.get_data(as_text=True)
    early = dict(data, first_start=(start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    response = client.post(f"/manage/events/{session.id}/slots", data=early, headers=EN)
    assert "The first slot cannot start before the pitch day." in response.get_data(as_text=True)
    for bad in ({"count": "0"}, {"minutes": "1"}, {"count": "x"}, {"first_start": ""}):
        assert client.post(f"/manage/events/{session.id}/slots",
                           data=dict(data, **bad)).status_code == 400
    assert len(booked()) == 6


def test_slots_only_on_a_pitch_day(client, world):
    info = make_session(world["challenge"])
    client.login_as(world["editor"])
    start = utc_to_brussels(info.starts_at)
    response = client.post(f"/manage/events/{info.id}/slots", headers=EN, data={
        "first_start": start.strftime("%Y-%m-%dT%H:%M"), "count": "2", "minutes": "20"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Only a pitch day has pitch slots." in page
    assert booked() == {}


def test_an_advanced_team_books_one_slot_and_is_emailed(client, pitch, smtp):
    from challenges.notifications.operations import send_due

    session = pitch["session"]
    first, second = make_slots(session)
    client.login_as(pitch["alpha_lead"])
    page = client.get(f"/events/{session.id}", headers=EN).get_data(as_text=True)
    assert "Book " in page
    assert book(client, session, first, pitch["alpha"]).status_code == 302
    assert booked() == {first.id: pitch["alpha"].id, second.id: None}
    # One slot per team.
    response = book(client, session, second, pitch["alpha"])
    follow = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Your team already has a slot on this day." in follow
    assert booked()[second.id] is None
    send_due()
    [mail] = smtp.to("alpha@example.be")
    assert mail["Subject"] == "Your pitch slot: Pitch day"
    assert list(mail.iter_attachments())
    # Other teams see the slot taken, never by whom.
    client.login_as(pitch["beta_lead"])
    page = client.get(f"/events/{session.id}", headers=EN).get_data(as_text=True)
    assert "Taken" in page and "Alpha" not in page
    response = book(client, session, first, pitch["beta"])
    follow = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Another team has just booked this slot." in follow
    assert booked()[first.id] == pitch["alpha"].id
    # Giving it back frees it; another team cannot give it back.
    assert client.post(f"/events/{session.id}/slots/{first.id}/release").status_code == 302
    assert booked()[first.id] == pitch["alpha"].id
    client.login_as(pitch["alpha_lead"])
    client.post(f"/events/{session.id}/slots/{first.id}/release")
    assert booked()[first.id] is None


def test_teams_not_advanced_and_strangers_cannot_book(client, pitch, make):
    session = pitch["session"]
    [slot] = make_slots(session, count=1)
    for user in (pitch["gamma_lead"], make.user()):
        client.login_as(user)
        assert book(client, session, slot, pitch["alpha"]).status_code == 403
    # Someone on one advanced team cannot book for another team.
    client.login_as(pitch["beta_lead"])
    response = book(client, session, slot, pitch["alpha"])
    assert response.status_code == 302
    assert booked()[slot.id] is None
    client.logout()
    assert "/login" in book(client, session, slot, pitch["alpha"]).headers["Location"]


def test_a_slot_of_another_event_is_404_and_a_past_slot_cannot_be_booked(client, world, pitch):
    other = make_session(world["challenge"], kind=SessionKind.PITCH_DAY, title="Other")
    [foreign] = make_slots(other, count=1)
    [past] = make_slots(pitch["session"], count=1)
    past.starts_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client.login_as(pitch["alpha_lead"])
    assert book(client, pitch["session"], foreign, pitch["alpha"]).status_code == 404
    response = book(client, pitch["session"], past, pitch["alpha"])
    follow = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "This slot can no longer be booked." in follow
    assert booked()[past.id] is None


@pytest.mark.real_commits  # two requests in two threads, each in its own transaction
def test_two_teams_booking_the_last_slot_at_once_exactly_one_gets_it(app, world, pitch):
    from tests.conftest import Client

    session = pitch["session"]
    [slot] = make_slots(session, count=1)
    app.test_client_class = Client
    path = f"/events/{session.id}/slots/{slot.id}/book"
    # Signed in here; the threads get plain values and their client only.
    teams = [(app.test_client().login_as(pitch["alpha_lead"]), pitch["alpha"].id),
             (app.test_client().login_as(pitch["beta_lead"]), pitch["beta"].id)]
    barrier = threading.Barrier(2, timeout=30)
    results: list[str] = []

    def attempt(client, proposal_id):
        with app.app_context():
            barrier.wait()
            response = client.post(path, data={"proposal_id": proposal_id})
        results.append(response.headers.get("Location", str(response.status_code)))

    threads = [threading.Thread(target=attempt, args=team) for team in teams]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Both answered with the event page (the winner's confirmation, the other's refusal).
    assert results == [f"/events/{session.id}"] * 2
    db.session.expire_all()
    owner = db.session.get(PitchSlot, slot.id).proposal_id
    assert owner in (pitch["alpha"].id, pitch["beta"].id)
    from challenges.events import Event

    bookings = db.session.scalars(select(Event).where(Event.action == "pitch_slot_booked")).all()
    assert len(bookings) == 1 and bookings[0].proposal_id == owner


def test_a_team_advanced_out_of_a_stage_books_a_slot(client, world, make):
    """In a challenge run in stages an advanced team is a draft (or submitted) in the next
    stage, not shortlisted: it may book; a team not advanced, or withdrawn since, may not."""
    from challenges.challenges.stages import ChallengeStage, EntryOutcome, StageEntry

    challenge = world["challenge"]
    ideas = ChallengeStage(challenge=challenge, position=1, name="Ideas")
    full = ChallengeStage(challenge=challenge, position=2, name="Full proposal")
    db.session.add_all([ideas, full])
    db.session.commit()
    session = make_session(challenge, kind=SessionKind.PITCH_DAY, title="Pitch day", hours=4)
    slots = make_slots(session, count=3)
    teams = {}
    for name, outcome, status in (("advanced", EntryOutcome.ADVANCED, "draft"),
                                  ("refused", EntryOutcome.NOT_ADVANCED, "not_selected"),
                                  ("gone", EntryOutcome.ADVANCED, "withdrawn")):
        lead = make.user(email=f"{name}@example.be", language="en")
        proposal = make.proposal(challenge, lead, status=status, title=name.title())
        proposal.stage_id = full.id if outcome == EntryOutcome.ADVANCED else ideas.id
        db.session.add(StageEntry(proposal_id=proposal.id, stage_id=ideas.id, outcome=outcome,
                                  submitted_at=utcnow(), decided_at=utcnow()))
        teams[name] = (lead, proposal)
    db.session.commit()

    lead, proposal = teams["advanced"]
    client.login_as(lead)
    assert book(client, session, slots[0], proposal).status_code == 302
    assert booked()[slots[0].id] == proposal.id
    for name in ("refused", "gone"):
        lead, proposal = teams[name]
        client.login_as(lead)
        assert book(client, session, slots[1], proposal).status_code in (400, 403)
        assert booked()[slots[1].id] is None
