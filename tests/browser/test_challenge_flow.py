"""An editor writes and publishes a challenge; a visitor finds it, reads the deadline in
Brussels time, asks a question and sees the public answer. axe checks every page."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from challenges.accounts.models import Role
from challenges.db import utcnow
from challenges.timezones import utc_to_brussels

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def sign_in(page, email, password):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Afmelden").click()


def test_editor_publishes_and_visitor_finds_asks_and_reads_the_answer(page, make, axe_check,
                                                                       tmp_path: Path):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    make.theme("cleanliness-environment", "Netheid en milieu", "Cleanliness and environment")
    make.theme("mobility", "Mobiliteit", "Mobility")
    editor = make.user(email="els@mechelen.be", name="Els Peeters")
    make.membership(editor, mechelen, Role.EDITOR)
    citizen = make.user(email="jan@example.be", name="Jan Wouters")

    closes = utc_to_brussels(utcnow() + timedelta(days=10)).replace(hour=17, minute=0)
    opens = utc_to_brussels(utcnow() - timedelta(days=1)).replace(hour=9, minute=0)

    sign_in(page, editor.email, make.PASSWORD)
    page.get_by_role("link", name="Challenges beheren").click()
    page.get_by_role("link", name="Nieuwe challenge voor Stad Mechelen").click()
    axe_check(page, "new challenge form")

    page.get_by_label("Titel").fill("Slimme vuilnisbakken in de binnenstad")
    page.get_by_label("Korte samenvatting").fill("Minder overvolle vuilnisbakken en zwerfvuil.")
    page.get_by_label("Netheid en milieu").check()
    page.get_by_label("Probleemstelling").fill(
        "Vuilnisbakken lopen **elk weekend** over op de Grote Markt.")
    page.get_by_label("Opent op").fill(opens.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Deadline voor voorstellen").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    for n, (name, weight) in enumerate([("Impact", "50"), ("Haalbaarheid", "30"),
                                        ("Kostprijs", "20")]):
        page.locator(f"#criteria-{n}-name").fill(name)
        page.locator(f"#criteria-{n}-weight").fill(weight)

    page.get_by_role("button", name="Voorbeeld").click()
    preview = page.get_by_role("region", name="Voorbeeld")
    expect(preview.locator("strong")).to_have_text("elk weekend")
    page.get_by_role("button", name="Concept bewaren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Slimme vuilnisbakken")
    axe_check(page, "edit challenge")

    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Bestand").set_input_files(str(pdf))
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.get_by_role("link", name="briefing.pdf")).to_be_visible()

    page.get_by_role("button", name="Bewaren en publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Slimme vuilnisbakken in de binnenstad")
    sign_out(page)

    # A visitor finds it by search and by theme.
    page.goto("/challenges")
    page.get_by_role("searchbox", name="Zoeken").fill("vuilnisbakken")
    page.get_by_role("button", name="Toon challenges").click()
    expect(page.get_by_role("link", name="Slimme vuilnisbakken in de binnenstad")).to_be_visible()
    axe_check(page, "listing")
    page.goto("/challenges")
    page.get_by_label("Thema").select_option(label="Mobiliteit")
    page.get_by_role("button", name="Toon challenges").click()
    expect(page.get_by_role("link", name="Slimme vuilnisbakken in de binnenstad")).to_have_count(0)
    page.get_by_label("Thema").select_option(label="Netheid en milieu")
    page.get_by_role("button", name="Toon challenges").click()
    page.get_by_role("link", name="Slimme vuilnisbakken in de binnenstad").click()

    expect(page.get_by_text(f"om {closes:%H:%M}").first).to_be_visible()
    expect(page.get_by_text("Brusselse tijd").first).to_be_visible()
    expect(page.get_by_role("link", name="briefing.pdf")).to_be_visible()
    axe_check(page, "detail")

    # A signed-in citizen asks a question.
    sign_in(page, citizen.email, make.PASSWORD)
    page.goto("/challenges/slimme-vuilnisbakken-in-de-binnenstad")
    page.get_by_label("Je vraag").fill("Mogen we sensoren op bestaande vuilnisbakken plaatsen?")
    page.get_by_role("button", name="Vraag versturen").click()
    sign_out(page)

    # The editor answers it from the queue.
    sign_in(page, editor.email, make.PASSWORD)
    page.goto("/manage/questions")
    axe_check(page, "question queue")
    page.get_by_role("link", name=re.compile("^Antwoord")).first.click()
    axe_check(page, "questions of a challenge")
    page.get_by_role("textbox", name=re.compile("Antwoord")).first.fill(
        "Ja, op alle 120 vuilnisbakken in de binnenstad.")
    page.get_by_role("button", name="Antwoord publiceren").first.click()
    sign_out(page)

    page.goto("/challenges/slimme-vuilnisbakken-in-de-binnenstad")
    questions = page.get_by_role("region", name="Vragen en antwoorden")
    expect(questions).to_contain_text("Mogen we sensoren op bestaande vuilnisbakken plaatsen?")
    expect(questions).to_contain_text("Ja, op alle 120 vuilnisbakken in de binnenstad.")
    axe_check(page, "detail with answer")
