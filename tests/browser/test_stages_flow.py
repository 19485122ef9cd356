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


def test_two_stages_custom_forms_a_decision_and_the_emails(page, make, axe_check, smtp, app):
    """The organiser writes the forms of two stages (a word-limited text, a choice, a private
    phone question; a file), decides the ideas (one advanced, the other told why) and both
    teams get their email. The stages themselves and the teams' ideas are made through the
    models here: the stage editor and the submission per stage are another part of the work
    (when they are on main this test drives them too)."""
    from datetime import timedelta

    from challenges.challenges.stages import ChallengeStage, StageEntry
    from challenges.db import utcnow
    from challenges.extensions import db

    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    editor = make.user(email="pieter@brugge.be", name="Pieter Vermeulen")
    make.membership(editor, brugge, Role.EDITOR)
    challenge = make.challenge(brugge, title="Zonne-energie delen in de wijk")
    now = utcnow()
    ideas = ChallengeStage(challenge=challenge, position=1, name="Ideeën",
                           name_translations={"en": "Ideas"}, opens_at=now - timedelta(days=30),
                           closes_at=now - timedelta(hours=1))
    full = ChallengeStage(challenge=challenge, position=2, name="Volledig voorstel",
                          name_translations={"en": "Full proposal"},
                          opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=20))
    db.session.add_all([ideas, full])
    challenge.opens_at, challenge.closes_at = ideas.opens_at, full.closes_at
    db.session.commit()

    sign_in(page, editor.email, make.PASSWORD)
    page.goto(f"/manage/challenges/{challenge.slug}/stages/{ideas.id}/form")
    axe_check(page, "form editor, no questions")
    for kind, label, settings in (
            ("long_text", "Uw idee", {"Maximum aantal woorden (lange tekst)": "150"}),
            ("choice_one", "Soort oplossing",
             {"Keuzes, één per regel": "Energiegemeenschap | Energy community\n"
                                       "Software | Software"}),
            ("short_text", "Telefoonnummer", {})):
        page.get_by_label("Soort antwoord").select_option(kind)
        page.get_by_label("Vraag (Nederlands)").fill(label)
        for name, value in settings.items():
            page.get_by_label(name).fill(value)
        if label == "Telefoonnummer":
            page.get_by_label("Privé: alleen de organisatie", exact=False).check()
        page.get_by_role("button", name="Vraag toevoegen").click()
        expect(page.get_by_text("De vraag is toegevoegd.")).to_be_visible()
    axe_check(page, "form editor, three questions")
    page.goto(f"/manage/challenges/{challenge.slug}/stages/{full.id}/form")
    page.get_by_label("Soort antwoord").select_option("file")
    page.get_by_label("Vraag (Nederlands)").fill("Projectplan (PDF)")
    page.get_by_role("button", name="Vraag toevoegen").click()
    expect(page.get_by_text("De vraag is toegevoegd.")).to_be_visible()
    page.get_by_role("button", name="English").click()
    axe_check(page, "form editor, in English")

    # Two teams sent in their idea (through the models, see above).
    teams = []
    for title, email, name in (("Laadpalen op zonnestroom", "ruben@slimparkeren.be", "Ruben"),
                               ("Energiecafé", "bart@buurtwerk.be", "Bart")):
        author = make.user(email=email, name=name)
        proposal = make.proposal(challenge, author, title=title, stage_id=ideas.id)
        db.session.add(StageEntry(proposal_id=proposal.id, stage_id=ideas.id,
                                  entered_at=now - timedelta(days=3),
                                  submitted_at=now - timedelta(days=2)))
        teams.append(proposal)
    db.session.commit()
    advanced, other = teams

    page.goto(f"/manage/challenges/{challenge.slug}/stages/{ideas.id}/decide")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ideas")
    axe_check(page, "decide the ideas, in English")
    page.locator(f"#advance-{advanced.id}").check()
    page.locator(f"#feedback-{other.id}").fill("Een goed idee, maar het deelt nog geen stroom.")
    page.get_by_role("button", name="Review the decision").click()
    axe_check(page, "the decision to confirm")
    page.get_by_role("button", name="Confirm and email the teams").click()
    expect(page.get_by_text("Een goed idee, maar het deelt nog geen stroom.")).to_be_visible()
    page.get_by_role("button", name="Nederlands").click()
    axe_check(page, "the stage decided, in Dutch")

    with app.app_context():
        send_due()
    [invitation] = smtp.to("ruben@slimparkeren.be")
    assert f"/proposals/{advanced.id}/edit" in smtp.text(invitation)
    [feedback] = smtp.to("bart@buurtwerk.be")
    assert "deelt nog geen stroom" in smtp.text(feedback)
