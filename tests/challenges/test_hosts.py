"""Joint challenges: the lead's administrators invite a partner, the partner's answer, the
partner's editors work on the challenge until the lead removes the partner; the public page,
the listing filter and the API name every host."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from challenges.accounts.models import Role
from challenges.challenges.models import ChallengeHost, HostStatus
from challenges.events import Event
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage


@pytest.fixture
def joint(make):
    mechelen = make.organisation("Stad Mechelen", slug="stad-mechelen")
    brugge = make.organisation("Stad Brugge", slug="stad-brugge")
    lead_admin = make.org_admin(mechelen, language="en")
    partner_admin = make.org_admin(brugge, language="en")
    partner_editor = make.user(language="en")
    make.membership(partner_editor, brugge, Role.EDITOR)
    challenge = make.challenge(mechelen, title="Slimme verlichting")
    return {"mechelen": mechelen, "brugge": brugge, "lead_admin": lead_admin,
            "partner_admin": partner_admin, "partner_editor": partner_editor,
            "challenge": challenge}


def _invite(client, joint):
    client.login_as(joint["lead_admin"])
    return client.post(f"/manage/challenges/{joint['challenge'].slug}/hosts",
                       data={"organisation_id": joint["brugge"].id})


def _row(joint) -> ChallengeHost:
    return db.session.scalar(select(ChallengeHost).where(
        ChallengeHost.challenge_id == joint["challenge"].id))


def test_invite_accept_edit_remove(client, joint):
    slug = joint["challenge"].slug
    assert _invite(client, joint).status_code == 302
    row = _row(joint)
    assert row.status == HostStatus.INVITED
    mail = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "host_invitation")).all()
    assert [m.recipient for m in mail] == [joint["partner_admin"].email]
    assert f"/manage/host-invitations/{row.id}" in mail[0].body_text
    # Invited is not yet a partner: its editor cannot edit.
    client.login_as(joint["partner_editor"])
    assert client.get(f"/manage/challenges/{slug}/edit").status_code == 403

    client.login_as(joint["partner_admin"])
    page = client.get("/manage")
    assert f"/manage/host-invitations/{row.id}".encode() in page.data
    assert client.post(f"/manage/host-invitations/{row.id}/accept").status_code == 302
    assert _row(joint).status == HostStatus.ACCEPTED
    assert db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.kind == "host_answered")).recipient == joint["lead_admin"].email

    # The partner's editor edits the challenge, and finds it among theirs.
    client.login_as(joint["partner_editor"])
    assert client.get(f"/manage/challenges/{slug}/edit").status_code == 200
    assert slug.encode() in client.get("/manage").data
    # Only the lead's administrators invite and remove partners.
    assert client.post(f"/manage/challenges/{slug}/hosts",
                       data={"organisation_id": joint["brugge"].id}).status_code == 403
    assert client.post(f"/manage/challenges/{slug}/hosts/{row.id}/remove").status_code == 403

    client.login_as(joint["lead_admin"])
    assert client.post(f"/manage/challenges/{slug}/hosts/{row.id}/remove").status_code == 302
    assert _row(joint) is None
    # A removed partner's editor is refused at once.
    client.login_as(joint["partner_editor"])
    assert client.get(f"/manage/challenges/{slug}/edit").status_code == 403
    assert client.post(f"/manage/challenges/{slug}/edit", data={"title": "x"}).status_code == 403
    assert slug.encode() not in client.get("/manage").data
    actions = [e.action for e in db.session.scalars(
        select(Event).where(Event.challenge_id == joint["challenge"].id).order_by(Event.id))]
    assert actions == ["host_invited", "host_accepted", "host_removed"]


def test_a_partner_runs_the_challenge_like_the_lead(client, make, joint):
    """Questions, pilots, lessons: every organiser's predicate includes the partner."""
    make.partner(joint["challenge"], joint["brugge"])
    challenge = joint["challenge"]
    editor = joint["partner_editor"]
    assert challenge.can_edit(editor)
    assert challenge.is_organised_by(editor)
    assert challenge.can_read_audit(joint["partner_admin"])
    assert not challenge.can_read_audit(editor)
    assert not challenge.can_manage_hosts(joint["partner_admin"])
    client.login_as(editor)
    for path in (f"/manage/challenges/{challenge.slug}/questions",
                 f"/manage/challenges/{challenge.slug}/proposals",
                 f"/manage/challenges/{challenge.slug}/jury",
                 f"/manage/challenges/{challenge.slug}/events",
                 f"/manage/challenges/{challenge.slug}/pilots",
                 f"/manage/challenges/{challenge.slug}/hosts"):
        assert client.get(path).status_code == 200, path
    # An organiser does not take part in their own challenge.
    assert client.get(f"/challenges/{challenge.slug}/proposals/new").status_code in (302, 403)


def test_decline_and_refusals(client, make, joint):
    assert _invite(client, joint).status_code == 302
    row = _row(joint)
    # A stranger, an editor (not an administrator) of the partner, the lead: all 403.
    for who in (make.user(), joint["partner_editor"], joint["lead_admin"]):
        client.login_as(who)
        assert client.post(f"/manage/host-invitations/{row.id}/accept").status_code == 403
        assert client.get(f"/manage/host-invitations/{row.id}").status_code == 403
    client.logout()
    assert client.post(f"/manage/host-invitations/{row.id}/accept").status_code == 302
    assert _row(joint).status == HostStatus.INVITED

    client.login_as(joint["partner_admin"])
    assert client.post(f"/manage/host-invitations/{row.id}/decline").status_code == 302
    assert _row(joint).status == HostStatus.DECLINED
    # Answered once: accepting afterwards is refused with a message, not a change.
    client.post(f"/manage/host-invitations/{row.id}/accept")
    assert _row(joint).status == HostStatus.DECLINED
    client.login_as(joint["partner_editor"])
    assert client.get(f"/manage/challenges/{joint['challenge'].slug}/edit").status_code == 403


def test_invitation_problems_are_shown_next_to_the_field(client, make, joint):
    client.login_as(joint["lead_admin"])
    slug = joint["challenge"].slug
    lonely = make.organisation("Gemeente Zonder Beheerder")
    for value in ("", "abc", str(joint["mechelen"].id), "99999999999", str(lonely.id)):
        response = client.post(f"/manage/challenges/{slug}/hosts",
                               data={"organisation_id": value},
                               headers={"Accept-Language": "en"})
        assert response.status_code == 400, value
        assert b"is-invalid" in response.data
    assert _row(joint) is None
    # Another organisation's editor cannot invite for this challenge.
    client.login_as(joint["partner_admin"])
    assert client.post(f"/manage/challenges/{slug}/hosts",
                       data={"organisation_id": joint["brugge"].id}).status_code == 403


def test_the_public_page_listing_and_api_name_every_host(client, make, joint):
    make.partner(joint["challenge"], joint["brugge"])
    other = make.challenge(joint["brugge"], title="Alleen Brugge")
    slug = joint["challenge"].slug
    page = client.get(f"/challenges/{slug}").get_data(as_text=True)
    assert "Stad Mechelen" in page and "Stad Brugge" in page
    assert "/organisations/stad-brugge" in page
    listed = client.get("/challenges?organisation=stad-brugge").get_data(as_text=True)
    assert slug in listed and other.slug in listed
    listed = client.get("/challenges?organisation=stad-mechelen").get_data(as_text=True)
    assert slug in listed and other.slug not in listed
    assert slug in client.get("/organisations/stad-brugge").get_data(as_text=True)
    data = client.get(f"/api/v1/challenges/{slug}").get_json()
    assert data["hosts"] == [
        {"slug": "stad-mechelen", "name": "Stad Mechelen", "role": "lead"},
        {"slug": "stad-brugge", "name": "Stad Brugge", "role": "partner"}]
    single = client.get(f"/api/v1/challenges/{other.slug}").get_json()
    assert single["hosts"] == [{"slug": "stad-brugge", "name": "Stad Brugge", "role": "lead"}]


def test_an_invited_or_declined_partner_is_not_a_host(client, make, joint):
    make.partner(joint["challenge"], joint["brugge"], status="invited")
    page = client.get(f"/challenges/{joint['challenge'].slug}").get_data(as_text=True)
    assert "Stad Brugge" not in page
    assert joint["challenge"].slug not in client.get(
        "/challenges?organisation=stad-brugge").get_data(as_text=True)


def test_the_listing_takes_the_same_queries_with_joint_challenges(client, make, joint,
                                                                  count_queries):
    make.partner(joint["challenge"], joint["brugge"])
    with count_queries() as few:
        client.get("/challenges")
    for n in range(4):
        other = make.organisation(f"Gemeente {n}")
        make.partner(make.challenge(joint["mechelen"]), other)
    with count_queries() as more:
        client.get("/challenges")
    assert more.count == few.count
