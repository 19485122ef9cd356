"""A failed sign-in takes as long for an address without an account as for one with an
account (the time of an answer must not tell who has an account)."""

import time

import pytest


@pytest.fixture
def app_config():
    return {"LOGIN_RATE_LIMIT_PAIR": "1000 per minute", "LOGIN_RATE_LIMIT_IP": "1000 per minute",
            "LOGIN_RATE_LIMIT_ACCOUNT": "1000 per minute"}


def duration(client, email) -> float:
    start = time.perf_counter()
    response = client.post("/login", data={"email": email, "password": "not the password"})
    elapsed = time.perf_counter() - start
    assert response.status_code == 400
    return elapsed


def test_failed_sign_in_takes_as_long_for_an_unknown_address(client, make):
    make.user(email="ann@example.be")
    duration(client, "warm-up@example.be")
    known, unknown = [], []
    for n in range(9):  # interleaved, so that the machine's load touches both alike
        known.append(duration(client, "ann@example.be"))
        unknown.append(duration(client, f"nobody{n}@example.be"))
    # The fastest of each: other processes on the machine only ever add time.
    difference = abs(min(known) - min(unknown))
    assert difference < 0.050, (known, unknown)
    # And it is the password hash that takes the time in both cases, not nothing.
    assert min(unknown) > 0.010


def test_a_deleted_account_takes_as_long_as_an_unknown_address(client, make):
    from challenges.accounts.operations import delete_account

    user = make.user(email="gone@example.be")
    delete_account(user)
    times = [duration(client, user.email) for _ in range(3)]
    assert min(times) > 0.010
