"""A team invitation is for its address; its link explains itself before anyone signs in,
its email suits someone without an account, and the team hears when a co-author joins."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.submissions.models import Proposal, TeamMember
from tests.submissions.test_proposals import new_proposal

EN = {"Accept-Language": "en"}


@pytest.fixture
def invited(client, make, smtp):
    challenge = make.challenge(make.organisation("Stad Mechelen"), title="Slimme vuilnisbakken")
    founder = make.user(email="ruben@slimparkeren.be", name="Ruben Smets", language="en")
    client.login_as(founder)
    new_proposal(client, challenge)
    proposal = db.session.scalar(select(Proposal))
    client.post(f"/proposals/{proposal.id}/team", data={"email": "nora@slimparkeren.be"})
    client.logout()
    send_due()
    [message] = smtp.to("nora@slimparkeren.be")
    return {"proposal": proposal, "founder": founder, "message": message,
            "link": urlsplit(smtp.link(message, "/team/accept/")).path}


def test_the_email_to_an_address_without_account_does_not_speak_of_its_account(invited, smtp):
    text = smtp.text(invited["message"])
    assert "because of your account" not in text
    assert "invited this address" in text
    assert "create an account with this address" in text


def test_the_link_explains_the_invitation_to_someone_not_signed_in(client, invited):
    page = client.get(invited["link"], headers=EN)
    assert page.status_code == 200
    html = page.data.decode()
    assert "Ruben Smets invites you" in html and "nora@slimparkeren.be" in html
    assert f"/login?email=nora@slimparkeren.be&amp;next={invited['link']}" in html
    assert f"/register?email=nora@slimparkeren.be&amp;next={invited['link']}" in html
    # Posting without an account joins no one.
    assert client.post(invited["link"]).status_code == 302
    assert db.session.scalar(select(TeamMember)).accepted_at is None


def test_another_account_cannot_accept_the_invitation(client, make, invited):
    stranger = make.user(email="someone.else@example.be", language="en")
    client.login_as(stranger)
    page = client.get(invited["link"], headers=EN).data.decode()
    assert "This invitation was sent to nora@slimparkeren.be" in page
    assert "Join the team</button>" not in page
    client.post(invited["link"])
    member = db.session.scalar(select(TeamMember))
    assert member.user_id is None and member.accepted_at is None


def test_the_invited_address_must_be_confirmed_first(client, make, invited):
    nora = make.user(email="nora@slimparkeren.be", verified=False, language="en")
    client.login_as(nora)
    assert "Confirm your email address first" in client.get(invited["link"], headers=EN).data.decode()
    client.post(invited["link"])
    assert db.session.scalar(select(TeamMember)).accepted_at is None


def test_the_team_is_told_when_a_co_author_joins(client, make, invited):
    nora = make.user(email="nora@slimparkeren.be", name="Nora Aerts")
    client.login_as(nora)
    assert client.post(invited["link"]).status_code == 302
    assert db.session.scalar(select(TeamMember)).user_id == nora.id
    notice = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.kind == "co_author_joined"))
    assert notice.recipient == "ruben@slimparkeren.be"
    assert notice.subject == "Nora Aerts joined your team"
    assert "Nora Aerts accepted your invitation" in notice.body_text


def test_a_new_user_registers_from_the_invitation_and_comes_back_to_it(client, invited, smtp):
    register_path = f"/register?email=nora%40slimparkeren.be&next={invited['link']}"
    response = client.post(register_path, data={
        "display_name": "Nora Aerts", "email": "nora@slimparkeren.be",
        "password": "fietsen langs de Dijle", "password_confirm": "fietsen langs de Dijle",
        "participant_kind": "citizen", "accept_privacy": "y"})
    assert response.status_code == 302
    smtp.clear()
    send_due()
    verify = urlsplit(smtp.link(smtp.to("nora@slimparkeren.be")[0], "/verify/"))
    response = client.get(f"{verify.path}?{verify.query}")
    assert response.headers["Location"].startswith("/login?email=nora")
    login = urlsplit(response.headers["Location"])
    response = client.post(f"{login.path}?{login.query}", data={
        "email": "nora@slimparkeren.be", "password": "fietsen langs de Dijle"})
    assert response.headers["Location"] == invited["link"]
    assert client.post(invited["link"]).status_code == 302
    assert db.session.scalar(select(TeamMember)).accepted_at is not None
