"""The OpenAPI 3.1 description of /api/v1, written by hand so it says what we mean: its
paths, parameters and responses here, the answers' schemas in challenges/api/schemas.py.

tests/api/test_openapi.py checks that every path here exists and that real answers carry the
properties marked required.
"""

from __future__ import annotations

from challenges.accounts.models import ParticipantKind, PopulationBand
from challenges.api.schemas import SCHEMAS, object_of
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import PUBLIC_PHASES
from challenges.challenges.queries import SORTS
from challenges.pilots.models import Outcome


def _param(name: str, description: str, schema: dict, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": where == "path",
            "description": description, "schema": schema}


PARAMETERS = {
    "status": _param("status", "Only challenges in this phase now. `draft` is refused.",
                     {"type": "string", "enum": [p.value for p in PUBLIC_PHASES]}),
    "theme": _param("theme", "A theme's slug.", {"type": "string", "maxLength": 60}),
    "organisation": _param("organisation", "An organisation's slug.",
                           {"type": "string", "maxLength": 100}),
    "audience": _param("audience", "Only challenges that invite this kind of participant.",
                       {"type": "string", "enum": [k.value for k in ParticipantKind]}),
    "q": _param("q", "Full-text search in title, summary, problem and context.",
                {"type": "string", "maxLength": 200}),
    "sort": _param("sort", "`closing`: open ones first by deadline, then upcoming, then the "
                           "rest. `newest`: latest published first.",
                   {"type": "string", "enum": list(SORTS), "default": "closing"}),
    "limit": _param("limit", "Items per page.",
                    {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
    "page": _param("page", "Page number; follow `next` rather than counting.",
                   {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}),
    "slug": _param("slug", "The challenge's slug.", {"type": "string"}, where="path"),
    "lessons_q": _param("q", "Full-text search in the lessons and the challenge's title and "
                             "summary.", {"type": "string", "maxLength": 200}),
    "band": _param("band", "The organisation's population band.",
                   {"type": "string", "enum": [b.value for b in PopulationBand]}),
    "route": _param("route", "The legal route.",
                    {"type": "string", "enum": [r.value for r in LegalRoute]}),
    "outcome": _param("outcome", "Only lessons of a challenge with a pilot of this outcome.",
                      {"type": "string", "enum": [o.value for o in Outcome]}),
    "templates_q": _param("q", "Every word in the template's title or summary.",
                          {"type": "string", "maxLength": 200}),
    "recommended": _param("recommended", "`1`: only the recommended templates.",
                          {"type": "string", "enum": ["1", "true", "yes", "on"]}),
    "year": _param("year", "The year the lessons were published.",
                   {"type": "integer", "minimum": 1901, "maximum": 2999}),
}


def _ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref("schemas", schema_name)}}}


RESPONSES = {
    "BadRequest": _json("Error", "A parameter has a value the API does not accept."),
    "NotFound": _json("Error", "Nothing public at this address."),
}


def document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Challenges open data API",
            "version": "1.0.0",
            "description": (
                "Read-only, public data about the challenges that municipalities publish: "
                "no key, any origin (CORS), answers cached for 60 seconds. Times are ISO "
                "8601 in Brussels time with the offset. Drafts never appear. Errors are JSON: "
                "`{\"error\", \"message\", \"field\"}`."),
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": {"get": {
                "operationId": "index",
                "summary": "Links to the collections and to this document",
                "responses": {"200": _json("Index", "Where to start.")},
            }},
            "/challenges": {"get": {
                "operationId": "listChallenges",
                "summary": "Published challenges, filtered and paginated",
                "parameters": [_ref("parameters", n) for n in
                               ("status", "theme", "organisation", "audience", "q", "sort",
                                "limit", "page")],
                "responses": {"200": _json("ChallengePage", "A page of challenges."),
                              "400": _ref("responses", "BadRequest")},
            }},
            "/challenges/{slug}": {"get": {
                "operationId": "getChallenge",
                "summary": "One published challenge with all its public details",
                "parameters": [_ref("parameters", "slug")],
                "responses": {"200": _json("Challenge", "The challenge."),
                              "404": _ref("responses", "NotFound")},
            }},
            "/organisations": {"get": {
                "operationId": "listOrganisations",
                "summary": "Every organisation, with its number of published challenges",
                "parameters": [_ref("parameters", n) for n in ("limit", "page")],
                "responses": {"200": _json("OrganisationPage", "A page of organisations."),
                              "400": _ref("responses", "BadRequest")},
            }},
            "/lessons": {"get": {
                "operationId": "listLessons",
                "summary": "Published lessons of every municipality, filtered as the "
                           "/lessons page (a filter value that means nothing is ignored)",
                "parameters": [_ref("parameters", n) for n in
                               ("lessons_q", "theme", "organisation", "band", "route",
                                "outcome", "year", "limit", "page")],
                "responses": {"200": _json("LessonsPage", "A page of lessons, newest first."),
                              "400": _ref("responses", "BadRequest")},
            }},
            "/templates": {"get": {
                "operationId": "listTemplates",
                "summary": "Challenge templates with their lineage, recommended first, then "
                           "the latest revised (a filter value that means nothing is ignored)",
                "parameters": [_ref("parameters", n) for n in
                               ("templates_q", "theme", "organisation", "route", "recommended",
                                "limit", "page")],
                "responses": {"200": _json("TemplatePage", "A page of templates."),
                              "400": _ref("responses", "BadRequest")},
            }},
            "/events": {"get": {
                "operationId": "listEvents",
                "summary": "Upcoming info sessions and pitch days of every published "
                           "challenge, soonest first (as the /events page)",
                "parameters": [_ref("parameters", n) for n in ("limit", "page")],
                "responses": {"200": _json("EventPage", "A page of events."),
                              "400": _ref("responses", "BadRequest")},
            }},
            "/statistics": {"get": {
                "operationId": "getStatistics",
                "summary": "The figures of /statistics: for the platform and per "
                           "municipality, challenges run, proposals by participant kind, "
                           "money awarded, pilots by outcome, median days to a pilot",
                "responses": {"200": _json("Statistics", "The figures.")},
            }},
            "/catalog.jsonld": {"get": {
                "operationId": "getCatalog",
                "summary": "A DCAT-AP catalogue (JSON-LD) of the platform's open data: each "
                           "dataset with its distributions (this API, the CSV download, the "
                           "Atom feeds), their access URLs and media types, titles in Dutch "
                           "and English, publisher and licence",
                "responses": {"200": {"description": "The catalogue.", "content": {
                    "application/ld+json": {"schema": object_of({
                        "@context": {"type": "object"},
                        "@id": {"type": "string", "format": "uri"},
                        "@type": {"type": "string", "enum": ["dcat:Catalog"]},
                        "dct:title": {"type": "array"},
                        "dcat:dataset": {"type": "array", "items": {"type": "object"}},
                    })}}}},
            }},
            "/openapi.json": {"get": {
                "operationId": "getOpenAPI",
                "summary": "This document",
                "responses": {"200": {"description": "The OpenAPI document.",
                                      "content": {"application/json": {
                                          "schema": {"type": "object"}}}}},
            }},
        },
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS, "responses": RESPONSES},
    }
