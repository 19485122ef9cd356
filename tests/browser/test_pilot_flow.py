"""The "Done when" of the pilots, in a real browser with real mail: the organiser starts a
pilot for the winner, adds three milestones and a KPI; the participant submits a milestone
with a PDF; the organiser asks for changes, then accepts; another administrator approves
the payment; the KPI gets two values; the organiser evaluates the pilot as stopped; the
challenge completes; the public page shows the timeline and the evaluation. Emails arrive
at each step, and axe checks every page on the way."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from challenges.accounts.models import ParticipantKind, Role
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.extensions import db
from challenges.notifications.operations import send_due
from challenges.pilots.models import Milestone, Pilot, brussels_today

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


def mail_to(smtp, address: str, subject_part: str) -> None:
    send_due()
    subjects = [m["Subject"] for m in smtp.to(address)]
    assert any(subject_part in s for s in subjects), (address, subjects)


def test_a_pilot_from_start_to_a_stopped_evaluation(page, make, smtp, axe_check, tmp_path: Path):
    organisation = make.organisation("Stad Mechelen", slug="stad-mechelen")
    editor = make.user(email="tom@mechelen.be", name="Tom Janssens")
    make.membership(editor, organisation, Role.EDITOR)
    admin = make.user(email="els@mechelen.be", name="Els Peeters")
    make.membership(admin, organisation, Role.ADMIN)
    challenge = make.challenge(organisation, phase="results_published",
                               title="Slimme vuilnisbakken", reward_amount=Decimal("10000"))
    founder = make.user(email="ruben@cleantech.be", name="Ruben Smets",
                        kind=ParticipantKind.STARTUP)
    winner = make.proposal(challenge, founder, status="winner", title="VulGraad")
    today = brussels_today()

    # The organiser starts the pilot for the winner.
    sign_in(page, editor.email, make.PASSWORD)
    page.goto(f"/manage/challenges/{challenge.slug}/pilots")
    axe_check(page, "pilots of the challenge")
    page.get_by_label("Wat gemeten wordt").fill("Overvolle vuilnisbakken per week")
    page.get_by_label("Eenheid").fill("vuilnisbakken")
    page.get_by_label("Nulmeting").fill("38")
    page.get_by_label("Doel", exact=True).fill("10")
    page.get_by_role("button", name="De KPI vastleggen").click()
    expect(page.get_by_text("De KPI is vastgelegd.")).to_be_visible()
    page.get_by_role("link", name="De pilot starten").click()
    axe_check(page, "start the pilot")
    page.get_by_label("Bedrag van de gunning in euro, exclusief btw").fill("10000")
    page.get_by_label("Start", exact=True).fill((today - timedelta(days=20)).isoformat())
    page.get_by_label("Einde", exact=True).fill((today + timedelta(days=150)).isoformat())
    page.get_by_label("Collegebesluit of bestelbon (referentie)").fill("Collegebesluit 2026/412")
    page.get_by_label("Contactpersoon bij de gemeente").select_option(label="Tom Janssens")
    page.get_by_role("button", name="De pilot starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilot: VulGraad")
    mail_to(smtp, founder.email, "Je pilot start")

    # Three milestones.
    for title, days, amount in (("Sensoren geplaatst", 10, "4000"),
                                ("Tussentijds rapport", 60, ""), ("Eindrapport", 140, "6000")):
        page.get_by_label("Titel", exact=True).fill(title)
        page.get_by_label("Vervaldatum", exact=True).fill((today + timedelta(days=days)).isoformat())
        page.get_by_label("Betaald bij aanvaarding, in euro (optioneel)").fill(amount)
        page.get_by_role("button", name="De mijlpaal toevoegen").click()
        expect(page.get_by_text("De mijlpaal is toegevoegd.")).to_be_visible()
    axe_check(page, "pilot with milestones")
    sign_out(page)
    first = db.session.scalar(select(Milestone).where(Milestone.title == "Sensoren geplaatst"))
    article = f"#milestone-{first.id}"

    # The participant submits the first milestone with a PDF.
    pdf = tmp_path / "plaatsing.pdf"
    pdf.write_bytes(PDF)
    sign_in(page, founder.email, make.PASSWORD)
    pilot = db.session.scalar(select(Pilot).where(Pilot.proposal_id == winner.id))
    page.goto(f"/pilots/{pilot.id}")
    axe_check(page, "the team's pilot page")
    page.locator(article).get_by_label("Verslag").fill("Alle 150 sensoren hangen.")
    page.locator(article).get_by_label("Bewijsstukken").set_input_files(str(pdf))
    page.locator(article).get_by_role("button", name="De mijlpaal indienen").click()
    expect(page.get_by_text("De mijlpaal is ingediend.")).to_be_visible()
    expect(page.get_by_role("link", name="plaatsing.pdf")).to_be_visible()
    sign_out(page)
    mail_to(smtp, editor.email, "Mijlpaal ingediend")

    # The organiser asks for changes, the team submits again, the organiser accepts.
    sign_in(page, editor.email, make.PASSWORD)
    page.goto(f"/pilots/{pilot.id}")
    page.locator(article).get_by_label("Om aanpassingen vragen").check()
    page.locator(article).get_by_label("Reden of wat er moet veranderen").fill(
        "Voeg foto's van de plaatsing toe.")
    page.locator(article).get_by_role("button", name="Beslissing bewaren").click()
    expect(page.get_by_text("Je beslissing is bewaard")).to_be_visible()
    sign_out(page)
    mail_to(smtp, founder.email, "Aanpassingen gevraagd")
    sign_in(page, founder.email, make.PASSWORD)
    page.goto(f"/pilots/{pilot.id}")
    page.locator(article).get_by_label("Verslag").fill("Met foto's van elke sensor.")
    page.locator(article).get_by_role("button", name="De mijlpaal indienen").click()
    expect(page.get_by_text("De mijlpaal is ingediend.")).to_be_visible()
    sign_out(page)
    sign_in(page, editor.email, make.PASSWORD)
    page.goto(f"/pilots/{pilot.id}")
    page.locator(article).get_by_label("De mijlpaal aanvaarden").check()
    page.locator(article).get_by_role("button", name="Beslissing bewaren").click()
    expect(page.get_by_text("Je beslissing is bewaard")).to_be_visible()
    # The one who accepted does not approve its payment: no button for an editor.
    expect(page.get_by_role("button", name="De betaling goedkeuren")).to_have_count(0)
    page.get_by_label("KPI", exact=True).select_option(label="Overvolle vuilnisbakken per week")
    page.get_by_label("Gemeten op").fill((today - timedelta(days=10)).isoformat())
    page.get_by_label("Waarde", exact=True).fill("31")
    page.get_by_role("button", name="De waarde registreren").click()
    expect(page.get_by_text("De waarde is geregistreerd.")).to_be_visible()
    sign_out(page)
    mail_to(smtp, founder.email, "Aanvaard")

    # Another administrator approves the payment.
    sign_in(page, admin.email, make.PASSWORD)
    page.goto(f"/pilots/{pilot.id}")
    page.get_by_label("Interne notitie (nooit openbaar)").fill("Factuur 2026-118")
    page.get_by_role("button", name="De betaling goedkeuren").click()
    expect(page.get_by_text("De betaling is goedgekeurd.")).to_be_visible()
    axe_check(page, "payments")
    sign_out(page)
    mail_to(smtp, founder.email, "Betaling goedgekeurd")

    # The team reports the second KPI value.
    sign_in(page, founder.email, make.PASSWORD)
    page.goto(f"/pilots/{pilot.id}")
    page.get_by_label("KPI", exact=True).select_option(label="Overvolle vuilnisbakken per week")
    page.get_by_label("Gemeten op").fill(today.isoformat())
    page.get_by_label("Waarde", exact=True).fill("27,5")
    page.get_by_role("button", name="De waarde registreren").click()
    expect(page.get_by_text("De waarde is geregistreerd.")).to_be_visible()
    expect(page.locator("svg.kpi-chart polyline")).to_have_count(1)
    sign_out(page)

    # The organiser evaluates the pilot as stopped, and completes the challenge.
    sign_in(page, editor.email, make.PASSWORD)
    page.goto(f"/pilots/{pilot.id}")
    page.get_by_role("link", name="De pilot evalueren").click()
    axe_check(page, "evaluation form")
    page.get_by_label("Gestopt").check()
    page.get_by_label("Wat werkte", exact=True).fill("De meldingen kwamen snel binnen.")
    page.get_by_label("Wat niet werkte, en waarom").fill(
        "De batterijen hielden het maar zes weken vol.")
    page.get_by_label("Uiteindelijke kostprijs, in euro").fill("4000")
    page.get_by_role("button", name="De evaluatie bewaren").click()
    expect(page.get_by_text("De evaluatie is geregistreerd")).to_be_visible()
    mail_to(smtp, founder.email, "Je pilot is geëvalueerd")
    # The lessons, pre-filled from the evaluation, are published before completing.
    page.goto(f"/manage/challenges/{challenge.slug}/lessons")
    axe_check(page, "lessons form")
    expect(page.get_by_label("Wat er misliep, en waarom")).to_have_value(
        "De batterijen hielden het maar zes weken vol.")
    page.get_by_label("De lessen in het kort").fill("Test de batterijen in de winter.")
    page.get_by_role("button", name="De lessen publiceren").click()
    expect(page.get_by_text("De lessen zijn gepubliceerd.")).to_be_visible()
    page.goto("/lessons")
    axe_check(page, "lessons library")
    page.get_by_role("link", name=challenge.title).first.click()
    expect(page.get_by_text("Test de batterijen in de winter.")).to_be_visible()
    axe_check(page, "lessons record")
    page.goto("/manage")
    page.get_by_role("button", name="Als afgerond markeren").click()
    db.session.expire_all()
    assert db.session.get(Challenge, challenge.id).status == ChallengeStatus.COMPLETED
    sign_out(page)

    # Everyone sees the timeline and the evaluation; never the internal note.
    page.goto(f"/challenges/{challenge.slug}")
    pilots = page.locator("#pilots")
    expect(pilots.get_by_text("Sensoren geplaatst")).to_be_visible()
    expect(pilots.get_by_text("Evaluatie: Gestopt")).to_be_visible()
    expect(pilots.get_by_text("De batterijen hielden het maar zes weken vol.")).to_be_visible()
    expect(pilots.get_by_role("cell", name="27,5")).to_be_visible()
    expect(page.get_by_text("Factuur 2026-118")).to_have_count(0)
    axe_check(page, "public page with the pilot")
