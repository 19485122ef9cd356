from sqlalchemy import func, select

from challenges.accounts.models import Membership, Organisation, User
from challenges.extensions import db


def counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Organisation, User, Membership))


def test_demo_is_idempotent_and_prints_logins(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "admin@challenges.demo" in first.output
    after_first = counts()
    assert after_first[0] >= 3
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert counts() == after_first


def test_demo_accounts_can_sign_in(runner, client):
    from challenges.demo import DEMO_PASSWORD

    runner.invoke(args=["demo"])
    response = client.post("/login", data={"email": "els.peeters@mechelen.demo",
                                           "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/organisations/stad-mechelen/members").status_code == 200


def test_create_admin(runner):
    result = runner.invoke(args=["users", "create-admin", "Boss@Example.be",
                                 "--password", "een goed wachtwoord"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "boss@example.be" and user.is_platform_admin and user.is_verified
    result = runner.invoke(args=["users", "create-admin", "boss@example.be"])
    assert result.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_models_and_migrations_agree(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
