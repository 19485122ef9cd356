"""The answers anonymous visitors get, kept and served again before the view does any work.

A route opts in with `@cached_page` (after its access rule). Its answer is kept when the
visitor is anonymous (no signed-in session, no remember cookie, no message waiting in the
session), the request is a GET or HEAD and the answer a 200; the key is the language, the path
and the query string. A signed-in person never gets a kept answer and never fills one.

**Invalidation.** Every key starts with a *generation*. A commit that changed a row a public
page can show moves the generation on (`after_commit`), so every kept answer is left behind at
once, in every process: the generation lives in the store the processes share (Redis), or, with
the in-process store, in a file of the instance folder that the workers of one machine share.
Rows no public page shows (emails waiting, the event record, reviews and scores, a login time)
do not move it. Phases follow from the dates, so an answer is also kept at most CACHE_TTL
seconds (60): a page shows a deadline passing within a minute; the server's checks at the
deadline never depend on a page.

Answers carry an ETag; a matching If-None-Match gets a 304 without the body.

**Served before Flask.** A visitor without a session or remember cookie is served a kept answer
by `EarlyAnswers`, a WSGI layer in front of the app: no request context, session, user, locale
selection, rate limiter or hook runs, so a burst of visitors costs about what a hello-world
does. The answer is sent with the headers the app gave it when it was kept (the security
headers included) and a fresh X-Request-ID. Everyone else (a session cookie, a miss) goes on to
the app, whose own hook serves a kept answer to the anonymous among them.

Stores: `CACHE_URL` unset keeps answers in each process's memory (the default, and the tests);
`redis://host:6379/1` keeps them in Redis, shared by every app server. `CACHE_ENABLED=0`
switches it off (read on every request, so a test can too).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, request, session
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_etags
from werkzeug.wrappers import Response as BaseResponse

from challenges.logs import REQUEST_ID_HEADER, request_id_from

log = logging.getLogger(__name__)

# Tables whose rows no anonymous page shows: a commit that touches only these keeps the cache.
PRIVATE_TABLES = frozenset({
    "outbox_messages", "events", "reviews", "scores", "conflict_declarations",
    "jury_assignments", "proposal_slots", "proposal_versions", "team_members", "memberships",
    "role_invitations",
})
# Of a user, only these columns can reach a public page (a team's names, once public).
PUBLIC_USER_COLUMNS = ("display_name", "company_name", "deleted_at")
# Headers that belong to one request or one visitor, never kept with an answer.
UNKEPT_HEADERS = frozenset({"set-cookie", "x-request-id", "x-cache", "content-length", "date"})
# What a 304 leaves out (RFC 9110 15.4.5: it describes the kept body, it does not carry one).
ENTITY_HEADERS = frozenset({"content-type", "content-length", "content-disposition",
                            "content-encoding", "content-language"})
MAX_BODY = 2 * 1024 * 1024


class LocalStore:
    """Answers in this process's memory (least recently used go first); the generation in a
    file, so that the workers of one machine see a change made by any of them."""

    def __init__(self, generation_file: Path, max_entries: int = 2000):
        self.path = generation_file
        self.max_entries = max_entries
        self.entries: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self.lock = threading.Lock()
        if not self.path.exists():
            self.bump()

    def generation(self) -> str:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            self.bump()
            stat = os.stat(self.path)
        return f"{stat.st_ino:x}.{stat.st_mtime_ns:x}"

    def bump(self) -> None:
        # A new file each time (a new inode), moved into place: readers see the old or the new.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{secrets.token_hex(4)}")
        temporary.write_text(secrets.token_hex(8))
        os.replace(temporary, self.path)

    def get(self, key: str) -> dict | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            expires, value = found
            if expires < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return value

    def set(self, key: str, value: dict, ttl: int) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + ttl, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
        self.bump()


class RedisStore:
    """Answers and the generation in Redis, shared by every app server."""

    def __init__(self, url: str, prefix: str = "challenges:page:"):
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix

    def generation(self) -> str:
        value: Any = self.client.get(self.prefix + "generation")
        return value.decode() if value else "0"

    def bump(self) -> None:
        self.client.incr(self.prefix + "generation")

    def get(self, key: str) -> dict | None:
        raw: Any = self.client.get(self.prefix + key)
        if not raw:
            return None
        value = json.loads(raw)
        value["body"] = base64.b64decode(value["body"])
        return value

    def set(self, key: str, value: dict, ttl: int) -> None:
        # JSON, not pickle: what a shared store hands back must never run as code.
        data = dict(value, body=base64.b64encode(value["body"]).decode())
        self.client.set(self.prefix + key, json.dumps(data), ex=ttl)

    def clear(self) -> None:
        self.bump()


def store() -> LocalStore | RedisStore | None:
    if not current_app.config.get("CACHE_ENABLED", True):
        return None
    return current_app.extensions.get("page_cache")


def init_app(app: Flask) -> None:
    url = app.config.get("CACHE_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        app.extensions["page_cache"] = RedisStore(url)
    else:
        app.extensions["page_cache"] = LocalStore(Path(
            app.config.get("CACHE_GENERATION_FILE")
            or Path(app.instance_path) / "page-generation"))
    app.before_request(_serve_kept)
    app.after_request(_keep)
    app.wsgi_app = EarlyAnswers(app, app.wsgi_app)  # type: ignore[method-assign]
    global _listening
    if not _listening:
        from flask_sqlalchemy.session import Session as FlaskSession

        listen(FlaskSession)
        _listening = True


_listening = False


def cached_page(view: Callable) -> Callable:
    """Keep this route's anonymous answers (see the module's docstring). Written right under
    the route, so that it marks the function the route calls."""
    view.cached_page = True  # type: ignore[attr-defined]
    return view


def _anonymous() -> bool:
    """No signed-in person, and nothing in the session meant for this visitor alone; decided
    without loading a user. A visitor without a session cookie is anonymous at once."""
    config = current_app.config
    if request.cookies.get(config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        return False
    if not request.cookies.get(config["SESSION_COOKIE_NAME"]):
        return True
    return not any(key in session for key in ("_user_id", "_flashes"))


def _locale() -> str:
    """The language the page will be in, as select_locale chooses it for a visitor."""
    languages = current_app.config["LANGUAGES"]
    if request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]):
        chosen = session.get("lang")
        if chosen in languages:
            return str(chosen)
    return str(request.accept_languages.best_match(languages)
               or current_app.config["BABEL_DEFAULT_LOCALE"])


def _address(environ: dict) -> str:
    """The address asked for, as the WSGI server gave it (host included: the API and the feeds
    write absolute addresses)."""
    return "\x00".join((environ.get("wsgi.url_scheme", ""), environ.get("HTTP_HOST", ""),
                        environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""),
                        environ.get("QUERY_STRING", "")))


def key_for(generation: str, locale: str, environ: dict) -> str:
    digest = hashlib.sha1(_address(environ).encode("utf-8", "surrogateescape"),
                          usedforsecurity=False).hexdigest()
    return f"{generation}:{locale}:{digest}"


def _key(kept: LocalStore | RedisStore) -> str:
    return key_for(kept.generation(), _locale(), request.environ)


def _cacheable_request() -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return bool(getattr(view, "cached_page", False)) and _anonymous()


def _serve_kept() -> BaseResponse | None:
    kept = store()
    if kept is None or not _cacheable_request():
        return None
    try:
        key = _key(kept)
        value = kept.get(key)
    except Exception:  # a cache that is down must not take the site with it
        log.exception("page cache unavailable")
        return None
    g.page_cache_key = key
    if value is None:
        return None
    response = Response(value["body"], status=200, headers=value["headers"])
    response.set_etag(value["etag"])
    response.headers["X-Cache"] = "hit"
    return response.make_conditional(request)


def _keep(response: Response) -> BaseResponse:
    key = g.pop("page_cache_key", None)
    if key is None or response.headers.get("X-Cache") == "hit":
        return response
    kept = store()
    # A page that put something in the session (a CSRF token, a message) is that visitor's.
    if (kept is None or response.status_code != 200 or response.direct_passthrough
            or not _anonymous() or session.modified or "Set-Cookie" in response.headers):
        return response
    body = response.get_data()
    if len(body) > MAX_BODY:
        return response
    etag = hashlib.sha1(body, usedforsecurity=False).hexdigest()
    # A reverse proxy may keep it, but asks again (a cheap 304): changes show at once.
    response.headers.setdefault("Cache-Control", "public, no-cache")
    response.vary.update(("Accept-Language", "Cookie"))
    response.set_etag(etag)
    # This hook runs last (registered first): the other hooks' headers (security) are there.
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() not in UNKEPT_HEADERS]
    try:
        kept.set(key, {"body": body, "headers": headers, "etag": etag},
                 current_app.config.get("CACHE_TTL", 60))
    except Exception:
        log.exception("page cache unavailable")
        return response
    response.headers["X-Cache"] = "miss"
    return response.make_conditional(request)


class EarlyAnswers:
    """WSGI layer: a kept answer for a visitor without cookies, before Flask does any work
    (see the module's docstring)."""

    def __init__(self, app: Flask, wsgi_app: Callable):
        self.app = app
        self.wsgi_app = wsgi_app
        config = app.config
        self.cookie_names = tuple(name.encode("latin-1") for name in (
            config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", "remember_token")))
        self.languages = tuple(config["LANGUAGES"])
        self.default_locale = config["BABEL_DEFAULT_LOCALE"]
        # Accept-Language headers seen, with the language each chooses: a handful in practice.
        self.locales: dict[str, str] = {}

    def __call__(self, environ: dict, start_response: Callable):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and self._no_visitor_cookie(environ):
            answer = self._kept(environ)
            if answer is not None:
                return self._send(environ, start_response, answer)
        return self.wsgi_app(environ, start_response)

    def _no_visitor_cookie(self, environ: dict) -> bool:
        cookies = environ.get("HTTP_COOKIE")
        if not cookies:
            return True
        # A cookie that merely contains the name makes a visitor go the long way: no harm.
        raw = cookies.encode("latin-1", "replace")
        return not any(name in raw for name in self.cookie_names)

    def _locale(self, environ: dict) -> str:
        header = environ.get("HTTP_ACCEPT_LANGUAGE", "")
        locale = self.locales.get(header)
        if locale is None:
            best = parse_accept_header(header, LanguageAccept).best_match(self.languages)
            locale = str(best or self.default_locale)
            if len(self.locales) > 500:     # a client inventing headers fills nothing
                self.locales.clear()
            self.locales[header] = locale
        return locale

    def _kept(self, environ: dict) -> dict | None:
        if not self.app.config.get("CACHE_ENABLED", True):
            return None
        kept = self.app.extensions.get("page_cache")
        if kept is None:
            return None
        try:
            return kept.get(key_for(kept.generation(), self._locale(environ), environ))
        except Exception:  # a cache that is down must not take the site with it
            log.exception("page cache unavailable")
            return None

    def _send(self, environ: dict, start_response: Callable, answer: dict):
        headers = list(answer["headers"])
        headers.append(("X-Cache", "hit"))
        headers.append((REQUEST_ID_HEADER, request_id_from(
            environ.get("HTTP_" + REQUEST_ID_HEADER.upper().replace("-", "_"), ""))))
        given = environ.get("HTTP_IF_NONE_MATCH")
        if given and parse_etags(given).contains_weak(answer["etag"]):
            start_response("304 NOT MODIFIED",
                           [(n, v) for n, v in headers if n.lower() not in ENTITY_HEADERS])
            return []
        body = answer["body"]
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


# Invalidation ---------------------------------------------------------------------------------

def _shows_publicly(obj: Any, new: bool = False) -> bool:
    table = getattr(obj, "__tablename__", None)
    if table in PRIVATE_TABLES:
        return False
    if table == "users":
        # A new account is on no public page yet; a login time never is.
        if new:
            return False
        state = inspect(obj)
        return state.deleted or any(state.attrs[name].history.has_changes()
                                    for name in PUBLIC_USER_COLUMNS)
    return True


def listen(session_class: Any) -> None:
    """Move the generation on after a commit that changed what a public page can show."""
    @event.listens_for(session_class, "after_flush")
    def _note(session: Session, _context) -> None:
        if session.info.get("page_cache_dirty"):
            return
        if any(_shows_publicly(obj, new=True) for obj in session.new) or any(
                _shows_publicly(obj) for obj in (*session.dirty, *session.deleted)):
            session.info["page_cache_dirty"] = True

    @event.listens_for(session_class, "do_orm_execute")
    def _note_statement(state) -> None:
        # Statements change rows without a flush: a conditional UPDATE, a DELETE, raw SQL.
        statement = state.statement
        if state.is_update or state.is_delete or state.is_insert:
            if getattr(statement.table, "name", None) not in PRIVATE_TABLES:
                state.session.info["page_cache_dirty"] = True
        elif isinstance(statement, TextClause) and (
                statement.text.lstrip()[:6].upper() not in ("SELECT", "PRAGMA")):
            state.session.info["page_cache_dirty"] = True

    @event.listens_for(session_class, "after_commit")
    def _bump(session: Session) -> None:
        # A rollback leaves the mark: at worst the next commit moves the generation for nothing.
        if session.info.pop("page_cache_dirty", False):
            invalidate()


def invalidate() -> None:
    """Leave every kept answer behind (also for changes made without the ORM)."""
    try:
        from flask import has_app_context

        if not has_app_context():
            return
        kept = store()
        if kept is not None:
            kept.bump()
    except Exception:
        log.exception("page cache unavailable")
