"""Ordinary mistakes give a message, never a server error: inviting a co-author without a
valid address, pressing upload without a file (issue #9: these joined lazy strings and
raised TypeError)."""

import pytest

from challenges.accounts.models import Role

EN = {"Accept-Language": "en"}


@pytest.fixture
def scene(make):
    organisation = make.organisation()
    editor = make.user(language="en")
    make.membership(editor, organisation, Role.EDITOR)
    challenge = make.challenge(organisation)
    author = make.user(language="en")
    proposal = make.proposal(challenge, author, status="draft")
    return editor, challenge, author, proposal


@pytest.mark.parametrize(("email", "message"), [
    ("", "Enter an email address."),
    ("   ", "Enter an email address."),
    ("not-an-email", "Enter a valid email address, like name@example.be."),
])
def test_inviting_a_co_author_without_a_valid_address(client, scene, email, message):
    _editor, _challenge, author, proposal = scene
    client.login_as(author)
    response = client.post(f"/proposals/{proposal.id}/team", data={"email": email},
                           headers=EN, follow_redirects=True)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert proposal.members == []


def test_uploading_without_a_file(client, scene):
    editor, challenge, author, proposal = scene
    client.login_as(author)
    response = client.post(f"/proposals/{proposal.id}/attachments", data={}, headers=EN,
                           follow_redirects=True)
    assert response.status_code == 200 and "Choose a file." in response.get_data(as_text=True)
    client.logout().login_as(editor)
    response = client.post(f"/manage/challenges/{challenge.slug}/attachments", data={},
                           headers=EN, follow_redirects=True)
    assert response.status_code == 200 and "Choose a file." in response.get_data(as_text=True)
