"""Open redirects: `next` (sign-in, registration, verification, language switch) only
ever leads to a path on this site."""

import pytest

from challenges.web import safe_next

TRICKS = [
    "//evil.example", "//evil.example/x", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/%09/evil.example",
    "%2F%2Fevil.example", "/%2F/evil.example", "/%252F/evil.example", "https:/evil.example",
    "https://evil.example", "http://127.0.0.1//evil.example", "http://localhost/x",
    "user@evil.example", "evil.example", "javascript:alert(1)", "/%5Cevil.example",
    " //evil.example", "\t//evil.example", "///evil.example", "/.\\evil.example",
    "data:text/html,x", "//user@evil.example", "/\x00/evil.example",
]


@pytest.mark.parametrize("target", TRICKS)
def test_known_tricks_fall_back_to_the_default(app, target):
    with app.test_request_context("/"):
        assert safe_next(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", ["/account", "/challenges?q=fiets&page=2",
                                    "/challenges/x#vragen", "/a/b/c", "/challenges?q=two%20words"])
def test_paths_on_this_site_pass(app, target):
    with app.test_request_context("/"):
        assert safe_next(target, "/fallback") == target


@pytest.mark.parametrize("target", ["http://localhost//evil.example", "/%09/evil.example",
                                    "//evil.example", "/\\evil.example", "https:/evil.example"])
def test_sign_in_never_redirects_to_another_host(client, make, target):
    user = make.user()
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switch_never_redirects_to_another_host(client):
    response = client.post("/language", data={"language": "en", "next": "/\t/evil.example"})
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]
