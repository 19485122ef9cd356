"""Clarification requests: the organisers ask a team on the jury's behalf, the team answers once
(with a revised document if it likes), the jury reads it beside the proposal; everyone is told
by email, every step is in the event record, and nothing a stranger or a late team tries
gives a server error."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from challenges.clarifications.models import Clarification
from challenges.db import utcnow
from challenges.events import Event
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.timezones import utc_to_brussels
from tests.jury.test_views import EN, build_panel


def _when(delta: timedelta) -> str:
    return utc_to_brussels(utcnow() + delta).strftime("%Y-%m-%dT%H:%M")


def ask(client, proposal, question="Hoe onderhoudt u de sensoren?", days=5, **headers):
    return client.post(f"/manage/proposals/{proposal.id}/clarifications",
                       data={"question": question, "reply_by": _when(timedelta(days=days))},
                       headers=headers or EN)


def asked(make, client, **panel):
    world = build_panel(make, proposals=1, jurors=1, **panel)
    proposal = world["proposals"][0]
    for member in proposal.team:
        member.language = "en"
    db.session.commit()
    client.login_as(world["organiser"])
    assert ask(client, proposal).status_code == 302
    item = db.session.scalar(select(Clarification))
    return world, proposal, item


def test_the_organiser_asks_and_every_team_member_is_emailed(client, make, smtp):
    world, proposal, item = asked(make, client)

    assert item.question == "Hoe onderhoudt u de sensoren?"
    assert item.asked_by_id == world["organiser"].id and item.status.value == "open"
    page = client.get(f"/manage/proposals/{proposal.id}/clarifications", headers=EN)
    assert "Hoe onderhoudt u de sensoren?" in page.data.decode()
    assert "Waiting for the answer" in page.data.decode()
    messages = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "clarification_requested")).all()
    assert {m.recipient for m in messages} == {member.email for member in proposal.team}
    send_due()
    (mail,) = smtp.to(proposal.author.email)
    assert "Hoe onderhoudt u de sensoren?" in smtp.text(mail)
    smtp.link(mail, f"/proposals/{proposal.id}/clarifications/{item.id}")
    (event,) = db.session.scalars(select(Event).where(Event.action == "clarification_requested"))
    assert event.actor_id == world["organiser"].id and event.proposal_id == proposal.id


def test_the_team_answers_with_a_revised_document_and_the_jury_reads_it(app, client, make,
                                                                        smtp):
    world, proposal, item = asked(make, client)
    team = app.test_client()
    team.login_as(proposal.members[0].user)  # a co-author answers for the team
    view = team.get(f"/proposals/{proposal.id}", headers=EN).data.decode()
    assert "Questions from the jury" in view and "Answer this question" in view

    response = team.post(
        f"/proposals/{proposal.id}/clarifications/{item.id}",
        data={"answer": "Elk kwartaal, door onze technieker.",
              "file": (io.BytesIO(b"%PDF-1.4 revised plan"), "plan-v2 SlimParkeren0.pdf")},
        content_type="multipart/form-data", headers=EN)

    assert response.status_code == 302
    db.session.refresh(item)
    assert item.answer == "Elk kwartaal, door onze technieker."
    assert item.attachment is not None and item.attachment.proposal_id == proposal.id
    send_due()
    (mail,) = smtp.to(world["organiser"].email)
    assert "Elk kwartaal" in smtp.text(mail)

    # The juror sees question, answer and the document under a neutral name (blind by default
    # in this panel? no: the panel is not blind, so the team's file name is shown).
    juror = app.test_client()
    juror.login_as(world["jurors"][0])
    slug = world["challenge"].slug
    juror.post(f"/jury/{slug}/proposals/{proposal.id}/declare", data={"conflict": "no"})
    html = juror.get(f"/jury/{slug}/proposals/{proposal.id}/review", headers=EN).data.decode()
    assert "Clarifications from the team" in html
    assert "Hoe onderhoudt u de sensoren?" in html and "Elk kwartaal" in html
    assert "plan-v2_SlimParkeren0.pdf" in html
    download = juror.get(f"/jury/{slug}/proposals/{proposal.id}/attachments/{item.attachment_id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 revised plan"

    # The answer is final: a second one (a double click) is refused, the first stays.
    again = team.post(f"/proposals/{proposal.id}/clarifications/{item.id}",
                      data={"answer": "Toch anders."}, headers=EN)
    assert again.status_code == 400 and "already answered" in again.data.decode()
    db.session.refresh(item)
    assert item.answer == "Elk kwartaal, door onze technieker."


def test_a_blind_jury_sees_the_revised_document_under_a_neutral_name(app, client, make):
    world, proposal, item = asked(make, client, blind=True)
    team = app.test_client()
    team.login_as(proposal.author)
    team.post(f"/proposals/{proposal.id}/clarifications/{item.id}",
              data={"answer": "Zie het nieuwe plan.",
                    "file": (io.BytesIO(b"%PDF-1.4"), "SlimParkeren0 plan.pdf")},
              content_type="multipart/form-data")
    juror = app.test_client()
    juror.login_as(world["jurors"][0])
    slug = world["challenge"].slug
    juror.post(f"/jury/{slug}/proposals/{proposal.id}/declare", data={"conflict": "no"})
    html = juror.get(f"/jury/{slug}/proposals/{proposal.id}/review", headers=EN).data.decode()
    assert "Zie het nieuwe plan." in html
    assert "SlimParkeren0" not in html and "attachment-2.pdf" in html


def test_a_late_or_withdrawn_request_takes_no_answer_and_keeps_what_was_typed(app, client,
                                                                              make):
    _world, proposal, item = asked(make, client)
    team = app.test_client()
    team.login_as(proposal.author)
    item.reply_by = utcnow() - timedelta(minutes=1)
    db.session.commit()
    late = team.post(f"/proposals/{proposal.id}/clarifications/{item.id}",
                     data={"answer": "Te laat, maar toch."}, headers=EN)
    assert late.status_code == 400
    assert "has passed" in late.data.decode() and "Te laat, maar toch." in late.data.decode()

    item.reply_by = utcnow() + timedelta(days=2)
    db.session.commit()
    assert client.post(f"/manage/proposals/{proposal.id}/clarifications/{item.id}/withdraw",
                       headers=EN).status_code == 302
    db.session.refresh(item)
    assert item.status.value == "withdrawn"
    gone = team.post(f"/proposals/{proposal.id}/clarifications/{item.id}",
                     data={"answer": "Nog nodig?"}, headers=EN)
    assert gone.status_code == 400 and "withdrew" in gone.data.decode()
    again = client.post(f"/manage/proposals/{proposal.id}/clarifications/{item.id}/withdraw",
                        headers=EN, follow_redirects=True)
    assert "already answered or withdrawn" in again.data.decode()


def test_bad_questions_are_refused_next_to_the_field_and_kept(client, make):
    world = build_panel(make, proposals=1, jurors=1)
    proposal = world["proposals"][0]
    client.login_as(world["organiser"])
    for question, days, message in (
            ("", 5, "Write the question for the team."),
            ("Vraag?", 0, "at least 24 hours"),
            ("Vraag?", 90, "within 60 days"),
            ("x" * 4001, 5, "at most 4000 characters"),
            ("Vraag\x00met nul?", -3, "at least 24 hours")):
        response = ask(client, proposal, question, days)
        assert response.status_code == 400, question
        assert message in response.data.decode(), question
    response = client.post(f"/manage/proposals/{proposal.id}/clarifications",
                           data={"question": "Vraag?", "reply_by": "0001-01-01T00:00"},
                           headers=EN)
    assert response.status_code == 400 and "Vraag?" in response.data.decode()
    assert db.session.scalar(select(Clarification)) is None


def test_questions_only_while_the_jury_works(client, make):
    world = build_panel(make, proposals=1, jurors=1)
    proposal = world["proposals"][0]
    client.login_as(world["organiser"])
    world["challenge"].closes_at = utcnow() + timedelta(days=3)
    db.session.commit()
    page = client.get(f"/manage/proposals/{proposal.id}/clarifications", headers=EN)
    assert "after the deadline for proposals" in page.data.decode()
    response = ask(client, proposal)
    assert response.status_code == 400 and "after the deadline" in response.data.decode()
    assert db.session.scalar(select(Clarification)) is None


def test_strangers_other_teams_and_jurors_cannot_ask_or_answer(app, client, make):
    world, proposal, item = asked(make, client)
    stranger = app.test_client()
    stranger.login_as(make.user())
    assert stranger.get(f"/proposals/{proposal.id}/clarifications/{item.id}").status_code \
        in (403, 404)
    assert stranger.post(f"/proposals/{proposal.id}/clarifications/{item.id}",
                         data={"answer": "Ik niet."}).status_code in (403, 404)
    juror = app.test_client()
    juror.login_as(world["jurors"][0])
    assert ask(juror, proposal).status_code in (403, 404)
    other = make.org_admin(make.organisation("Stad Brugge"))
    brugge = app.test_client()
    brugge.login_as(other)
    assert ask(brugge, proposal).status_code in (403, 404)
    assert brugge.post(f"/manage/proposals/{proposal.id}/clarifications/{item.id}/withdraw"
                       ).status_code in (403, 404)
    # An id of another proposal's request does not exist under this proposal.
    second = make.proposal(world["challenge"])
    team = app.test_client()
    team.login_as(second.author)
    assert team.get(f"/proposals/{second.id}/clarifications/{item.id}").status_code == 404
    assert db.session.scalar(select(Clarification).where(Clarification.answer.is_not(None))) \
        is None
    anonymous = app.test_client()
    assert anonymous.get(f"/proposals/{proposal.id}/clarifications/{item.id}").status_code == 302
    assert db.session.scalars(select(OutboxMessage)).all()  # only the team's emails
