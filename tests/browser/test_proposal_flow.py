"""A startup founder writes a proposal with a co-author, attaches a PDF, submits, gets the
receipt, edits before the deadline and finds it in "My proposals". axe checks each page."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from challenges.accounts.models import ParticipantKind
from challenges.notifications.operations import send_due

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def sign_in(page, email, password):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()


def test_founder_and_co_author_submit_a_proposal(page, make, smtp, axe_check, tmp_path: Path):
    challenge = make.challenge(make.organisation("Stad Brugge"), title="Slimme leveringen",
                               audience=["startup", "company"])
    founder = make.user(email="ruben@slimparkeren.be", name="Ruben Smets",
                        kind=ParticipantKind.STARTUP, company_name="SlimParkeren",
                        enterprise_number="0712345630")
    nora = make.user(email="nora@slimparkeren.be", name="Nora Aerts",
                     kind=ParticipantKind.STARTUP)

    sign_in(page, founder.email, make.PASSWORD)
    page.goto(f"/challenges/{challenge.slug}")
    page.get_by_role("link", name="Voorstel indienen").click()
    axe_check(page, "new proposal")
    page.get_by_label("Titel").fill("Cargofietsen vanuit één hub")
    page.get_by_label("Korte samenvatting").fill("Eén hub aan de rand, de laatste kilometer per cargofiets.")
    page.get_by_role("button", name="Concept bewaren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Slimme leveringen")
    axe_check(page, "edit draft")

    page.get_by_label("E-mailadres van je co-auteur").fill("nora@slimparkeren.be")
    page.get_by_role("button", name="Co-auteur uitnodigen").click()
    pdf = tmp_path / "pitch.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Bestand").set_input_files(str(pdf))
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.get_by_role("link", name="pitch.pdf")).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()

    # The co-author accepts from the email and completes the text.
    send_due()
    [invitation] = smtp.to("nora@slimparkeren.be")
    link = urlsplit(smtp.link(invitation, "/team/accept/")).path
    sign_in(page, nora.email, make.PASSWORD)
    page.goto(link)
    axe_check(page, "accept invitation")
    page.get_by_role("button", name="Lid worden van het team").click()
    page.get_by_label("Je oplossing").fill("Een hub aan de Kennedyrotonde en vijf cargofietsen.")
    page.get_by_label("Hoe het de challenge beantwoordt").fill(
        "Minder bestelwagens in de smalle straten, stiller en veiliger.")
    page.get_by_role("button", name="Concept bewaren").click()
    page.get_by_role("button", name="Afmelden").click()

    # The founder submits.
    sign_in(page, founder.email, make.PASSWORD)
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Mijn voorstellen").click()
    page.get_by_role("link", name="Cargofietsen vanuit één hub").click()
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Ik aanvaard het reglement van deze challenge en de privacyverklaring.").check()
    page.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_role("status").first).to_contain_text("ingediend")
    axe_check(page, "submitted proposal")

    send_due()
    receipts = [m for m in smtp.to(founder.email) if "Cargofietsen" in m["Subject"]]
    assert receipts, [m["Subject"] for m in smtp.messages]
    assert "2026" in smtp.text(receipts[0]) or "-" in smtp.text(receipts[0])

    # Edits before the deadline become a new version.
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Verwachte impact").fill("Veertig bestelritten minder per dag.")
    page.get_by_role("button", name="Wijzigingen indienen").click()
    expect(page.get_by_role("status").first).to_contain_text("nieuwe versie")

    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Mijn voorstellen").click()
    row = page.get_by_role("row", name="Cargofietsen vanuit één hub")
    expect(row).to_contain_text("Ingediend")
    axe_check(page, "my proposals")
