"""Two-step sign-in: enrolment with a first code, the code after the password, single-use
recovery codes, platform administrators and organisations that require it."""

import re
import time

import pyotp
from sqlalchemy import func, select

from challenges.accounts.models import RecoveryCode
from challenges.events import Event
from challenges.extensions import db

EN = {"Accept-Language": "en"}


def enrol(client, user) -> list[str]:
    client.get("/account/two-step/enrol")
    db.session.refresh(user)
    code = pyotp.TOTP(user.totp_secret).now()
    response = client.post("/account/two-step/enrol", data={"code": code})
    assert response.status_code == 200
    return re.findall(r"<li>([0-9a-f]{5}-[0-9a-f]{5})</li>", response.data.decode())


def next_code(user) -> str:
    """The code the app shows next: the one just typed to enrol works once only."""
    return pyotp.TOTP(user.totp_secret).at(time.time() + 30)


def password_step(client, user, password):
    return client.post("/login", data={"email": user.email, "password": password})


def test_enrolment_needs_a_right_first_code_and_gives_ten_recovery_codes(client, make):
    user = make.user(language="en")
    client.login_as(user)
    page = client.get("/account/two-step/enrol")
    assert page.status_code == 200
    db.session.refresh(user)
    assert user.totp_secret and not user.has_mfa
    qr = client.get("/account/two-step/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert qr.data.startswith(b"<svg") and b"otpauth" not in page.data
    wrong = client.post("/account/two-step/enrol", data={"code": "000000"})
    assert wrong.status_code == 400 and b'id="code-error"' in wrong.data
    codes = enrol(client, user)
    assert len(codes) == 10 and len(set(codes)) == 10
    db.session.refresh(user)
    assert user.has_mfa
    hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert not set(codes) & set(hashes)  # only hashes are kept
    assert db.session.scalar(select(Event.action).where(Event.action == "mfa_enrolled"))


def test_sign_in_asks_for_the_code_after_the_password(app, client, make):
    user = make.user(language="en")
    client.login_as(user)
    enrol(client, user)
    browser = app.test_client()
    response = password_step(browser, user, make.PASSWORD)
    assert response.headers["Location"] == "/login/code"
    assert browser.get("/account").status_code == 302  # not signed in yet
    response = browser.post("/login/code", data={"code": "123456"})
    assert response.status_code == 400
    response = browser.post("/login/code", data={"code": next_code(user)})
    assert response.status_code == 302
    assert browser.get("/account").status_code == 200


def test_a_recovery_code_works_once(app, client, make):
    user = make.user(language="en")
    client.login_as(user)
    codes = enrol(client, user)
    first = app.test_client()
    password_step(first, user, make.PASSWORD)
    assert first.post("/login/code", data={"code": codes[0].upper()}).status_code == 302
    again = app.test_client()
    password_step(again, user, make.PASSWORD)
    assert again.post("/login/code", data={"code": codes[0]}).status_code == 400
    used = db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.used_at.is_not(None)))
    assert used == 1


def test_the_code_step_cannot_be_skipped_or_guessed_for_ever(app, make):
    user = make.user(language="en")
    owner = app.test_client().login_as(user)
    enrol(owner, user)
    attacker = app.test_client()
    assert attacker.post("/login/code", data={"code": "123456"}).status_code == 302  # no step
    password_step(attacker, user, make.PASSWORD)
    statuses = [attacker.post("/login/code", data={"code": f"{n:06d}"}).status_code
                for n in range(6)]
    assert statuses[:5] == [400] * 5 and statuses[5] == 429


def test_platform_admins_must_enrol_before_reaching_admin(client, make):
    admin = make.user(platform_admin=True, language="en", mfa=False)
    client.login_as(admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/two-step"
    assert client.get("/account").status_code == 200  # their own account stays open
    assert client.get("/").status_code == 200
    enrol(client, admin)
    assert client.get("/admin/").status_code == 200


def test_an_organisation_can_require_it_for_its_staff(client, make):
    organisation = make.organisation()
    org_admin = make.org_admin(organisation, language="en")
    editor = make.user(language="en")
    make.membership(editor, organisation)
    client.login_as(editor)
    assert client.get("/manage").status_code == 200
    client.logout().login_as(org_admin)
    response = client.post(f"/organisations/{organisation.slug}/two-step",
                           data={"require_mfa": "y"})
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.require_mfa
    event = db.session.scalar(select(Event).where(Event.action == "organisation_mfa_required"))
    assert event.actor_id == org_admin.id
    client.logout().login_as(editor)
    assert client.get("/manage").headers["Location"] == "/account/two-step"
    # Someone without a role there is not concerned.
    client.logout().login_as(make.user())
    assert client.get("/my/proposals").status_code == 200


def test_an_editor_cannot_change_the_requirement(client, make):
    organisation = make.organisation()
    editor = make.user()
    make.membership(editor, organisation)
    client.login_as(editor)
    response = client.post(f"/organisations/{organisation.slug}/two-step",
                           data={"require_mfa": "y"})
    assert response.status_code == 403


def test_a_required_second_factor_cannot_be_switched_off(client, make):
    admin = make.user(platform_admin=True, language="en", mfa=False)
    client.login_as(admin)
    enrol(client, admin)
    client.post("/account/two-step/disable",
                data={"disable-code": next_code(admin)})
    db.session.refresh(admin)
    assert admin.has_mfa


def test_someone_not_required_can_switch_it_off(client, make):
    user = make.user(language="en")
    client.login_as(user)
    enrol(client, user)
    client.post("/account/two-step/disable",
                data={"disable-code": next_code(user)})
    db.session.refresh(user)
    assert not user.has_mfa and user.totp_secret is None


def test_a_code_works_once(app, make):
    """A code seen over a shoulder, in a screen share or a log cannot be used again within
    its 90 seconds, nor can an older one once a later one was used."""
    user = make.user(language="en", mfa=True)
    totp = pyotp.TOTP(user.totp_secret)
    now = time.time()
    first = app.test_client()
    password_step(first, user, make.PASSWORD)
    assert first.post("/login/code", data={"code": totp.at(now)}).status_code == 302
    replay = app.test_client()
    password_step(replay, user, make.PASSWORD)
    response = replay.post("/login/code", data={"code": totp.at(now)}, headers=EN)
    assert response.status_code == 400 and b'id="code-error"' in response.data
    assert replay.get("/account").status_code == 302
    # The next period's code still works; after it, the previous period's does not.
    assert replay.post("/login/code", data={"code": totp.at(now + 30)}).status_code == 302
    late = app.test_client()
    password_step(late, user, make.PASSWORD)
    assert late.post("/login/code", data={"code": totp.at(now - 30)}).status_code == 400
    db.session.refresh(user)
    assert user.totp_last_step == totp.timecode(now + 30)


def test_the_code_that_confirms_enrolment_cannot_sign_in(app, client, make):
    user = make.user(language="en")
    client.login_as(user)
    client.get("/account/two-step/enrol")
    db.session.refresh(user)
    code = pyotp.TOTP(user.totp_secret).now()
    assert client.post("/account/two-step/enrol", data={"code": code}).status_code == 200
    browser = app.test_client()
    password_step(browser, user, make.PASSWORD)
    assert browser.post("/login/code", data={"code": code}).status_code == 400
