"""A citizen registers, confirms the address from the email, signs in and switches language,
in a real Chromium; axe checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from challenges.notifications.operations import send_due

pytestmark = pytest.mark.browser


def test_citizen_registers_verifies_signs_in_and_switches_language(page, smtp, axe_check):
    page.goto("/")
    expect(page).to_have_title(re.compile("Challenges"))
    axe_check(page, "home")

    page.get_by_role("link", name="Account aanmaken").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account aanmaken")
    axe_check(page, "register")

    # A first attempt with a weak password keeps what was typed and says what is wrong.
    page.get_by_label("Naam", exact=True).fill("Fatima Bakkali")
    page.get_by_label("E-mailadres").fill("fatima@example.be")
    page.get_by_label("Wachtwoord", exact=True).fill("kort")
    page.get_by_label("Herhaal het wachtwoord").fill("kort")
    page.get_by_label("Burger").check()
    page.get_by_label("Ik heb de privacyverklaring gelezen.").check()
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.locator("#password-error")).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_value("fatima@example.be")
    axe_check(page, "register with errors")

    page.get_by_label("Wachtwoord", exact=True).fill("zonnepanelen op het stadhuis")
    page.get_by_label("Herhaal het wachtwoord").fill("zonnepanelen op het stadhuis")
    page.get_by_role("button", name="Account aanmaken").click()
    # Nobody is signed in by registering (a used address must get the same answer).
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in je mailbox")
    axe_check(page, "registered")

    assert send_due() == (1, 0)
    [message] = smtp.to("fatima@example.be")
    page.goto(smtp.link(message, "/verify/"))
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    axe_check(page, "login")
    expect(page.get_by_label("E-mailadres")).to_have_value("fatima@example.be")
    page.get_by_label("Wachtwoord").fill("zonnepanelen op het stadhuis")
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("link", name="Fatima Bakkali").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je profiel")
    expect(page.locator(".badge.text-bg-success")).to_be_visible()  # confirmed
    axe_check(page, "profile")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    axe_check(page, "profile in English")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je profiel")


def test_keyboard_user_can_skip_to_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de hoofdinhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
