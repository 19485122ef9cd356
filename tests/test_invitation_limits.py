"""Team, jury and role invitations email any address: one limit per sender and day, shared
by the three, answered with the designed 429 page."""

import pytest
from sqlalchemy import func, select

from challenges.extensions import db
from challenges.notifications.models import OutboxMessage
from tests.submissions.test_proposals import new_proposal


@pytest.fixture
def app_config():
    return {"INVITATION_RATE_LIMIT": "3 per day"}


def test_a_sender_cannot_flood_addresses_with_invitations(app, client, make):
    organisation = make.organisation()
    organiser = make.org_admin(organisation, language="en")
    challenge = make.challenge(organisation)
    client.login_as(organiser)
    for n in range(2):
        assert client.post(f"/organisations/{organisation.slug}/members",
                           data={"email": f"editor{n}@example.be", "role": "editor"}
                           ).status_code == 302
    closed = make.challenge(organisation, phase="closed")
    assert client.post(f"/manage/challenges/{closed.slug}/jury/members",
                       data={"email": "juror@example.be"}).status_code == 302
    # The fourth invitation of the day, of any kind, is refused.
    response = client.post(f"/manage/challenges/{closed.slug}/jury/members",
                           data={"email": "juror2@example.be"}, headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert b"Too many attempts" in response.data
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 3
    # Another sender is not held back by this one.
    author = make.user()
    other = app.test_client().login_as(author)
    new_proposal(other, challenge)
    from challenges.submissions.models import Proposal

    proposal = db.session.scalar(select(Proposal))
    assert other.post(f"/proposals/{proposal.id}/team",
                      data={"email": "co@example.be"}).status_code == 302
