"""The chair invites two jurors; one declares a conflict on a proposal; both score; the chair
locks and decides; the organiser publishes; the results page shows the winner and every
participant gets an email. axe checks the jury and results pages."""

import re

import pytest
from playwright.sync_api import expect

from challenges.accounts.models import Role
from challenges.notifications.operations import send_due

pytestmark = pytest.mark.browser


def sign_in(page, email, password):
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def score(page, slug, title, values, comment):
    page.goto(f"/jury/{slug}")
    page.get_by_role("link", name=f"Score {title}").click()
    for select, value in zip(page.locator("select[id^=score_]").all(), values, strict=True):
        select.select_option(str(value))
    page.locator("textarea[id^=comment_]").first.fill(comment)
    page.get_by_label("Overall comment for the participants").fill("Helder uitgewerkt.")
    page.get_by_label("Private note for the jury").fill("PRIVATE: not for the teams")
    page.get_by_role("button", name="Submit review").click()


def declare(page, slug, title, conflict=False, reason=""):
    page.goto(f"/jury/{slug}")
    page.get_by_role("link", name=f"Declare for {title}").click()
    if conflict:
        page.get_by_label("What is the conflict?").fill(reason)
        page.get_by_role("button", name="Yes, I have a conflict of interest").click()
    else:
        page.get_by_role("button", name="No, I have no conflict of interest").click()


def test_jury_from_invitation_to_published_results(page, make, smtp, axe_check):
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    chair = make.user(email="sofie@brugge.be", name="Sofie De Clercq", language="en")
    make.membership(chair, brugge, Role.EDITOR)
    challenge = make.challenge(brugge, phase="closed", title="Fietsparkeren aan het station",
                               criteria=(("Impact", 50, 2), ("Haalbaarheid", 30, None),
                                         ("Kost", 20, None)))
    winner_team = make.user(email="ruben@slimparkeren.be", name="Ruben Smets")
    other_team = make.user(email="fatima@example.be", name="Fatima Bakkali")
    winner = make.proposal(challenge, winner_team, title="Slimme fietsenstalling")
    other = make.proposal(challenge, other_team, title="Fietsbeugels bijplaatsen")
    hilde = make.user(email="hilde@kuleuven.be", name="Hilde Goossens", language="en")
    marc = make.user(email="marc@voka.be", name="Marc De Wilde", language="en")
    slug = challenge.slug

    # The chair sets up the jury and invites two jurors.
    sign_in(page, chair.email, make.PASSWORD)
    page.goto(f"/manage/challenges/{slug}/jury")
    axe_check(page, "jury set-up")
    for email, is_chair in ((chair.email, True), (hilde.email, False), (marc.email, False)):
        page.get_by_label("Email address of the juror").fill(email)
        if is_chair:
            page.get_by_label("Chair of the jury").check()
        page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.get_by_role("cell", name="Marc De Wilde")).to_be_visible()
    sign_out(page)

    # Marc has a conflict with one proposal; both jurors score.
    sign_in(page, marc.email, make.PASSWORD)
    page.goto("/jury")
    axe_check(page, "my juries")
    declare(page, slug, winner.title, conflict=True, reason="Ik adviseer SlimParkeren.")
    declare(page, slug, other.title)
    score(page, slug, other.title, [3, 3, 4], "Eenvoudig, maar weinig vernieuwend.")
    axe_check(page, "review submitted")
    expect(page.get_by_role("link", name=f"Score {winner.title}")).to_have_count(0)
    sign_out(page)

    sign_in(page, hilde.email, make.PASSWORD)
    declare(page, slug, winner.title)
    page.goto(f"/jury/{slug}")
    page.get_by_role("link", name=f"Score {winner.title}").click()
    axe_check(page, "review form")
    score(page, slug, winner.title, [5, 4, 4], "Sterk idee met sensoren.")
    declare(page, slug, other.title)
    score(page, slug, other.title, [2, 3, 3], "Te beperkt.")
    sign_out(page)

    # The chair locks, looks at the ranking and decides.
    sign_in(page, chair.email, make.PASSWORD)
    page.goto(f"/jury/{slug}/progress")
    axe_check(page, "progress")
    expect(page.get_by_text("Ik adviseer SlimParkeren.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Lock scoring").click()
    page.goto(f"/jury/{slug}/ranking")
    axe_check(page, "ranking")
    page.goto(f"/jury/{slug}/decide")
    axe_check(page, "decide")
    form = page.locator(f"#proposal-{winner.id}")
    form.get_by_label("Place").fill("1")
    form.get_by_label("Name of the award").fill("Winnaar")
    form.get_by_label("The jury's motivation").fill("De beste combinatie van impact en kost.")
    form.get_by_role("button", name=re.compile("Save the decision")).click()
    expect(page.get_by_role("status").first).to_be_visible()

    # The organiser (here also the chair) publishes the results.
    page.goto(f"/manage/challenges/{slug}/results/publish")
    axe_check(page, "publish confirmation")
    page.get_by_role("button", name="Publish the results and email the participants").click()
    sign_out(page)

    page.goto(f"/challenges/{slug}/results")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Slimme fietsenstalling").first).to_be_visible()
    expect(page.get_by_text("De beste combinatie van impact en kost.")).to_be_visible()
    axe_check(page, "public results")

    send_due()
    winner_mail = smtp.text(smtp.to(winner_team.email)[-1])
    assert "Winnaar" in winner_mail
    other_mail = smtp.text(smtp.to(other_team.email)[-1])
    assert "Te beperkt." in other_mail
    for message in smtp.to(winner_team.email) + smtp.to(other_team.email):
        body = smtp.text(message)
        assert "PRIVATE" not in body and "Hilde" not in body and "Marc" not in body
