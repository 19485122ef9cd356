"""Control characters in any input are decided on once, at the edge (challenges/inputs.py):
removed from query arguments and form fields (tab and line breaks kept), a 404 in a path.
On PostgreSQL a NUL that reached the database was a DataError (a 500) everywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from challenges.accounts.models import Role, User
from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.questions.models import Question
from tests.challenges.test_authoring import editor_of, form_data


@pytest.mark.parametrize("path", [
    "/challenges/%00", "/challenges/a%00b", "/organisations/%00", "/jury/%00",
    "/challenges/%00/deadline.ics", "/themes/%00/feed.atom", "/manage/challenges/%00/edit",
    "/challenges/%01", "/challenges/x%1b", "/team/accept/%00", "/password/reset/%00",
])
def test_a_control_character_in_a_path_is_no_page(client, make, path):
    client.login_as(make.user(platform_admin=True))
    assert client.get(path).status_code == 404


def test_a_control_character_in_an_api_path_is_a_json_404(client):
    response = client.get("/api/v1/challenges/%00")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


@pytest.mark.parametrize("path", ["/challenges?q=a%00b", "/api/v1/challenges?q=a%00b",
                                  "/api/v1/challenges?theme=%00", "/feeds/challenges.atom?theme=%00"])
def test_searches_ignore_control_characters(client, make, path):
    make.challenge(title="Zwerfvuil ab")
    assert client.get(path).status_code == 200


def test_organiser_and_admin_searches(client, make):
    client.login_as(make.user(platform_admin=True))
    for path in ("/admin/users?q=a%00b", "/admin/organisations?q=%00", "/admin/events?q=%00",
                 "/manage?q=a%00b"):
        assert client.get(path).status_code < 500, path


def test_text_fields_are_stored_without_control_characters(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = client.post(f"/manage/organisations/{organisation.slug}/challenges/new",
                           data=form_data(title="Zwerf\x00vuil\x1b", action="save",
                                          problem="Regel een\r\n\tregel twee\x00"))
    assert response.status_code == 302
    challenge = db.session.scalar(select(Challenge))
    assert challenge.title == "Zwerfvuil"
    assert challenge.problem == "Regel een\r\n\tregel twee"  # tab and line breaks are text


def test_a_question_and_a_profile_name_with_nul(client, make):
    user = make.user(language="en")
    challenge = make.challenge()
    client.login_as(user)
    response = client.post(f"/challenges/{challenge.slug}/questions",
                           data={"question-body": "Mag het\x00 ook in Brugge?"})
    assert response.status_code == 302
    assert db.session.scalar(select(Question.body)) == "Mag het ook in Brugge?"
    response = client.post("/account", data={"display_name": "Jan\x00 Peeters",
                                             "participant_kind": "citizen", "language": "en"})
    assert response.status_code == 302
    assert db.session.get(User, user.id).display_name == "Jan Peeters"


def test_a_nul_in_a_field_name_or_an_upload_name(client, make):
    organisation = make.organisation()
    editor = make.user()
    make.membership(editor, organisation, Role.EDITOR)
    challenge = make.challenge(organisation)
    client.login_as(editor)
    from io import BytesIO
    response = client.post(f"/manage/challenges/{challenge.slug}/attachments",
                           data={"file": (BytesIO(b"a;b\n1;2\n"), "cijfers\x00.csv"),
                                 "x\x00y": "z"})
    assert response.status_code == 302
    db.session.refresh(challenge)
    assert [a.filename for a in challenge.attachments] == ["cijfers.csv"]
