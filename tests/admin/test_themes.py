"""Platform administrators maintain the curated list of themes."""

import pytest
from sqlalchemy import func, select

from challenges.accounts.models import Role
from challenges.challenges import queries
from challenges.challenges.models import Theme
from challenges.challenges.queries import themes_for_choice
from challenges.extensions import db
from tests.access import refused

EN = {"Accept-Language": "en"}

ROUTES = [
    ("GET", "/admin/themes"),
    ("GET", "/admin/themes/new"),
    ("POST", "/admin/themes/new"),
    ("GET", "/admin/themes/{theme}/edit"),
    ("POST", "/admin/themes/{theme}/edit"),
    ("POST", "/admin/themes/{theme}/deactivate"),
    ("POST", "/admin/themes/{theme}/reactivate"),
    ("POST", "/admin/themes/{theme}/delete"),
]


@pytest.fixture
def admin(make):
    return make.user(email="admin@platform.be", platform_admin=True, language="en")


@pytest.fixture
def signed_in(client, admin):
    return client.login_as(admin)


def theme_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Theme))


# Access -------------------------------------------------------------------------------------

@pytest.fixture
def people(make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    editor = make.user(email="editor@mechelen.be")
    make.membership(editor, mechelen, Role.EDITOR)
    return {
        "stranger": None,
        "citizen": make.user(email="citizen@example.be"),
        "organisation_admin": make.org_admin(mechelen, email="admin@mechelen.be"),
        "organisation_editor": editor,
    }


@pytest.mark.parametrize("method,url", ROUTES)
@pytest.mark.parametrize("who", ["stranger", "citizen", "organisation_admin",
                                 "organisation_editor"])
def test_only_platform_admins_reach_theme_routes(client, make, people, who, method, url):
    theme = make.theme(slug="mobility", name_nl="Mobiliteit", name_en="Mobility")
    if people[who] is not None:
        client.login_as(people[who])
    data = {"name_nl": "Hack", "name_en": "Hack", "slug": "hack", "position": "1"}
    response = client.open(url.format(theme=theme.id), method=method, data=data)
    assert refused(response, signed_in=people[who] is not None)
    db.session.expire_all()
    assert theme_count() == 1
    assert db.session.get(Theme, theme.id).active and theme.name_en == "Mobility"


@pytest.mark.parametrize("method,url", ROUTES)
def test_platform_admin_reaches_theme_routes(signed_in, make, method, url):
    theme = make.theme()
    data = {"name_nl": "Wonen", "name_en": "Housing", "slug": "housing", "position": "4"}
    response = signed_in.open(url.format(theme=theme.id), method=method, data=data)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("method,url", [r for r in ROUTES if "{theme}" in r[1]])
def test_unknown_theme_is_404(signed_in, method, url):
    assert signed_in.open(url.format(theme=999), method=method, data={}).status_code == 404


# List ---------------------------------------------------------------------------------------

def test_list_in_position_order_with_usage(signed_in, make):
    energy = make.theme(slug="energy", name_nl="Energie", name_en="Energy")
    mobility = make.theme(slug="mobility", name_nl="Mobiliteit", name_en="Mobility")
    mobility.position, energy.position = 1, 2
    db.session.commit()
    organisation = make.organisation()
    make.challenge(organisation, themes=[mobility])
    make.challenge(organisation, phase="draft", themes=[mobility, energy])
    html = signed_in.get("/admin/themes", headers=EN).get_data(as_text=True)
    assert html.index("Mobiliteit") < html.index("Energie")
    rows = html.split("<tr>")
    mobility_row = next(r for r in rows if "Mobiliteit" in r)
    energy_row = next(r for r in rows if "Energie" in r)
    assert '<td class="text-end">2</td>' in mobility_row
    assert '<td class="text-end">1</td>' in energy_row
    # A theme in use offers no delete button.
    assert f"/admin/themes/{mobility.id}/delete" not in html


def test_list_uses_a_fixed_number_of_queries(signed_in, make, count_queries):
    organisation = make.organisation()

    def queries_for_list():
        with count_queries() as counter:
            assert signed_in.get("/admin/themes").status_code == 200
        return counter.count

    make.challenge(organisation, themes=[make.theme()])
    few = queries_for_list()
    for _ in range(5):
        make.challenge(organisation, themes=[make.theme(), make.theme()])
    assert queries_for_list() == few


def test_dashboard_links_to_themes(signed_in, make):
    make.theme()
    html = signed_in.get("/admin/", headers=EN).get_data(as_text=True)
    assert 'href="/admin/themes"' in html


# Create and edit ----------------------------------------------------------------------------

def test_create_theme(signed_in):
    form = signed_in.get("/admin/themes/new", headers=EN).get_data(as_text=True)
    assert 'name="position"' in form and 'value="1"' in form  # first free position
    response = signed_in.post("/admin/themes/new", data={
        "name_nl": " Onderwijs ", "name_en": "Education", "slug": "education", "position": "10"})
    assert response.status_code == 302 and response.location.endswith("/admin/themes")
    theme = db.session.scalar(select(Theme).where(Theme.slug == "education"))
    assert (theme.name_nl, theme.name_en, theme.position, theme.active) == \
        ("Onderwijs", "Education", 10, True)
    assert theme in themes_for_choice()


@pytest.mark.parametrize("data,field,message", [
    ({"name_nl": "", "name_en": "Education", "slug": "education", "position": "1"},
     "name_nl", "Enter the Dutch name of the theme."),
    ({"name_nl": "Onderwijs", "name_en": "  ", "slug": "education", "position": "1"},
     "name_en", "Enter the English name of the theme."),
    ({"name_nl": "Onderwijs", "name_en": "Education", "slug": "Onder Wijs", "position": "1"},
     "slug", "Use lower-case letters, digits and hyphens"),
    ({"name_nl": "Onderwijs", "name_en": "Education", "slug": "education", "position": "tien"},
     "position", "Enter a whole number from 0 to 9999"),
    ({"name_nl": "Onderwijs", "name_en": "Education", "slug": "education", "position": "-3"},
     "position", "Enter a whole number from 0 to 9999"),
    ({"name_nl": "Onderwijs", "name_en": "Education", "slug": "mobility", "position": "1"},
     "slug", "Another theme already uses this short name."),
])
def test_create_refuses_bad_input_and_keeps_it(signed_in, make, data, field, message):
    make.theme(slug="mobility")
    before = theme_count()
    response = signed_in.post("/admin/themes/new", data=data, headers=EN)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert 'aria-invalid="true"' in html
    for name, value in data.items():
        if value.strip():
            assert f'value="{value.strip() if name in ("slug", "position") else value}"' in html
    assert theme_count() == before


def test_edit_theme(signed_in, make):
    theme = make.theme(slug="mobility", name_nl="Mobiliteit", name_en="Mobility")
    form = signed_in.get(f"/admin/themes/{theme.id}/edit").get_data(as_text=True)
    assert 'value="Mobiliteit"' in form and 'value="mobility"' in form
    response = signed_in.post(f"/admin/themes/{theme.id}/edit", data={
        "name_nl": "Mobiliteit en verkeer", "name_en": "Mobility and traffic",
        "slug": "mobility", "position": "3"})
    assert response.status_code == 302
    db.session.refresh(theme)
    assert (theme.name_nl, theme.name_en, theme.slug, theme.position) == \
        ("Mobiliteit en verkeer", "Mobility and traffic", "mobility", 3)


def test_edit_posted_without_a_position_keeps_the_position(signed_in, make):
    theme = make.theme(slug="mobility", name_nl="Mobiliteit", name_en="Mobility")
    position = theme.position
    response = signed_in.post(f"/admin/themes/{theme.id}/edit", data={
        "name_nl": "Mobiliteit", "name_en": "Mobility", "slug": "mobility"})
    assert response.status_code == 302
    db.session.refresh(theme)
    assert theme.position == position


def test_edit_refuses_a_slug_taken_by_another_theme(signed_in, make):
    make.theme(slug="energy")
    theme = make.theme(slug="mobility", name_nl="Mobiliteit", name_en="Mobility")
    response = signed_in.post(f"/admin/themes/{theme.id}/edit", headers=EN, data={
        "name_nl": "Mobiliteit 2", "name_en": "Mobility", "slug": "energy", "position": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Another theme already uses this short name." in html
    assert 'value="Mobiliteit 2"' in html
    db.session.refresh(theme)
    assert (theme.slug, theme.name_nl) == ("mobility", "Mobiliteit")


# Deactivate, reactivate, delete -------------------------------------------------------------

def test_deactivated_theme_is_not_offered_but_stays_on_challenges(signed_in, make):
    mobility = make.theme(slug="mobility")
    energy = make.theme(slug="energy")
    challenge = make.challenge(themes=[mobility])
    assert signed_in.post(f"/admin/themes/{mobility.id}/deactivate").status_code == 302
    db.session.expire_all()
    assert not mobility.active
    assert queries.active_themes() == [energy]
    assert themes_for_choice() == [energy]
    # Editing a challenge that already has it still shows it, so saving keeps it.
    assert themes_for_choice(challenge.themes) == [energy, mobility]
    assert challenge.themes == [mobility]
    html = signed_in.get("/admin/themes", headers=EN).get_data(as_text=True)
    assert "Deactivated" in html and f"/admin/themes/{mobility.id}/reactivate" in html

    assert signed_in.post(f"/admin/themes/{mobility.id}/reactivate").status_code == 302
    db.session.expire_all()
    assert mobility.active and mobility in themes_for_choice()


def test_unused_theme_can_be_deleted(signed_in, make):
    theme = make.theme()
    response = signed_in.post(f"/admin/themes/{theme.id}/delete", follow_redirects=True,
                              headers=EN)
    assert "is deleted" in response.get_data(as_text=True)
    assert theme_count() == 0


def test_theme_in_use_cannot_be_deleted(signed_in, make):
    theme = make.theme()
    challenge = make.challenge(themes=[theme])
    response = signed_in.post(f"/admin/themes/{theme.id}/delete", follow_redirects=True,
                              headers=EN)
    assert response.status_code == 200
    assert "Deactivate it instead." in response.get_data(as_text=True)
    assert theme_count() == 1
    db.session.expire_all()
    assert challenge.themes == [theme]


@pytest.mark.csrf
def test_theme_actions_need_the_csrf_token(signed_in, make):
    theme = make.theme()
    for action in ("deactivate", "delete"):
        assert signed_in.post(f"/admin/themes/{theme.id}/{action}").status_code == 400
    response = signed_in.post("/admin/themes/new", data={
        "name_nl": "Onderwijs", "name_en": "Education", "slug": "education", "position": "1"})
    assert response.status_code == 400
    db.session.expire_all()
    assert theme_count() == 1 and theme.active


def test_challenge_form_offers_only_active_themes(client, make):
    active = make.theme(name_nl="Thema aan", name_en="Theme on")
    switched_off = make.theme(name_nl="Thema uit", name_en="Theme off")
    switched_off.active = False
    db.session.commit()
    organisation = make.organisation(slug="stad-mechelen")
    editor = make.user()
    make.membership(editor, organisation, Role.EDITOR)
    client.login_as(editor)
    html = client.get("/manage/organisations/stad-mechelen/challenges/new").get_data(as_text=True)
    assert active.name_nl in html and switched_off.name_nl not in html


@pytest.mark.browser
def test_admin_manages_themes_in_a_browser(page, make, axe_check):
    import pyotp
    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    admin = make.user(email="admin@platform.be", platform_admin=True)
    make.challenge(themes=[make.theme(slug="mobility", name_nl="Mobiliteit",
                                      name_en="Mobility")])
    page.goto("/login")
    page.get_by_label("E-mailadres").fill("admin@platform.be")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    # A platform administrator signs in in two steps.
    page.get_by_label("Code").fill(pyotp.TOTP(admin.totp_secret).now())
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    page.goto("/admin/")
    page.locator("a[href='/admin/themes']").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page, "themes")

    page.locator("a[href='/admin/themes/new']").click()
    page.locator("#slug").fill("Onder Wijs")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#name_nl-error")).to_be_visible()
    expect(page.locator("#slug")).to_have_value("Onder Wijs")
    axe_check(page, "theme form with errors")

    page.locator("#name_nl").fill("Onderwijs")
    page.locator("#name_en").fill("Education")
    page.locator("#slug").fill("education")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("row", name="Onderwijs")).to_be_visible()
    page.get_by_role("row", name="Mobiliteit").get_by_role("button").first.click()
    expect(page.get_by_role("row", name="Mobiliteit").locator(".badge")).to_be_visible()
    axe_check(page, "themes after deactivating")
