import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from challenges.accounts.models import Role
from challenges.challenges.models import Challenge, ChallengeStatus, ChangeNotice, Phase
from challenges.db import utcnow
from challenges.extensions import db
from challenges.timezones import utc_to_brussels


def local(dt):
    return utc_to_brussels(dt).strftime("%Y-%m-%dT%H:%M")


def form_data(**changes):
    now = utcnow()
    data = {
        "title": "Slimme vuilnisbakken", "summary": "Minder zwerfvuil in de binnenstad.",
        "problem": "Vuilnisbakken lopen over in het weekend.", "context": "Cijfers van 2025.",
        "expected_solutions": "Sensoren, nieuwe ophaalrondes.", "goals": "Nettere straten.",
        "out_of_scope": "", "constraints": "", "eligibility": "",
        "audience": ["citizen", "startup"],
        "opens_at": local(now - timedelta(days=1)), "closes_at": local(now + timedelta(days=30)),
        "jury_decision_at": "", "results_at": "",
        "reward_text": "Tot 10.000 euro voor een proof of concept", "reward_amount": "10000",
        "follow_ups": ["proof_of_concept", "pilot"],
        "max_proposals_per_participant": "1", "proposal_visibility": "after_results",
        "contact_name": "Els", "contact_email": "els@mechelen.be",
        "criteria-0-name": "Impact", "criteria-0-weight": "50", "criteria-0-description": "",
        "criteria-1-name": "Haalbaarheid", "criteria-1-weight": "30",
        "criteria-1-minimum_score": "2",
        "criteria-2-name": "Kostprijs", "criteria-2-weight": "20",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def save_confirmed(client, url, data, **kwargs):
    """Save a published challenge's form, confirming a change of deadline or rules when the
    page asks for it (as the organiser does with the button)."""
    response = client.post(url, data=data, **kwargs)
    found = re.search(r'name="confirm" value="([0-9a-f]+)"', response.get_data(as_text=True))
    if response.status_code == 200 and found:
        response = client.post(url, data={**data, "confirm": found.group(1)}, **kwargs)
    return response


def editor_of(make, name="Stad Mechelen", slug="stad-mechelen"):
    organisation = make.organisation(name, slug=slug)
    user = make.user(language="en")  # pages for a signed-in user follow their language
    make.membership(user, organisation, Role.EDITOR)
    return organisation, user


def test_editor_saves_a_draft_then_publishes(client, make):
    organisation, editor = editor_of(make)
    theme = make.theme("cleanliness-environment", "Netheid en milieu", "Cleanliness")
    client.login_as(editor)
    # One form, built once: building it twice could straddle a minute.
    data = form_data(theme_ids=[str(theme.id)], action="save")
    response = client.post(f"/manage/organisations/{organisation.slug}/challenges/new", data=data)
    assert response.status_code == 302
    challenge = db.session.scalar(select(Challenge))
    assert challenge.status == ChallengeStatus.DRAFT
    assert [c.name for c in challenge.criteria] == ["Impact", "Haalbaarheid", "Kostprijs"]
    assert challenge.criteria[1].minimum_score == 2
    assert challenge.themes == [theme]
    assert [k.value for k in challenge.audience] == ["citizen", "startup"]
    # Times typed in Brussels are stored in UTC.
    assert local(challenge.closes_at) == data["closes_at"]
    assert client.get(f"/challenges/{challenge.slug}").status_code == 200  # the organisation sees it
    client.logout()
    assert client.get(f"/challenges/{challenge.slug}").status_code == 404  # nobody else does
    client.login_as(editor)
    response = client.post(f"/manage/challenges/{challenge.slug}/edit",
                           data=form_data(theme_ids=[str(theme.id)], action="publish"))
    assert response.status_code == 302
    db.session.refresh(challenge)
    assert challenge.phase == Phase.OPEN
    client.logout()
    assert client.get(f"/challenges/{challenge.slug}").status_code == 200


def test_weights_must_total_100_to_publish_and_input_is_kept(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = client.post(f"/manage/organisations/{organisation.slug}/challenges/new",
                           data=form_data(**{"criteria-2-weight": "10", "action": "publish"}),
                           headers={"Accept-Language": "en"})
    assert response.status_code == 400
    html = response.data.decode()
    assert "add up to 90%" in html
    assert 'value="Haalbaarheid"' in html and "Vuilnisbakken lopen over" in html
    # Saved as a draft, nothing lost, not published.
    challenge = db.session.scalar(select(Challenge))
    assert challenge.status == ChallengeStatus.DRAFT


def test_bad_dates_and_empty_problem(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    now = utcnow()
    response = client.post(
        f"/manage/organisations/{organisation.slug}/challenges/new",
        data=form_data(closes_at=local(now - timedelta(days=3)), action="save"),
        headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert 'id="closes_at-error"' in response.data.decode()
    assert db.session.scalar(select(Challenge)) is None
    response = client.post(
        f"/manage/organisations/{organisation.slug}/challenges/new",
        data=form_data(opens_at=local(now - timedelta(days=10)),
                       closes_at=local(now - timedelta(days=3)), problem="", action="publish"),
        headers={"Accept-Language": "en"})
    html = response.data.decode()
    assert response.status_code == 400
    assert 'id="problem-error"' in html and 'id="closes_at-error"' in html
    assert "The deadline is in the past." in html


def test_criterion_rows_need_name_and_weight(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = client.post(f"/manage/organisations/{organisation.slug}/challenges/new",
                           data=form_data(**{"criteria-3-weight": "10", "action": "save"}))
    assert response.status_code == 400
    assert 'id="criteria-3-name-error"' in response.data.decode()


def test_preview_renders_markdown_sanitised_and_saves_nothing(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = client.post(
        f"/manage/organisations/{organisation.slug}/challenges/new",
        data=form_data(problem="**Belangrijk** <script>alert(1)</script>"
                               "<img src=x onerror=alert(2)>", action="preview"))
    html = response.data.decode()
    assert "<strong>Belangrijk</strong>" in html
    assert "<script>alert(1)" not in html and "<img src=x onerror" not in html
    assert db.session.scalar(select(Challenge)) is None


def test_script_never_reaches_the_public_page(client, make):
    challenge = make.challenge(problem="<script>alert(1)</script> [x](javascript:alert(1))",
                               summary="<b onmouseover=alert(1)>hi</b>")
    html = client.get(f"/challenges/{challenge.slug}").data.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:alert" not in html
    assert "<b onmouseover" not in html


def test_rule_changes_after_publication_are_announced(client, make):
    organisation, editor = editor_of(make)
    challenge = make.challenge(organisation)
    client.login_as(editor)
    data = form_data(title=challenge.title, summary=challenge.summary,
                     opens_at=local(challenge.opens_at),
                     closes_at=local(challenge.closes_at + timedelta(days=7)),
                     audience=["citizen", "startup", "company", "student"],
                     **{"criteria-0-name": "Impact", "criteria-0-weight": "50",
                        "criteria-1-name": "Feasibility", "criteria-1-weight": "30",
                        "criteria-1-minimum_score": "",
                        "criteria-2-name": "Cost", "criteria-2-weight": "20",
                        "action": "save"})
    response = save_confirmed(client, f"/manage/challenges/{challenge.slug}/edit", data)
    assert response.status_code == 302
    notices = db.session.scalars(select(ChangeNotice)).all()
    texts = " ".join(n.text_en for n in notices)
    assert "deadline was extended" in texts
    assert "Who may take part changed" in texts
    assert "criteria" not in texts  # unchanged
    page = client.get(f"/challenges/{challenge.slug}", headers={"Accept-Language": "en"})
    assert b"Changes since publication" in page.data
    # Moving the deadline earlier is announced too; weights must still total 100.
    data.update({"closes_at": local(challenge.closes_at - timedelta(days=3)),
                 "criteria-2-weight": "25"})
    response = client.post(f"/manage/challenges/{challenge.slug}/edit", data=data,
                           headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "add up to 105%" in response.data.decode()
    data["criteria-2-weight"] = "20"
    save_confirmed(client, f"/manage/challenges/{challenge.slug}/edit", data)
    texts = " ".join(n.text_en for n in db.session.scalars(select(ChangeNotice)))
    assert "moved earlier" in texts


def test_lifecycle_steps_and_cancel(client, make):
    organisation, editor = editor_of(make)
    closed = make.challenge(organisation, phase="closed")
    client.login_as(editor)
    client.post(f"/manage/challenges/{closed.slug}/advance")
    db.session.refresh(closed)
    assert closed.phase == Phase.CLOSED  # results come from the jury's decision, not a button
    challenge = make.challenge(organisation, phase="results_published")
    make.lessons(challenge)  # published lessons are required to complete (tests/lessons)
    for expected in (Phase.FOLLOW_UP, Phase.COMPLETED):
        client.post(f"/manage/challenges/{challenge.slug}/advance")
        db.session.refresh(challenge)
        assert challenge.phase == expected
    open_one = make.challenge(organisation, phase="open")
    client.post(f"/manage/challenges/{open_one.slug}/advance")
    db.session.refresh(open_one)
    assert open_one.phase == Phase.OPEN  # results cannot come before the deadline
    response = client.post(f"/manage/challenges/{open_one.slug}/cancel", data={"reason": ""})
    assert response.status_code == 400
    client.post(f"/manage/challenges/{open_one.slug}/cancel",
                data={"reason": "Het budget werd ingetrokken."})
    db.session.refresh(open_one)
    assert open_one.phase == Phase.CANCELLED
    page = client.get(f"/challenges/{open_one.slug}").data.decode()
    assert "Het budget werd ingetrokken." in page


def test_duplicate_starts_a_new_draft(client, make):
    organisation, editor = editor_of(make)
    theme = make.theme()
    challenge = make.challenge(organisation, themes=[theme], title="Fietsparkeren")
    client.login_as(editor)
    response = client.post(f"/manage/challenges/{challenge.slug}/duplicate")
    copy = db.session.scalar(select(Challenge).where(Challenge.id != challenge.id))
    assert response.headers["Location"].endswith(f"/manage/challenges/{copy.slug}/edit")
    assert copy.status == ChallengeStatus.DRAFT and copy.closes_at is None
    assert copy.themes == [theme]
    assert [c.name for c in copy.criteria] == [c.name for c in challenge.criteria]
    assert "Fietsparkeren" in copy.title


def test_attachments_are_checked_by_content(client, make):
    from io import BytesIO

    organisation, editor = editor_of(make)
    challenge = make.challenge(organisation)
    client.login_as(editor)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    client.post(f"/manage/challenges/{challenge.slug}/attachments",
                data={"file": (BytesIO(pdf), "briefing.pdf")},
                content_type="multipart/form-data")
    executable = b"MZ\x90\x00" + b"\x00" * 200
    response = client.post(f"/manage/challenges/{challenge.slug}/attachments",
                           data={"file": (BytesIO(executable), "innocent.pdf")},
                           content_type="multipart/form-data", follow_redirects=True,
                           headers={"Accept-Language": "en"})
    assert b"This type of file is not accepted" in response.data
    response = client.post(f"/manage/challenges/{challenge.slug}/attachments",
                           data={"file": (BytesIO(b""), "empty.pdf")},
                           content_type="multipart/form-data", follow_redirects=True,
                           headers={"Accept-Language": "en"})
    assert b"The file is empty." in response.data
    db.session.refresh(challenge)
    assert [a.filename for a in challenge.attachments] == ["briefing.pdf"]
    download = client.get(f"/challenges/{challenge.slug}/attachments/"
                          f"{challenge.attachments[0].id}")
    assert download.data == pdf and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_delete_draft_only(client, make):
    organisation, editor = editor_of(make)
    draft = make.challenge(organisation, phase="draft")
    published = make.challenge(organisation, phase="open")
    client.login_as(editor)
    client.post(f"/manage/challenges/{draft.slug}/delete")
    client.post(f"/manage/challenges/{published.slug}/delete")
    assert [c.id for c in db.session.scalars(select(Challenge))] == [published.id]


def test_lessons_learned_after_the_results(client, make):
    organisation, editor = editor_of(make)
    challenge = make.challenge(organisation, phase="results_published")
    client.login_as(editor)
    form = client.get(f"/manage/challenges/{challenge.slug}/edit").data.decode()
    assert 'id="lessons_learned"' in form
    data = form_data(title=challenge.title, summary=challenge.summary,
                     opens_at=local(challenge.opens_at), closes_at=local(challenge.closes_at),
                     audience=["citizen", "startup", "company"],
                     lessons_learned="**Meet vooraf.** <script>alert(1)</script>",
                     **{"criteria-0-name": "Impact", "criteria-0-weight": "50",
                        "criteria-1-name": "Feasibility", "criteria-1-weight": "30",
                        "criteria-1-minimum_score": "",
                        "criteria-2-name": "Cost", "criteria-2-weight": "20", "action": "save"})
    assert save_confirmed(client, f"/manage/challenges/{challenge.slug}/edit",
                          data).status_code == 302
    client.logout()
    page = client.get(f"/challenges/{challenge.slug}").data.decode()
    assert "<strong>Meet vooraf.</strong>" in page
    assert "<script>alert(1)" not in page
    assert challenge.title in client.get("/challenges?q=vooraf").data.decode()  # searchable
    # A duplicate starts without another challenge's lessons.
    client.login_as(editor)
    client.post(f"/manage/challenges/{challenge.slug}/duplicate")
    copy = db.session.scalar(select(Challenge).where(Challenge.id != challenge.id))
    assert copy.lessons_learned == ""


def test_lessons_fields_are_not_offered_before_the_results(client, make):
    organisation, editor = editor_of(make)
    challenge = make.challenge(organisation)
    client.login_as(editor)
    form = client.get(f"/manage/challenges/{challenge.slug}/edit").data.decode()
    assert 'id="lessons_learned"' not in form


@pytest.mark.parametrize("amount", ["Infinity", "-Infinity", "1e20", "99999999999", "NaN"])
def test_an_amount_the_database_cannot_hold_is_a_message(client, make, amount):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = client.post(f"/manage/organisations/{organisation.slug}/challenges/new",
                           data=form_data(reward_amount=amount, action="save"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter an amount" in page
    assert f'value="{amount}"' in page  # what was typed is kept
    assert db.session.scalar(select(Challenge)) is None


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "1899-12-31T23:00", "9999-12-31T23:59"])
def test_a_date_in_an_impossible_year_is_a_message(client, make, moment):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = client.post(f"/manage/organisations/{organisation.slug}/challenges/new",
                           data=form_data(opens_at=moment, action="save"))
    assert response.status_code == 400
    assert "Enter a date between the years 2000 and 2999." in response.get_data(as_text=True)


def test_a_title_with_a_line_break_keeps_the_calendar_file_working(client, make):
    challenge = make.challenge(title="Zwerfvuil\nop pleinen")
    response = client.get(f"/challenges/{challenge.slug}/deadline.ics")
    assert response.status_code == 200
    assert b"X-WR-CALNAME:Zwerfvuil op pleinen\r\n" in response.data


def test_correcting_a_refused_publish_of_a_new_challenge_publishes_that_one(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = client.post(f"/manage/organisations/{organisation.slug}/challenges/new",
                           data=form_data(problem="", action="publish"))
    assert response.status_code == 400
    draft = db.session.scalar(select(Challenge))
    edit_url = f"/manage/challenges/{draft.slug}/edit"
    assert f'action="{edit_url}"' in response.get_data(as_text=True)  # not back to /new
    response = client.post(edit_url, data=form_data(action="publish"))
    assert response.status_code == 302
    [challenge] = db.session.scalars(select(Challenge))
    assert (challenge.slug, challenge.status) == (draft.slug, ChallengeStatus.PUBLISHED)
