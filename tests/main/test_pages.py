import pytest


def test_home_is_dutch_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="nl">' in response.data
    assert b"Los echte problemen op" in response.data


def test_accept_language_picks_english(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert b'<html lang="en">' in response.data
    assert b"Solve real problems" in response.data


def test_language_switch_is_kept_for_the_visitor(client):
    response = client.post("/language", data={"language": "en", "next": "/privacy"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/privacy")
    assert b'<html lang="en">' in client.get("/").data
    client.post("/language", data={"language": "nl"})
    assert b'<html lang="nl">' in client.get("/").data


def test_language_switch_refuses_to_redirect_elsewhere(client):
    response = client.post("/language", data={"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_language_switch_is_saved_for_a_signed_in_user(client, make):
    user = make.user(language="nl")
    client.login_as(user)
    client.post("/language", data={"language": "en"})
    from challenges.extensions import db
    db.session.refresh(user)
    assert user.language == "en"


@pytest.mark.parametrize("path", ["/accessibility", "/privacy"])
def test_footer_pages(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.data.count(b"<h1") == 1
    assert f'href="{path}"'.encode() in client.get("/").data


def test_security_headers_on_every_response(client):
    for path in ["/", "/nope", "/healthz"]:
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script(client):
    html = client.get("/register").data.decode()
    import re
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag


def test_session_cookie_flags(client, make):
    response = client.post("/login", data={"email": make.user(email="a@b.be").email,
                                           "password": make.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_bootstrap_is_served_by_the_app(client):
    html = client.get("/").data.decode()
    assert "cdn" not in html.lower()
    assert client.get("/bootstrap/static/css/bootstrap.min.css").status_code == 200
    assert client.get("/bootstrap/static/umd/popper.min.js").status_code in (200, 404)
    assert client.get("/bootstrap/static/js/bootstrap.min.js").status_code == 200 or \
        client.get("/bootstrap/static/js/bootstrap.bundle.min.js").status_code == 200


def test_404_page_is_designed_and_translated(client):
    response = client.get("/does-not-exist")
    assert response.status_code == 404
    assert b"Pagina niet gevonden" in response.data
    response = client.get("/does-not-exist", headers={"Accept-Language": "en"})
    assert b"Page not found" in response.data


def test_skip_link_and_one_h1(client):
    html = client.get("/").data.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert html.count("<h1") == 1


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_database_that_does_not_answer(tmp_path, ports):
    from challenges import create_app
    from tests.conftest import _config

    app = create_app(_config(
        "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2", ports))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"
