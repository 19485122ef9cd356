"""What axe cannot see, checked in the HTML the app serves: error summaries that list the
errors, tables in labelled scroll regions, numbers and dates in the reader's language, the
accessibility statement, the folded filters."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from challenges import storage
from challenges.accounts.models import Role
from challenges.challenges.models import Challenge
from challenges.events import Event
from challenges.extensions import db
from challenges.notifications.operations import send_due
from challenges.results import operations as results_ops
from challenges.submissions.models import Proposal
from tests.results.test_ranking_page import scored_panel

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}


def summary_of(html: str) -> list[str]:
    """The items of the error summary, as text."""
    match = re.search(r'<div class="alert alert-danger"[^>]*data-error-summary>(.*?)</div>',
                      html, re.S)
    assert match, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


# The error summary -------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("/login", ["Email address: Enter your email address.", "Password: Enter your password."]),
    ("/register", ["Name: Enter your name.", "Email address: Enter your email address."]),
    ("/password/forgot", ["Email address: Enter your email address."]),
])
def test_an_empty_form_lists_every_error_in_the_summary(client, url, expected):
    html = client.post(url, data={}, headers=EN).get_data(as_text=True)
    items = summary_of(html)
    for message in expected:
        assert message in items, items
    # Each item links to its field.
    assert re.search(r'<a href="#email" class="alert-link">Email address</a>', html)


def test_the_summary_lists_the_errors_of_a_signed_in_form(client, make):
    citizen = make.user(language="en")
    client.login_as(citizen)
    html = client.post("/account", data={"display_name": ""}, headers=EN).get_data(as_text=True)
    assert any(item.startswith("Name: ") for item in summary_of(html))


def test_the_summary_names_the_criterion_row_of_a_challenge(client, make):
    organisation = make.organisation("Stad Gent")
    editor = make.user(language="en")
    make.membership(editor, organisation, Role.EDITOR)
    client.login_as(editor)
    html = client.post(f"/manage/organisations/{organisation.slug}/challenges/new", data={
        "title": "Een titel", "criteria-0-name": "Impact", "criteria-0-weight": "abc",
        "action": "draft"}, headers=EN).get_data(as_text=True)
    items = summary_of(html)
    assert any(item.startswith("Weight (%) (1):") for item in items), items
    assert 'href="#criteria-0-weight"' in html


# An expired form -----------------------------------------------------------------------------

def token_in(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


@pytest.mark.csrf
def test_an_expired_form_keeps_what_was_typed_and_sends_it_again(client, make, app,
                                                                   monkeypatch):
    citizen = make.user(language="en", name="Jan")
    client.login_as(citizen)
    token = token_in(client.get("/account").get_data(as_text=True))
    typed = {"display_name": "Jan Wouters <b>", "participant_kind": "citizen",
             "company_name": "", "enterprise_number": "", "language": "en", "csrf_token": token}
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", -1)   # every token is too old
    expired = client.post("/account", data=typed, headers=EN)
    assert expired.status_code == 400
    assert expired.headers["Cache-Control"] == "no-store"
    html = expired.get_data(as_text=True)
    assert "Your form has expired" in html and "Send the form again" in html
    assert '<input type="hidden" name="display_name" value="Jan Wouters &lt;b&gt;">' in html
    db.session.refresh(citizen)
    assert citizen.display_name == "Jan"                        # nothing changed yet
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", 4 * 3600)
    again = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    again = {name: value.replace("&lt;", "<").replace("&gt;", ">") for name, value in again.items()}
    response = client.post("/account", data=again, headers=EN)
    assert response.status_code == 302
    db.session.refresh(citizen)
    assert citizen.display_name == "Jan Wouters <b>"


@pytest.mark.csrf
def test_an_expired_form_never_keeps_a_password(client, make, app, monkeypatch):
    user = make.user()
    token = token_in(client.get("/login").get_data(as_text=True))
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", -1)
    html = client.post("/login", data={"email": user.email, "password": make.PASSWORD,
                                       "csrf_token": token}, headers=EN).get_data(as_text=True)
    assert f'name="email" value="{user.email}"' in html
    assert make.PASSWORD not in html and "type yours again" in html


@pytest.mark.csrf
def test_a_forged_or_foreign_form_gets_no_button_to_send_it(client, make, app, monkeypatch):
    """An attacker's cross-site form, or one carrying the attacker's own expired token, must
    not come back as a page on our site with a valid token and the attacker's fields."""
    attacker, victim = make.user(language="en"), make.user(language="en")
    other_browser = app.test_client().login_as(attacker)
    foreign_token = token_in(other_browser.get("/account").get_data(as_text=True))
    client.login_as(victim)
    client.get("/account")                                       # the victim's own session
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", -1)
    forged = {"display_name": "Hacked", "participant_kind": "citizen", "language": "en"}
    for data, headers in (
            (forged, EN),                                        # no token at all
            (dict(forged, csrf_token="nonsense"), EN),           # not ours
            (dict(forged, csrf_token=foreign_token), EN),        # ours, but another session's
    ):
        html = client.post("/account", data=data, headers=headers).get_data(as_text=True)
        assert "Your form has expired" in html and "Hacked" not in html
    own = token_in(client.get("/account").get_data(as_text=True))
    html = client.post("/account", data=dict(forged, csrf_token=own), headers={
        **EN, "Origin": "https://evil.example"}).get_data(as_text=True)
    assert "Hacked" not in html and "Send the form again" not in html


# Tables reflow -----------------------------------------------------------------------------

TABLE_IN_REGION = re.compile(
    r'<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]+">\s*<table')


def test_every_table_scrolls_in_a_labelled_region(client, make):
    panel = scored_panel(make)
    pages = [
        (None, f"/challenges/{panel.challenge.slug}"),
        (panel.chair, f"/jury/{panel.challenge.slug}/ranking"),
        (panel.chair, f"/jury/{panel.challenge.slug}/progress"),
        (panel.chair, f"/jury/{panel.challenge.slug}/report"),
        (panel.editor, "/manage"),
        (panel.editor, f"/manage/challenges/{panel.challenge.slug}/jury"),
        (panel.editor, f"/manage/challenges/{panel.challenge.slug}/proposals"),
        (panel.admin, f"/manage/challenges/{panel.challenge.slug}/jury/audit"),
        (panel.proposals[0].author, "/my/proposals"),
        (make.user(platform_admin=True), "/admin/users"),
    ]
    for user, url in pages:
        if user is None:
            client.logout()
        else:
            client.login_as(user)
        html = client.get(url, headers=EN).get_data(as_text=True)
        tables = html.count("<table")
        assert tables, url
        assert len(TABLE_IN_REGION.findall(html)) == tables, url


# Numbers and dates in the reader's language ------------------------------------------------

def test_a_dutch_challenge_page_writes_numbers_and_dates_the_dutch_way(client, make):
    challenge = make.challenge(
        make.organisation("Stad Mechelen"), reward_amount=Decimal("10000.00"),
        opens_at=datetime(2026, 11, 7, 8, 0, tzinfo=UTC),      # 09:00 in Brussels
        closes_at=datetime(2030, 12, 5, 16, 0, tzinfo=UTC),    # 17:00 in Brussels
        criteria=(("Impact", 60, Decimal("2.5")), ("Kost", 40, Decimal("3"))))
    db.session.add(_challenge_attachment(challenge, 1100))
    db.session.commit()
    html = client.get(f"/challenges/{challenge.slug}", headers=NL).get_data(as_text=True)
    assert "<td>2,5</td>" in html and "<td>3</td>" in html and "3.00" not in html
    assert "(1,1 kB)" in html
    assert "€ 10.000,00" in html or "10.000,00 €" in html or "€\xa010.000,00" in html
    assert "7 november 2026 om 09:00" in html and "5 december 2030 om 17:00" in html
    assert not re.search(r"\d\d:\d\d:\d\d", html)            # never seconds
    assert "CET" not in html and "+0100" not in html
    english = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert "7 November 2026 at 09:00" in english and "(1.1 kB)" in english


def _challenge_attachment(challenge, size: int):
    from challenges.challenges.models import ChallengeAttachment

    return ChallengeAttachment(challenge=challenge, filename="telling.pdf",
                               content_type="application/pdf", size=size,
                               file_sha256=storage.keep(b"%PDF" + b"0" * (size - 4)))


def test_the_dutch_results_email_writes_means_with_a_decimal_comma(client, make, smtp):
    panel = scored_panel(make)
    from challenges.jury import operations as jury_ops

    jury_ops.lock(panel.jury, panel.chair)
    results_ops.record_decision(panel.jury, panel.proposals[0], panel.chair, shortlisted=True,
                                motivation="Sterk.", place=1, award_name="Winnaar",
                                award_amount=Decimal("2500"), honourable_mention=False)
    results_ops.publish_results(panel.challenge, panel.editor)
    send_due()
    second = panel.proposals[1]    # means 3.5, 3.5 and 2.5 over two jurors
    mail = smtp.text(smtp.to(second.author.email)[0])
    assert "3,50" in mail and "2,50" in mail and "3.50" not in mail


def test_the_audit_trail_writes_amounts_and_scores_the_dutch_way(client, make):
    panel = scored_panel(make)
    proposal = panel.proposals[0]
    db.session.add(Event(challenge_id=panel.challenge.id, actor_id=panel.chair.id,
                         action="decision_recorded", proposal_id=proposal.id,
                         object_type="proposals", object_id=proposal.id,
                         changes={"amount": "10000.00", "place": 1,
                                  "at": "2026-12-05T16:00:00+00:00"}))
    panel.admin.language = "nl"
    db.session.commit()
    client.login_as(panel.admin)
    html = client.get(f"/manage/challenges/{panel.challenge.slug}/jury/audit",
                      headers=NL).get_data(as_text=True)
    assert "10.000" in html and "10000.00" not in html
    assert "5 december 2026 om 17:00" in html


# The accessibility statement ---------------------------------------------------------------

def test_the_accessibility_statement_follows_the_eu_model(client):
    html = client.get("/accessibility", headers=EN).get_data(as_text=True)
    assert html.count("<h1") == 1
    for part in ("Compliance status", "partially compliant", "Non-accessible content",
                 "Preparation of this accessibility statement", "2 December 2026",
                 "Enforcement procedure", "Vlaamse Ombudsdienst", "Feedback and contact"):
        assert part in html, part
    dutch = client.get("/accessibility", headers=NL).get_data(as_text=True)
    assert "2 december 2026" in dutch and "Nalevingsstatus" in dutch


# The challenge list on a phone -------------------------------------------------------------

def test_the_filters_fold_away_unless_one_is_in_use(client, make):
    make.challenge(make.organisation("Stad Mechelen"))
    folded = client.get("/challenges", headers=EN).get_data(as_text=True)
    assert re.search(r"<details[^>]*data-filters>", folded)
    assert 'id="q"' in folded.split("<details")[0]      # the search box stays in sight
    used = client.get("/challenges?phase=open", headers=EN).get_data(as_text=True)
    assert re.search(r"<details[^>]*data-filters open>", used)
    assert "1 active" in used


# Texts in the other language ---------------------------------------------------------------

def test_texts_in_the_other_language_carry_lang(client, make):
    mechelen = make.organisation("Stad Mechelen")
    challenge = make.challenge(mechelen, title="Minder zwerfvuil", summary="Nettere pleinen.")
    english = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert '<h1 lang="nl">Minder zwerfvuil</h1>' in english
    assert '<p class="lead" lang="nl">Nettere pleinen.</p>' in english
    assert '<div lang="nl"><p>The problem, described in <strong>Markdown</strong>.</p>' in english
    dutch = client.get(f"/challenges/{challenge.slug}", headers=NL).get_data(as_text=True)
    assert "<h1>Minder zwerfvuil</h1>" in dutch
    assert dutch.count('lang="nl"') == 1            # only <html lang="nl">
    listing = client.get("/challenges", headers=EN).get_data(as_text=True)
    assert re.search(r'class="stretched-link" lang="nl">Minder zwerfvuil</a>', listing)

    editor = make.user(language="nl")
    make.membership(editor, mechelen, Role.EDITOR)
    proposal = make.proposal(challenge, title="Drop-out counts", language="en")
    client.login_as(editor)
    page = client.get(f"/manage/proposals/{proposal.id}").get_data(as_text=True)
    assert '<h1 lang="en">Drop-out counts</h1>' in page
    assert f'<p lang="en">{proposal.summary}</p>' in page
    assert '<div lang="en"><p>What we will build.</p>' in page


def test_the_forms_ask_in_which_language_the_texts_are(client, make):
    mechelen = make.organisation("Stad Mechelen")
    challenge = make.challenge(mechelen)
    author = make.user(language="en")
    client.login_as(author)
    form = client.get(f"/challenges/{challenge.slug}/proposals/new").get_data(as_text=True)
    assert re.search(r'<option lang="en" selected value="en">English</option>|'
                     r'<option[^>]*value="en"[^>]*selected', form)
    refused = client.post(f"/challenges/{challenge.slug}/proposals/new", headers=EN,
                          data={"title": "Tellers", "language": "fr", "action": "draft"})
    assert refused.status_code == 400
    assert "Language of your proposal: Choose Nederlands or English." in " ".join(
        summary_of(refused.get_data(as_text=True)))
    saved = client.post(f"/challenges/{challenge.slug}/proposals/new", headers=EN,
                        data={"title": "Tellers", "language": "nl", "action": "draft"})
    assert saved.status_code == 302
    proposal = db.session.scalar(select(Proposal).where(Proposal.title == "Tellers"))
    assert proposal.language == "nl"

    editor = make.user(language="en")
    make.membership(editor, mechelen, Role.EDITOR)
    client.login_as(editor)
    response = client.post(f"/manage/organisations/{mechelen.slug}/challenges/new", headers=EN,
                           data={"title": "Heat in the city", "language": "en",
                                 "action": "draft"})
    assert response.status_code == 302
    written = db.session.scalar(select(Challenge).where(Challenge.title == "Heat in the city"))
    assert written.language == "en"
    edit = client.get(f"/manage/challenges/{written.slug}/edit").get_data(as_text=True)
    assert re.search(r'<option[^>]*value="en"[^>]*selected|<option[^>]*selected[^>]*value="en"',
                     edit)


def test_lists_mark_titles_in_the_other_language(client, make):
    challenge = make.challenge(make.organisation("Stad Mechelen"), title="Minder zwerfvuil")
    author = make.user(language="nl")
    make.proposal(challenge, author, title="Drop-out counts", language="en")
    client.login_as(author)
    mine = client.get("/my/proposals").get_data(as_text=True)
    assert re.search(r'<a href="/proposals/\d+" lang="en">Drop-out counts</a>', mine)
    author.language = "en"
    db.session.commit()
    mine = client.get("/my/proposals").get_data(as_text=True)
    assert re.search(r'<a href="/challenges/[^"]+" lang="nl">Minder zwerfvuil</a>', mine)
    assert 'lang="en">Drop-out counts' not in mine


def test_no_template_has_a_table_outside_a_scroll_region():
    """A new table must scroll on its own too: each <table> in a template comes right after
    its labelled region."""
    root = Path(__file__).resolve().parents[2] / "templates"
    for path in root.rglob("*.html"):
        if "emails" in path.parts:
            continue
        html = path.read_text()
        tables = html.count("<table")
        wrapped = len(re.findall(
            r'<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]+">\s*<table',
            html))
        assert wrapped == tables, f"{path.relative_to(root)}: a table outside a scroll region"
