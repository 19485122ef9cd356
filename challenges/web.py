"""Small helpers every blueprint's views share: paging, showing refusals, safe redirects."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from flask import current_app, flash, g, request

from challenges.errors import Refused
from challenges.forms import ActionForm

T = TypeVar("T")

# Past this a page number is nonsense (and would overflow an OFFSET on PostgreSQL).
MAX_PAGE = 100_000


def page_number() -> int:
    """The `page` query argument, from 1 to MAX_PAGE; anything else is page 1 or the last."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)


def is_signed_in() -> bool:
    """Whether a person is signed in, without loading them when nobody could be: no session
    cookie and no remember cookie is a visitor (and loading current_user costs every request)."""
    from flask_login import current_user

    cookies = request.cookies
    if not (cookies.get(current_app.config["SESSION_COOKIE_NAME"])
            or cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
            or "_login_user" in g):
        return False
    return bool(current_user and getattr(current_user, "is_authenticated", False))


def flash_problems(error: Refused) -> None:
    flash(" ".join(str(m) for m in error.problems.values()), "danger")


def pressed(act: Callable[[], T], done: str | Callable[[T], str]) -> bool:
    """What a view behind a button does (a form of its CSRF token alone): `act`, and tell the
    person so (`done`, a message or one made from what `act` returned) or why nothing was
    done (its Refused). True when it was done, for a view that then goes elsewhere."""
    if not ActionForm().validate_on_submit():
        return False
    try:
        result = act()
    except Refused as error:
        flash_problems(error)
        return False
    flash(done(result) if callable(done) else done, "success")
    return True


def flash_form_errors(form) -> None:
    """A form posted from a page that shows no form of its own (a button, an upload):
    its errors as one message at the top of the page it returns to."""
    flash(" ".join(str(m) for messages in form.errors.values() for m in messages), "danger")


def show_problems(form, problems: dict) -> None:
    """Put each message next to its field; messages for no field go above the form."""
    for key, message in problems.items():
        if key in form and key != "csrf_token":
            form[key].errors = [*form[key].errors, str(message)]
        else:
            form.form_errors = [*form.form_errors, str(message)]


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site may be the target of a redirect, never another host.

    A browser reads `//host`, `/\\host` and `/<tab>/host` as addresses of another host, and
    forgives much more; so only a plain relative path passes: it starts with one slash
    (not two, also when percent-decoded), has no scheme or host, no backslash, and no
    control character anywhere (browsers drop tabs and newlines from an address)."""
    if not target or len(target) > 2000:
        return default
    decoded = unquote(unquote(target))
    if "\\" in decoded or any(ord(c) < 32 or ord(c) == 127 for c in decoded):
        return default
    if not target.startswith("/") or decoded.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


@dataclass
class ListPage:
    """A slice of a list already in memory, with what templates/macros/pagination.html needs
    (the same attributes as Flask-SQLAlchemy's Pagination)."""

    items: list
    page: int
    per_page: int
    total: int

    @classmethod
    def of(cls, rows: list, page: int, per_page: int) -> ListPage:
        pages = max(1, math.ceil(len(rows) / per_page))
        page = min(max(page, 1), pages)
        return cls(rows[(page - 1) * per_page:page * per_page], page, per_page, len(rows))

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _sender() -> str:
    from flask_login import current_user

    from challenges.extensions import client_ip

    return (f"user:{current_user.id}" if current_user.is_authenticated
            else f"ip:{client_ip()}")


def invitation_limit(view):
    """Team, jury and role invitations send email to any address: one limit per sender and
    day (INVITATION_RATE_LIMIT) shared by the three, with the designed 429 page."""
    from flask import current_app

    from challenges.extensions import limiter

    return limiter.shared_limit(lambda: current_app.config["INVITATION_RATE_LIMIT"],
                                scope="invitations", key_func=_sender,
                                methods=["POST"])(view)
