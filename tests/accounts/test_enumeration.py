"""A failed sign-in takes as long for an address without an account as for one with an
account (the time of an answer must not tell who has an account).

Measured as the CPU time of the thread that handles the request (the test client runs the
app in this thread): on a shared 2-CPU machine the wall-clock time of one request varies by
hundreds of milliseconds with the other processes' load, while on an idle server the time
an attacker measures is this work."""

import time

import pytest


@pytest.fixture
def app_config():
    return {"LOGIN_RATE_LIMIT_PAIR": "1000 per minute", "LOGIN_RATE_LIMIT_IP": "1000 per minute",
            "LOGIN_RATE_LIMIT_ACCOUNT": "1000 per minute"}


def duration(client, email) -> float:
    start = time.thread_time()
    response = client.post("/login", data={"email": email, "password": "not the password"})
    elapsed = time.thread_time() - start
    assert response.status_code == 400
    return elapsed


def test_failed_sign_in_takes_as_long_for_an_unknown_address(client, make):
    make.user(email="ann@example.be")
    duration(client, "warm-up@example.be")
    known, unknown = [], []
    for n in range(9):  # interleaved, so that the machine's load touches both alike
        known.append(duration(client, "ann@example.be"))
        unknown.append(duration(client, f"nobody{n}@example.be"))
    # The fastest of each: interruptions only ever add time.
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
