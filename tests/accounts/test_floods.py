"""Forms that send an email are limited per IP address and per address written to, with the
designed 429 page; only sent emails count."""

import pytest
from sqlalchemy import func, select

from challenges.extensions import db
from challenges.notifications.models import OutboxMessage

REGISTRATION = {"display_name": "Ann", "password": "fietsen langs de Dijle",
                "password_confirm": "fietsen langs de Dijle", "participant_kind": "citizen",
                "accept_privacy": "y"}


@pytest.fixture
def app_config():
    return {"EMAIL_RATE_LIMIT_IP": "5 per hour", "EMAIL_RATE_LIMIT_ADDRESS": "2 per hour"}


def emails() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def from_ip(app, ip):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def test_password_reset_mails_to_one_address_are_limited(app, make):
    make.user(email="ann@example.be")
    for n in range(2):
        assert from_ip(app, f"203.0.113.{n}").post(
            "/password/forgot", data={"email": "ann@example.be"}).status_code == 302
    response = from_ip(app, "203.0.113.9").post("/password/forgot",
                                                data={"email": "ANN@example.be"})
    assert response.status_code == 429
    assert b"Te veel pogingen" in response.data
    assert emails() == 2


def test_password_reset_mails_from_one_ip_address_are_limited(client, make):
    for n in range(5):
        assert client.post("/password/forgot",
                           data={"email": f"p{n}@example.be"}).status_code == 302
    assert client.post("/password/forgot", data={"email": "x@example.be"}).status_code == 429


def test_registrations_for_one_address_are_limited(app, make):
    make.user(email="ann@example.be")
    for n in range(2):
        from_ip(app, f"203.0.113.{n}").post("/register",
                                            data=dict(REGISTRATION, email="ann@example.be"))
    response = from_ip(app, "203.0.113.9").post(
        "/register", data=dict(REGISTRATION, email="ann@example.be"))
    assert response.status_code == 429
    assert emails() == 2


def test_a_form_with_errors_does_not_count(client):
    for _ in range(6):
        response = client.post("/register", data=dict(REGISTRATION, email="not an address"))
        assert response.status_code == 200


def test_confirmation_links_sent_again_are_limited(client, make):
    client.login_as(make.user(verified=False))
    for _ in range(5):
        assert client.post("/verify/resend").status_code == 302
    assert client.post("/verify/resend").status_code == 429
