"""A joint challenge's pilots run at its hosts' sites: the site is chosen among the hosts when
the pilot starts, shown on the public page and in the API, and the lessons record compares
the sites."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from challenges.accounts.models import Role
from challenges.extensions import db
from challenges.pilots.models import Evaluation, KpiValue, Outcome, Pilot, PilotStatus
from tests.pilots.helpers import iso, kpi, pilot, world

EN = {"Accept-Language": "en"}


def _joint(make):
    w = world(make)
    partner = make.organisation("Stad Brugge", slug="stad-brugge")
    partner_editor = make.user(language="en")
    make.membership(partner_editor, partner, Role.EDITOR)
    make.partner(w.challenge, partner)
    return w, partner, partner_editor


def test_a_partner_editor_starts_a_pilot_at_its_own_site(client, make):
    w, partner, partner_editor = _joint(make)
    client.login_as(partner_editor)
    url = f"/manage/challenges/{w.challenge.slug}/proposals/{w.winner.id}/pilot"
    page = client.get(url, headers=EN).get_data(as_text=True)
    assert "Runs at the site of" in page and "Stad Brugge" in page
    data = {"amount": "5000", "starts_on": iso(w.today), "ends_on": iso(w.today + timedelta(90)),
            "municipality_contact_id": "0", "objectives": "Tien sensoren."}
    stranger = make.organisation("Elders")
    response = client.post(url, data={**data, "site_id": str(stranger.id)}, headers=EN)
    assert response.status_code == 400 and "Tien sensoren." in response.get_data(as_text=True)
    assert client.post(url, data={**data, "site_id": str(partner.id)}).status_code == 302
    started = db.session.scalar(select(Pilot))
    assert started.site_id == partner.id and started.site_organisation == partner
    public = client.get(f"/challenges/{w.challenge.slug}", headers=EN).get_data(as_text=True)
    assert "at the site of Stad Brugge" in public
    api = client.get(f"/api/v1/challenges/{w.challenge.slug}").get_json()
    assert api["pilots"][0]["site"] == {"slug": "stad-brugge", "name": "Stad Brugge"}


def test_without_a_site_the_pilot_runs_at_the_lead(client, make):
    w = world(make)
    client.login_as(w.editor)
    url = f"/manage/challenges/{w.challenge.slug}/proposals/{w.winner.id}/pilot"
    assert "site_id" not in client.get(url).get_data(as_text=True)
    assert client.post(url, data={
        "amount": "5000", "starts_on": iso(w.today), "ends_on": iso(w.today + timedelta(90)),
        "municipality_contact_id": "0"}).status_code == 302
    started = db.session.scalar(select(Pilot))
    assert started.site_id is None and started.site_organisation == w.challenge.organisation


def test_the_lessons_record_compares_the_sites(client, make):
    w, partner, _editor = _joint(make)
    measure = kpi(w)
    at_lead = pilot(w, amount="8000")
    second = make.proposal(w.challenge, make.user(), status="winner", title="Tweede ploeg")
    at_partner = Pilot(challenge=w.challenge, proposal=second, legal_route=w.challenge.legal_route,
                       amount=Decimal("3000"), starts_on=w.today - timedelta(days=30),
                       ends_on=w.today + timedelta(days=30), status=PilotStatus.EVALUATED,
                       site_id=partner.id)
    db.session.add(at_partner)
    db.session.add_all([
        Evaluation(pilot=at_lead, outcome=Outcome.SCALED, summary="Goed."),
        Evaluation(pilot=at_partner, outcome=Outcome.STOPPED, summary="Te duur."),
        KpiValue(pilot=at_lead, kpi=measure, measured_on=w.today, value=Decimal("20")),
        KpiValue(pilot=at_partner, kpi=measure, measured_on=w.today, value=Decimal("40"))])
    at_lead.status = PilotStatus.EVALUATED
    w.challenge.status = w.challenge.status.__class__("completed")
    db.session.commit()
    make.lessons(w.challenge)
    page = client.get(f"/lessons/{w.challenge.slug}", headers=EN).get_data(as_text=True)
    assert "The sites compared" in page
    table = page[page.index("The sites compared"):]
    table = table[:table.index("</table>")]
    lead_row = table[table.index(w.challenge.organisation.name):]
    lead_row = lead_row[:lead_row.index("</tr>")]
    partner_row = table[table.index("Stad Brugge"):]
    partner_row = partner_row[:partner_row.index("</tr>")]
    assert "Scaled to other sites" in lead_row and "20" in lead_row
    assert "Stopped" in partner_row and "40" in partner_row and "3,000" in partner_row
