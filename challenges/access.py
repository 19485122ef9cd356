"""Who may use a route: declared once on the route, checked on the server.

Every view carries exactly one of these rules, and tests/test_access_rules.py walks the
route table to prove it:

    @public(challenge=load_challenge)            anyone; the objects are loaded (404)
    @signed_in(...)                              anyone signed in
    @needs(Challenge.can_edit, challenge=...)    signed in and the predicate holds (403)
    @staff(...)                                  anyone working for an organisation
    @platform_admin(...)                         a platform administrator

Loaders turn the address into objects: each takes the route's variables (or objects loaded
before it) by name and answers 404 for what does not exist *for this user* (a draft outside
its organisation). The predicate, a `can_*` method of the first loaded object, is then called
with that object, the user, and any other loaded object it names as a parameter; False is a
403. A stranger is sent to the sign-in page first, whatever the route, so that nothing is
loaded (or revealed) for someone who is not signed in.

A request that collides with another changing the same rows at the same moment (a unique
constraint or a row that changed under it) is run again from the start, after a rollback:
a double click never gives a server error.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.routing import IntegerConverter

from challenges.extensions import db

View = TypeVar("View", bound=Callable[..., Any])
Loader = Callable[..., Any]

# PostgreSQL's integer: a larger id cannot exist, so its address is a 404, not an error.
ID_MAX = 2**31 - 1
# A request that collides with another one changing the same rows at the same moment (a
# double click, two organisers pressing Save, two set-ups of one jury) is run again, from
# loading its objects on, after the other one committed: it then sees what the other did.
ATTEMPTS = 3
CONFLICTS = (IntegrityError, StaleDataError)


class IdConverter(IntegerConverter):
    """`<id:name>`: a positive database id; anything else does not match the route (404)."""

    def __init__(self, map, **kwargs):  # Werkzeug's parameter name
        super().__init__(map, min=1, max=ID_MAX, **kwargs)


@dataclass(frozen=True)
class Rule:
    """What a route needs, for the route-table test and for readers of the code."""

    kind: str          # "public", "signed_in", "staff", "platform_admin" or "needs"
    predicate: str | None = None   # e.g. "Challenge.can_edit"

    @property
    def needs_sign_in(self) -> bool:
        return self.kind != "public"


def rule_of(view: Callable) -> Rule | None:
    return getattr(view, "access_rule", None)


def get_or_404(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def belongs_or_404(model, ident, **parent):
    """The row `ident` of `model` if it belongs where the address says (`jury_id=jury.id`),
    else a 404: another parent's row does not exist at this address."""
    obj = db.session.get(model, ident)
    if obj is None or any(getattr(obj, key) != value for key, value in parent.items()):
        abort(404)
    return obj


def found_or_404(obj):
    if obj is None:
        abort(404)
    return obj


class Denied:
    """A predicate's "no" that says why, for the 403 page (a juror who declared a conflict is
    told so, rather than that their account lacks a role)."""

    def __init__(self, reason: str):
        self.reason = reason

    def __bool__(self) -> bool:
        return False


def require(allowed: object) -> None:
    """Stop with 403 unless the current user may do what the view is about to do."""
    if isinstance(allowed, Denied):
        abort(403, description=allowed.reason)
    if not allowed:
        abort(403)


def sign_in_redirect():
    """To the sign-in page, and back here afterwards (for a GET; a form cannot be replayed,
    so after a POST the user comes back to the page it was sent from)."""
    if request.method == "GET":
        back = request.full_path if request.query_string else request.path
    else:
        back = None
    return redirect(url_for("accounts.login", next=back) if back else url_for("accounts.login"))


def _parameters(function: Callable) -> list[str]:
    return list(inspect.signature(function).parameters)


def _load(loaders: dict[str, Loader], values: dict[str, Any]) -> dict[str, Any]:
    """Call each loader with the route's values and the objects loaded before it; the
    values a loader consumed are replaced by what it loaded."""
    available = dict(values)
    consumed: set[str] = set()
    for name, loader in loaders.items():
        # A parameter the route does not give keeps the loader's default: one loader serves
        # the final jury's address and a stage jury's (with its stage_id).
        wanted = [p for p in _parameters(loader) if p in available]
        available[name] = loader(**{p: available[p] for p in wanted})
        consumed.update(p for p in wanted if p in values)
    return {k: v for k, v in available.items() if k not in consumed or k in loaders}


def _start_again(error: Exception) -> None:
    """Undo what the request did so far, so that it can run again on what is committed."""
    current_app.logger.info("request conflicted with another (%s); running it again",
                            type(error).__name__)
    db.session.rollback()
    for upload in request.files.values():
        upload.stream.seek(0)


def _declare(rule: Rule, loaders: dict[str, Loader],
             check: Callable[[dict[str, Any]], object] | None = None,
             role: Callable[[], bool] | None = None) -> Callable[[View], View]:
    """`role` is checked before anything is loaded (it depends on the user alone, so an
    outsider learns nothing of what exists); `check` after, on the loaded objects. The view
    receives what it names: an object loaded only to be checked (the challenge an
    attachment belongs to) need not be taken."""
    def decorate(view: View) -> View:
        taken = set(_parameters(view))

        def handle(values):
            if rule.needs_sign_in and not current_user.is_authenticated:
                return sign_in_redirect()
            if role is not None:
                require(role())
            loaded = _load(loaders, values)
            if check is not None:
                require(check(loaded))
            return view(**{k: v for k, v in loaded.items() if k in taken})

        @wraps(view)
        def wrapper(**values):
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    return handle(values)
                except CONFLICTS as error:
                    if attempt == ATTEMPTS:
                        raise
                    _start_again(error)
            raise AssertionError("unreachable")

        wrapper.access_rule = rule  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def public(**loaders: Loader) -> Callable[[View], View]:
    return _declare(Rule("public"), loaders)


def signed_in(**loaders: Loader) -> Callable[[View], View]:
    return _declare(Rule("signed_in"), loaders)


def platform_admin(**loaders: Loader) -> Callable[[View], View]:
    return _declare(Rule("platform_admin"), loaders,
                    role=lambda: bool(current_user.is_platform_admin))


def staff(**loaders: Loader) -> Callable[[View], View]:
    """Someone who works for an organisation on the platform, or a platform administrator."""
    return _declare(Rule("staff"), loaders, role=lambda: bool(current_user.is_staff))


def needs(predicate: Callable[..., object], **loaders: Loader) -> Callable[[View], View]:
    """Signed in, and `predicate(first loaded object, user, **others it names)` holds."""
    if not loaders:
        raise TypeError("needs() checks a predicate of a loaded object: give a loader")
    subject = next(iter(loaders))
    extra = [p for p in _parameters(predicate)[2:] if p in loaders]

    def check(loaded: dict[str, Any]) -> object:
        return predicate(loaded[subject], current_user._get_current_object(),
                         **{p: loaded[p] for p in extra})

    return _declare(Rule("needs", predicate.__qualname__), loaders, check)
