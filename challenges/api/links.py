"""Absolute links to public pages, for the API and the feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from flask import current_app, request, url_for
from werkzeug.routing import BuildError

from challenges.timezones import utc_to_brussels


def external(endpoint: str, fallback_path: str, **values) -> str:
    """url_for(endpoint, _external=True), or the page's known path when the endpoint is not
    registered (yet): the public pages live in another blueprint, and a missing one must not
    turn every API answer into a 500."""
    try:
        return url_for(endpoint, _external=True, **values)
    except BuildError:
        return urljoin(request.url_root, fallback_path.lstrip("/"))


def challenge_url(slug: str) -> str:
    return external("challenges.detail", f"challenges/{slug}", slug=slug)


def attachment_url(slug: str, attachment_id: int) -> str:
    return external("challenges.attachment", f"challenges/{slug}/attachments/{attachment_id}",
                    slug=slug, attachment_id=attachment_id)


def organisation_url(slug: str) -> str:
    return external("challenges.organisation", f"organisations/{slug}", slug=slug)


def listing_url(**filters) -> str:
    return external("challenges.listing", "challenges", **filters)


def iso_brussels(value: datetime | None) -> str | None:
    """ISO 8601 in Brussels time with its offset (+01:00 in winter, +02:00 in summer)."""
    local = utc_to_brussels(value)
    return local.isoformat(timespec="seconds") if local else None


def tag_uri(kind: str, ident: int, created: datetime) -> str:
    """A tag: URI (RFC 4151) that stays the same when the host name or the slug changes
    its form in a link: feed readers use it to recognise an entry they already showed."""
    authority = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"tag:{authority},{created.astimezone(UTC):%Y-%m-%d}:{kind}/{ident}"
