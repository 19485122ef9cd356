"""Issue 13 in a real browser. A follower and an event: the organiser plans a pitch day and
writes to the followers; a citizen follows the challenge, registers, gets the message, and
unsubscribes through the emailed link without signing in. And the "Done when" through the
screens: two stages and their forms, ideas from two teams, the decision, the carried-over
full proposal with a file, a juror of the final jury who never sees the private answer, a
pitch slot. axe checks each page, in Dutch and in English."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from challenges.accounts.models import Role
from challenges.challenges.models import Challenge
from challenges.challenges.stages import ChallengeStage
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.operations import send_due
from challenges.sessions.models import SessionKind
from challenges.submissions.models import Proposal
from challenges.timezones import utc_to_brussels
from tests.factories import PASSWORD
from tests.sessions.conftest import make_session

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


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


def sign_out(page):
    page.get_by_role("button", name=re.compile("^(Afmelden|Sign out)$")).click()


def in_both_languages(page, axe_check, label):
    """axe on the page in Dutch, then in English (the language button), then back: for a
    page reached by a GET, which the button returns to."""
    axe_check(page, label)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page, f"{label}, in English")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def brussels(moment) -> str:
    """A UTC moment as a datetime-local field takes it: Brussels time, to the minute."""
    return utc_to_brussels(moment).strftime("%Y-%m-%dT%H:%M")


def set_up_two_stages(page, axe_check, slug, now):
    """The organiser runs the challenge in two stages, through the stage editor: ideas (the
    title and summary only), then the full proposal (with the solution and the approach)."""
    page.goto(f"/manage/challenges/{slug}/stages")
    axe_check(page, "stage editor, no stages")
    for legend, nl, en, opens, closes, fields in (
            ("Eerste fase", "Ideeën", "Ideas", now - timedelta(days=1), now + timedelta(days=5),
             ()),
            ("Tweede fase", "Volledig voorstel", "Full proposal", now + timedelta(days=6),
             now + timedelta(days=30), ("Je oplossing", "Hoe het de challenge beantwoordt"))):
        stage_form = page.get_by_role("group", name=legend)
        stage_form.get_by_label("Naam in het Nederlands").fill(nl)
        stage_form.get_by_label("Naam in het Engels").fill(en)
        stage_form.get_by_label("Opent op").fill(brussels(opens))
        stage_form.get_by_label("Deadline").fill(brussels(closes))
        for box in stage_form.get_by_role("checkbox").all():
            if box.get_attribute("name", timeout=1000).endswith("builtin_fields"):
                box.set_checked(bool(box.evaluate("b => b.labels[0].textContent")
                                     in fields))
    page.get_by_role("button", name="De twee fasen bewaren").click()
    expect(page.get_by_text("De challenge loopt nu in twee fasen.")).to_be_visible()
    in_both_languages(page, axe_check, "stage editor, two stages")


def write_the_forms(page, axe_check, slug, ideas, full):
    """The forms of the two stages: an idea of at most 30 words, a choice, a private phone
    number; the full proposal asks for a project plan."""
    page.goto(f"/manage/challenges/{slug}/stages/{ideas.id}/form")
    axe_check(page, "form editor, no questions")
    for kind, label, settings in (
            ("long_text", "Uw idee", {"Maximum aantal woorden (lange tekst)": "30"}),
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
    in_both_languages(page, axe_check, "form editor, three questions")
    page.goto(f"/manage/challenges/{slug}/stages/{full.id}/form")
    page.get_by_label("Soort antwoord").select_option("file")
    page.get_by_label("Vraag (Nederlands)").fill("Projectplan (PDF)")
    page.get_by_role("button", name="Vraag toevoegen").click()
    expect(page.get_by_text("De vraag is toegevoegd.")).to_be_visible()


def send_idea(page, axe_check, team, slug, title, idea, kind, phone, first):
    """A team sends in its idea through the proposal form; the first one tries an answer
    over the word limit first: refused next to the field, nothing typed lost."""
    summary = f"{title}: ons idee in één zin."
    sign_in(page, team.email, PASSWORD)
    page.goto(f"/challenges/{slug}")
    page.get_by_role("link", name="Voorstel indienen").click()
    if first:
        in_both_languages(page, axe_check, "the ideas form")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Korte samenvatting").fill(summary)
    expect(page.get_by_label("Je oplossing")).to_have_count(0)   # not asked for an idea
    if first:
        # Over the word limit first: refused next to the field, nothing typed lost.
        page.get_by_label("Uw idee").fill("zon " * 31)
    else:
        page.get_by_label("Uw idee").fill(idea)
    page.get_by_label(kind).check()
    page.get_by_label("Telefoonnummer").fill(phone)
    page.get_by_label("Ik aanvaard het reglement van deze challenge en de "
                      "privacyverklaring.").check()
    page.get_by_role("button", name="Voorstel indienen").click()
    if first:
        field = page.get_by_label("Uw idee")
        expect(field).to_have_attribute("aria-invalid", "true")
        message = page.locator(f"#{field.get_attribute('id')}-error")
        expect(message).to_have_text(
            "Gebruik hoogstens 30 woorden; dit antwoord heeft er 31.")
        expect(page.get_by_label("Titel")).to_have_value(title)
        expect(page.get_by_label("Telefoonnummer")).to_have_value(phone)
        # The private question's note is read with its field.
        expect(page.get_by_label("Telefoonnummer")).to_have_accessible_description(
            re.compile("Alleen de organisatoren lezen dit antwoord"))
        axe_check(page, "the ideas form, refused")
        # The language button would reload the page without what was shown back: it asks.
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.get_by_role("button", name="English").click()
        expect(page.get_by_label("Titel")).to_have_value(title)
        assert asked and asked[0].startswith("Wat je op deze pagina typte, is nog niet bewaard")
        page.get_by_label("Uw idee").fill(idea)
        page.get_by_label("Ik aanvaard het reglement van deze challenge en de "
                          "privacyverklaring.").check()
        page.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_role("status").first).to_contain_text("ingediend")
    sign_out(page)


def test_two_stages_from_the_editor_to_the_pitch_slot(page, make, axe_check, smtp, app,
                                                       tmp_path):
    """Issue 13's "Done when", through the screens: the organiser sets up two stages and
    their forms; two teams send in ideas; the ideas stage is decided (one advanced, the other
    told why); the advanced team completes its carried-over proposal with a file; a juror of
    the final jury reads it without the private answer; the team books a pitch slot."""
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    editor = make.user(email="pieter@brugge.be", name="Pieter Vermeulen")
    make.membership(editor, brugge, Role.EDITOR)
    challenge = make.challenge(brugge, phase="draft", title="Zonne-energie delen in de wijk")
    slug = challenge.slug
    ruben = make.user(email="ruben@slimparkeren.be", name="Ruben Smets")
    bart = make.user(email="bart@buurtwerk.be", name="Bart Claes")
    now = utcnow()

    sign_in(page, editor.email, make.PASSWORD)
    set_up_two_stages(page, axe_check, slug, now)
    ideas, full = db.session.scalars(select(ChallengeStage).where(
        ChallengeStage.challenge_id == challenge.id).order_by(ChallengeStage.position)).all()

    write_the_forms(page, axe_check, slug, ideas, full)
    # The challenge's own dates follow its stages: the edit page shows them, read-only.
    page.goto(f"/manage/challenges/{slug}/edit")
    expect(page.get_by_role("link", name="Wijzig de datums op de pagina Fasen")).to_be_visible()
    expect(page.locator("input[name=closes_at]")).to_have_count(0)
    in_both_languages(page, axe_check, "edit a staged challenge")
    page.get_by_role("button", name="Bewaren en publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zonne-energie delen in de wijk")
    expect(page.get_by_text("Fase 1 van 2:")).to_be_visible()
    in_both_languages(page, axe_check, "the published challenge, its timeline")
    sign_out(page)

    # Two teams send in their idea through the proposal form.
    for team, title, idea, kind, phone in (
            (ruben, "Laadpalen op zonnestroom",
             "Buurtbatterijen laden de auto's met de stroom van de daken.",
             "Energiegemeenschap", "0470 12 34 56"),
            (bart, "Energiecafé", "Een maandelijks café waar buren hun meters vergelijken.",
             "Software", "0499 65 43 21")):
        send_idea(page, axe_check, team, slug, title, idea, kind, phone, first=team is ruben)
    ruben_proposal, bart_proposal = db.session.scalars(select(Proposal).where(
        Proposal.challenge_id == challenge.id).order_by(Proposal.id)).all()

    # Time passes: the ideas stage's deadline is over and the full proposal stage open. The
    # dates are moved in the database to stand for the days between.
    ideas = db.session.get(ChallengeStage, ideas.id)
    full = db.session.get(ChallengeStage, full.id)
    ideas.opens_at, ideas.closes_at = now - timedelta(days=10), now - timedelta(hours=2)
    full.opens_at = now - timedelta(hours=1)
    db.session.get(Challenge, challenge.id).opens_at = ideas.opens_at
    db.session.commit()

    # The organiser advances one idea and tells the other team why not.
    sign_in(page, editor.email, make.PASSWORD)
    page.goto(f"/manage/challenges/{slug}/stages/{ideas.id}/decide")
    in_both_languages(page, axe_check, "decide the ideas")
    # The summary to confirm, first in English (the language button leads back to the
    # decision's form, empty: nothing was decided yet), then in Dutch, and confirmed.
    page.get_by_role("button", name="English").click()
    for review, language in (("Review the decision", "en"), ("De beslissing nakijken", "nl")):
        page.locator(f"#advance-{ruben_proposal.id}").check()
        page.locator(f"#feedback-{bart_proposal.id}").fill(
            "Een goed idee, maar het deelt nog geen stroom.")
        page.get_by_role("button", name=review).click()
        axe_check(page, f"the decision to confirm ({language})")
        if language == "en":
            page.get_by_role("button", name="Nederlands").click()
    page.get_by_role("button", name="Bevestigen en de teams mailen").click()
    expect(page.get_by_text("Een goed idee, maar het deelt nog geen stroom.")).to_be_visible()
    in_both_languages(page, axe_check, "the stage decided")

    # The final jury: a juror invited by email, who accepts through the link.
    page.goto(f"/manage/challenges/{slug}/jury")
    page.get_by_label("E-mailadres van het jurylid").fill("hilde@kuleuven.be")
    page.get_by_role("button", name="Uitnodigen", exact=True).click()
    expect(page.get_by_role("rowheader", name="hilde@kuleuven.be")).to_be_visible()
    in_both_languages(page, axe_check, "the final jury, one juror invited")

    # A pitch day with four slots of twenty minutes, a week after the deadline.
    pitch_day = utc_to_brussels(now + timedelta(days=37)).replace(hour=9, minute=0)
    page.goto(f"/manage/challenges/{slug}/events")
    page.get_by_label("Soort").select_option("pitch_day")
    page.get_by_label("Titel", exact=True).fill("Pitchdag zonne-energie")
    page.get_by_label("Begint om").fill(pitch_day.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Eindigt om").fill(
        pitch_day.replace(hour=12).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Adres").fill("Stadhuis, Burg 12, Brugge")
    page.get_by_role("button", name="Het evenement plannen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pitchdag zonne-energie")
    page.get_by_label("Eerste tijdslot begint om").fill(
        pitch_day.replace(minute=30).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Aantal tijdsloten").fill("4")
    page.get_by_label("Minuten per tijdslot", exact=False).fill("20")
    page.get_by_role("button", name="De tijdsloten aanbieden").click()
    expect(page.locator("#slots")).to_contain_text("10:30")
    in_both_languages(page, axe_check, "the pitch day with slots")
    sign_out(page)

    with app.app_context():
        send_due()
    [invitation] = [m for m in smtp.to(ruben.email) if "volgende fase" in m["Subject"]]
    [feedback] = [m for m in smtp.to(bart.email) if "niet door" in m["Subject"]]
    assert "deelt nog geen stroom" in smtp.text(feedback)

    # The advanced team opens the emailed link: its idea is carried over into the full form.
    sign_in(page, ruben.email, make.PASSWORD)
    page.goto(smtp.link(invitation, f"/proposals/{ruben_proposal.id}/edit"))
    in_both_languages(page, axe_check, "the full proposal form")
    expect(page.get_by_text("Fase 2 van 2:")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Laadpalen op zonnestroom")
    expect(page.get_by_label("Uw idee")).to_have_count(0)     # the ideas' questions stay there
    page.get_by_label("Je oplossing").fill("Zes buurtbatterijen van 50 kWh bij de scholen.")
    page.get_by_label("Hoe het de challenge beantwoordt").fill(
        "De stroom van de daken blijft in de wijk, ook 's avonds.")
    plan = tmp_path / "projectplan.pdf"
    plan.write_bytes(PDF)
    page.get_by_label("Projectplan (PDF)").set_input_files(str(plan))
    page.get_by_label("Ik aanvaard het reglement van deze challenge en de "
                      "privacyverklaring.").check()
    page.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_role("status").first).to_contain_text("ingediend")
    expect(page.get_by_role("link", name="projectplan.pdf")).to_be_visible()
    in_both_languages(page, axe_check, "the full proposal, submitted")

    # It books a pitch slot.
    page.goto(f"/challenges/{slug}")
    page.get_by_role("link", name="Pitchdag zonne-energie").click()
    page.get_by_role("button", name=re.compile("10:10 boeken")).click()
    expect(page.get_by_role("row", name=re.compile("om 10:10 –"))).to_contain_text("Uw tijdslot")
    in_both_languages(page, axe_check, "the pitch day, a slot booked")
    sign_out(page)

    # The juror makes an account with the invited address (registering is tested in
    # tests/browser/test_accounts_flow.py), opens the emailed link and joins the jury.
    with app.app_context():
        send_due()
    [jury_mail] = smtp.to("hilde@kuleuven.be")
    hilde = make.user(email="hilde@kuleuven.be", name="Hilde Goossens")
    sign_in(page, hilde.email, make.PASSWORD)
    page.goto(smtp.link(jury_mail, "/jury/accept/"))
    in_both_languages(page, axe_check, "the jury invitation")
    page.get_by_role("button", name="Lid worden van de jury").click()
    # The final jury reviews the last stage only: the proposal not advanced is not there.
    expect(page.get_by_role("link", name=re.compile("Energiecafé"))).to_have_count(0)
    in_both_languages(page, axe_check, "the juror's work list")
    page.get_by_role("link", name="Verklaring afleggen voor Laadpalen op zonnestroom").click()
    in_both_languages(page, axe_check, "the juror's declaration")
    page.get_by_role("button", name="Nee, ik heb geen belangenconflict").click()
    # The juror reads every answer the jury may see, never the private phone number.
    review = page.get_by_role("main")
    expect(review).to_contain_text("Buurtbatterijen laden de auto's")
    expect(review).to_contain_text("Energiegemeenschap")
    expect(review.get_by_role("link", name=re.compile(r"\.pdf"))).to_be_visible()
    expect(review).not_to_contain_text("Telefoonnummer")
    expect(review).not_to_contain_text("0470 12 34 56")
    axe_check(page, "the juror reads the proposal")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("main")).not_to_contain_text("0470 12 34 56")
    axe_check(page, "the juror reads the proposal, in English")
