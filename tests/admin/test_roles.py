from sqlalchemy import select

from challenges.accounts.models import Membership, Organisation, Role, RoleInvitation
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage


def test_platform_admin_creates_an_organisation(client, make):
    client.login_as(make.user(platform_admin=True))
    response = client.post("/admin/organisations/new", data={
        "name": "Stad Gent", "slug": "stad-gent", "nis_code": "44021",
        "description": "", "website": "https://stad.gent", "contact_email": "innovatie@gent.be"})
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert (organisation.slug, organisation.nis_code) == ("stad-gent", "44021")


def test_organisation_form_errors_keep_input(client, make):
    make.organisation("Stad Gent", slug="stad-gent")
    client.login_as(make.user(platform_admin=True))
    response = client.post("/admin/organisations/new", data={
        "name": "Gent", "slug": "stad-gent", "nis_code": "4402", "website": "not a url"})
    assert response.status_code == 200
    html = response.data.decode()
    assert 'id="nis_code-error"' in html and 'id="website-error"' in html
    assert 'value="Gent"' in html
    response = client.post("/admin/organisations/new", data={"name": "Gent", "slug": "stad-gent"})
    assert 'id="slug-error"' in response.data.decode()
    assert db.session.scalar(select(db.func.count()).select_from(Organisation)) == 1


def test_grant_role_to_an_existing_user_emails_them(client, make):
    organisation = make.organisation("Stad Mechelen")
    admin = make.org_admin(organisation)
    editor = make.user(email="tom@mechelen.be", language="en")
    client.login_as(admin)
    response = client.post(f"/organisations/{organisation.slug}/members",
                           data={"email": "Tom@Mechelen.be", "role": "editor"})
    assert response.status_code == 302
    assert editor.role_in(organisation) == Role.EDITOR
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient == "tom@mechelen.be"
    assert message.language == "en"
    assert "Stad Mechelen" in message.subject


def test_unknown_address_gets_an_invitation_taken_up_on_verification(client, make):
    from challenges.accounts.operations import register, verify_email

    organisation = make.organisation("Stad Brugge")
    client.login_as(make.org_admin(organisation))
    client.post(f"/organisations/{organisation.slug}/members",
                data={"email": "new@brugge.be", "role": "admin"})
    invitation = db.session.scalar(select(RoleInvitation))
    assert invitation.email == "new@brugge.be"
    message = db.session.scalar(select(OutboxMessage))
    assert "/register?email=new@brugge.be" in message.body_text
    user = register(email="new@brugge.be", password="een goed wachtwoord",
                    display_name="Nieuw", language="nl", participant_kind="citizen")
    assert user.role_in(organisation) is None  # not before the address is confirmed
    verify_email(user)
    assert user.role_in(organisation) == Role.ADMIN
    assert db.session.scalar(select(RoleInvitation)) is None


def test_revoke_role(client, make):
    organisation = make.organisation()
    admin = make.org_admin(organisation)
    editor = make.user()
    membership_id = make.membership(editor, organisation).id
    client.login_as(admin)
    client.post(f"/organisations/{organisation.slug}/members/{membership_id}/revoke")
    assert db.session.get(Membership, membership_id) is None


def test_the_last_administrator_cannot_be_removed(client, make):
    organisation = make.organisation()
    admin = make.org_admin(organisation)
    client.login_as(admin)
    membership = admin.memberships[0]
    response = client.post(f"/organisations/{organisation.slug}/members/{membership.id}/revoke",
                           follow_redirects=True)
    assert "minstens één beheerder".encode() in response.data
    assert db.session.get(Membership, membership.id) is not None
    response = client.post(f"/organisations/{organisation.slug}/members",
                           data={"email": admin.email, "role": "editor"})
    assert response.status_code == 400
    db.session.refresh(membership)
    assert membership.role == Role.ADMIN


def test_cancel_invitation(client, make):
    organisation = make.organisation()
    client.login_as(make.org_admin(organisation))
    client.post(f"/organisations/{organisation.slug}/members",
                data={"email": "x@example.be", "role": "editor"})
    invitation = db.session.scalar(select(RoleInvitation))
    client.post(f"/organisations/{organisation.slug}/invitations/{invitation.id}/cancel")
    assert db.session.scalar(select(RoleInvitation)) is None


def test_bad_email_in_grant_form(client, make):
    organisation = make.organisation()
    client.login_as(make.org_admin(organisation))
    response = client.post(f"/organisations/{organisation.slug}/members",
                           data={"email": "not-an-address", "role": "editor"})
    assert response.status_code == 400
    assert b'id="email-error"' in response.data
    assert b'value="not-an-address"' in response.data
