"""Every administration route refuses strangers and people without the role."""

import pytest

from challenges.accounts.models import Role
from tests.access import sent_to_sign_in

PLATFORM_ROUTES = [
    ("GET", "/admin/"),
    ("GET", "/admin/organisations"),
    ("GET", "/admin/organisations/new"),
    ("POST", "/admin/organisations/new"),
    ("GET", "/admin/users"),
    ("GET", "/admin/outbox"),
    ("POST", "/admin/outbox/1/retry"),
]

ORGANISATION_ROUTES = [
    ("GET", "/organisations/{slug}/members"),
    ("POST", "/organisations/{slug}/members"),
    ("POST", "/organisations/{slug}/members/{membership}/revoke"),
    ("POST", "/organisations/{slug}/invitations/{invitation}/cancel"),
    ("GET", "/admin/organisations/{slug}/edit"),
    ("POST", "/admin/organisations/{slug}/edit"),
]


@pytest.fixture
def world(make):
    from challenges.accounts.models import RoleInvitation
    from challenges.extensions import db

    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    mechelen_admin = make.user(email="admin@mechelen.be")
    membership = make.membership(mechelen_admin, mechelen, Role.ADMIN)
    mechelen_editor = make.user(email="editor@mechelen.be")
    make.membership(mechelen_editor, mechelen, Role.EDITOR)
    brugge_admin = make.user(email="admin@brugge.be")
    make.membership(brugge_admin, brugge, Role.ADMIN)
    invitation = RoleInvitation(email="new@mechelen.be", organisation=mechelen, role=Role.EDITOR)
    db.session.add(invitation)
    db.session.commit()
    return {
        "mechelen": mechelen, "membership": membership, "invitation": invitation,
        "citizen": make.user(email="citizen@example.be"),
        "mechelen_admin": mechelen_admin, "mechelen_editor": mechelen_editor,
        "brugge_admin": brugge_admin,
    }


def call(client, method, url):
    return client.open(url, method=method, data={})


def format_url(url, world):
    return url.format(slug="stad-mechelen", membership=world["membership"].id,
                      invitation=world["invitation"].id)


@pytest.mark.parametrize("method,url", PLATFORM_ROUTES + ORGANISATION_ROUTES)
def test_stranger_is_sent_to_sign_in(client, world, method, url):
    assert sent_to_sign_in(call(client, method, format_url(url, world)))


@pytest.mark.parametrize("method,url", PLATFORM_ROUTES + ORGANISATION_ROUTES)
def test_signed_in_citizen_gets_403(client, world, method, url):
    client.login_as(world["citizen"])
    assert call(client, method, format_url(url, world)).status_code == 403


@pytest.mark.parametrize("method,url", PLATFORM_ROUTES + ORGANISATION_ROUTES)
@pytest.mark.parametrize("who", ["mechelen_editor", "brugge_admin"])
def test_editors_and_admins_of_another_organisation_get_403(client, world, method, url, who):
    client.login_as(world[who])
    assert call(client, method, format_url(url, world)).status_code == 403


@pytest.mark.parametrize("method,url", ORGANISATION_ROUTES)
def test_organisation_admin_manages_own_organisation(client, world, method, url):
    client.login_as(world["mechelen_admin"])
    assert call(client, method, format_url(url, world)).status_code in (200, 302, 400)


@pytest.mark.parametrize("method,url", PLATFORM_ROUTES)
def test_organisation_admin_is_not_a_platform_admin(client, world, method, url):
    client.login_as(world["mechelen_admin"])
    assert call(client, method, format_url(url, world)).status_code == 403


def test_membership_of_another_organisation_cannot_be_revoked_through_mine(client, world, make):
    from challenges.extensions import db

    brugge_member = world["brugge_admin"].memberships[0]
    client.login_as(world["mechelen_admin"])
    response = client.post(f"/organisations/stad-mechelen/members/{brugge_member.id}/revoke")
    assert response.status_code == 404
    db.session.expire_all()
    assert world["brugge_admin"].memberships


def test_stranger_comes_back_after_signing_in(client, world):
    response = client.get("/admin/")
    assert response.headers["Location"].endswith("/login?next=/admin/")


def test_403_page_is_designed(client, world):
    client.login_as(world["citizen"])
    response = client.get("/admin/")
    assert response.status_code == 403
    assert 'href="/"' in response.data.decode()
