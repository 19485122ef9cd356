"""A joint challenge, the peers' questions and the statistics in a real browser: Mechelen's
administrator invites Brugge, Brugge's administrator accepts, Brugge's editor opens the
challenge's edit form; an Antwerpen organiser asks Mechelen about its lessons and Mechelen
answers publicly; axe finds no serious or critical violation on any of these pages, nor on
/statistics."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from challenges.accounts.models import Role
from tests.factories import PASSWORD
from tests.pilots.helpers import pilot, world

pytestmark = pytest.mark.browser


def sign_in(page, email):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Afmelden").click()


def test_joint_challenge_peers_and_statistics(page, make, axe_check):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    antwerpen = make.organisation("Stad Antwerpen", slug="stad-antwerpen")
    lead = make.user(email="els@mechelen.be", name="Els Peeters")
    make.membership(lead, mechelen, Role.ADMIN)
    partner_admin = make.user(email="sofie@brugge.be", name="Sofie De Clercq")
    make.membership(partner_admin, brugge, Role.ADMIN)
    partner_editor = make.user(email="pieter@brugge.be", name="Pieter Vermeulen")
    make.membership(partner_editor, brugge, Role.EDITOR)
    asker = make.user(email="karim@antwerpen.be", name="Karim El Amrani")
    make.membership(asker, antwerpen, Role.EDITOR)
    challenge = make.challenge(mechelen, title="Slimme verlichting")
    done = make.challenge(mechelen, phase="completed", title="Energie in stadsgebouwen")
    make.lessons(done)
    w = world(make)
    pilot(w)

    sign_in(page, lead.email)
    page.goto(f"/manage/challenges/{challenge.slug}/hosts")
    axe_check(page, "the hosts page")
    page.get_by_label("Organisatie die u als partner uitnodigt").select_option(label="Stad Brugge")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("cell", name="Uitgenodigd, nog geen antwoord")).to_be_visible()
    sign_out(page)

    sign_in(page, partner_admin.email)
    page.goto("/manage")
    page.get_by_role("link", name="Stad Mechelen nodigt Stad Brugge uit").click()
    axe_check(page, "the invitation")
    page.get_by_role("button", name="Aanvaarden").click()
    sign_out(page)

    sign_in(page, partner_editor.email)
    page.goto(f"/manage/challenges/{challenge.slug}/edit")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Slimme verlichting")
    page.goto(f"/challenges/{challenge.slug}")
    expect(page.get_by_text("Een gezamenlijke challenge van Stad Mechelen, Stad Brugge")
           ).to_be_visible()
    axe_check(page, "a joint challenge's public page")
    sign_out(page)

    sign_in(page, asker.email)
    page.goto(f"/lessons/{done.slug}")
    page.get_by_label("Je vraag").fill("Hoe meten jullie de oude ketels?")
    page.get_by_role("button", name="De vraag versturen").click()
    expect(page.get_by_text("Uw vraag is naar Stad Mechelen gestuurd")).to_be_visible()
    axe_check(page, "a lessons record with the question form")
    sign_out(page)

    sign_in(page, lead.email)
    page.goto("/manage/lessons/questions")
    axe_check(page, "the open peer questions")
    page.get_by_role("link", name="Antwoord").click()
    axe_check(page, "the answer form")
    page.get_by_label("Uw antwoord").fill("Met een klemsensor op de gasmeter.")
    page.get_by_role("button", name="Het antwoord versturen").click()
    sign_out(page)

    page.goto(f"/lessons/{done.slug}")
    expect(page.get_by_text("Met een klemsensor op de gasmeter.")).to_be_visible()
    expect(page.get_by_text("een organisator van Stad Antwerpen", exact=False)).to_be_visible()
    page.goto("/statistics")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistieken")
    axe_check(page, "the statistics")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/statistics")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow
