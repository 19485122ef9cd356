"""The demo templates: Mechelen's completed energy monitoring published as a template
(recommended), adopted by Herzele into a published challenge and by Brugge into a draft that
has a newer revision waiting for review."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from challenges.accounts.models import Organisation, User
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.extensions import db
from challenges.pilots.models import brussels_today
from challenges.reuse.models import ChallengeTemplate
from challenges.reuse.operations import draft_from, new_template, revise_in_place

SOURCE = "mechelen-energieverbruik-stadsgebouwen"
HERZELE_CHILD = "herzele-energieverbruik-gemeentegebouwen"
BRUGGE_DRAFT = "brugge-energieverbruik-stadsgebouwen"


def load_templates(organisations: dict[str, Organisation], challenges: dict[str, Challenge],
                   users: dict[str, User], now: datetime) -> None:
    source = challenges.get(SOURCE)
    if source is None or db.session.scalar(select(ChallengeTemplate.id).where(
            ChallengeTemplate.source_challenge_id == source.id)):
        return
    tom = users["tom.janssens@mechelen.demo"]
    today = brussels_today(now)
    template = new_template(source, tom, "Eerste versie, na de geslaagde pilot met ZonneDeel.")
    template.recommended, template.recommended_at = True, now - timedelta(days=12)
    _dated(template, now - timedelta(days=20))

    herzele = draft_from(template, organisations["gemeente-herzele"],
                         users["lien.maes@herzele.demo"], today - timedelta(days=3))
    herzele.slug, herzele.title = HERZELE_CHILD, "Energieverbruik van gemeentegebouwen opvolgen"
    herzele.summary = ("Herzele wil het verbruik van zijn sporthal, bibliotheek en scholen "
                       "kwartier per kwartier volgen, zoals Mechelen deed.")
    herzele.contact_email = "info@herzele.demo"
    herzele.estimated_value = Decimal("18000")
    herzele.consulted_companies = "ZonneDeel, EnergieID en een studiebureau uit Aalst."
    herzele.status, herzele.published_at = ChallengeStatus.PUBLISHED, now - timedelta(days=3)

    brugge = draft_from(template, organisations["stad-brugge"],
                        users["pieter.vermeulen@brugge.demo"], today + timedelta(days=30))
    brugge.slug, brugge.title = BRUGGE_DRAFT, "Energieverbruik van Brugse stadsgebouwen opvolgen"
    db.session.flush()

    revision = revise_in_place(template, tom, {
        "constraints": (source.constraints or "").strip() + "\n\nDe meetgegevens blijven "
        "eigendom van de stad; de leverancier krijgt ze enkel voor de duur van de pilot.",
        "timeline": {**template.latest.content["timeline"], "open_days": 45},
    }, "Langere indieningstermijn (45 dagen) en een beperking over de meetgegevens.")
    revision.published_at = template.revised_at = now - timedelta(days=2)
    db.session.flush()


def _dated(template: ChallengeTemplate, at: datetime) -> None:
    template.created_at = template.revised_at = template.latest.published_at = at


def template_lines() -> Iterator[str]:
    yield (f"Templates: /templates (Mechelen's energy monitoring, recommended: /templates/"
           f"{SOURCE}); Herzele adapted it (/challenges/{HERZELE_CHILD}); Brugge's draft "
           f"waits for a review of revision 2: sign in as pieter.vermeulen@brugge.demo and open "
           f"/manage/challenges/{BRUGGE_DRAFT}/template-changes.")
