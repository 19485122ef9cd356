"""The isolation tests/conftest.py gives a test: one transaction on the shared app, rolled
back at the end, in which what the app commits stays committed for the rest of the test."""

import pytest
from sqlalchemy import func, select

from challenges.accounts.models import User
from challenges.extensions import db


def users_seen_from_another_connection() -> int:
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(User))


def test_what_the_app_commits_is_seen_by_the_test_but_not_outside_its_transaction(runner):
    result = runner.invoke(args=["users", "create-admin", "boss@example.be",
                                 "--password", "een goed wachtwoord"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.email)) == "boss@example.be"
    assert users_seen_from_another_connection() == 0


def test_a_rollback_of_the_tests_session_keeps_what_a_request_committed(client, make):
    ann = make.user(language="nl")
    client.login_as(ann)  # reads Ann again: the test's session has a transaction open
    assert client.post("/language", data={"language": "en"}).status_code == 302
    db.session.rollback()
    assert ann.language == "en"


def test_a_database_error_and_its_rollback_leave_the_tests_transaction_usable(make):
    from sqlalchemy.exc import IntegrityError

    make.user(email="ann@example.be")
    again = User(email="ann@example.be", display_name="Ann again", language="nl")
    again.set_password("een goed wachtwoord")
    db.session.add(again)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    make.user(email="bob@example.be")
    assert db.session.scalar(select(func.count()).select_from(User)) == 2


@pytest.mark.real_commits
def test_a_real_commits_test_commits_for_everyone_to_see(make):
    make.user()
    assert users_seen_from_another_connection() == 1


class TestASettingReadAtStartup:
    @pytest.fixture
    def app_config(self):
        return {"MAIL_DEFAULT_SENDER": "Tests <tests@example.be>"}

    def test_gives_the_test_an_app_of_its_own_made_with_it(self, app, make):
        assert app.extensions["mail"].default_sender == "Tests <tests@example.be>"
        make.user()
        assert users_seen_from_another_connection() == 1
