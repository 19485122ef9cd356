"""The open, read-only JSON API at /api/v1.

Public open data: every answer is JSON (errors too), may be read from any origin and cached
for a minute. The listing shares its query with the HTML pages (challenges.queries).
"""

from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy.orm import lazyload
from werkzeug.exceptions import HTTPException

from challenges.access import public
from challenges.accounts.models import ParticipantKind
from challenges.api import openapi, serialise
from challenges.api.queries import organisations_with_counts
from challenges.cache import cached_page
from challenges.challenges.models import PUBLIC_PHASES, Challenge
from challenges.challenges.queries import (
    SORTS,
    ChallengeFilters,
    challenge_by_slug,
    public_challenges,
)
from challenges.db import utcnow
from challenges.extensions import db
from challenges.links import external_url

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Deep offsets cost the database a scan for nothing: nobody pages this far by hand.
MAX_PAGE = 10_000
LIST_KEYS = ("status", "theme", "organisation", "audience", "q", "sort")
CACHE_CONTROL = "public, max-age=60"


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.field = status, error, message, field


def _error_response(status: int, error: str, message: str, field: str | None = None):
    body = {"error": error, "message": message}
    if field:
        body["field"] = field
    return jsonify(body), status


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return _error_response(error.status, error.error, error.message, error.field)


def json_error(error: HTTPException):
    """An HTTP error as the API's JSON body. Also meant for the app's error handler, for
    routing errors under /api/ (a 405, a trailing slash) that no API view ever sees."""
    if error.code and error.code >= 500:
        db.session.rollback()
    name = (error.name or "error").lower().replace(" ", "_")
    response, status = _error_response(error.code or 500, name, error.description or "")
    # Keep what the exception adds (Allow on a 405), but not its HTML content type.
    for key, value in error.get_headers():
        if key.lower() != "content-type":
            response.headers[key] = value
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "no-store"
    return response, status


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    """Anything else raised inside an API view (a 429, a 500) answers JSON too."""
    return json_error(error)


@bp.after_request
def _open_data_headers(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    if response.status_code == 200:
        response.headers["Cache-Control"] = CACHE_CONTROL
    else:
        # An error (a challenge not published yet) should not outlive its cause.
        response.headers["Cache-Control"] = "no-store"
    return response


# Parameters ---------------------------------------------------------------------------------

def _int_arg(name: str, default: int, maximum: int) -> int:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not 1 <= int(raw) <= maximum:
        raise ApiError(400, "bad_request",
                       _("%(name)s must be a whole number from 1 to %(maximum)d.",
                         name=name, maximum=maximum), name)
    return int(raw)


def _paging() -> tuple[int, int]:
    return _int_arg("limit", DEFAULT_LIMIT, MAX_LIMIT), _int_arg("page", 1, MAX_PAGE)


def _filter_error(errors: dict) -> ApiError:
    choices = {
        "status": [p.value for p in PUBLIC_PHASES],
        "audience": [k.value for k in ParticipantKind],
        "sort": list(SORTS),
    }
    field = next(iter(errors))
    return ApiError(400, "bad_request",
                    _("Unknown value “%(value)s”; use one of: %(choices)s.",
                      value=errors[field][:60], choices=", ".join(choices.get(field, []))), field)


def _next_url(endpoint: str, keys: tuple[str, ...], limit: int, page: int) -> str:
    """The following page with the same filters, so a client just follows `next`."""
    params = {k: request.args[k] for k in keys if (request.args.get(k) or "").strip()}
    return external_url(endpoint, **params, limit=limit, page=page)


# Endpoints ----------------------------------------------------------------------------------

@bp.get("/challenges")
@cached_page
@public()
def challenges():
    filters, errors = ChallengeFilters.from_args(request.args, status_key="status")
    if errors:
        raise _filter_error(errors)
    filters.newcomers = False   # the status filter agrees with each item's `status`
    limit, page = _paging()
    # One row more than asked tells whether a next page exists, without a COUNT query.
    # The list gives no cover images: their query is left out.
    rows = list(db.session.scalars(
        public_challenges(filters, translated=False, offset=(page - 1) * limit, limit=limit + 1)
        .options(lazyload(Challenge.cover))))
    return jsonify(
        items=[serialise.challenge_summary(c, filters.now) for c in rows[:limit]],
        next=_next_url("api.challenges", LIST_KEYS, limit, page + 1) if len(rows) > limit
        else None)


@bp.get("/challenges/<slug>")
@cached_page
@public()
def challenge(slug: str):
    obj = challenge_by_slug(slug)
    if obj is None or not obj.is_public:
        raise ApiError(404, "not_found", _("There is no published challenge with this slug."))
    return jsonify(serialise.challenge_detail(obj, utcnow()))


@bp.get("/organisations")
@cached_page
@public()
def organisations():
    limit, page = _paging()
    rows = organisations_with_counts((page - 1) * limit, limit + 1)
    return jsonify(
        items=[serialise.organisation(org, count) for org, count in rows[:limit]],
        next=_next_url("api.organisations", (), limit, page + 1) if len(rows) > limit else None)


@bp.get("/openapi.json")
@cached_page
@public()
def openapi_document():
    return jsonify(openapi.document(current_app.config["BASE_URL"] + bp.url_prefix))


# The collections and documents of the API, as GET /api/v1/ lists them.
INDEX = {"challenges": "api.challenges", "organisations": "api.organisations",
         "events": "api.events", "lessons": "api.lessons", "templates": "api.templates",
         "statistics": "api.statistics", "catalog": "api.catalog",
         "openapi": "api.openapi_document"}


@bp.get("/")
@cached_page
@public()
def index():
    """Where to start: the collections and the description of the API."""
    # By endpoint name: the modules that add these routes are never imported here.
    return jsonify({name: external_url(endpoint) for name, endpoint in INDEX.items()})


@bp.get("/<path:unknown>")
@public()
def unknown(**_path):
    """Any other address under /api/v1 answers JSON. Routing errors happen before a blueprint
    is chosen, so without this least specific rule the app's HTML 404 page would answer.

    A writing method (POST...) still gets the app's 405 page: declaring those methods here
    would make every API route advertise them in its Allow header."""
    raise ApiError(404, "not_found", _("There is nothing at this address."))
