"""An organisation's administrators (and platform administrators) set its population band in
the organisation's settings; the lessons library and the statistics compare by it."""

from challenges.accounts.models import PopulationBand, Role
from challenges.extensions import db


def _post(client, organisation, band):
    return client.post(f"/admin/organisations/{organisation.slug}/edit", data={
        "name": organisation.name, "population_band": band}, headers={"Accept-Language": "en"})


def test_the_administrator_sets_the_population_band(client, make):
    organisation = make.organisation()
    client.login_as(make.org_admin(organisation, language="en"))
    page = client.get(f"/admin/organisations/{organisation.slug}/edit",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Number of inhabitants" in page and "25,000 to 50,000 inhabitants" in page
    assert _post(client, organisation, "25k_50k").status_code == 302
    db.session.refresh(organisation)
    assert organisation.population_band == PopulationBand.FROM_25K
    page = client.get(f"/admin/organisations/{organisation.slug}/edit").get_data(as_text=True)
    assert 'selected value="25k_50k"' in page
    assert _post(client, organisation, "").status_code == 302
    db.session.refresh(organisation)
    assert organisation.population_band is None


def test_a_band_that_does_not_exist_is_refused(client, make):
    organisation = make.organisation(population_band=PopulationBand.UNDER_10K)
    client.login_as(make.org_admin(organisation, language="en"))
    response = _post(client, organisation, "a-million")
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    db.session.refresh(organisation)
    assert organisation.population_band == PopulationBand.UNDER_10K


def test_an_editor_cannot_set_it(client, make):
    organisation = make.organisation()
    editor = make.user()
    make.membership(editor, organisation, Role.EDITOR)
    client.login_as(editor)
    assert _post(client, organisation, "over_100k").status_code == 403
