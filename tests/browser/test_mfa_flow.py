"""An organiser switches on two-step sign-in with an authenticator app, signs out, and signs
in again with a code from the app and then with a recovery code; axe checks the MFA pages."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from challenges.accounts.models import Role

pytestmark = pytest.mark.browser


def password_step(page, email, password):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()


def test_organiser_enrols_totp_and_signs_in_with_a_code_and_a_recovery_code(page, make,
                                                                            axe_check):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    organiser = make.user(email="els@mechelen.be", name="Els Peeters")
    make.membership(organiser, mechelen, Role.ADMIN)

    password_step(page, organiser.email, make.PASSWORD)
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    page.goto("/account")
    page.get_by_role("link", name="Tweestapsaanmelding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsaanmelding")
    axe_check(page, "two-step settings")
    page.get_by_role("link", name="Tweestapsaanmelding instellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsaanmelding instellen")
    qr = page.get_by_role("img", name="QR-code voor je authenticator-app", exact=False)
    expect(qr).to_be_visible()
    # The image may still be loading when it is laid out: wait until it has loaded (or
    # failed: `complete` is true then too, with no width), then check that it drew. Not
    # wait_for_function: its polling evaluates a string in the page, which our Content
    # Security Policy refuses (it passed only when the image had loaded at the first look).
    expect(qr).to_have_js_property("complete", True)
    assert qr.evaluate("image => image.naturalWidth") > 0
    axe_check(page, "enrol")

    secret = page.locator("#totp-key").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    # A wrong code first: the error is announced and nothing is switched on.
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Inschakelen").click()
    expect(page.locator("#code-error")).to_be_visible()
    axe_check(page, "enrol with an error")
    page.get_by_label("Code").fill(totp.now())
    page.get_by_role("button", name="Inschakelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je herstelcodes")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    axe_check(page, "recovery codes")
    page.get_by_role("link", name="Ik heb ze bewaard").click()
    expect(page.get_by_text("aan", exact=True)).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()

    # The password alone is not enough any more: the code from the app.
    password_step(page, organiser.email, make.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Typ je code")
    expect(page.get_by_role("button", name="Afmelden")).to_have_count(0)
    axe_check(page, "sign-in code")
    # The code that switched it on works once only: the app's next one.
    page.get_by_label("Code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    page.goto("/manage")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()

    # A recovery code instead of the app.
    password_step(page, organiser.email, make.PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Typ je code")
    page.get_by_label("Code").fill(codes[3])
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    page.goto("/account/two-step")
    expect(page.get_by_text("Je hebt nog 9 ongebruikte herstelcodes.")).to_be_visible()
