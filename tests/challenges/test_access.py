"""An editor of one municipality gets 403 on another municipality's challenges; strangers
are sent to sign in on every management route and get 404 on drafts."""

import pytest

from challenges import storage
from challenges.accounts.models import Role
from tests.access import refused, sent_to_sign_in

MANAGEMENT_ROUTES = [
    ("GET", "/manage/challenges/{slug}/edit"),
    ("POST", "/manage/challenges/{slug}/edit"),
    ("POST", "/manage/challenges/{slug}/publish"),
    ("POST", "/manage/challenges/{slug}/advance"),
    ("GET", "/manage/challenges/{slug}/cancel"),
    ("POST", "/manage/challenges/{slug}/cancel"),
    ("POST", "/manage/challenges/{slug}/duplicate"),
    ("POST", "/manage/challenges/{slug}/delete"),
    ("POST", "/manage/challenges/{slug}/attachments"),
    ("POST", "/manage/challenges/{slug}/attachments/{attachment}/delete"),
    ("GET", "/manage/challenges/{slug}/translation/en"),
    ("POST", "/manage/challenges/{slug}/translation/en"),
    ("GET", "/manage/organisations/{org}/challenges/new"),
    ("POST", "/manage/organisations/{org}/challenges/new"),
]


@pytest.fixture
def world(make):
    from challenges.challenges.models import ChallengeAttachment
    from challenges.extensions import db

    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    challenge = make.challenge(mechelen, phase="draft")
    attachment = ChallengeAttachment(challenge=challenge, filename="a.pdf",
                                     content_type="application/pdf", size=4, file_sha256=storage.keep(b"%PDF"))
    db.session.add(attachment)
    db.session.commit()
    brugge_editor = make.user()
    make.membership(brugge_editor, brugge, Role.ADMIN)
    return {"challenge": challenge, "attachment": attachment, "brugge_editor": brugge_editor,
            "citizen": make.user(), "mechelen": mechelen}


def url(template, world):
    return template.format(slug=world["challenge"].slug, attachment=world["attachment"].id,
                           org="stad-mechelen")


@pytest.mark.parametrize("method,path", MANAGEMENT_ROUTES)
@pytest.mark.parametrize("who", [None, "citizen", "brugge_editor"])
def test_outsiders_are_refused(client, world, method, path, who):
    """The challenge of `world` is a draft: for anyone outside its organisation it does not
    exist, so a signed-in outsider gets 404 (a stranger is asked to sign in first)."""
    if who:
        client.login_as(world[who])
    response = client.open(url(path, world), method=method, data={})
    if who is None or "{org}" in path:
        assert refused(response, signed_in=who is not None)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("method,path", [r for r in MANAGEMENT_ROUTES if "{org}" not in r[1]])
@pytest.mark.parametrize("who", ["citizen", "brugge_editor"])
def test_outsiders_get_403_on_a_published_challenge(client, world, method, path, who):
    from challenges.challenges.models import ChallengeStatus
    from challenges.extensions import db

    world["challenge"].status = ChallengeStatus.PUBLISHED
    db.session.commit()
    client.login_as(world[who])
    response = client.open(url(path, world), method=method, data={})
    assert response.status_code == 403


@pytest.mark.parametrize("who", [None, "citizen", "brugge_editor"])
def test_drafts_are_404_for_outsiders(client, world, who):
    if who:
        client.login_as(world[who])
    slug = world["challenge"].slug
    assert client.get(f"/challenges/{slug}").status_code == 404
    assert client.get(f"/challenges/{slug}/attachments/{world['attachment'].id}").status_code == 404
    assert slug.encode() not in client.get("/challenges").data


def test_manage_page_needs_a_role(client, world):
    assert sent_to_sign_in(client.get("/manage"))
    client.login_as(world["citizen"])
    assert client.get("/manage").status_code == 403


def test_attachment_of_another_challenge_is_404(client, world, make):
    other = make.challenge(world["mechelen"])
    path = f"/challenges/{other.slug}/attachments/{world['attachment'].id}"
    assert client.get(path).status_code == 404


def test_platform_admin_may_edit_any_challenge(client, world, make):
    client.login_as(make.user(platform_admin=True))
    assert client.get(url("/manage/challenges/{slug}/edit", world)).status_code == 200
