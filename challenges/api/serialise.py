"""Public challenges and organisations as plain JSON-ready dicts.

Only what the public page shows goes out: never a draft, never who wrote a challenge.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from challenges.accounts.models import Organisation
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import LANGUAGES, TRANSLATED_FIELDS, Challenge, Theme
from challenges.links import (
    attachment_url,
    challenge_url,
    external_url,
    iso_brussels,
    organisation_url,
)
from challenges.numbers import plain_number
from challenges.pilots.queries import PublicPilot, public_timeline
from challenges.reuse.queries import adoption_of
from challenges.sessions.models import Session
from challenges.sessions.queries import sessions_of
from challenges.stages.timeline import api_name, own_criteria, timeline


def theme(obj: Theme) -> dict:
    return {"slug": obj.slug, "name_nl": obj.name_nl, "name_en": obj.name_en}


def challenge_summary(obj: Challenge, now: datetime) -> dict:
    """One item of the list: needs organisation, themes and audience_rows loaded. `now` is
    the moment the status filter used, so an item never contradicts the filter."""
    return {
        "slug": obj.slug,
        "title": obj.title,
        "summary": obj.summary,
        "organisation": {"slug": obj.organisation.slug, "name": obj.organisation.name},
        "status": obj.phase_at(now).value,
        "opens_at": iso_brussels(obj.opens_at),
        "closes_at": iso_brussels(obj.closes_at),
        "published_at": iso_brussels(obj.published_at),
        "themes": [theme(t) for t in obj.themes],
        "audience": [kind.value for kind in obj.audience],
        "url": challenge_url(obj.slug),
    }


def challenge_detail(obj: Challenge, now: datetime) -> dict:
    """The whole public challenge; texts stay raw Markdown for the consumer to render."""
    data = challenge_summary(obj, now)
    data.update({
        "problem": obj.problem,
        "context": obj.context,
        "expected_solutions": obj.expected_solutions,
        "goals": obj.goals,
        "out_of_scope": obj.out_of_scope,
        "constraints": obj.constraints,
        "eligibility": obj.eligibility,
        "jury_decision_at": iso_brussels(obj.jury_decision_at),
        "results_at": iso_brussels(obj.results_at),
        "reward": {
            "text": obj.reward_text,
            # A string keeps the cents exact; a JSON number would pass through a float.
            "amount": None if obj.reward_amount is None else str(obj.reward_amount),
            "follow_ups": list(obj.follow_ups or []),
        },
        "max_proposals_per_participant": obj.max_proposals_per_participant,
        "public_support_enabled": obj.public_support_enabled,
        "proposal_visibility": obj.proposal_visibility.value,
        "contact": {"name": obj.contact_name, "email": obj.contact_email},
        "criteria": [
            {"name": c.name, "description": c.description, "weight": c.weight,
             "minimum_score": None if c.minimum_score is None else str(c.minimum_score)}
            for c in obj.criteria
        ],
        "attachments": [
            {"filename": a.filename, "content_type": a.content_type, "size": a.size,
             "url": attachment_url(obj.slug, a.id)}
            for a in obj.attachments
        ],
        "change_notices": [
            {"created_at": iso_brussels(n.created_at), "text_nl": n.text_nl,
             "text_en": n.text_en}
            for n in obj.notices
        ],
        "cancel_reason": obj.cancel_reason,
        "legal_route": LegalRoute(obj.legal_route).value,
        "pilots": [pilot(item) for item in public_timeline(obj)],
        "hosts": [{"slug": o.slug, "name": o.name,
                   "role": "lead" if o.id == obj.organisation_id else "partner"}
                  for o in obj.hosts],
        "events": [event(s) for s in sessions_of(obj)],
        "stages": stages(obj, now),
        "language": obj.language,
        "translations": translations(obj),
    })
    data.update(lineage(obj))
    return data


def stages(obj: Challenge, now: datetime) -> list[dict]:
    """Its rounds in order, where it stands, and each one's own criteria (in the challenge's
    language, as every text field); a challenge without stages has one, its own."""
    criteria = own_criteria(obj)
    return [{"position": row.position, "kind": row.kind.value, "name": api_name(obj, row),
             "opens_at": iso_brussels(row.opens_at), "closes_at": iso_brussels(row.closes_at),
             "status": row.status.value, "is_current": row.is_current,
             "criteria": [{"name": c.name, "description": c.description, "weight": c.weight}
                          for c in (criteria.get(row.stage.id, []) if row.stage else [])]}
            for row in timeline(obj, now)]


def translations(obj: Challenge) -> dict:
    """Per language, every text that exists in it: the challenge's own language from its
    fields, the other from its translation; criteria in their order, those written in it."""
    result: dict = {}
    for language in LANGUAGES:
        holder = obj if language == obj.language else obj.translation(language)
        texts: dict = {}
        if holder is not None:
            texts = {name: getattr(holder, name) for name in TRANSLATED_FIELDS
                     if (getattr(holder, name) or "").strip()}
        criteria = []
        for criterion in obj.criteria:
            written = ({"name": criterion.name, "description": criterion.description}
                       if language == obj.language else criterion.texts_in(language))
            written = {key: value for key, value in written.items() if (value or "").strip()}
            if written:
                criteria.append({"position": criterion.position, **written})
        if criteria:
            texts["criteria"] = criteria
        if texts:
            result[language] = texts
    return result
def lineage(obj: Challenge) -> dict:
    """The template a public challenge was adapted from: its source challenge's slug (a
    template is only ever made from a published challenge) and the template itself."""
    adoption = adoption_of(obj)
    if adoption is None:
        return {"derived_from": None, "template": None}
    template = adoption.template
    source = template.source
    return {"derived_from": source.slug if source is not None and source.is_public else None,
            "template": {"slug": template.slug, "revision": adoption.revision,
                         "organisation": {"slug": template.organisation.slug,
                                          "name": template.organisation.name},
                         "url": external_url("reuse.view", slug=template.slug)}}


def event(obj: Session) -> dict:
    """What the event's public page shows: never who registered, only how many."""
    return {
        "id": obj.id,
        "kind": obj.kind.value,
        "title": obj.title,
        "starts_at": iso_brussels(obj.starts_at),
        "ends_at": iso_brussels(obj.ends_at),
        "place": obj.place or None,
        "online_url": obj.url or None,
        "capacity": obj.capacity,
        "registered": obj.registered_count,
        "places_left": obj.places_left,
        "cancelled": obj.is_cancelled,
        "url": external_url("sessions.detail", session_id=obj.id),
        "calendar": external_url("sessions.calendar", session_id=obj.id),
    }


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else plain_number(value)


def pilot(item: PublicPilot) -> dict:
    """What the public may know of a pilot: never payments, notes or documents."""
    obj = item.pilot
    evaluation = obj.evaluation
    return {
        "proposal": obj.proposal.reference,
        "title": obj.proposal.title,
        "status": obj.status.value,
        "started_at": obj.starts_on.isoformat(),
        "ends_at": obj.ends_on.isoformat(),
        "dropped_reason": obj.dropped_reason,
        "site": {"slug": obj.site_organisation.slug, "name": obj.site_organisation.name},
        "milestones": [{"title": m.title, "due_at": m.due_on.isoformat(),
                        "status": m.status_on(item.today).value} for m in item.milestones],
        "kpis": [{"name": s.kpi.name, "unit": s.kpi.unit, "baseline": _decimal(s.kpi.baseline),
                  "target": _decimal(s.kpi.target),
                  "values": [{"date": day.isoformat(), "value": _decimal(value)}
                             for day, value, _note in s.points]} for s in item.series],
        "evaluation": None if evaluation is None else {
            "outcome": evaluation.outcome.value if evaluation.outcome else None,
            "evaluated_at": iso_brussels(evaluation.evaluated_at),
            "final_cost": _decimal(evaluation.final_cost),
            **{name: getattr(evaluation, name) for name in evaluation.PUBLIC_TEXTS},
        },
    }


def organisation(obj: Organisation, public_challenges: int) -> dict:
    return {
        "slug": obj.slug,
        "name": obj.name,
        "nis_code": obj.nis_code,
        "website": obj.website,
        "description": obj.description,
        "url": organisation_url(obj.slug),
        "public_challenges": public_challenges,
    }
