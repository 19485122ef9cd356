"""What axe cannot judge, in a real browser: every kind of form submitted empty lists every
error in the summary that gets the focus; a juror declares and scores by keyboard alone;
pages reflow at 320 px; the focus ring is visible on fields; printing keeps a challenge's
title and summary."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from challenges.accounts.models import Role
from challenges.jury import operations as jury_ops
from tests.results.test_ranking_page import scored_panel

pytestmark = pytest.mark.browser


def sign_in(page, email, password, totp_secret=None):
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    if totp_secret:  # a platform administrator signs in in two steps
        import pyotp

        page.wait_for_url("**/login/code")
        page.locator("#code").fill(pyotp.TOTP(totp_secret).now())
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


# Every kind of form, empty -----------------------------------------------------------------

SUMMARY_CHECK = """() => {
  const summary = document.querySelector('[data-error-summary]');
  if (!summary) return {missing: true};
  const text = summary.innerText;
  const links = [...summary.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1));
  const unlisted = [];
  for (const feedback of document.querySelectorAll('main .invalid-feedback')) {
    const id = feedback.id.replace(/-error$/, '');
    const message = feedback.innerText.trim();
    if (!text.includes(message) || (id && !links.includes(id))) unlisted.push(id + ': ' + message);
  }
  for (const field of document.querySelectorAll('main [aria-invalid=true]')) {
    if (!links.includes(field.id)) unlisted.push('field ' + field.id);
  }
  const items = summary.querySelectorAll('li').length;
  const broken = links.filter(id => !document.getElementById(id));
  return {focused: document.activeElement === summary, items, unlisted, broken};
}"""


def submit_empty(page, url: str, button: str, form: str = "main form"):
    """Open `url`, empty every field of the form, press `button`; the summary must have the
    focus and list every error shown at a field, each linking to a field that exists."""
    page.goto(url)
    target = page.locator(form).filter(has=page.locator(button)).first
    for field in target.locator(
            "input[type=text], input[type=email], input[type=number], input[type=search], "
            "input[type=password], input[type=datetime-local], input:not([type]), textarea").all():
        if field.is_visible():
            field.fill("")
    target.locator(button).first.click()
    page.wait_for_load_state("load")
    result = page.evaluate(SUMMARY_CHECK)
    assert not result.get("missing"), f"{url}: no error summary"
    assert result["focused"], f"{url}: the summary does not have the focus"
    assert result["items"] > 0, f"{url}: an empty summary"
    assert not result["unlisted"], f"{url}: errors missing from the summary: {result['unlisted']}"
    assert not result["broken"], f"{url}: summary links to nothing: {result['broken']}"
    return result


def test_every_kind_of_form_submitted_empty_lists_every_error(page, make, axe_check):
    home = make.organisation("Stad Mechelen", slug="stad-mechelen")
    other = make.organisation("Stad Brugge", slug="stad-brugge")
    person = make.user(email="els@mechelen.be", name="Els Peeters", platform_admin=True,
                       language="en")
    make.membership(person, home, Role.ADMIN)
    own_open = make.challenge(home, title="Zwerfvuil")
    closed = make.challenge(home, phase="closed", title="Koele plekken")
    proposal = make.proposal(closed, title="Schaduwkaart")
    member = jury_ops.invite_member(closed, person.email, person, chair=True)
    jury_ops.declare(member, proposal, False, "", person)
    elsewhere = make.challenge(other, title="Leveringen")

    # Without an account.
    page.goto("/")
    for url, button in (("/register", "button[type=submit]"),
                        ("/login", "button[type=submit]"),
                        ("/password/forgot", "button[type=submit]")):
        submit_empty(page, url, button)
    axe_check(page, "an empty form's errors")

    sign_in(page, person.email, make.PASSWORD, person.totp_secret)
    forms = [
        ("/account", "button[type=submit]", "main form"),
        ("/account/password", "button[type=submit]", "main form"),
        ("/account/email", "button[type=submit]", "main form"),
        ("/account/delete", "button[type=submit]", "main form"),
        ("/admin/organisations/new", "button[type=submit]", "main form"),
        ("/admin/themes/new", "button[type=submit]", "main form"),
        (f"/organisations/{home.slug}/members", "button[type=submit]", "main form:not(.d-inline)"),
        (f"/manage/organisations/{home.slug}/challenges/new", "button[value=publish]", "main form"),
        (f"/manage/challenges/{own_open.slug}/cancel", "button[type=submit]", "main form"),
        (f"/challenges/{elsewhere.slug}", "button[type=submit]", "form[action$='/questions']"),
        (f"/challenges/{elsewhere.slug}/proposals/new", "button[value=submit]", "main form"),
        (f"/manage/challenges/{closed.slug}/jury", "button[type=submit]",
         f"form[action$='/manage/challenges/{closed.slug}/jury']"),
        (f"/manage/challenges/{closed.slug}/jury", "button[type=submit]",
         "form[action$='/jury/members']"),
        (f"/jury/{closed.slug}/proposals/{proposal.id}/declare", "button[value=yes]", "main form"),
        (f"/jury/{closed.slug}/proposals/{proposal.id}/review", "button[value=submit]",
         "main form"),
        (f"/manage/proposals/{proposal.id}", "button[type=submit]",
         "form[action$='/ineligible']"),
    ]
    for url, button, form in forms:
        submit_empty(page, url, button, form)
    axe_check(page, "a signed-in form's errors")


# The jury by keyboard ----------------------------------------------------------------------

def tab_to(page, selector: str, most: int = 25) -> int:
    """Press Tab until `selector` has the focus; the number of presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached in {most} presses of Tab")


def test_a_juror_declares_and_scores_with_the_keyboard_alone(page, make):
    panel = scored_panel(make, proposals=3, jurors=3)
    juror, proposal = panel.jurors[2], panel.proposals[0]
    sign_in(page, juror.email, make.PASSWORD)
    slug = panel.challenge.slug

    page.goto(f"/jury/{slug}/proposals/{proposal.id}/declare")
    page.locator("h1").click()          # start reading at the heading, as after the skip link
    assert tab_to(page, "button[name=conflict][value=no]") <= 3
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/proposals/{proposal.id}/review")

    page.locator("h1").click()
    for criterion, score in zip(panel.challenge.criteria, (4, 2, 5), strict=True):
        tab_to(page, f"#score_{criterion.id}", most=4)
        page.keyboard.type(str(score))       # a digit picks the score, no arrow keys
        expect(page.locator(f"#score_{criterion.id}")).to_have_value(str(score))
    tab_to(page, "button[name=action][value=submit]", most=6)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Submitted").first).to_be_visible()


# Reflow, focus, print ----------------------------------------------------------------------

def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_pages_reflow_at_320_px_show_focus_and_print_their_own_header(page, make):
    panel = scored_panel(make)
    slug = panel.challenge.slug
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/challenges/{slug}")
    assert page_width(page) <= 320
    brand = page.locator(".navbar-brand").bounding_box()
    # In sight with the page margin (it sat at the very edge before).
    assert brand["x"] >= 12 and brand["x"] + brand["width"] <= 320
    criteria = page.get_by_role("region", name="Beoordelingscriteria")   # the page is in Dutch
    expect(criteria).to_be_visible()

    # Printing keeps the challenge's own header; the site's navigation goes.
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1, name=panel.challenge.title)).to_be_visible()
    expect(page.locator("main header .lead")).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    page.emulate_media(media="screen")

    sign_in(page, panel.chair.email, make.PASSWORD)
    for url in (f"/jury/{slug}/ranking", f"/jury/{slug}/progress", f"/jury/{slug}/report"):
        page.goto(url)
        assert page_width(page) <= 320, url

    # The challenge list at 390 px: the filters fold away, the first result is in sight.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/challenges")
    assert page_width(page) <= 390
    expect(page.locator("details[data-filters] select#phase")).to_be_hidden()
    assert page.locator(".card").first.bounding_box()["y"] < 844
    page.locator("details[data-filters] summary").click()
    expect(page.locator("select#phase")).to_be_visible()

    # A text field's focus ring: 3 px, our dark blue (6.7:1 on white).
    page.locator("#q").focus()
    ring = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('#q'));
        return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }""")
    assert ring == ["solid", "3px", "rgb(29, 78, 216)"]
    page.locator("select#phase").focus()
    assert page.evaluate("getComputedStyle(document.querySelector('#phase')).outlineWidth") == "3px"
