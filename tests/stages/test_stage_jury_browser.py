"""A stage's jury in a real browser, with axe on each page, in Dutch and in English: the
organiser writes the idea stage's criteria (with an error first) and invites a juror on the
stage's jury page; the juror finds the stage jury on "My juries", declares and scores."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from challenges.extensions import db
from challenges.jury.models import JuryMember, jury_of_stage
from tests.jury.test_views import _sign_in
from tests.stages.decide_helpers import staged


@pytest.mark.browser
def test_the_stage_jury_screens_in_a_browser(page, make, axe_check):
    world = staged(make)
    challenge, ideas = world["challenge"], world["stages"][0]
    alpha = world["proposals"][0]
    slug = challenge.slug
    juror = make.user(email="hilde@kuleuven.be", language="en")

    _sign_in(page, world["editor"].email, make.PASSWORD)
    page.goto(f"/manage/challenges/{slug}/stages/{ideas.id}")
    axe_check(page, "stage edit page with its criteria and jury")
    page.locator(f"a[href$='/stages/{ideas.id}/criteria']").first.click()
    page.fill("#criteria-0-name_nl", "Nieuw")
    page.fill("#criteria-0-name_en", "New")
    page.fill("#criteria-0-weight", "60")
    page.locator("main form[aria-labelledby=edit-heading] button[type=submit]").click()
    page.locator("[data-error-summary]").wait_for()
    axe_check(page, "stage criteria with an error")
    page.fill("#criteria-0-weight", "100")
    page.locator("main form[aria-labelledby=edit-heading] button[type=submit]").click()
    page.locator("#criteria-list").wait_for()
    axe_check(page, "stage criteria saved")

    page.goto(f"/manage/challenges/{slug}/stages/{ideas.id}/jury")
    axe_check(page, "stage jury set-up")
    page.fill("#email", juror.email)
    page.locator("form[action$='/jury/members'] button[type=submit]").click()
    page.locator("#members").wait_for()
    member = db.session.scalar(select(JuryMember).where(JuryMember.email == juror.email))
    assert member is not None and member.accepted_at is not None  # had an account
    page.goto(f"/manage/challenges/{slug}/stages")
    axe_check(page, "stage editor with the jury summary")

    page.context.clear_cookies()
    _sign_in(page, juror.email, make.PASSWORD)
    page.goto("/jury")
    for language, button in (("nl", "Nederlands"), ("en", "English")):
        page.get_by_role("button", name=button).click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("main")).to_contain_text("Ideas" if language == "en" else "Ideeën")
        axe_check(page, f"my juries ({language})")
    base = f"/jury/{slug}/stages/{ideas.id}"
    page.goto(base)
    axe_check(page, "stage work list")
    page.goto(f"{base}/proposals/{alpha.id}/declare")
    page.locator("main form button[name=conflict][value=no]").click()
    page.wait_for_url(f"**/proposals/{alpha.id}/review")
    axe_check(page, "stage review")
    page.locator("select.score-select").first.select_option("4")
    page.locator("button[name=action][value=submit]").click()
    page.locator("#your-total").wait_for()
    axe_check(page, "stage review submitted")
    jury = jury_of_stage(ideas)
    assert jury is not None and jury.member_for(juror).review_of(alpha).is_submitted
