"""The organisers' side of proposals: the list with counts, filters, search and pages; one
proposal in full; marking it ineligible (and eligible again) with an email to the team; the
CSV and XLSX exports; and who may see any of it."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from challenges import spreadsheets, storage
from challenges.accounts.models import ParticipantKind, Role
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from challenges.notifications.operations import send_due
from challenges.submissions import exports
from challenges.submissions.models import (
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    ProposalVersion,
    TeamMember,
)
from tests.access import refused

EN = {"Accept-Language": "en"}
_numbers = itertools.count(1)


def add_proposal(challenge, author, *, status=ProposalStatus.SUBMITTED, title=None,
                 co_authors=(), invited=(), attachments=(), submitted_at=None, **fields):
    """A proposal straight in the database, as the participant side would leave it."""
    n = next(_numbers)
    submitted_at = submitted_at or datetime(2026, 3, 1, 13, 5, tzinfo=UTC) + timedelta(minutes=n)
    values = dict(summary=f"Summary {n}", description="A **bold** plan.", approach="Step by step.",
                  impact="Cleaner streets.", cost_estimate="8.000 euro", timeline="Three months",
                  team_description="Two engineers.")
    values.update(fields)
    proposal = Proposal(
        challenge=challenge, author=author, status=status, title=title or f"Proposal {n}",
        reference=None if status == ProposalStatus.DRAFT else f"2026-{challenge.id:03d}-{n:05d}",
        submitted_at=None if status == ProposalStatus.DRAFT else submitted_at,
        version=0 if status == ProposalStatus.DRAFT else 1, **values)
    for user in co_authors:
        proposal.members.append(TeamMember(email=user.email, user=user,
                                           accepted_at=submitted_at))
    for email in invited:
        proposal.members.append(TeamMember(email=email))
    for filename in attachments:
        proposal.attachments.append(ProposalAttachment(
            filename=filename, content_type="application/pdf", size=4, file_sha256=storage.keep(b"%PDF")))
    if status != ProposalStatus.DRAFT:
        proposal.versions.append(ProposalVersion(version=1, content={"title": proposal.title},
                                                 submitted_at=submitted_at))
    db.session.add(proposal)
    db.session.commit()
    return proposal


@pytest.fixture
def world(make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    challenge = make.challenge(mechelen, title="Slimme vuilnisbakken")
    editor = make.user(name="Tom Janssens", language="en")
    make.membership(editor, mechelen, Role.EDITOR)
    brugge_editor = make.user()
    make.membership(brugge_editor, brugge, Role.ADMIN)
    founder = make.user(email="ruben@slimparkeren.be", name="Ruben Smets", language="en",
                        kind=ParticipantKind.STARTUP, company_name="SlimParkeren",
                        enterprise_number="0123456749")
    colleague = make.user(email="an@slimparkeren.be", name="An Peeters", language="nl")
    entered = add_proposal(challenge, founder, title="Sensoren in vuilnisbakken",
                           co_authors=[colleague], invited=["later@example.be"],
                           attachments=["plan.pdf", "budget.pdf"],
                           submitted_at=datetime(2026, 3, 1, 13, 5, tzinfo=UTC),
                           organisation_name="SlimParkeren", enterprise_number="0123456749")
    return {"challenge": challenge, "editor": editor, "brugge_editor": brugge_editor,
            "citizen": make.user(), "founder": founder, "colleague": colleague,
            "proposal": entered, "mechelen": mechelen}


ROUTES = [
    ("GET", "/manage/challenges/{slug}/proposals"),
    ("GET", "/manage/challenges/{slug}/proposals.csv"),
    ("GET", "/manage/challenges/{slug}/proposals.xlsx"),
    ("GET", "/manage/proposals/{id}"),
    ("POST", "/manage/proposals/{id}/ineligible"),
    ("POST", "/manage/proposals/{id}/eligible"),
]


def url(template, slug="", ident=0):
    return template.format(slug=slug, id=ident)


# Access ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("method,path", ROUTES)
@pytest.mark.parametrize("who", [None, "citizen", "founder", "colleague", "brugge_editor"])
def test_outsiders_and_the_team_are_refused(client, world, method, path, who):
    if who:
        client.login_as(world[who])
    response = client.open(url(path, world["challenge"].slug, world["proposal"].id),
                           method=method, data={"reason": "Not in Mechelen."})
    assert refused(response, signed_in=who is not None)
    db.session.refresh(world["proposal"])
    assert world["proposal"].status == ProposalStatus.SUBMITTED
    assert db.session.scalar(select(OutboxMessage)) is None


@pytest.mark.parametrize("method,path", ROUTES)
def test_unknown_challenges_and_proposals_are_404(client, world, method, path):
    client.login_as(world["editor"])
    response = client.open(url(path, "no-such-challenge", 999999), method=method,
                           data={"reason": "x"})
    assert response.status_code == 404
    # A number too large for the database is not found either, never a database error.
    if "{id}" in path:
        assert client.open(url(path, "", 10**12), method=method).status_code == 404


@pytest.mark.parametrize("who", ["editor", "admin", "platform_admin"])
def test_editors_admins_and_platform_admins_get_in(client, world, make, who):
    user = {"editor": world["editor"], "admin": make.org_admin(world["mechelen"]),
            "platform_admin": make.user(platform_admin=True)}[who]
    client.login_as(user)
    for method, path in ROUTES[:4]:
        path = url(path, world["challenge"].slug, world["proposal"].id)
        assert client.open(path, method=method).status_code == 200, path


def test_another_challenges_proposals_stay_out(client, world, make):
    other = make.challenge(world["mechelen"], title="Andere challenge")
    add_proposal(other, make.user(), title="Elders ingediend")
    client.login_as(world["editor"])
    slug = world["challenge"].slug
    html = client.get(f"/manage/challenges/{slug}/proposals").data.decode()
    assert "Sensoren in vuilnisbakken" in html and "Elders ingediend" not in html
    body = client.get(f"/manage/challenges/{slug}/proposals.csv").data.decode("utf-8-sig")
    assert "Elders ingediend" not in body


def test_drafts_stay_private_to_the_team(client, world, smtp):
    draft = add_proposal(world["challenge"], world["citizen"], status=ProposalStatus.DRAFT,
                         title="Nog een kladversie")
    client.login_as(world["editor"])
    slug = world["challenge"].slug
    assert client.get(f"/manage/proposals/{draft.id}").status_code == 404
    html = client.get(f"/manage/challenges/{slug}/proposals").data.decode()
    assert "Nog een kladversie" not in html
    assert "Nog een kladversie" not in client.get(
        f"/manage/challenges/{slug}/proposals.csv").data.decode("utf-8-sig")
    # Nor can it be marked ineligible: for the organisers it does not exist yet.
    response = client.post(f"/manage/proposals/{draft.id}/ineligible",
                           data={"reason": "Te laat."}, headers=EN)
    assert response.status_code == 404
    db.session.refresh(draft)
    assert draft.status == ProposalStatus.DRAFT and draft.ineligible_reason is None
    assert db.session.scalar(select(OutboxMessage)) is None


# The list -------------------------------------------------------------------------------------

def test_list_shows_counts_team_and_attachments(client, world, make):
    challenge = world["challenge"]
    for status in (ProposalStatus.WITHDRAWN, ProposalStatus.INELIGIBLE,
                   ProposalStatus.SHORTLISTED, ProposalStatus.SHORTLISTED,
                   ProposalStatus.DRAFT):
        add_proposal(challenge, make.user(), status=status)
    client.login_as(world["editor"])
    response = client.get(f"/manage/challenges/{challenge.slug}/proposals", headers=EN)
    assert response.status_code == 200
    html = response.data.decode()
    assert html.count("<h1") == 1
    assert "All</a>: <strong>5</strong>" in html  # the draft is not counted
    assert "Submitted</a>: <strong>1</strong>" in html
    assert "Shortlisted</a>: <strong>2</strong>" in html
    assert "Winner</a>: <strong>0</strong>" in html
    assert "Ruben Smets, An Peeters" in html
    assert "later@example.be" not in html  # an invitation not accepted is not the team
    assert "SlimParkeren (enterprise number 0123.456.749)" in html
    assert world["proposal"].reference in html
    assert "<td>2</td>" in html  # two attachments
    assert "1 March 2026 at 14:05" in html  # 13:05 UTC shown in Brussels time
    assert "5 proposals found" in html


def test_filter_by_status_and_search(client, world, make):
    challenge = world["challenge"]
    jan = make.user(email="jan.burger@example.be", name="Jan Burger")
    add_proposal(challenge, jan, status=ProposalStatus.WITHDRAWN, title="Deelfietsen")
    add_proposal(challenge, make.user(), status=ProposalStatus.INELIGIBLE, title="Zonnepanelen",
                 organisation_name="CleanTech NV")
    client.login_as(world["editor"])
    base = f"/manage/challenges/{challenge.slug}/proposals"

    def titles(**args):
        html = client.get(base, query_string=args, headers=EN).data.decode()
        return {t for t in ("Sensoren in vuilnisbakken", "Deelfietsen", "Zonnepanelen")
                if t in html}

    assert titles() == {"Sensoren in vuilnisbakken", "Deelfietsen", "Zonnepanelen"}
    assert titles(status="withdrawn") == {"Deelfietsen"}
    assert titles(status="ineligible") == {"Zonnepanelen"}
    assert titles(q="sensoren") == {"Sensoren in vuilnisbakken"}        # title
    assert titles(q=world["proposal"].reference) == {"Sensoren in vuilnisbakken"}
    assert titles(q="jan burger") == {"Deelfietsen"}                     # author's name
    assert titles(q="jan.burger@example") == {"Deelfietsen"}             # author's email
    assert titles(q="an@slimparkeren.be") == {"Sensoren in vuilnisbakken"}  # a co-author
    assert titles(q="cleantech") == {"Zonnepanelen"}                     # organisation
    assert titles(q="Summary") == {"Sensoren in vuilnisbakken", "Deelfietsen", "Zonnepanelen"}
    assert titles(q="100%_") == set()  # wildcards are searched for as text
    assert titles(q="deelfietsen", status="submitted") == set()
    # A status the organisers cannot see is ignored with a message, never an error.
    response = client.get(base, query_string={"status": "draft"}, headers=EN)
    assert response.status_code == 200
    assert "Some filters were not understood" in response.data.decode()


def test_list_pages_with_a_fixed_number_of_queries(client, world, make, count_queries):
    challenge = world["challenge"]
    authors = [make.user() for _ in range(4)]
    client.login_as(world["editor"])
    path = f"/manage/challenges/{challenge.slug}/proposals"

    def add(count):
        for i in range(count):
            colleague = authors[i % 4]
            add_proposal(challenge, authors[(i + 1) % 4], co_authors=[colleague],
                         attachments=["a.pdf"])

    add(4)  # 5 with the world's
    client.get(path)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    add(55)  # 60
    with count_queries() as many:
        response = client.get(path, headers=EN)
    assert response.status_code == 200
    assert many.count == few.count, many.statements
    html = response.data.decode()
    assert "60 proposals found" in html and "Page 1 of 3" in html
    page3 = client.get(path, query_string={"page": 3}, headers=EN).data.decode()
    assert "Page 3 of 3" in page3 and page3.count('href="/manage/proposals/') == 20


# One proposal ---------------------------------------------------------------------------------

def test_proposal_page_shows_everything(client, world):
    proposal = world["proposal"]
    client.login_as(world["editor"])
    response = client.get(f"/manage/proposals/{proposal.id}", headers=EN)
    assert response.status_code == 200
    html = response.data.decode()
    assert html.count("<h1") == 1
    assert "Sensoren in vuilnisbakken" in html and proposal.reference in html
    assert "A <strong>bold</strong> plan." in html  # Markdown rendered
    for text in ("Step by step.", "Cleaner streets.", "8.000 euro", "Three months",
                 "Two engineers.", "ruben@slimparkeren.be", "An Peeters", "later@example.be",
                 "0123.456.749", "SlimParkeren"):
        assert text in html, text
    attachment = proposal.attachments[0]
    link = f"/proposals/{proposal.id}/attachments/{attachment.id}"
    assert f'href="{link}"' in html
    assert client.get(link).status_code == 200  # the organiser may download it
    assert "<td>1</td>" in html  # version 1
    assert f'action="/manage/proposals/{proposal.id}/ineligible"' in html
    assert 'for="reason"' in html


# Ineligible -----------------------------------------------------------------------------------

def test_mark_ineligible_emails_every_team_member_in_their_language(client, world, smtp):
    proposal = world["proposal"]
    client.login_as(world["editor"])
    response = client.post(f"/manage/proposals/{proposal.id}/ineligible",
                           data={"reason": "  Het project ligt buiten Mechelen.\nZie regel 3.  "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/proposals/{proposal.id}")
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.INELIGIBLE
    assert proposal.ineligible_reason == "Het project ligt buiten Mechelen.\nZie regel 3."
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert {(m.recipient, m.language, m.kind) for m in messages} == {
        ("ruben@slimparkeren.be", "en", "proposal_ineligible"),
        ("an@slimparkeren.be", "nl", "proposal_ineligible")}
    assert "later@example.be" not in {m.recipient for m in messages}  # not in the team yet

    send_due()
    (mail,) = smtp.to("ruben@slimparkeren.be")
    assert "Sensoren in vuilnisbakken" in mail["Subject"]
    text = smtp.text(mail)
    assert "Het project ligt buiten Mechelen." in text and proposal.reference in text
    assert "not eligible" in text
    smtp.link(mail, f"/proposals/{proposal.id}")
    assert "Het project ligt buiten Mechelen.<br>Zie regel 3." in smtp.html(mail)
    assert len(smtp.to("an@slimparkeren.be")) == 1

    # The page now shows the reason and the way back; a second time is refused.
    html = client.get(f"/manage/proposals/{proposal.id}", headers=EN).data.decode()
    assert "Het project ligt buiten Mechelen." in html and "Make it eligible again" in html
    assert "/ineligible" not in html
    response = client.post(f"/manage/proposals/{proposal.id}/ineligible",
                           data={"reason": "Nog eens."}, headers=EN, follow_redirects=True)
    assert "already marked ineligible" in response.data.decode()
    assert db.session.query(OutboxMessage).count() == 2


def test_a_reason_is_required_and_the_input_is_kept(client, world):
    proposal = world["proposal"]
    client.login_as(world["editor"])
    response = client.post(f"/manage/proposals/{proposal.id}/ineligible",
                           data={"reason": "   "}, headers=EN)
    assert response.status_code == 400
    html = response.data.decode()
    assert 'id="reason-error"' in html and "Give the reason" in html
    response = client.post(f"/manage/proposals/{proposal.id}/ineligible",
                           data={"reason": "x" * 5001}, headers=EN)
    assert response.status_code == 400
    assert "x" * 5001 in response.data.decode()
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert db.session.scalar(select(OutboxMessage)) is None


@pytest.mark.parametrize("status,allowed", [
    (ProposalStatus.SUBMITTED, True), (ProposalStatus.SHORTLISTED, True),
    (ProposalStatus.NOT_SELECTED, True), (ProposalStatus.WITHDRAWN, False),
    (ProposalStatus.WINNER, False)])
def test_which_statuses_can_be_marked_ineligible(client, world, make, status, allowed):
    proposal = add_proposal(world["challenge"], make.user(), status=status)
    client.login_as(world["editor"])
    response = client.post(f"/manage/proposals/{proposal.id}/ineligible",
                           data={"reason": "Buiten de regels."}, headers=EN,
                           follow_redirects=True)
    assert response.status_code == 200
    db.session.refresh(proposal)
    html = response.data.decode()
    if allowed:
        assert proposal.status == ProposalStatus.INELIGIBLE
        assert "is marked ineligible" in html
    else:
        assert proposal.status == status and proposal.ineligible_reason is None
        assert db.session.scalar(select(OutboxMessage)) is None
        expected = "withdrew this proposal" if status == ProposalStatus.WITHDRAWN \
            else "can no longer be marked ineligible"
        assert expected in html
        assert 'name="reason"' not in html  # no form offered for it


@pytest.mark.csrf
def test_the_forms_need_a_csrf_token(client, world):
    proposal = world["proposal"]
    client.login_as(world["editor"])
    response = client.post(f"/manage/proposals/{proposal.id}/ineligible",
                           data={"reason": "Buiten de regels."})
    assert response.status_code == 400
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED


def test_eligible_again_undoes_a_mistake(client, world):
    proposal = world["proposal"]
    client.login_as(world["editor"])
    client.post(f"/manage/proposals/{proposal.id}/ineligible", data={"reason": "Vergissing."})
    response = client.post(f"/manage/proposals/{proposal.id}/eligible", headers=EN,
                           follow_redirects=True)
    assert response.status_code == 200
    assert "eligible again" in response.data.decode()
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.ineligible_reason is None
    # Only an ineligible proposal can be made eligible again.
    response = client.post(f"/manage/proposals/{proposal.id}/eligible", headers=EN,
                           follow_redirects=True)
    assert "Only a proposal marked ineligible" in response.data.decode()
    assert proposal.status == ProposalStatus.SUBMITTED


# Exports --------------------------------------------------------------------------------------

@pytest.fixture
def export_world(world, make):
    challenge = world["challenge"]
    add_proposal(challenge, make.user(name="Eva", email="eva@example.be"),
                 status=ProposalStatus.INELIGIBLE, title="=HYPERLINK(\"http://evil\")",
                 summary="-1+2", ineligible_reason="Buiten Mechelen.",
                 submitted_at=datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    add_proposal(challenge, make.user(), status=ProposalStatus.DRAFT, title="Kladversie")
    return world


def test_csv_export(client, export_world, app):
    world = export_world
    proposal = world["proposal"]
    client.login_as(world["editor"])
    response = client.get(f"/manage/challenges/{world['challenge'].slug}/proposals.csv",
                          headers=EN)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"proposals-{world['challenge'].slug}-" in disposition and ".csv" in disposition
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, first, second = table[0], table[1], table[2]
    assert len(table) == 3  # the draft is not exported
    assert header == ["Reference", "Status", "Title", "Summary", "Description", "Approach",
                      "Expected impact", "Cost estimate", "Timeline", "Team description",
                      "Author", "Author's email", "Co-authors", "Organisation",
                      "Enterprise number", "Submitted at", "Reason for ineligibility",
                      "Attachments"]
    row = dict(zip(header, first, strict=True))
    base = app.config["BASE_URL"]
    assert row["Reference"] == proposal.reference
    assert row["Status"] == "Submitted"
    assert row["Title"] == "Sensoren in vuilnisbakken"
    assert row["Description"] == "A **bold** plan."
    assert row["Cost estimate"] == "8.000 euro"
    assert row["Author"] == "Ruben Smets"
    assert row["Author's email"] == "ruben@slimparkeren.be"
    assert row["Co-authors"] == "An Peeters <an@slimparkeren.be>"
    assert row["Organisation"] == "SlimParkeren"
    assert row["Enterprise number"] == "0123.456.749"
    assert row["Submitted at"] == "2026-03-01 14:05"
    assert row["Attachments"].split("\n") == [
        f"{base}/proposals/{proposal.id}/attachments/{a.id}" for a in proposal.attachments]
    evil = dict(zip(header, second, strict=True))
    assert evil["Title"] == "'=HYPERLINK(\"http://evil\")"  # never run as a formula
    assert evil["Summary"] == "'-1+2"
    assert evil["Status"] == "Ineligible"
    assert evil["Reason for ineligibility"] == "Buiten Mechelen."
    assert evil["Submitted at"] == "2026-07-01 10:00"  # summer time in Brussels


def test_xlsx_export(client, export_world, app):
    world = export_world
    proposal = world["proposal"]
    client.login_as(world["editor"])
    response = client.get(f"/manage/challenges/{world['challenge'].slug}/proposals.xlsx",
                          headers=EN)
    assert response.status_code == 200
    assert response.mimetype == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.rstrip('"').endswith(".xlsx")
    assert world["challenge"].slug in disposition
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet.title == "Proposals"
    assert sheet.freeze_panes == "A2"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    header = values[0]
    assert header[:3] == ["Reference", "Status", "Title"]
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    row = dict(zip(header, values[1], strict=True))
    assert row["Reference"] == proposal.reference
    assert row["Co-authors"] == "An Peeters <an@slimparkeren.be>"
    assert row["Enterprise number"] == "0123.456.749"
    assert row["Attachments"].startswith(app.config["BASE_URL"] + "/proposals/")
    evil = dict(zip(header, values[2], strict=True))
    # Text stays text in a workbook: the cell holds the string, not a formula.
    assert evil["Title"] == "=HYPERLINK(\"http://evil\")"
    assert sheet.cell(row=3, column=3).data_type == "s"
    widths = {key: sheet.column_dimensions[chr(ord("A") + i)].width
              for i, (key, _label) in enumerate(exports.COLUMNS)}
    assert 10 <= widths["reference"] <= 60 and widths["description"] <= 60


def test_exports_follow_the_filters_and_the_language(client, export_world):
    world = export_world
    client.login_as(world["editor"])
    slug = world["challenge"].slug
    response = client.get(f"/manage/challenges/{slug}/proposals.csv",
                          query_string={"status": "ineligible"}, headers=EN)
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert [row[1] for row in table[1:]] == ["Ineligible"]
    # Headers in the language of the request: the organiser's own language here.
    world["editor"].language = "nl"
    db.session.commit()
    response = client.get(f"/manage/challenges/{slug}/proposals.csv", headers=EN)
    header = next(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    with force_locale("nl"):
        assert header == exports.headers()
    assert header[4] == "Beschrijving"


def test_export_of_a_challenge_without_proposals_has_the_header_only(client, world, make):
    empty = make.challenge(world["mechelen"])
    client.login_as(world["editor"])
    response = client.get(f"/manage/challenges/{empty.slug}/proposals.xlsx", headers=EN)
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet.max_row == 1 and sheet["A1"].value == "Reference"
    response = client.get(f"/manage/challenges/{empty.slug}/proposals.csv", headers=EN)
    assert response.data.decode("utf-8-sig").count("\r\n") == 1


def test_control_characters_do_not_break_the_workbook():
    # The encoders are plain functions: no request, no database.
    row = ["bad\x00\x07text"] + ["x"] * (len(exports.COLUMNS) - 1)
    names = [key for key, _label in exports.COLUMNS]
    content = spreadsheets.to_xlsx([("A/B:C*?[]", names, [row])],
                                   wrap_columns=exports.WRAPPED_COLUMNS)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "badtext" and sheet.title == "ABC"
    assert "badtext" in spreadsheets.to_csv(names, [row]).decode("utf-8-sig")


# In a browser ---------------------------------------------------------------------------------

@pytest.mark.browser
def test_organiser_reviews_in_a_browser(page, world, make, axe_check):
    from playwright.sync_api import expect

    add_proposal(world["challenge"], make.user(), status=ProposalStatus.WITHDRAWN,
                 title="Deelfietsen")
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(world["editor"].email)
    page.get_by_label("Wachtwoord").fill(make.PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    # The editor's own language is English.
    page.goto(f"/manage/challenges/{world['challenge'].slug}/proposals")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Proposals for")
    axe_check(page, "organiser list")
    page.get_by_label("Status", exact=True).select_option("withdrawn")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Deelfietsen")).to_be_visible()
    expect(page.get_by_role("link", name="Sensoren in vuilnisbakken")).to_have_count(0)
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name="Sensoren in vuilnisbakken").click()
    axe_check(page, "organiser proposal")
    page.get_by_role("button", name="Mark as ineligible").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    axe_check(page, "organiser proposal with an error")
    page.get_by_label("Reason").fill("Het project ligt buiten Mechelen.")
    page.get_by_role("button", name="Mark as ineligible").click()
    expect(page.get_by_text("The proposal is marked ineligible.")).to_be_visible()
    axe_check(page, "ineligible proposal")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Make it eligible again").click()
    expect(page.get_by_text("The proposal is eligible again")).to_be_visible()
