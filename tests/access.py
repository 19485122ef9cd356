"""How a refusal looks: a stranger is sent to the sign-in page (and back afterwards), anyone
signed in without the right gets the 403 page. One rule for every route (challenges.access)."""

from __future__ import annotations


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


def refused(response, signed_in: bool) -> bool:
    return response.status_code == 403 if signed_in else sent_to_sign_in(response)
