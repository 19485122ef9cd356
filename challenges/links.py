"""Absolute links to the platform's pages, for emails, feeds, calendar files and the API.

They are built on BASE_URL, never on the request's Host header: a link in an email written by
the CLI must point at the public site, and a forged Host must not end up in a cached answer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app

from challenges.timezones import utc_to_brussels


def external_url(endpoint: str, **values) -> str:
    parts = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def host_name() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def challenge_url(slug: str) -> str:
    return external_url("challenges.detail", slug=slug)


def attachment_url(slug: str, attachment_id: int) -> str:
    return external_url("challenges.attachment", slug=slug, attachment_id=attachment_id)


def organisation_url(slug: str) -> str:
    return external_url("challenges.organisation", slug=slug)


def listing_url(**filters) -> str:
    return external_url("challenges.listing", **filters)


def iso_brussels(value: datetime | None) -> str | None:
    """ISO 8601 in Brussels time with its offset (+01:00 in winter, +02:00 in summer)."""
    local = utc_to_brussels(value)
    return local.isoformat(timespec="seconds") if local else None


def tag_uri(kind: str, ident: int, created: datetime) -> str:
    """A tag: URI (RFC 4151) that stays the same when the host name or the slug changes
    its form in a link: feed readers use it to recognise an entry they already showed."""
    return f"tag:{host_name()},{created.astimezone(UTC):%Y-%m-%d}:{kind}/{ident}"
