"""Requests sent at the same moment, each in a thread and a transaction of its own (for tests
marked real_commits): a double click, two organisers saving together, a burst of submissions."""

from __future__ import annotations

import threading


def at_once(app, user, method: str, url: str, data: dict, times: int = 2) -> list[int]:
    """Send the same request `times` times at once as `user`; the statuses, in no order."""
    from tests.conftest import Client

    app.test_client_class = Client
    barrier = threading.Barrier(times)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def send():
        try:
            with app.app_context():
                client = app.test_client().login_as(user)
                barrier.wait()
                statuses.append(client.open(url, method=method, data=data).status_code)
        except BaseException as error:  # an exception in a request is a 500 to a user
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return statuses
