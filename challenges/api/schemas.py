"""The schemas of the OpenAPI description of /api/v1 (challenges/api/openapi.py): what each
answer of the API holds, written by hand so it says what we mean."""

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
from challenges.challenges.stages import StageKind, StageStatus
from challenges.pilots.models import Evaluation, MilestoneStatus, Outcome, PilotStatus
from challenges.sessions.models import SessionKind

# The outcome keys of the statistics (challenges.statistics.queries.OUTCOMES, written out so
# that the API's description imports no domain above it).
STATISTICS_OUTCOMES = (*(o.value for o in Outcome), "evaluated", "dropped", "running")


def nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


DATE_TIME = {"type": "string", "format": "date-time",
             "description": "ISO 8601 in Brussels time with its offset, "
                            "e.g. 2026-12-05T17:00:00+01:00."}
DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
           "description": "A decimal number as a string, so that no precision is lost."}


def page_of(item_ref: str) -> dict:
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


def object_of(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "required": required or list(properties),
            "properties": properties}


SUMMARY_PROPERTIES = {
    "slug": {"type": "string"},
    "title": {"type": "string"},
    "summary": {"type": "string"},
    "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
    "status": {"type": "string", "enum": [p.value for p in PUBLIC_PHASES]},
    "opens_at": nullable(DATE_TIME),
    "closes_at": nullable(DATE_TIME),
    "published_at": nullable(DATE_TIME),
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
    "jury_decision_at": nullable(DATE_TIME),
    "results_at": nullable(DATE_TIME),
    "reward": object_of({
        "text": {"type": "string"},
        "amount": {**nullable(DECIMAL), "description": "In euro."},
        "follow_ups": {"type": "array", "items": {"type": "string"}},
    }),
    "max_proposals_per_participant": {"type": "integer", "minimum": 1},
    "public_support_enabled": {"type": "boolean"},
    "proposal_visibility": {"type": "string", "enum": [v.value for v in ProposalVisibility]},
    "contact": object_of({"name": {"type": "string"}, "email": {"type": "string"}}),
    "criteria": {"type": "array", "items": object_of({
        "name": {"type": "string"},
        "description": MARKDOWN,
        "weight": {"type": "integer", "minimum": 0, "maximum": 100,
                   "description": "Percent of the total score."},
        "minimum_score": nullable(DECIMAL),
    })},
    "attachments": {"type": "array", "items": object_of({
        "filename": {"type": "string"},
        "content_type": {"type": "string"},
        "size": {"type": "integer", "description": "Bytes."},
        "url": {"type": "string", "format": "uri"},
    })},
    "change_notices": {"type": "array", "items": object_of({
        "created_at": DATE_TIME,
        "text_nl": {"type": "string"},
        "text_en": {"type": "string"},
    })},
    "cancel_reason": {"type": ["string", "null"]},
    "legal_route": {"type": "string", "enum": [r.value for r in LegalRoute],
                    "description": "The legal route from the winners to a contract."},
    "pilots": {"type": "array", "items": {"$ref": "#/components/schemas/Pilot"},
               "description": "A pilot per selected proposal, once the results are out."},
    "hosts": {"type": "array", "minItems": 1, "items": object_of({
        "slug": {"type": "string"}, "name": {"type": "string"},
        "role": {"type": "string", "enum": ["lead", "partner"]}}),
        "description": "The organisations that host the challenge: the lead (which owns "
                       "it) first, then the partners of a joint challenge."},
    "derived_from": {"type": ["string", "null"],
                     "description": "The slug of the challenge whose template this one was "
                                    "adapted from, or null."},
    "template": {**object_of({
        "slug": {"type": "string"},
        "revision": {"type": "integer", "minimum": 1,
                     "description": "The template's revision the challenge reflects."},
        "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
        "url": {"type": "string", "format": "uri", "description": "The template's page."},
    }), "type": ["object", "null"], "description": "The template it was adapted from."},
    "stages": {"type": "array", "minItems": 1, "items": object_of({
        "position": {"type": "integer", "minimum": 1},
        "kind": {"type": "string", "enum": [k.value for k in StageKind],
                 "description": "submission: teams submit before its deadline; screening: "
                                "the organisation checks eligibility."},
        "name": {"type": "string", "description": "In the challenge's language."},
        "opens_at": nullable(DATE_TIME),
        "closes_at": nullable(DATE_TIME),
        "status": {"type": "string", "enum": [s.value for s in StageStatus]},
        "is_current": {"type": "boolean", "description": "The stage the challenge is in."},
        "criteria": {"type": "array", "items": object_of({
            "name": {"type": "string", "description": "In the challenge's language."},
            "description": MARKDOWN,
            "weight": {"type": "integer", "minimum": 0, "maximum": 100,
                       "description": "Percent of the stage's total score."},
        }), "description": "How entries are judged in this stage: the criteria its own jury "
                           "scores on, in their order. Empty for a stage without them; the "
                           "last stage (and a challenge in one round) is judged on the "
                           "challenge's `criteria`."},
    }), "description": "Its rounds in order (idea, screening, full proposal, ...); a "
                       "challenge run in one round has one, from its own dates."},
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

EVENT = object_of({
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

PILOT = object_of({
    "proposal": {"type": ["string", "null"], "description": "The proposal's reference."},
    "title": {"type": "string", "description": "The proposal's title."},
    "status": {"type": "string", "enum": [s.value for s in PilotStatus]},
    "started_at": DATE,
    "ends_at": DATE,
    "dropped_reason": {"type": ["string", "null"]},
    "site": {"$ref": "#/components/schemas/OrganisationRef",
             "description": "The host at whose site the pilot runs (the lead, unless a "
                            "partner of a joint challenge)."},
    "milestones": {"type": "array", "items": object_of({
        "title": {"type": "string"},
        "due_at": DATE,
        "status": {"type": "string", "enum": [s.value for s in MilestoneStatus]},
    })},
    "kpis": {"type": "array", "items": object_of({
        "name": {"type": "string"},
        "unit": {"type": "string"},
        "baseline": DECIMAL,
        "target": DECIMAL,
        "values": {"type": "array", "items": object_of({"date": DATE, "value": DECIMAL})},
    })},
    "evaluation": {**object_of({
        "outcome": {"type": ["string", "null"], "enum": [*(o.value for o in Outcome), None],
                    "description": "Null only for a text carried over from before."},
        "evaluated_at": DATE_TIME,
        "final_cost": nullable(DECIMAL),
        **{name: MARKDOWN for name in Evaluation.PUBLIC_TEXTS},
    }), "type": ["object", "null"], "description": "Once the pilot is evaluated."},
})

FIGURES = object_of({
    "organisation": {**object_of({
        "slug": {"type": "string"}, "name": {"type": "string"},
        "population_band": {"type": ["string", "null"],
                            "enum": [b.value for b in PopulationBand] + [None]}}),
        "type": ["object", "null"], "description": "Null for the whole platform."},
    "challenges": {"type": "integer", "minimum": 0,
                   "description": "Challenges published (any status but draft); a joint "
                                  "challenge counts for each host, once for the platform."},
    "cancelled": {"type": "integer", "minimum": 0,
                  "description": "Of those, how many were cancelled."},
    "proposals": object_of({
        "total": {"type": "integer", "minimum": 0},
        "by_kind": object_of({k.value: {"type": "integer", "minimum": 0}
                            for k in ParticipantKind})},
        ) | {"description": "Proposals received (submitted, never drafts or withdrawals), by "
                            "the participant kind of their author."},
    "awarded": object_of({"total": DECIMAL, "prizes": DECIMAL, "contracts": DECIMAL})
    | {"description": "In euro, excluding VAT: the awards of the pilots not dropped, by the "
                      "host where the pilot runs; prizes (the prize route) and contracts."},
    "pilots": object_of({
        "started": {"type": "integer", "minimum": 0},
        "by_outcome": object_of({key: {"type": "integer", "minimum": 0}
                               for key in STATISTICS_OUTCOMES})}),
    "median_days_to_pilot": {"type": ["number", "null"],
                             "description": "Median days from the challenge's publication "
                                            "to a pilot's start; null without pilots."},
})

SCHEMAS = {
    "Index": object_of({name: {"type": "string", "format": "uri"}
                      for name in ("challenges", "organisations", "events", "lessons",
                                   "templates", "statistics", "catalog", "openapi")}),
    "Error": object_of({
        "error": {"type": "string", "examples": ["bad_request", "not_found"]},
        "message": {"type": "string", "description": "For people; in the request's language."},
        "field": {"type": "string", "description": "The query parameter at fault."},
    }, required=["error", "message"]),
    "OrganisationRef": object_of({"slug": {"type": "string"}, "name": {"type": "string"}}),
    "Theme": object_of({"slug": {"type": "string"}, "name_nl": {"type": "string"},
                      "name_en": {"type": "string"}}),
    "ChallengeSummary": object_of(SUMMARY_PROPERTIES),
    "Challenge": {"allOf": [{"$ref": "#/components/schemas/ChallengeSummary"},
                            object_of(DETAIL_PROPERTIES)]},
    "Pilot": PILOT,
    "ChallengePage": page_of("#/components/schemas/ChallengeSummary"),
    "Organisation": object_of({
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
    "OrganisationPage": page_of("#/components/schemas/Organisation"),
    "Lessons": object_of({
        "challenge": object_of({"slug": {"type": "string"}, "title": {"type": "string"},
                              "url": {"type": "string", "format": "uri"}}),
        "organisation": object_of({
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
        "kpis": {"type": "array", "items": object_of({
            "name": {"type": "string"}, "unit": {"type": "string"}, "baseline": DECIMAL,
            "target": DECIMAL, "latest": nullable(DECIMAL)})},
        "published_at": nullable(DATE_TIME),
        "not_yet_known": {"type": "boolean",
                          "description": "The lessons are not yet known; see revisit_on."},
        "revisit_on": {"type": ["string", "null"], "format": "date"},
        "summary": MARKDOWN,
        "url": {"type": "string", "format": "uri", "description": "The public page."},
    }),
    "LessonsPage": page_of("#/components/schemas/Lessons"),
    "Figures": FIGURES,
    "Statistics": object_of({
        "platform": {"$ref": "#/components/schemas/Figures"},
        "organisations": {"type": "array", "items": {"$ref": "#/components/schemas/Figures"},
                          "description": "Every municipality that ran a challenge or hosts "
                                         "a pilot, by name."},
        "url": {"type": "string", "format": "uri", "description": "The /statistics page."}}),
    "Template": object_of({
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
                       "items": object_of({
                           "slug": {"type": "string"},
                           "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
                           "revision": {"type": "integer", "minimum": 1},
                           "outcomes": {"type": "array", "items": {
                               "type": "string", "enum": [o.value for o in Outcome]}}})},
        "url": {"type": "string", "format": "uri", "description": "The public page."},
    }),
    "TemplatePage": page_of("#/components/schemas/Template"),
    "Event": EVENT,
    "Texts": TEXTS,
    "UpcomingEvent": {"allOf": [{"$ref": "#/components/schemas/Event"}, object_of({
        "challenge": object_of({"slug": {"type": "string"}, "title": {"type": "string"},
                              "organisation": {"type": "string"},
                              "url": {"type": "string", "format": "uri"}}),
    })]},
    "EventPage": page_of("#/components/schemas/UpcomingEvent"),
}
