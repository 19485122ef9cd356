"""Loading objects and refusing access, in one place so every view does it the same way."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urljoin, urlsplit

from flask import abort, request
from flask_login import current_user

from challenges.extensions import db


def get_or_404(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def require(allowed: bool) -> None:
    """Stop with 403 unless the current user may do what the view is about to do."""
    if not allowed:
        abort(403)


def signed_in_or_403(view):
    """For management pages: a stranger is refused outright (the 403 page offers to sign
    in), where participant pages send them to the sign-in form instead."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        require(current_user.is_authenticated)
        return view(*args, **kwargs)

    return wrapper


def platform_admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        require(current_user.is_authenticated and current_user.is_platform_admin)
        return view(*args, **kwargs)

    return wrapper


def safe_next(target: str | None, default: str) -> str:
    """Only redirect to a path on this site, never to another host."""
    if not target:
        return default
    joined = urlsplit(urljoin(request.host_url, target))
    if joined.netloc != urlsplit(request.host_url).netloc or joined.scheme not in ("http", "https"):
        return default
    if target.startswith("//") or "\\" in target:
        return default
    return joined.path + (f"?{joined.query}" if joined.query else "")


def visible_challenge_or_404(slug: str):
    """A challenge the current user may see; a draft does not exist outside its organisation."""
    from challenges.challenges.queries import challenge_by_slug

    challenge = challenge_by_slug(slug)
    if challenge is None or not challenge.can_view(current_user):
        abort(404)
    return challenge
