"""A jury invitation can be accepted only by an account whose confirmed address is the
invited one."""

from sqlalchemy import select

from challenges.extensions import db
from challenges.jury import operations, queries
from challenges.jury.models import JuryMember

EN = {"Accept-Language": "en"}


def invitation(make):
    organisation = make.organisation()
    organiser = make.org_admin(organisation)
    challenge = make.challenge(organisation, phase="closed")
    member = operations.invite_member(challenge, "hilde@kuleuven.be", organiser)
    return member, f"/jury/accept/{queries.invitation_token(member)}"


def test_someone_else_cannot_take_the_seat(client, make):
    member, path = invitation(make)
    client.login_as(make.user(email="intruder@example.be", language="en"))
    page = client.get(path, headers=EN).data.decode()
    assert "This invitation was sent to hilde@kuleuven.be" in page
    client.post(path)
    db.session.refresh(member)
    assert member.user_id is None and member.accepted_at is None


def test_an_unconfirmed_address_must_be_confirmed_first(client, make):
    member, path = invitation(make)
    client.login_as(make.user(email="hilde@kuleuven.be", verified=False))
    client.post(path)
    db.session.refresh(member)
    assert member.accepted_at is None


def test_the_invited_address_accepts(client, make):
    _member, path = invitation(make)
    hilde = make.user(email="hilde@kuleuven.be")
    client.login_as(hilde)
    assert client.post(path).status_code == 302
    assert db.session.scalar(select(JuryMember.user_id)) == hilde.id


def test_the_link_explains_itself_before_signing_in(client, make):
    _member, path = invitation(make)
    page = client.get(path, headers=EN)
    assert page.status_code == 200
    assert "This invitation is for hilde@kuleuven.be" in page.data.decode()
