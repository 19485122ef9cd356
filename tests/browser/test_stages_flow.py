"""A follower and an event, in a real browser: the organiser plans an info session and writes
to the followers; a citizen follows the challenge, registers, gets the message, and
unsubscribes through the emailed link without signing in. axe checks each page, in Dutch and
in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from challenges.accounts.models import Role
from challenges.notifications.operations import send_due
from challenges.sessions.models import SessionKind
from tests.sessions.conftest import make_session

pytestmark = pytest.mark.browser


def sign_in(page, email, password):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()


def test_follow_register_receive_and_unsubscribe(page, make, axe_check, smtp, app):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    editor = make.user(email="els@mechelen.be", name="Els Peeters")
    make.membership(editor, mechelen, Role.EDITOR)
    citizen = make.user(email="jan@example.be", name="Jan Wouters")
    challenge = make.challenge(mechelen, title="Slimme vuilnisbakken")
    event = make_session(challenge, kind=SessionKind.PITCH_DAY, title="Pitchdag", capacity=10)

    sign_in(page, citizen.email, make.PASSWORD)
    page.goto(f"/challenges/{challenge.slug}")
    page.get_by_label("Een e-mail bij elk nieuw bericht").check()
    page.get_by_role("button", name="Volgen", exact=True).click()
    expect(page.get_by_text("U volgt dit: Een e-mail bij elk nieuw bericht.")).to_be_visible()
    axe_check(page, "challenge page, following")
    page.get_by_role("link", name="Wat ik volg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat ik volg")
    axe_check(page, "what I follow")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Evenementen").click()
    axe_check(page, "events")
    page.get_by_role("link", name="Pitchdag").click()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("U bent ingeschreven.", exact=True)).to_be_visible()
    axe_check(page, "event, registered")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_text("You are registered.", exact=True)).to_be_visible()
    axe_check(page, "event, registered, in English")
    page.goto("/my/follows")
    axe_check(page, "what I follow, in English")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Nederlands").click()

    sign_in(page, editor.email, make.PASSWORD)
    page.goto(f"/manage/challenges/{challenge.slug}/events")
    axe_check(page, "manage events")
    page.goto(f"/manage/events/{event.id}")
    axe_check(page, "manage one event")
    page.goto(f"/manage/challenges/{challenge.slug}/messages")
    axe_check(page, "messages to participants")
    page.get_by_label("Versturen naar").select_option("followers")
    page.get_by_label("Onderwerp").fill("Pitchdag verschoven")
    page.get_by_role("textbox", name="Bericht").fill("De pitchdag begint een uur later.")
    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.get_by_text("Verstuurd naar 1 personen.")).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()

    with app.app_context():
        send_due()
    [mail] = [m for m in smtp.to("jan@example.be") if "Pitchdag verschoven" in m["Subject"]]
    page.goto(smtp.link(mail, "/unsubscribe/"))
    axe_check(page, "unsubscribe")
    page.get_by_role("button", name="Uitschrijven").click()
    expect(page.get_by_text("U ontvangt geen nieuws meer over: Slimme vuilnisbakken.")) \
        .to_be_visible()
    axe_check(page, "unsubscribed")
