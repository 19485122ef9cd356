"""Platform administrators suspend and restore accounts; a suspended account cannot sign in,
its sessions end, its pending invitations lapse, and the event record says who did it."""

from sqlalchemy import func, select

from challenges.accounts.models import RoleInvitation
from challenges.events import Event
from challenges.extensions import db

EN = {"Accept-Language": "en"}


def test_suspend_signs_out_refuses_sign_in_and_is_recorded(app, client, make):
    admin = make.user(platform_admin=True, language="en")
    ann = make.user(email="ann@example.be", language="en")
    ann_device = app.test_client()
    assert ann_device.post("/login", data={"email": ann.email,
                                           "password": make.PASSWORD}).status_code == 302
    organisation = make.organisation()
    db.session.add(RoleInvitation(email="ann@example.be", organisation=organisation,
                                  role="editor"))
    db.session.commit()

    client.login_as(admin)
    page = client.get(f"/admin/users/{ann.id}/suspend", headers=EN)
    assert page.status_code == 200 and "signed out on every device" in page.data.decode()
    # A reason is needed, and what was typed is kept.
    response = client.post(f"/admin/users/{ann.id}/suspend", data={"reason": ""})
    assert response.status_code == 200 and b'id="reason-error"' in response.data
    response = client.post(f"/admin/users/{ann.id}/suspend", data={"reason": "Spam in vragen"})
    assert response.status_code == 302

    assert ann_device.get("/account").status_code == 302  # signed out
    response = ann_device.post("/login", data={"email": ann.email, "password": make.PASSWORD})
    assert response.status_code == 400
    assert b"This account is suspended" in response.data
    assert db.session.scalar(select(func.count()).select_from(RoleInvitation)) == 0
    event = db.session.scalar(select(Event).where(Event.action == "account_suspended"))
    assert event.actor_id == admin.id and event.object_id == ann.id
    assert event.changes["reason"] == "Spam in vragen"
    assert "suspended" in client.get("/admin/users", headers=EN).data.decode()

    assert client.post(f"/admin/users/{ann.id}/restore").status_code == 302
    assert ann_device.post("/login", data={"email": ann.email,
                                           "password": make.PASSWORD}).status_code == 302
    event = db.session.scalar(select(Event).where(Event.action == "account_restored"))
    assert event.actor_id == admin.id


def test_a_wrong_password_for_a_suspended_account_says_nothing_of_it(client, make):
    from challenges.admin.operations import suspend_account

    admin = make.user(platform_admin=True, language="en")
    ann = make.user(email="ann@example.be", language="en")
    suspend_account(ann, "test", admin)
    response = client.post("/login", data={"email": ann.email, "password": "wrong"})
    assert b"suspended" not in response.data


def test_an_admin_cannot_suspend_themself_and_others_cannot_suspend(client, make):
    admin = make.user(platform_admin=True, language="en")
    client.login_as(admin)
    response = client.post(f"/admin/users/{admin.id}/suspend", data={"reason": "x"})
    assert response.status_code == 200
    db.session.refresh(admin)
    assert admin.suspended_at is None
    organiser = make.org_admin()
    client.logout().login_as(organiser)
    assert client.post(f"/admin/users/{admin.id}/suspend",
                       data={"reason": "x"}).status_code == 403
