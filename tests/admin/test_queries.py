"""List pages use a fixed number of SQL queries, whatever the amount of data."""

import pytest

from challenges.accounts.models import Role


def fill(make, n):
    for i in range(n):
        organisation = make.organisation(f"Gemeente {i:03d}")
        make.membership(make.user(), organisation, Role.ADMIN)


@pytest.mark.parametrize("path", ["/admin/organisations", "/admin/users", "/admin/outbox"])
def test_admin_lists_use_a_fixed_number_of_queries(client, make, count_queries, path):
    # First by email on every page of users: whether the signed-in admin is among the users
    # a page shows (its memberships then come with theirs) must not depend on the other
    # tests that ran before in this process (they number the generated addresses).
    admin = make.user("aaa-admin@example.be", platform_admin=True)
    client.login_as(admin)
    fill(make, 3)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    fill(make, 40)
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert few.count == many.count
