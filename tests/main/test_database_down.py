"""With the database down, every page answers our own 500 page (a signed-in visitor too: the
page must not need the database to show who is signed in), and the API answers JSON."""

from __future__ import annotations

import pytest

from challenges import create_app


@pytest.fixture
def down_client(tmp_path):
    # A database file in a folder that does not exist: every connection fails.
    app = create_app({"TESTING": False, "SECRET_KEY": "database-down",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/db.sqlite",
                      "RATELIMIT_STORAGE_URI": "memory://", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    yield client
    with app.app_context():
        from challenges.extensions import db
        db.engine.dispose()


def test_a_signed_in_visitor_gets_the_designed_error_page(down_client):
    with down_client.session_transaction() as session:
        session["_user_id"] = "1:some-session-token"
        session["_fresh"] = True
    response = down_client.get("/challenges")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Er ging iets mis bij ons" in page  # our page, in Dutch
    assert "Internal Server Error" not in page
    assert response.headers["Content-Security-Policy"]


def test_a_visitor_gets_the_designed_error_page(down_client):
    response = down_client.get("/")
    assert response.status_code == 500
    assert "Er ging iets mis bij ons" in response.get_data(as_text=True)


def test_the_api_answers_json(down_client):
    response = down_client.get("/api/v1/challenges")
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    assert response.get_json()["error"] == "internal_server_error"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_health_says_the_database_is_unavailable(down_client):
    response = down_client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unavailable"}
