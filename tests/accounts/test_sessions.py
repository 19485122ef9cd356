"""Sign-out ends the session on the server: a copied cookie is worth nothing afterwards."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from challenges.accounts.models import LoginSession
from challenges.extensions import db


def sign_in(client, user, password, remember=False):
    data = {"email": user.email, "password": password}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302
    return response


def copy_cookies(source, target, names=("session", "remember_token")):
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def test_a_copied_session_cookie_no_longer_works_after_sign_out(app, client, make):
    user = make.user()
    sign_in(client, user, make.PASSWORD)
    thief = app.test_client()
    copy_cookies(client, thief, ("session",))
    assert thief.get("/account").status_code == 200  # the copy works while signed in
    client.post("/logout")
    assert thief.get("/account").status_code == 302
    assert client.get("/account").status_code == 302


def test_a_copied_remember_me_cookie_no_longer_works_after_sign_out(app, client, make):
    user = make.user()
    sign_in(client, user, make.PASSWORD, remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    thief = app.test_client()
    thief.set_cookie("remember_token", remember.value)
    assert thief.get("/account").status_code == 200
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("remember_token", remember.value)
    assert thief.get("/account").status_code == 302


def test_remember_me_lasts_30_days(client, make):
    user = make.user()
    response = sign_in(client, user, make.PASSWORD, remember=True)
    header = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("remember_token="))
    assert "Max-Age=2592000" in header or "Expires=" in header
    assert client.get_cookie("remember_token").expires is not None
    row = db.session.scalar(select(LoginSession))
    row.created_at -= timedelta(days=31)
    db.session.commit()
    assert client.get("/account").status_code == 302


def test_signing_out_on_one_device_keeps_the_others(app, client, make):
    user = make.user()
    sign_in(client, user, make.PASSWORD)
    laptop = app.test_client()
    sign_in(laptop, user, make.PASSWORD)
    client.post("/logout")
    assert laptop.get("/account").status_code == 200


def test_sign_out_everywhere_ends_every_session(app, client, make):
    user = make.user()
    sign_in(client, user, make.PASSWORD)
    laptop = app.test_client()
    sign_in(laptop, user, make.PASSWORD, remember=True)
    assert "2 apparaten" in client.get("/account").data.decode()
    response = client.post("/account/sign-out-everywhere")
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 302
    assert client.get("/account").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0


def test_a_new_password_ends_the_other_sessions_but_not_this_one(app, client, make):
    user = make.user()
    sign_in(client, user, make.PASSWORD)
    laptop = app.test_client()
    sign_in(laptop, user, make.PASSWORD)
    response = client.post("/account/password", data={
        "current_password": make.PASSWORD, "password": "een heel nieuw wachtwoord",
        "password_confirm": "een heel nieuw wachtwoord"})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert laptop.get("/account").status_code == 302


@pytest.fixture
def app_config():
    return {"STAFF_IDLE_MINUTES": 30}


def test_a_staff_session_ends_after_idle_time(client, make):
    organiser = make.org_admin()
    sign_in(client, organiser, make.PASSWORD, remember=True)
    assert client.get("/manage").status_code == 200
    row = db.session.scalar(select(LoginSession))
    row.last_seen_at -= timedelta(minutes=31)
    db.session.commit()
    assert client.get("/manage").status_code == 302


def test_activity_keeps_a_staff_session_alive(client, make):
    organiser = make.org_admin()
    sign_in(client, organiser, make.PASSWORD)
    row = db.session.scalar(select(LoginSession))
    row.last_seen_at -= timedelta(minutes=20)
    db.session.commit()
    assert client.get("/manage").status_code == 200
    db.session.refresh(row)
    row.last_seen_at -= timedelta(minutes=20)  # 20 minutes after the last request, not 40
    db.session.commit()
    assert client.get("/manage").status_code == 200


def test_a_participant_session_has_no_idle_time_out(client, make):
    user = make.user()
    sign_in(client, user, make.PASSWORD)
    row = db.session.scalar(select(LoginSession))
    row.last_seen_at -= timedelta(days=3)
    db.session.commit()
    assert client.get("/account").status_code == 200


def test_the_database_keeps_no_usable_token(client, make):
    user = make.user()
    sign_in(client, user, make.PASSWORD)
    row = db.session.scalar(select(LoginSession))
    cookie_token = user.get_id()  # the object in the test has no token of its own
    assert row.token_hash not in (client.get_cookie("session").value, cookie_token)
    assert len(row.token_hash) == 64
