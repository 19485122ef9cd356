"""The "Done when" of the templates, in a real browser with real mail: Mechelen publishes the
pre-filled lessons of its challenge, completes it and publishes it as a template; Brugge finds
it in the library, adopts it into a draft and sees the lineage on both pages; Mechelen revises
the template; Brugge's draft shows the change and takes one field over. Axe checks the
library, the template page, the lessons and the review of the changes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from challenges.accounts.models import ParticipantKind, Role
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.extensions import db
from challenges.pilots.models import Evaluation, Kpi, Outcome, Pilot, PilotStatus, brussels_today
from tests.browser.test_pilot_flow import mail_to, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_a_template_from_lessons_to_a_reviewed_revision(page, make, smtp, axe_check):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    tom = make.user(email="tom@mechelen.be", name="Tom Janssens")
    make.membership(tom, mechelen, Role.EDITOR)
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    pieter = make.user(email="pieter@brugge.be", name="Pieter Vermeulen")
    make.membership(pieter, brugge, Role.EDITOR)
    challenge = make.challenge(mechelen, phase="follow_up", title="Slimme vuilnisbakken",
                               legal_route=LegalRoute.PRIZE, reward_amount=Decimal("10000"),
                               problem="Overvolle vuilnisbakken op de pleinen.")
    founder = make.user(email="ruben@cleantech.be", name="Ruben Smets",
                        kind=ParticipantKind.STARTUP)
    winner = make.proposal(challenge, founder, status="winner", title="VulGraad")
    today = brussels_today()
    pilot = Pilot(challenge=challenge, proposal=winner, legal_route=challenge.legal_route,
                  amount=Decimal("10000"), starts_on=today - timedelta(days=120),
                  ends_on=today - timedelta(days=10), status=PilotStatus.EVALUATED)
    db.session.add_all([pilot, Kpi(challenge=challenge, name="Overvolle vuilnisbakken per week",
                                   unit="vuilnisbakken", baseline=Decimal(38),
                                   target=Decimal(10))])
    db.session.add(Evaluation(pilot=pilot, outcome=Outcome.ADOPTED, summary="Aangenomen.",
                              what_worked="De meldingen kwamen snel binnen.",
                              what_did_not="De sensoren vroegen veel onderhoud."))
    db.session.commit()

    # Mechelen publishes its pre-filled lessons, completes the challenge, publishes a template.
    sign_in(page, tom.email, make.PASSWORD)
    page.goto(f"/manage/challenges/{challenge.slug}/lessons")
    expect(page.get_by_label("Wat er misliep, en waarom")).to_have_value(
        "De sensoren vroegen veel onderhoud.")
    page.get_by_label("De lessen in het kort").fill("Plan het onderhoud van bij de start.")
    page.get_by_role("button", name="De lessen publiceren").click()
    expect(page.get_by_text("De lessen zijn gepubliceerd.")).to_be_visible()
    page.goto("/manage")
    page.get_by_role("button", name="Als afgerond markeren").click()
    db.session.expire_all()
    assert db.session.get(Challenge, challenge.id).status == ChallengeStatus.COMPLETED
    page.goto(f"/manage/challenges/{challenge.slug}/lessons")
    page.get_by_role("link", name="De uitdaging als sjabloon publiceren voor andere "
                                  "gemeenten").click()
    axe_check(page, "publish as a template")
    expect(page.get_by_text("Overvolle vuilnisbakken per week").first).to_be_visible()
    page.get_by_role("button", name="Als sjabloon publiceren").click()
    expect(page.get_by_text("Het sjabloon is gepubliceerd als versie 1.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjabloon: Slimme vuilnisbakken")
    sign_out(page)

    # Brugge finds it in the library and adopts it.
    sign_in(page, pieter.email, make.PASSWORD)
    page.get_by_role("link", name="Sjablonen", exact=True).click()
    axe_check(page, "template library")
    page.get_by_role("link", name="Slimme vuilnisbakken").click()
    axe_check(page, "template page")
    page.get_by_role("link", name="De lessen ervan").click()
    expect(page.get_by_text("Plan het onderhoud van bij de start.")).to_be_visible()
    axe_check(page, "lessons record")
    page.go_back()
    page.get_by_role("link", name="Dit sjabloon overnemen").click()
    axe_check(page, "adopt form")
    expect(page.get_by_label("Voor de organisatie")).to_have_value("stad-brugge")
    page.get_by_label("De nieuwe uitdaging opent op").fill(
        (today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Het ontwerp maken").click()
    expect(page.get_by_text("Het ontwerp is gemaakt uit het sjabloon.")).to_be_visible()
    draft = db.session.scalar(select(Challenge).where(Challenge.organisation_id == brugge.id))
    assert draft is not None and draft.is_draft
    # The lineage both ways: the draft names its template; the template lists the draft
    # to Brugge's editors (to no one else while it is a draft).
    page.goto(f"/challenges/{draft.slug}")
    expect(page.get_by_text("Overgenomen en aangepast van")).to_be_visible()
    page.get_by_role("link", name="Slimme vuilnisbakken").first.click()
    expect(page.get_by_role("heading", name="Je ontwerpen die ervan gemaakt zijn")).to_be_visible()
    sign_out(page)

    # Mechelen revises the template.
    sign_in(page, tom.email, make.PASSWORD)
    page.goto(f"/templates/{challenge.slug}")
    expect(page.get_by_text("Je ontwerpen die ervan gemaakt zijn")).to_have_count(0)
    page.get_by_role("link", name="Het sjabloon herzien").click()
    axe_check(page, "revise the template")
    page.get_by_label("Het probleem").fill("Overvolle vuilnisbakken op pleinen en in parken.")
    page.get_by_label("Wat er veranderde", exact=True).fill("De parken horen er ook bij.")
    page.get_by_role("button", name="De versie publiceren").click()
    expect(page.get_by_text("Versie 2 van het sjabloon is gepubliceerd.")).to_be_visible()
    sign_out(page)
    mail_to(smtp, pieter.email, "Het sjabloon van je ontwerp is gewijzigd")

    # Brugge's draft shows the change and takes the problem over.
    sign_in(page, pieter.email, make.PASSWORD)
    page.goto(f"/manage/challenges/{draft.slug}/edit")
    expect(page.get_by_text("Het sjabloon is gewijzigd")).to_be_visible()
    page.get_by_role("link", name="De wijzigingen bekijken").click()
    axe_check(page, "review the template's changes")
    expect(page.locator("table.template-diff ins")).to_contain_text("en in parken.")
    page.get_by_label("Overnemen: Het probleem").check()
    page.get_by_role("button", name="De aangevinkte wijzigingen overnemen").click()
    expect(page.get_by_text("Overgenomen uit versie 2: Het probleem.")).to_be_visible()
    expect(page.get_by_label("Probleemstelling")).to_have_value(
        "Overvolle vuilnisbakken op pleinen en in parken.")
    expect(page.get_by_text("Het sjabloon is gewijzigd")).to_have_count(0)
