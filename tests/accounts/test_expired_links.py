import pytest

from challenges.accounts.queries import reset_token as make_reset_token
from challenges.accounts.queries import verify_token as make_verify_token


@pytest.fixture
def app_config():
    # Every link is already expired the moment it is made.
    return {"EMAIL_TOKEN_MAX_AGE": -1, "RESET_TOKEN_MAX_AGE": -1}


def test_expired_verification_link_explains_and_offers_a_new_one(client, make):
    user = make.user(verified=False)
    response = client.get(f"/verify/{make_verify_token(user)}")
    assert response.status_code == 400
    assert b"verlopen" in response.data


def test_expired_reset_link_offers_a_new_one(client, make):
    user = make.user()
    response = client.get(f"/password/reset/{make_reset_token(user)}")
    assert response.status_code == 400
    assert b'href="/password/forgot"' in response.data
