"""Every account action is in the event record, with who did it, and nothing secret."""

from __future__ import annotations

from challenges.accounts.models import Role
from challenges.accounts.queries import verify_token
from tests.events import only, recorded
from tests.factories import PASSWORD

NEW = {"display_name": "Ann Peeters", "email": "ann@example.be",
       "password": "fietsen langs de Dijle", "password_confirm": "fietsen langs de Dijle",
       "participant_kind": "citizen", "accept_privacy": "y"}


def test_registration_confirmation_and_sign_in_are_recorded(client, make):
    client.post("/register", data=NEW)
    registered = only("account_registered")
    assert registered.object_type == "users" and registered.actor_id == registered.object_id
    assert "fietsen" not in str(registered.changes)
    user = registered.actor
    client.get(f"/verify/{verify_token(user)}")
    assert only("email_verified").actor_id == user.id
    client.post("/logout")
    client.post("/login", data={"email": "ann@example.be", "password": NEW["password"]})
    assert only("signed_in").actor_id == user.id


def test_profile_password_and_deletion_are_recorded_without_secrets(client, make):
    user = make.user(email="jan@example.be")
    client.login_as(user)
    client.post("/account", data={"display_name": "Jan", "participant_kind": "citizen",
                                  "language": "en"})
    assert only("profile_updated").actor_id == user.id
    client.post("/account/password", data={"current_password": PASSWORD,
                                           "password": "een nieuw lang wachtwoord",
                                           "password_confirm": "een nieuw lang wachtwoord"})
    changed = only("password_changed")
    assert changed.actor_id == user.id and changed.changes == {}
    client.login_as(user)
    client.post("/account/delete", data={"current_password": "een nieuw lang wachtwoord",
                                         "confirm": "y"})
    deleted = only("account_deleted")
    assert deleted.object_id == user.id and "jan@example.be" not in str(deleted.changes)


def test_role_grants_and_revocations_name_who_gave_them(client, make):
    organisation = make.organisation("Stad Mechelen", slug="stad-mechelen")
    admin = make.org_admin(organisation)
    editor = make.user(email="tom@mechelen.be")
    client.login_as(admin)
    client.post("/organisations/stad-mechelen/members",
                data={"email": "tom@mechelen.be", "role": "editor"})
    granted = only("role_granted")
    assert granted.actor_id == admin.id and granted.organisation_id == organisation.id
    assert granted.changes == {"email": "tom@mechelen.be", "role": "editor"}
    membership = next(m for m in editor.memberships if m.organisation_id == organisation.id)
    client.post(f"/organisations/stad-mechelen/members/{membership.id}/revoke")
    assert only("role_revoked").actor_id == admin.id
    client.post("/organisations/stad-mechelen/members",
                data={"email": "nobody@mechelen.be", "role": Role.ADMIN.value})
    assert only("role_invited").changes["email"] == "nobody@mechelen.be"
    assert recorded("role_invitation_cancelled") == []
