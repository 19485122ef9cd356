"""The OpenAPI 3.1 description of /api/v1, written by hand so it says what we mean.

tests/api/test_openapi.py checks that every path here exists and that real answers carry the
properties marked required.
"""

from __future__ import annotations

from challenges.accounts.models import ParticipantKind, PopulationBand
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import (
    LANGUAGES,
    PUBLIC_PHASES,
    TRANSLATED_FIELDS,
    TRANSLATED_MARKDOWN,
    ProposalVisibility,
)
from challenges.challenges.queries import SORTS
from challenges.pilots.models import Evaluation, MilestoneStatus, Outcome, PilotStatus
from challenges.sessions.models import SessionKind

# The outcome keys of the statistics (challenges.statistics.queries.OUTCOMES, written out so
# that the API's description imports no domain above it).
STATISTICS_OUTCOMES = (*(o.value for o in Outcome), "evaluated", "dropped", "running")


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


DATE_TIME = {"type": "string", "format": "date-time",
             "description": "ISO 8601 in Brussels time with its offset, "
                            "e.g. 2026-12-05T17:00:00+01:00."}
DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
           "description": "A decimal number as a string, so that no precision is lost."}


def _page(item_ref: str) -> dict:
    return {
        "type": "object",
        "required": ["items", "next"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": item_ref}},
            "next": {"type": ["string", "null"], "format": "uri",
                     "description": "The next page with the same filters, or null on the "
                                    "last page."},
        },
    }


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "required": required or list(properties),
            "properties": properties}


SUMMARY_PROPERTIES = {
    "slug": {"type": "string"},
    "title": {"type": "string"},
    "summary": {"type": "string"},
    "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
    "status": {"type": "string", "enum": [p.value for p in PUBLIC_PHASES]},
    "opens_at": _nullable(DATE_TIME),
    "closes_at": _nullable(DATE_TIME),
    "published_at": _nullable(DATE_TIME),
    "themes": {"type": "array", "items": {"$ref": "#/components/schemas/Theme"}},
    "audience": {"type": "array",
                 "items": {"type": "string", "enum": [k.value for k in ParticipantKind]}},
    "url": {"type": "string", "format": "uri", "description": "The public page."},
}

MARKDOWN = {"type": "string", "description": "Markdown, as the organisation wrote it."}

DETAIL_PROPERTIES = {
    "problem": MARKDOWN,
    "context": MARKDOWN,
    "expected_solutions": MARKDOWN,
    "goals": MARKDOWN,
    "out_of_scope": MARKDOWN,
    "constraints": MARKDOWN,
    "eligibility": MARKDOWN,
    "jury_decision_at": _nullable(DATE_TIME),
    "results_at": _nullable(DATE_TIME),
    "reward": _object({
        "text": {"type": "string"},
        "amount": {**_nullable(DECIMAL), "description": "In euro."},
        "follow_ups": {"type": "array", "items": {"type": "string"}},
    }),
    "max_proposals_per_participant": {"type": "integer", "minimum": 1},
    "public_support_enabled": {"type": "boolean"},
    "proposal_visibility": {"type": "string", "enum": [v.value for v in ProposalVisibility]},
    "contact": _object({"name": {"type": "string"}, "email": {"type": "string"}}),
    "criteria": {"type": "array", "items": _object({
        "name": {"type": "string"},
        "description": MARKDOWN,
        "weight": {"type": "integer", "minimum": 0, "maximum": 100,
                   "description": "Percent of the total score."},
        "minimum_score": _nullable(DECIMAL),
    })},
    "attachments": {"type": "array", "items": _object({
        "filename": {"type": "string"},
        "content_type": {"type": "string"},
        "size": {"type": "integer", "description": "Bytes."},
        "url": {"type": "string", "format": "uri"},
    })},
    "change_notices": {"type": "array", "items": _object({
        "created_at": DATE_TIME,
        "text_nl": {"type": "string"},
        "text_en": {"type": "string"},
    })},
    "cancel_reason": {"type": ["string", "null"]},
    "legal_route": {"type": "string", "enum": [r.value for r in LegalRoute],
                    "description": "The legal route from the winners to a contract."},
    "pilots": {"type": "array", "items": {"$ref": "#/components/schemas/Pilot"},
               "description": "A pilot per selected proposal, once the results are out."},
    "hosts": {"type": "array", "minItems": 1, "items": _object({
        "slug": {"type": "string"}, "name": {"type": "string"},
        "role": {"type": "string", "enum": ["lead", "partner"]}}),
        "description": "The organisations that host the challenge: the lead (which owns "
                       "it) first, then the partners of a joint challenge."},
    "derived_from": {"type": ["string", "null"],
                     "description": "The slug of the challenge whose template this one was "
                                    "adapted from, or null."},
    "template": {**_object({
        "slug": {"type": "string"},
        "revision": {"type": "integer", "minimum": 1,
                     "description": "The template's revision the challenge reflects."},
        "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
        "url": {"type": "string", "format": "uri", "description": "The template's page."},
    }), "type": ["object", "null"], "description": "The template it was adapted from."},
    "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"},
               "description": "Its info sessions and pitch days, past ones included, "
                              "soonest first."},
    "language": {"type": "string", "enum": list(LANGUAGES),
                 "description": "The language the challenge is written in: the text fields "
                                "above are in it."},
    "translations": {
        "type": "object", "additionalProperties": False,
        "properties": {language: {"$ref": "#/components/schemas/Texts"}
                       for language in LANGUAGES},
        "description": "Per language (nl, en), every text that exists in it; a language "
                       "without any text is left out.",
    },
}

TEXTS = {
    "type": "object", "additionalProperties": False,
    "properties": {
        **{name: MARKDOWN if name in TRANSLATED_MARKDOWN else {"type": "string"}
           for name in TRANSLATED_FIELDS},
        "criteria": {"type": "array", "items": {
            "type": "object", "required": ["position"], "additionalProperties": False,
            "properties": {"position": {"type": "integer", "minimum": 1,
                                        "description": "The criterion's place in `criteria`, "
                                                       "from 1."},
                           "name": {"type": "string"}, "description": MARKDOWN}}},
    },
    "description": "The texts written in one language; a text not written in it is absent.",
}

DATE = {"type": "string", "format": "date"}

EVENT = _object({
    "id": {"type": "integer"},
    "kind": {"type": "string", "enum": [k.value for k in SessionKind]},
    "title": {"type": "string"},
    "starts_at": DATE_TIME,
    "ends_at": DATE_TIME,
    "place": {"type": ["string", "null"], "description": "The address, for an event on site."},
    "online_url": {"type": ["string", "null"], "format": "uri",
                   "description": "The link, for an online event."},
    "capacity": {"type": ["integer", "null"], "description": "Null: no limit."},
    "registered": {"type": "integer", "minimum": 0,
                   "description": "Confirmed registrations (never who)."},
    "places_left": {"type": ["integer", "null"], "minimum": 0},
    "cancelled": {"type": "boolean"},
    "url": {"type": "string", "format": "uri", "description": "The public page, to register."},
    "calendar": {"type": "string", "format": "uri", "description": "An iCalendar file."},
})

PILOT = _object({
    "proposal": {"type": ["string", "null"], "description": "The proposal's reference."},
    "title": {"type": "string", "description": "The proposal's title."},
    "status": {"type": "string", "enum": [s.value for s in PilotStatus]},
    "started_at": DATE,
    "ends_at": DATE,
    "dropped_reason": {"type": ["string", "null"]},
    "site": {"$ref": "#/components/schemas/OrganisationRef",
             "description": "The host at whose site the pilot runs (the lead, unless a "
                            "partner of a joint challenge)."},
    "milestones": {"type": "array", "items": _object({
        "title": {"type": "string"},
        "due_at": DATE,
        "status": {"type": "string", "enum": [s.value for s in MilestoneStatus]},
    })},
    "kpis": {"type": "array", "items": _object({
        "name": {"type": "string"},
        "unit": {"type": "string"},
        "baseline": DECIMAL,
        "target": DECIMAL,
        "values": {"type": "array", "items": _object({"date": DATE, "value": DECIMAL})},
    })},
    "evaluation": {**_object({
        "outcome": {"type": ["string", "null"], "enum": [*(o.value for o in Outcome), None],
                    "description": "Null only for a text carried over from before."},
        "evaluated_at": DATE_TIME,
        "final_cost": _nullable(DECIMAL),
        **{name: MARKDOWN for name in Evaluation.PUBLIC_TEXTS},
    }), "type": ["object", "null"], "description": "Once the pilot is evaluated."},
})

FIGURES = _object({
    "organisation": {**_object({
        "slug": {"type": "string"}, "name": {"type": "string"},
        "population_band": {"type": ["string", "null"],
                            "enum": [b.value for b in PopulationBand] + [None]}}),
        "type": ["object", "null"], "description": "Null for the whole platform."},
    "challenges": {"type": "integer", "minimum": 0,
                   "description": "Challenges published (any status but draft); a joint "
                                  "challenge counts for each host, once for the platform."},
    "cancelled": {"type": "integer", "minimum": 0,
                  "description": "Of those, how many were cancelled."},
    "proposals": _object({
        "total": {"type": "integer", "minimum": 0},
        "by_kind": _object({k.value: {"type": "integer", "minimum": 0}
                            for k in ParticipantKind})},
        ) | {"description": "Proposals received (submitted, never drafts or withdrawals), by "
                            "the participant kind of their author."},
    "awarded": _object({"total": DECIMAL, "prizes": DECIMAL, "contracts": DECIMAL})
    | {"description": "In euro, excluding VAT: the awards of the pilots not dropped, by the "
                      "host where the pilot runs; prizes (the prize route) and contracts."},
    "pilots": _object({
        "started": {"type": "integer", "minimum": 0},
        "by_outcome": _object({key: {"type": "integer", "minimum": 0}
                               for key in STATISTICS_OUTCOMES})}),
    "median_days_to_pilot": {"type": ["number", "null"],
                             "description": "Median days from the challenge's publication "
                                            "to a pilot's start; null without pilots."},
})

SCHEMAS = {
    "Index": _object({name: {"type": "string", "format": "uri"}
                      for name in ("challenges", "organisations", "events", "lessons",
                                   "templates", "statistics", "catalog", "openapi")}),
    "Error": _object({
        "error": {"type": "string", "examples": ["bad_request", "not_found"]},
        "message": {"type": "string", "description": "For people; in the request's language."},
        "field": {"type": "string", "description": "The query parameter at fault."},
    }, required=["error", "message"]),
    "OrganisationRef": _object({"slug": {"type": "string"}, "name": {"type": "string"}}),
    "Theme": _object({"slug": {"type": "string"}, "name_nl": {"type": "string"},
                      "name_en": {"type": "string"}}),
    "ChallengeSummary": _object(SUMMARY_PROPERTIES),
    "Challenge": {"allOf": [{"$ref": "#/components/schemas/ChallengeSummary"},
                            _object(DETAIL_PROPERTIES)]},
    "Pilot": PILOT,
    "ChallengePage": _page("#/components/schemas/ChallengeSummary"),
    "Organisation": _object({
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "nis_code": {"type": ["string", "null"],
                     "description": "The municipality's five-digit NIS code."},
        "website": {"type": ["string", "null"]},
        "description": {"type": "string"},
        "url": {"type": "string", "format": "uri", "description": "The public page."},
        "public_challenges": {"type": "integer", "minimum": 0,
                              "description": "How many challenges it has published."},
    }),
    "OrganisationPage": _page("#/components/schemas/Organisation"),
    "Lessons": _object({
        "challenge": _object({"slug": {"type": "string"}, "title": {"type": "string"},
                              "url": {"type": "string", "format": "uri"}}),
        "organisation": _object({
            "slug": {"type": "string"}, "name": {"type": "string"},
            "population_band": {"type": ["string", "null"],
                                "enum": [b.value for b in PopulationBand] + [None]}}),
        "themes": {"type": "array", "items": {"type": "string"},
                   "description": "The themes' slugs."},
        "legal_route": {"type": "string", "enum": [r.value for r in LegalRoute]},
        "outcomes": {"type": "array",
                     "items": {"type": "string", "enum": [o.value for o in Outcome]},
                     "description": "The evaluated pilots' outcomes, in the order they "
                                    "started; a stopped pilot is listed as plainly."},
        "kpis": {"type": "array", "items": _object({
            "name": {"type": "string"}, "unit": {"type": "string"}, "baseline": DECIMAL,
            "target": DECIMAL, "latest": _nullable(DECIMAL)})},
        "published_at": _nullable(DATE_TIME),
        "not_yet_known": {"type": "boolean",
                          "description": "The lessons are not yet known; see revisit_on."},
        "revisit_on": {"type": ["string", "null"], "format": "date"},
        "summary": MARKDOWN,
        "url": {"type": "string", "format": "uri", "description": "The public page."},
    }),
    "LessonsPage": _page("#/components/schemas/Lessons"),
    "Figures": FIGURES,
    "Statistics": _object({
        "platform": {"$ref": "#/components/schemas/Figures"},
        "organisations": {"type": "array", "items": {"$ref": "#/components/schemas/Figures"},
                          "description": "Every municipality that ran a challenge or hosts "
                                         "a pilot, by name."},
        "url": {"type": "string", "format": "uri", "description": "The /statistics page."}}),
    "Template": _object({
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
        "themes": {"type": "array", "items": {"type": "string"},
                   "description": "The themes' slugs."},
        "legal_route": {"type": "string", "enum": [r.value for r in LegalRoute]},
        "revision": {"type": "integer", "minimum": 1, "description": "The latest revision."},
        "revised_at": DATE_TIME,
        "recommended": {"type": "boolean",
                        "description": "Recommended by the platform's administrators."},
        "derived_from": {"type": ["string", "null"],
                         "description": "The slug of the challenge it was made from."},
        "adopted_by": {"type": "array", "description": "The published challenges made from "
                                                       "it (never a draft), oldest first.",
                       "items": _object({
                           "slug": {"type": "string"},
                           "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
                           "revision": {"type": "integer", "minimum": 1},
                           "outcomes": {"type": "array", "items": {
                               "type": "string", "enum": [o.value for o in Outcome]}}})},
        "url": {"type": "string", "format": "uri", "description": "The public page."},
    }),
    "TemplatePage": _page("#/components/schemas/Template"),
    "Event": EVENT,
    "Texts": TEXTS,
    "UpcomingEvent": {"allOf": [{"$ref": "#/components/schemas/Event"}, _object({
        "challenge": _object({"slug": {"type": "string"}, "title": {"type": "string"},
                              "organisation": {"type": "string"},
                              "url": {"type": "string", "format": "uri"}}),
    })]},
    "EventPage": _page("#/components/schemas/UpcomingEvent"),
}


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
                    "application/ld+json": {"schema": _object({
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
