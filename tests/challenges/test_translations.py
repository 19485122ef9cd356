"""A challenge's texts in its other language: the organiser writes them on the translation
page, visitors read their language where it exists and the other one, marked, where not; the
search, the feeds, the calendar file, the emails and the API follow."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from challenges.accounts.models import Role
from challenges.challenges.models import Challenge, ChallengeTranslation
from challenges.extensions import db

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}


@pytest.fixture
def organiser(make):
    organisation = make.organisation("Stad Mechelen", slug="stad-mechelen")
    user = make.user(name="Els")
    make.membership(user, organisation, Role.EDITOR)
    return user


@pytest.fixture
def challenge(make, organiser) -> Challenge:
    organisation = organiser.memberships[0].organisation
    return make.challenge(organisation, title="Minder zwerfvuil in de parken",
                          summary="Mechelen zoekt slimme manieren tegen zwerfvuil.",
                          problem="Na warme avonden liggen de parken vol **blikjes**.",
                          context="Er loopt al een piloot.", eligibility="Iedereen mag meedoen.",
                          criteria=[("Impact", 60, None), ("Haalbaarheid", 40, None)])


def translate(client, challenge, **fields):
    data = {"title": "", "summary": "", "criteria-0-name": "", "criteria-1-name": ""}
    data.update(fields)
    return client.post(f"/manage/challenges/{challenge.slug}/translation/en", data=data)


def english(challenge, **texts) -> None:
    challenge.translations.append(ChallengeTranslation(language="en", **texts))
    db.session.commit()


def lang_of(page: str, text: str) -> str | None:
    """The lang attribute of the element that holds `text` directly, if any."""
    match = re.search(r'<(\w+)([^>]*)>\s*' + re.escape(text), page)
    assert match, f"{text!r} not found"
    found = re.search(r'lang="(\w\w)"', match.group(2))
    return found.group(1) if found else None


# The organiser ------------------------------------------------------------------------------

def test_the_organiser_writes_the_translation_and_visitors_read_it(client, challenge,
                                                                    organiser):
    client.login_as(organiser)
    page = client.get(f"/manage/challenges/{challenge.slug}/translation/en").data.decode()
    assert "English translation" not in page  # the page is in Dutch for a Dutch organiser
    assert "Vertaling in het Engels" in page
    assert 'lang="en"' in page  # the inputs are marked with the language typed in them
    assert "Na warme avonden" in page  # the original beside each field

    response = translate(client, challenge, title="Less litter in the parks",
                         summary="Mechelen looks for smart ways against litter.",
                         problem="After warm evenings the parks are full of **cans**.",
                         **{"criteria-0-name": "Impact", "criteria-1-name": "Feasibility",
                            "criteria-1-description": "Can it start within six months?"})
    assert response.status_code == 302
    saved = db.session.get(ChallengeTranslation, (challenge.id, "en"))
    assert saved.title == "Less litter in the parks"
    assert saved.html("problem") == "<p>After warm evenings the parks are full of <strong>cans" \
                                    "</strong>.</p>"
    assert saved.rendered_markdown["problem"][1].startswith("<p>After")  # stored rendered
    assert challenge.criteria[1].translations == {
        "en": {"name": "Feasibility", "description": "Can it start within six months?"}}

    client.logout()
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).data.decode()
    assert "<h1>Less litter in the parks</h1>" in page
    assert "<strong>cans</strong>" in page
    assert "Feasibility" in page
    # Not translated: the context is shown in Dutch, marked, with a notice after it.
    assert lang_of(page, "<p>Er loopt al een piloot.") == "nl"
    assert "This text is only available in Dutch." in page
    dutch = client.get(f"/challenges/{challenge.slug}", headers=NL).data.decode()
    assert "<h1>Minder zwerfvuil in de parken</h1>" in dutch
    assert "Less litter" not in dutch


def test_the_missing_translations_are_listed(client, challenge, organiser):
    english(challenge, title="Less litter in the parks")
    client.login_as(organiser)
    manage = client.get("/manage").data.decode()
    assert "Engels: 9 teksten ontbreken" in manage
    for label in ("Korte samenvatting", "Probleemstelling", "Context", "Beloning",
                  "Criterium: Impact", "Criterium: Haalbaarheid"):
        assert label in manage
    edit = client.get(f"/manage/challenges/{challenge.slug}/edit").data.decode()
    assert "Vertaling in het Engels" in edit and "Criterium: Impact" in edit
    with force_locale("en"):
        assert challenge.missing_translations()[0] == "Short summary"


def test_an_emptied_translation_is_removed_and_nothing_changed_is_not_recorded(
        client, challenge, organiser):
    from challenges.events import Event

    english(challenge, title="Less litter")
    client.login_as(organiser)
    assert translate(client, challenge).status_code == 302
    assert db.session.get(ChallengeTranslation, (challenge.id, "en")) is None
    recorded = db.session.query(Event).filter_by(action="challenge_translated").count()
    assert recorded == 1
    translate(client, challenge)
    assert db.session.query(Event).filter_by(action="challenge_translated").count() == 1


@pytest.mark.parametrize("language", ["nl", "fr", "e\x00"])
def test_only_the_other_language_has_a_translation_page(client, challenge, organiser,
                                                        language):
    client.login_as(organiser)
    assert client.get(f"/manage/challenges/{challenge.slug}/translation/{language}") \
        .status_code == 404


def test_an_editor_of_another_organisation_cannot_translate(client, make, challenge):
    other = make.organisation("Stad Brugge", slug="stad-brugge")
    editor = make.user()
    make.membership(editor, other, Role.EDITOR)
    client.login_as(editor)
    assert client.get(f"/manage/challenges/{challenge.slug}/translation/en").status_code == 403
    assert translate(client, challenge, title="Mine now").status_code == 403
    assert challenge.translation("en") is None


def test_bad_input_is_refused_next_to_the_field_and_what_was_typed_is_kept(
        client, challenge, organiser):
    client.login_as(organiser)
    response = translate(client, challenge, title="T" * 201, summary="Kept\x00 summary",
                         problem="<script>alert(1)</script>**Kept**",
                         **{"criteria-0-name": "N" * 201})
    assert response.status_code == 400
    page = response.data.decode()
    assert page.count("Field cannot be longer than 200 characters.") >= 2 or \
        page.count("200 tekens") >= 2
    assert 'id="title-error"' in page and 'id="criteria-0-name-error"' in page
    assert "Kept summary" in page  # the NUL is dropped, the rest kept
    assert "&lt;script&gt;alert(1)&lt;/script&gt;**Kept**" in page
    assert challenge.translation("en") is None
    # Saved, the script never reaches a page.
    assert translate(client, challenge, title="Fine",
                     problem="<script>alert(1)</script>**Kept**").status_code == 302
    client.logout()
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).data.decode()
    assert "<script>alert(1)" not in page and "<strong>Kept</strong>" in page


# Visitors -----------------------------------------------------------------------------------

def test_a_dutch_only_challenge_in_english_says_so_once(client, challenge):
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).data.decode()
    assert '<h1 lang="nl">Minder zwerfvuil in de parken</h1>' in page
    assert page.count("This text is only available in Dutch.") == 1
    assert lang_of(page, "<p>Na warme avonden") == "nl"
    card = client.get("/challenges", headers=EN).data.decode()
    assert lang_of(card, "Minder zwerfvuil in de parken") == "nl"
    assert "This text is only available in Dutch." in card


def test_an_english_challenge_falls_back_to_its_dutch_translation_only_where_missing(
        client, make):
    item = make.challenge(language="en", title="Cool spots", summary="Shade in heatwaves.")
    item.translations.append(ChallengeTranslation(language="nl", title="Koele plekken"))
    db.session.commit()
    page = client.get(f"/challenges/{item.slug}", headers=NL).data.decode()
    assert "<h1>Koele plekken</h1>" in page
    assert '<p class="lead" lang="en">Shade in heatwaves.</p>' in page
    assert "Deze tekst bestaat enkel in het Engels." in page


def test_the_search_finds_a_challenge_by_its_translation(client, challenge):
    assert challenge.title not in client.get("/challenges?q=cans").data.decode()
    english(challenge, title="Less litter", problem="Parks full of cans after warm evenings.")
    assert "Less litter" in client.get("/challenges?q=cans+evenings", headers=EN).data.decode()
    assert challenge.title in client.get("/challenges?q=blikjes").data.decode()
    challenge.translations.clear()
    db.session.commit()
    assert challenge.title not in client.get("/challenges?q=cans").data.decode()


def test_the_listing_reads_translations_in_a_fixed_number_of_queries(client, make,
                                                                    count_queries):
    organisation = make.organisation()
    for _ in range(3):
        make.challenge(organisation)
    with count_queries() as untranslated:
        assert client.get("/challenges", headers=EN).status_code == 200
    for _ in range(12):
        item = make.challenge(organisation)
        item.translations.append(ChallengeTranslation(language="en", title="In English",
                                                      summary="An English summary"))
    db.session.commit()
    with count_queries() as translated:
        page = client.get("/challenges", headers=EN).data.decode()
    assert "In English" in page
    assert translated.count == untranslated.count


def test_feed_calendar_and_api_speak_the_readers_language(client, challenge):
    english(challenge, title="Less litter in the parks", summary="Smart ways against litter.")
    feed = client.get("/feeds/challenges.atom", headers=EN).data.decode()
    assert '<title type="text">Less litter in the parks</title>' in feed
    assert "Smart ways against litter." in feed
    dutch_feed = client.get("/feeds/challenges.atom", headers=NL).data.decode()
    assert "Minder zwerfvuil in de parken" in dutch_feed
    ics = client.get(f"/challenges/{challenge.slug}/deadline.ics", headers=EN).data.decode()
    assert "Deadline: Less litter in the parks" in ics

    data = client.get(f"/api/v1/challenges/{challenge.slug}").get_json()
    assert data["title"] == "Minder zwerfvuil in de parken"  # the main language stays
    assert data["language"] == "nl"
    assert data["translations"]["en"] == {"title": "Less litter in the parks",
                                          "summary": "Smart ways against litter."}
    assert data["translations"]["nl"]["problem"].startswith("Na warme avonden")
    assert [c["name"] for c in data["translations"]["nl"]["criteria"]] == ["Impact",
                                                                           "Haalbaarheid"]


def test_an_email_carries_the_title_in_the_recipients_language(make, challenge, organiser):
    from challenges.notifications.models import OutboxMessage
    from challenges.questions.operations import ask

    english(challenge, title="Less litter in the parks")
    colleague = make.user(language="en")
    make.membership(colleague, challenge.organisation, Role.EDITOR)
    ask(challenge, make.user(), "Is there open data?")
    mail = {m.recipient: m for m in db.session.scalars(db.select(OutboxMessage))}
    assert mail[colleague.email].subject == "New question on Less litter in the parks"
    assert "Less litter in the parks" in mail[colleague.email].body_text
    assert "Minder zwerfvuil in de parken" in mail[organiser.email].subject
    assert "Minder zwerfvuil in de parken" in mail[organiser.email].body_text


def test_duplicating_keeps_the_translation(client, challenge, organiser):
    english(challenge, title="Less litter", problem="Cans.")
    client.login_as(organiser)
    response = client.post(f"/manage/challenges/{challenge.slug}/duplicate")
    copy = db.session.scalar(db.select(Challenge).where(Challenge.slug != challenge.slug))
    assert response.status_code == 302
    assert copy.translation("en").title == "Copy of Less litter"
    assert copy.translation("en").problem == "Cans."


def test_a_translation_whose_original_changed_is_out_of_date_until_saved_again(
        client, challenge, organiser):
    from challenges.events import Event

    client.login_as(organiser)
    assert translate(client, challenge, title="Less litter in the parks",
                     problem="After warm evenings the parks are full of cans.").status_code == 302
    assert challenge.outdated_translations() == []
    challenge.problem = "Na warme avonden liggen de parken en pleinen vol blikjes."
    db.session.commit()

    manage = client.get("/manage").data.decode()
    assert "1 vertaling verouderd" in manage and "Probleemstelling" in manage
    page = client.get(f"/manage/challenges/{challenge.slug}/translation/en").data.decode()
    assert "Verouderd: de tekst in het Nederlands is gewijzigd" in page
    client.logout()
    detail = client.get(f"/challenges/{challenge.slug}", headers=EN).data.decode()
    assert "This translation may be out of date: the Dutch text changed since." in detail
    assert detail.count("may be out of date") == 1  # the title did not change

    client.login_as(organiser)
    assert translate(client, challenge, title="Less litter in the parks",
                     problem="After warm evenings the parks are full of cans.").status_code == 302
    assert challenge.outdated_translations() == []
    last = db.session.scalars(db.select(Event).filter_by(action="challenge_translated")
                              .order_by(Event.id.desc())).first()
    assert last.changes["confirmed"] == ["problem"] and last.changes["fields"] == []
