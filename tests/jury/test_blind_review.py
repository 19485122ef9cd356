"""A blind review is blind: the jury's pages carry no team description, no team names and no
file names, and a file the organiser marked as naming the team is withheld."""

from sqlalchemy import select

from challenges import storage
from challenges.events import Event
from challenges.extensions import db
from challenges.submissions.models import ProposalAttachment
from tests.jury.test_views import EN, build_panel


def blind_panel(make):
    world = build_panel(make, proposals=1, jurors=1, blind=True)
    proposal = world["proposals"][0]
    proposal.team_description = "Ruben Smets0 en An Peeters0 van SlimParkeren"
    proposal.attachments[0].filename = "SlimParkeren0 - plan van Ruben Smets0.pdf"
    proposal.attachments.append(ProposalAttachment(
        filename="cv-ruben-smets.pdf", content_type="application/pdf", size=4, file_sha256=storage.keep(b"%PDF")))
    db.session.commit()
    return world, proposal


def review_page(client, world, proposal):
    slug = world["challenge"].slug
    client.login_as(world["jurors"][0])
    client.post(f"/jury/{slug}/proposals/{proposal.id}/declare", data={"conflict": "no"})
    response = client.get(f"/jury/{slug}/proposals/{proposal.id}/review", headers=EN)
    assert response.status_code == 200
    return response.data.decode()


def test_the_blind_review_page_names_no_one(client, make):
    world, proposal = blind_panel(make)
    html = review_page(client, world, proposal)
    for identifying in ("Ruben", "Smets", "Peeters", "SlimParkeren", "cv-ruben"):
        assert identifying not in html, identifying
    assert "The team" not in html.split("Your review")[0].split("Not shown")[-1]
    assert "attachment-1.pdf" in html and "attachment-2.pdf" in html


def test_a_blind_download_has_a_neutral_name(client, make):
    world, proposal = blind_panel(make)
    review_page(client, world, proposal)
    first = proposal.attachments[0]
    response = client.get(f"/jury/{world['challenge'].slug}/proposals/{proposal.id}"
                          f"/attachments/{first.id}")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert "attachment-1.pdf" in disposition and "Ruben" not in disposition


def test_the_organiser_withholds_a_file_that_names_the_team(app, client, make):
    world, proposal = blind_panel(make)
    cv = proposal.attachments[1]
    organiser = app.test_client()
    organiser.login_as(world["organiser"])
    page = organiser.get(f"/manage/proposals/{proposal.id}", headers=EN).data.decode()
    assert "It names the team" in page
    response = organiser.post(f"/manage/proposals/{proposal.id}/attachments/{cv.id}/names-team",
                              data={"identifies_team": "1"})
    assert response.status_code == 302
    db.session.refresh(cv)
    assert cv.identifies_team
    event = db.session.scalar(select(Event).where(Event.action == "attachment_flagged"))
    assert event.actor_id == world["organiser"].id and event.proposal_id == proposal.id

    html = review_page(client, world, proposal)
    assert "attachment-2.pdf" not in html
    assert "Attachments that name the team are not shown" in html
    response = client.get(f"/jury/{world['challenge'].slug}/proposals/{proposal.id}"
                          f"/attachments/{cv.id}")
    assert response.status_code == 404


def test_a_juror_cannot_flag_attachments(client, make):
    world, proposal = blind_panel(make)
    client.login_as(world["jurors"][0])
    cv = proposal.attachments[1]
    response = client.post(f"/manage/proposals/{proposal.id}/attachments/{cv.id}/names-team",
                           data={"identifies_team": "1"})
    assert response.status_code in (403, 404)
    db.session.refresh(cv)
    assert not cv.identifies_team


def test_an_open_review_shows_the_team_and_the_file_names(client, make):
    world = build_panel(make, proposals=1, jurors=1, blind=False)
    proposal = world["proposals"][0]
    proposal.team_description = "Ruben en An"
    db.session.commit()
    html = review_page(client, world, proposal)
    assert "Ruben en An" in html and "plan.pdf" in html


def test_participants_are_told_what_a_blind_jury_sees(client, make):
    challenge = make.challenge(make.organisation())
    client.login_as(make.user(language="en"))
    html = client.get(f"/challenges/{challenge.slug}/proposals/new", headers=EN).data.decode()
    assert "What the jury sees" in html
