import json

from sqlalchemy import select

from challenges.accounts.models import Membership, Role
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due


def test_profile_needs_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_update_profile_and_language(client, make):
    user = make.user(language="nl")
    client.login_as(user)
    response = client.post("/account", data={
        "display_name": "Ann P.", "participant_kind": "startup", "company_name": "Fietsdeel",
        "enterprise_number": "BE0123456749", "language": "en"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.language, user.enterprise_number) == \
        ("Ann P.", "en", "0123456749")
    assert b'<html lang="en">' in client.get("/account").data


def test_profile_errors_keep_input(client, make):
    client.login_as(make.user())
    response = client.post("/account", data={
        "display_name": "Ann", "participant_kind": "company", "company_name": "Acme",
        "enterprise_number": "12", "language": "nl"})
    assert response.status_code == 200
    assert b'value="Acme"' in response.data
    assert b'id="enterprise_number-error"' in response.data


def test_change_password_needs_the_current_one(client, make):
    user = make.user()
    client.login_as(user)
    response = client.post("/account/password", data={
        "current_password": "wrong", "password": "een nieuw wachtwoord",
        "password_confirm": "een nieuw wachtwoord"})
    assert b'id="current_password-error"' in response.data
    response = client.post("/account/password", data={
        "current_password": make.PASSWORD, "password": "een nieuw wachtwoord",
        "password_confirm": "een nieuw wachtwoord"})
    assert response.status_code == 302
    # This session stays signed in.
    assert client.get("/account").status_code == 200
    db.session.refresh(user)
    assert user.check_password("een nieuw wachtwoord")


def test_change_email_is_confirmed_from_the_new_address(client, make, smtp):
    user = make.user(email="old@example.be")
    client.login_as(user)
    response = client.post("/account/email", data={"email": "New@Example.be",
                                                   "current_password": make.PASSWORD})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email == "old@example.be"  # not until confirmed
    send_due()
    link = smtp.link(smtp.to("new@example.be")[0], "/account/email/confirm/")
    client.get(link)
    db.session.refresh(user)
    assert user.email == "new@example.be"
    send_due()
    assert smtp.to("old@example.be"), "the old address is told about the change"


def test_change_email_to_a_taken_address(client, make):
    make.user(email="taken@example.be")
    client.login_as(make.user())
    response = client.post("/account/email", data={"email": "taken@example.be",
                                                   "current_password": make.PASSWORD})
    assert response.status_code == 200
    assert b'id="email-error"' in response.data
    assert db.session.scalar(select(OutboxMessage)) is None


def test_export_data_as_json(client, make):
    organisation = make.organisation("Stad Mechelen")
    user = make.user(email="ann@example.be", name="Ann")
    make.membership(user, organisation, Role.EDITOR)
    client.login_as(user)
    response = client.get("/account/export")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["email"] == "ann@example.be"
    assert data["memberships"][0]["organisation"] == "Stad Mechelen"
    assert "password_hash" not in response.data.decode()


def test_delete_account_is_explained_then_anonymises(client, make):
    organisation = make.organisation()
    user = make.user(email="ann@example.be", name="Ann Peeters", company_name="Acme")
    make.membership(user, organisation)
    client.login_as(user)
    page = client.get("/account/delete")
    assert page.status_code == 200
    assert b"zonder je naam" in page.data  # what stays is explained before confirming
    response = client.post("/account/delete", data={"current_password": make.PASSWORD})
    assert response.status_code == 200  # the confirmation box was not ticked
    db.session.refresh(user)
    assert user.deleted_at is None
    response = client.post("/account/delete", data={"current_password": make.PASSWORD,
                                                    "confirm": "y"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.deleted_at is not None
    assert "ann" not in user.email and user.display_name == "" and user.company_name is None
    assert user.name == "Voormalige deelnemer" or user.name == "Former participant"
    assert db.session.scalar(select(Membership)) is None
    assert client.get("/account").status_code == 302  # signed out
    # The address can be used for a new account.
    assert client.post("/login", data={"email": "ann@example.be",
                                       "password": make.PASSWORD}).status_code == 400
