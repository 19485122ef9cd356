"""The event record: what platform administrators and organisation administrators see."""

from __future__ import annotations

from challenges.accounts.models import Role
from tests.access import sent_to_sign_in
from tests.events import only

EN = {"Accept-Language": "en"}


def test_theme_changes_are_recorded_and_listed_for_platform_admins(client, make):
    admin = make.user(platform_admin=True, language="en")
    client.login_as(admin)
    client.post("/admin/themes/new", data={"slug": "water", "name_nl": "Water",
                                           "name_en": "Water", "position": "3"})
    created = only("theme_created")
    assert created.actor_id == admin.id and created.changes == {"slug": "water"}
    page = client.get("/admin/events", headers=EN).get_data(as_text=True)
    assert "Theme created" in page and admin.name in page
    only_themes = client.get("/admin/events?action=theme_created", headers=EN)
    assert "Theme created" in only_themes.get_data(as_text=True)


def test_organisation_admins_see_their_own_organisations_events_only(client, make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    admin = make.org_admin(mechelen, language="en")
    brugge_admin = make.org_admin(brugge, language="en")
    make.user(email="tom@mechelen.be")
    make.user(email="sofie@brugge.be")
    client.login_as(admin)
    client.post("/organisations/stad-mechelen/members",
                data={"email": "tom@mechelen.be", "role": Role.EDITOR.value})
    client.login_as(brugge_admin)
    client.post("/organisations/stad-brugge/members",
                data={"email": "sofie@brugge.be", "role": Role.EDITOR.value})
    client.logout().login_as(admin)  # a fresh session: no message left from the other one
    page = client.get("/organisations/stad-mechelen/events", headers=EN).get_data(as_text=True)
    assert "tom@mechelen.be" in page and "sofie@brugge.be" not in page
    assert client.get("/organisations/stad-brugge/events").status_code == 403
    client.logout()
    assert sent_to_sign_in(client.get("/organisations/stad-mechelen/events"))
    assert sent_to_sign_in(client.get("/admin/events"))
