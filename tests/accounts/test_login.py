import pytest
from sqlalchemy import select

from challenges.extensions import db
from challenges.notifications.models import OutboxMessage


def login(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def test_login_and_logout(client, make):
    make.user(email="ann@example.be")
    response = login(client, "ANN@example.be", make.PASSWORD)
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    client.post("/logout")
    assert client.get("/account").status_code == 302


def test_login_keeps_next_on_this_site_only(client, make):
    user = make.user()
    response = client.post("/login?next=/account", data={"email": user.email,
                                                          "password": make.PASSWORD})
    assert response.headers["Location"] == "/account"
    client.post("/logout")
    response = client.post("/login?next=//evil.example/x", data={"email": user.email,
                                                                  "password": make.PASSWORD})
    assert response.headers["Location"] == "/"


def test_wrong_password_gives_a_translated_message_and_keeps_the_email(client, make):
    make.user(email="ann@example.be")
    response = login(client, "ann@example.be", "not the password")
    assert response.status_code == 400
    assert b"Het e-mailadres of wachtwoord klopt niet." in response.data
    assert b'value="ann@example.be"' in response.data


def test_deleted_account_cannot_sign_in(client, make):
    from challenges.accounts.operations import delete_account

    user = make.user(email="ann@example.be")
    delete_account(user)
    assert login(client, "ann@example.be", make.PASSWORD).status_code == 400


def test_logout_needs_post(client, make):
    client.login_as(make.user())
    assert client.get("/logout").status_code == 405


@pytest.mark.csrf
def test_login_without_csrf_token_gets_a_friendly_page_not_a_500(client, make):
    user = make.user()
    response = login(client, user.email, make.PASSWORD)
    assert response.status_code == 400
    assert b"Je formulier is verlopen" in response.data
    response = client.post("/login", data={"email": user.email, "password": make.PASSWORD},
                           headers={"Accept-Language": "en"})
    assert b"Your form has expired" in response.data


@pytest.mark.csrf
def test_login_with_csrf_token_works(client, make):
    import re

    user = make.user()
    html = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/login", data={"email": user.email, "password": make.PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


@pytest.fixture
def app_config():
    return {"LOGIN_RATE_LIMIT_PAIR": "3 per 10 minutes", "LOGIN_RATE_LIMIT_ACCOUNT": "5 per hour",
            "LOGIN_RATE_LIMIT_IP": "8 per 10 minutes", "LOGIN_RATE_LIMIT_DEVICE": "4 per 10 minutes"}


def stranger(app, ip):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def test_failed_logins_are_limited_per_account_and_address(app, client, make):
    make.user(email="ann@example.be")
    attacker = stranger(app, "203.0.113.7")
    for _ in range(3):
        assert login(attacker, "ann@example.be", "wrong password").status_code == 400
    response = login(attacker, "Ann@example.be", make.PASSWORD)
    assert response.status_code == 429
    assert b"Te veel pogingen" in response.data
    # The same account from another address is not locked out by this one.
    assert login(stranger(app, "198.51.100.1"), "ann@example.be", make.PASSWORD).status_code == 302
    # Nor is another account from the attacker's address.
    other = make.user(email="bob@example.be")
    assert login(attacker, other.email, make.PASSWORD).status_code == 302


def test_failed_logins_from_many_addresses_hit_a_slower_limit_per_account(app, make):
    make.user(email="ann@example.be")
    for n in range(5):
        login(stranger(app, f"203.0.113.{n}"), "ann@example.be", "wrong password")
    response = login(stranger(app, "198.51.100.1"), "ann@example.be", make.PASSWORD)
    assert response.status_code == 429


def test_a_stranger_cannot_lock_the_owner_out_of_a_known_device(app, client, make):
    user = make.user(email="ann@example.be")
    # The owner signed in on this browser before (it keeps a signed device cookie).
    assert login(client, user.email, make.PASSWORD).status_code == 302
    client.post("/logout")
    # A stranger tries passwords from many addresses, exhausting every limit on the account.
    for n in range(12):
        login(stranger(app, f"203.0.113.{n}"), "ann@example.be", "wrong password")
    assert login(stranger(app, "198.51.100.9"), user.email, make.PASSWORD).status_code == 429
    # The owner's correct password from the known browser still works.
    assert login(client, user.email, make.PASSWORD).status_code == 302


def test_a_known_device_is_still_limited_on_its_own(client, make):
    user = make.user(email="ann@example.be")
    assert login(client, user.email, make.PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(4):
        assert login(client, user.email, "wrong password").status_code == 400
    assert login(client, user.email, make.PASSWORD).status_code == 429


def test_a_forged_device_cookie_counts_for_nothing(app, make):
    make.user(email="ann@example.be")
    attacker = stranger(app, "203.0.113.7")
    attacker.set_cookie("known_device", "WyIxLmFiYyJd.forged.signature")
    for _ in range(3):
        login(attacker, "ann@example.be", "wrong password")
    assert login(attacker, "ann@example.be", make.PASSWORD).status_code == 429


def test_failed_logins_are_limited_per_ip_address(client, make):
    for n in range(8):
        login(client, f"someone{n}@example.be", "wrong password")
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": make.PASSWORD},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert b"Too many attempts" in response.data


def test_successful_logins_do_not_count(client, make):
    user = make.user()
    for _ in range(5):
        assert login(client, user.email, make.PASSWORD).status_code == 302
        client.post("/logout")


def test_forgot_password_does_not_reveal_who_has_an_account(client, make):
    make.user(email="ann@example.be")
    known = client.post("/password/forgot", data={"email": "ann@example.be"})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.be"})
    assert known.status_code == unknown.status_code == 302
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == ["ann@example.be"]
