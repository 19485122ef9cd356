"""Demo translations: the Mechelen litter challenge fully in English too, the Bruges
deliveries challenge only partly (its title, summary and problem), so that both a complete
and a partial translation can be seen, and the list of what is missing."""

from __future__ import annotations

from collections.abc import Iterator

from challenges.challenges.models import Challenge, ChallengeTranslation
from challenges.demo import stage_texts
from challenges.text import digest

COMPLETE = "mechelen-zwerfvuil-pleinen-parken"
PARTIAL = "brugge-leveringen-binnenstad"

TRANSLATIONS: dict[str, dict] = {
    COMPLETE: {
        "title": "Less litter on squares and in parks",
        "summary": (
            "After warm summer evenings the Vijfhoek, the Kruidtuin and the Vesten are strewn "
            "with cans, cigarette butts and takeaway packaging. Mechelen is looking for smart "
            "ways to prevent litter, not only to clean it up."),
        "problem": (
            "On warm days hundreds of people gather on the squares and in the parks of "
            "Mechelen. The next morning our cleaning teams pick up as many as forty full "
            "bin bags there, mostly:\n\n"
            "- cans and plastic bottles;\n"
            "- cigarette butts;\n"
            "- takeaway packaging.\n\n"
            "There are bins, but in the evening they are often full or stand just where "
            "people are not sitting. Extra collection rounds help, but they are expensive and "
            "do not remove the cause. We are looking for solutions that **prevent** waste "
            "from ending up on the ground."),
        "context": (
            "Together with Bruges, Mechelen already launched challenges on mobility, smart "
            "energy and cleanliness in the European Interreg project SCIFI. From that first "
            "round a pilot with smart bins that report when they are full is now running. We "
            "make the data of those sensors available to the participants.\n\n"
            "The attachment holds the litter counts at the three test sites of last summer."),
        "expected_solutions": (
            "Anything that works in the street is welcome. For example:\n\n"
            "- *nudging*: a design that invites people to throw their waste away properly;\n"
            "- temporary or mobile collection points on busy evenings;\n"
            "- an app or game that involves residents, youth movements and shopkeepers;\n"
            "- agreements with takeaways on packaging and deposits."),
        "goals": (
            "- 30% less litter at the three test sites during the summer\n"
            "- Fewer extra collection rounds on Sunday mornings\n"
            "- An approach other neighbourhoods can take over without a large investment"),
        "out_of_scope": (
            "- Fly-tipping of bulky waste: a separate enforcement programme deals with it\n"
            "- Extra cameras or administrative fines"),
        "constraints": (
            "- The solution respects the privacy of passers-by (GDPR): no recognisable "
            "images of people.\n"
            "- Equipment in the street withstands vandalism and fits the protected "
            "townscape.\n"
            "- Sensors preferably use the city's LoRaWAN network."),
        "eligibility": (
            "- Citizens, students, non-profits, start-ups and companies may take part, alone "
            "or as a team.\n"
            "- At most two proposals per participant.\n"
            "- Whoever gets a proof of concept has a company number before the start or "
            "works through a non-profit."),
        "reward_text": ("Up to 10,000 euro for a proof of concept and a six-month support "
                        "programme"),
        "ip_terms": (
            "The intellectual property of the solution stays with the participant. The city "
            "gets a right of use for the duration of the pilot and may share the results "
            "with other municipalities."),
        "payment_terms": "30% at the start, 70% in instalments as each milestone is accepted.",
        "open_data_terms": ("Measurements from the pilot are published as open data "
                            "(CC BY 4.0), without personal data."),
        "criteria": [
            ("Impact on litter", "How much litter does the solution prevent, and how do you "
                                 "measure that?"),
            ("Feasibility", "Can the trial start within six months with what is there?"),
            ("Involvement of the neighbourhood and users",
             "Do residents, shopkeepers and visitors take part?"),
            ("Scalability and cost",
             "What does it cost to extend the approach to other neighbourhoods?"),
        ],
    },
    PARTIAL: {
        "title": "Smart deliveries in the historic city centre",
        "summary": (
            "Every working day hundreds of vans drive through the narrow streets of the "
            "centre of Bruges, between cyclists, walkers and visitors. Bruges is looking for "
            "a way of delivering that keeps the centre liveable without driving up costs for "
            "shopkeepers."),
        "problem": (
            "The historic centre of Bruges is UNESCO World Heritage: narrow streets, cobbles "
            "and bridges that cannot carry heavy vehicles. Yet more than 1,500 deliveries "
            "drive in every working day, for shops, restaurants and hotels, and more and "
            "more often parcels for residents.\n\n"
            "The delivery windows (between 6 and 11 a.m.) are poorly respected and hard to "
            "enforce. Vans park on cycle paths and pavements, and driving half empty is the "
            "rule rather than the exception."),
        "criteria": [("Impact on traffic and liveability", "")],
    },
}


# The two-stage challenge is in English throughout, its stages and forms too (stage_texts).
TRANSLATIONS[stage_texts.SLUG] = stage_texts.ENGLISH


def add_translations(challenges: dict[str, Challenge]) -> None:
    """The English texts of the demo challenges that have none yet (what an organiser
    translated themselves is left as it is)."""
    for slug, texts in TRANSLATIONS.items():
        challenge = challenges.get(slug)
        if challenge is None or challenge.translation("en") is not None:
            continue
        fields = {name: value for name, value in texts.items() if name != "criteria"}
        translation = ChallengeTranslation(language="en", **fields, sources={
            name: digest(getattr(challenge, name) or "") for name in fields})
        challenge.translations.append(translation)
        for criterion, (name, description) in zip(challenge.criteria, texts["criteria"],
                                                  strict=False):
            english = {"name": name, **({"description": description} if description else {})}
            criterion.translations = {**(criterion.translations or {}), "en": english}


def translation_lines() -> Iterator[str]:
    yield "In both languages (switch the page to English):"
    yield f"  complete           /challenges/{COMPLETE}"
    yield f"  partly translated  /challenges/{PARTIAL}"
