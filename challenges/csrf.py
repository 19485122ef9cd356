"""A form whose CSRF token expired (after WTF_CSRF_TIME_LIMIT, 4 hours) must not lose what was
typed: the page that explains the expiry carries the posted fields again, with a fresh token,
behind one button.

Offering that button is safe only for a form this very session was given: an attacker who
posts a forged form (or their own expired token) across sites must not get a page on our
origin with a valid token and their fields one click away. So the offer needs the expired
token to be ours and to carry this session's secret, and the request to come from this site."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Response, current_app, render_template, request, session
from itsdangerous import BadData, URLSafeTimedSerializer

# Passwords are never written into a page; the person types them again.
NOT_KEPT = ("password", "current_password", "password_confirm", "new_password")


def _field_name() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def _token_of_this_session() -> bool:
    """Whether the posted token was signed by us for this session (only its age failed)."""
    field = _field_name()
    posted = request.form.get(field) or request.headers.get("X-CSRFToken")
    secret = session.get(field)
    if not posted or not secret:
        return False
    key = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    if not key:
        return False
    try:
        value = URLSafeTimedSerializer(key, salt="wtf-csrf-token").loads(posted)
    except BadData:
        return False
    return isinstance(value, str) and hmac.compare_digest(secret, value)


def _from_this_site() -> bool:
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        return True   # browsers that send neither: the token check above still holds
    return urlsplit(origin).netloc == request.host


def kept_fields() -> list[tuple[str, str]]:
    field = _field_name()
    return [(name, value) for name, value in request.form.items(multi=True)
            if name != field and name not in NOT_KEPT]


def expired_form_page() -> Response:
    """The 400 page for a refused CSRF token: with the typed fields and a button to send
    them again when the form was this session's and only too old."""
    resubmit = (request.method == "POST" and _token_of_this_session() and _from_this_site())
    fields = kept_fields() if resubmit else []
    dropped = resubmit and any(name in NOT_KEPT for name in request.form)
    response = Response(render_template(
        "errors/csrf.html", resubmit=resubmit, fields=fields, files_dropped=bool(request.files),
        passwords_dropped=dropped, action=request.full_path if request.query_string
        else request.path), status=400)
    # What was typed is in this page: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response
