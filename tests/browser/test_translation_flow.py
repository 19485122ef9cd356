"""An organiser translates a Dutch challenge into English on its translation page, seeing
the original beside each field and what is still missing; a visitor reading English gets the
translation, and a Dutch-only challenge marked `lang="nl"` with a notice. axe checks the
translation form and both English pages."""

import pytest
from playwright.sync_api import expect

from challenges.accounts.models import Role

pytestmark = pytest.mark.browser


def sign_in(page, email, password):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()


def test_organiser_translates_and_a_visitor_reads_english(page, make, axe_check):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    editor = make.user(email="els@mechelen.be", name="Els Peeters")
    make.membership(editor, mechelen, Role.EDITOR)
    translated = make.challenge(mechelen, title="Minder zwerfvuil in de parken",
                                summary="Mechelen zoekt manieren tegen zwerfvuil.",
                                problem="Na warme avonden liggen de parken vol **blikjes**.",
                                criteria=[("Impact", 100, None)])
    dutch_only = make.challenge(mechelen, title="Slimme vuilnisbakken",
                                summary="Vuilnisbakken die melden wanneer ze vol zijn.")

    sign_in(page, editor.email, make.PASSWORD)
    page.goto("/manage")
    row = page.get_by_role("row").filter(has_text="Minder zwerfvuil in de parken")
    expect(row).to_contain_text("Engels: 8 teksten ontbreken")
    row.get_by_role("link", name="Vertalen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vertaling in het Engels")
    axe_check(page, "translation form")

    expect(page.get_by_text("Na warme avonden liggen de parken vol")).to_be_hidden()
    page.get_by_text("De tekst in het Nederlands").nth(2).click()  # the problem's original
    expect(page.get_by_text("Na warme avonden liggen de parken vol")).to_be_visible()
    page.get_by_label("Probleemstelling").fill("After warm evenings the parks are full of "
                                               "**cans**.")
    page.get_by_label("Titel").fill("Less litter in the parks")
    page.get_by_label("Korte samenvatting").fill("Mechelen looks for ways against litter.")
    page.locator("#criteria-0-name").fill("Impact")
    page.get_by_role("button", name="Vertaling opslaan").click()
    expect(page.get_by_text("De vertaling is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Nog niet vertaald")).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()

    page.goto(f"/challenges/{translated.slug}")
    page.get_by_role("button", name="English").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Less litter in the parks")
    expect(page.locator("strong", has_text="cans")).to_be_visible()
    axe_check(page, "translated challenge in English")

    page.goto(f"/challenges/{dutch_only.slug}")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Slimme vuilnisbakken")
    expect(heading).to_have_attribute("lang", "nl")
    expect(page.get_by_text("This text is only available in Dutch.")).to_have_count(1)
    axe_check(page, "Dutch-only challenge in English")
