"""The texts of the demo's two-stage challenge, in Dutch and in English: the challenge, its
two stages with their forms, the ideas the teams sent in and what the organisers decided.
`stage_data` loads them; `challenge_data` and `translation_data` take the challenge's own
texts from here, so that the whole challenge reads the same in both languages."""

from __future__ import annotations

from typing import Any

from challenges.accounts.models import ParticipantKind
from challenges.challenges.models import ChallengeStatus, FollowUp, ProposalVisibility

SLUG = "brugge-zonne-energie-delen-wijk"
AUTHOR = "pieter.vermeulen@brugge.demo"

# Stage 1 ran from 60 to 25 days ago and was decided 14 days ago; stage 2 is open until
# three weeks from now. Dates are (days from today, hour, minute) on the Brussels clock.
CHALLENGE: dict[str, Any] = {
    "slug": SLUG, "organisation": "stad-brugge", "author": AUTHOR,
    "status": ChallengeStatus.PUBLISHED,
    "published_at": (-61, 10, 0), "opens_at": (-60, 9, 0), "closes_at": (21, 12, 0),
    "jury_decision_at": (35, 12, 0), "results_at": (42, 12, 0),
    "title": "Zonne-energie delen in de wijk",
    "summary": (
        "Veel Brugse daken liggen vol zonnepanelen, terwijl huurders en bewoners van "
        "appartementen er niet van kunnen genieten. Brugge zoekt een manier om zonnestroom "
        "in een wijk te delen: eerst met een kort idee, daarna met een volledig voorstel."),
    "problem": (
        "In Sint-Kruis en Assebroek wekken scholen, sporthallen en woningen overdag meer "
        "stroom op dan ze gebruiken, terwijl huurders en bewoners van appartementen geen "
        "eigen dak hebben. Sinds 2023 mag energie in Vlaanderen gedeeld worden, maar bijna "
        "niemand doet het: het is ingewikkeld, en wie deelt, weet niet wat het oplevert."),
    "context": (
        "Brugge doet mee aan het Interreg-project SCIFI, samen met Mechelen. De uitdaging "
        "verloopt in twee rondes: in de eerste ronde beschrijft u kort uw idee, de "
        "geselecteerde teams werken het in de tweede ronde uit tot een volledig voorstel en "
        "stellen het voor op de pitchdag."),
    "expected_solutions": (
        "- Een energiegemeenschap per wijk, met een eenvoudige instap voor huurders\n"
        "- Software die opwekking en verbruik op elkaar afstemt\n"
        "- Een gedeelde batterij of laadpunten die overdag zonnestroom gebruiken"),
    "goals": (
        "- Minstens vijftig gezinnen zonder eigen dak gebruiken zonnestroom uit de wijk\n"
        "- Een aanpak die andere wijken kunnen overnemen"),
    "out_of_scope": "- Zonnepanelen op één eigen woning",
    "constraints": (
        "- Meetgegevens zijn persoonsgegevens: ze blijven in de EU en worden enkel "
        "geanonimiseerd gedeeld.\n"
        "- De oplossing werkt met de digitale meters van Fluvius."),
    "eligibility": (
        "- Startups, bedrijven, vzw's, burgercoöperaties en studenten, alleen of in team.\n"
        "- Eén idee per deelnemer; enkel de geselecteerde teams dienen een volledig "
        "voorstel in."),
    "reward_text": ("Tot 10.000 euro voor een proof of concept en een begeleidingstraject van "
                    "zes maanden"),
    "reward_amount": "10000",
    "follow_ups": [FollowUp.PROOF_OF_CONCEPT, FollowUp.ACCELERATOR],
    "audience": [ParticipantKind.STARTUP, ParticipantKind.COMPANY, ParticipantKind.NON_PROFIT,
                 ParticipantKind.STUDENT, ParticipantKind.CITIZEN],
    "themes": ["energy", "climate"],
    # The final (second stage's) criteria; the first stage's are in STAGES below.
    "criteria": [
        ("Impact voor bewoners zonder eigen dak", "Hoeveel gezinnen delen mee, en hoe "
         "eenvoudig is de instap?", 35, 3),
        ("Haalbaarheid", "Werkt het binnen de regels en met de meters van vandaag?", 30, 2),
        ("Kostprijs en verdienmodel", "", 20, None),
        ("Team", "", 15, None),
    ],
    "contact_name": "Pieter Vermeulen", "contact_email": "innovatie@brugge.demo",
    "max_proposals_per_participant": 1, "public_support_enabled": False,
    "proposal_visibility": ProposalVisibility.AFTER_RESULTS,
}

ENGLISH: dict[str, Any] = {
    "title": "Sharing solar energy in the neighbourhood",
    "summary": (
        "Many roofs in Bruges are covered with solar panels, while tenants and flat dwellers "
        "cannot benefit from them. Bruges is looking for a way to share solar power within a "
        "neighbourhood: first with a short idea, then with a full proposal."),
    "problem": (
        "In Sint-Kruis and Assebroek, schools, sports halls and houses generate more power "
        "during the day than they use, while tenants and flat dwellers have no roof of their "
        "own. Energy sharing has been allowed in Flanders since 2023, but hardly anyone does "
        "it: it is complicated, and those who share do not know what it brings them."),
    "context": (
        "Bruges takes part in the Interreg project SCIFI, together with Mechelen. The "
        "challenge runs in two rounds: in the first you describe your idea briefly; the "
        "selected teams work it out into a full proposal in the second and present it at "
        "the pitch day."),
    "expected_solutions": (
        "- An energy community per neighbourhood, easy to join for tenants\n"
        "- Software that matches generation and consumption\n"
        "- A shared battery or charging points that use solar power during the day"),
    "goals": (
        "- At least fifty households without a roof of their own use solar power from the "
        "neighbourhood\n"
        "- An approach that other neighbourhoods can take over"),
    "out_of_scope": "- Solar panels on a single home of one's own",
    "constraints": (
        "- Meter readings are personal data: they stay in the EU and are only shared "
        "anonymised.\n"
        "- The solution works with Fluvius's digital meters."),
    "eligibility": (
        "- Startups, companies, non-profits, citizen cooperatives and students, alone or as "
        "a team.\n"
        "- One idea per participant; only the selected teams submit a full proposal."),
    "reward_text": "Up to EUR 10,000 for a proof of concept and six months of coaching",
    "criteria": [
        ("Impact for residents without a roof of their own",
         "How many households share, and how easy is it to join?"),
        ("Feasibility", "Does it work within the rules and with today's meters?"),
        ("Cost and business model", ""),
        ("Team", ""),
    ],
}

# Each question: (kind, label nl, label en, help nl, help en, required, private, settings).
IDEA_QUESTIONS = [
    ("long_text", "Uw idee", "Your idea",
     "Wat doet uw oplossing, en voor wie? Hoogstens 150 woorden.",
     "What does your solution do, and for whom? At most 150 words.",
     True, False, {"word_limit": 150}),
    ("choice_one", "Soort oplossing", "Kind of solution", "", "", True, False,
     {"choices": [{"nl": "Energiegemeenschap", "en": "Energy community"},
                  {"nl": "Software of app", "en": "Software or app"},
                  {"nl": "Batterij of laadpunten", "en": "Battery or charging points"}]}),
    ("short_text", "Telefoonnummer", "Phone number",
     "Enkel de stad ziet dit nummer, de jury niet.",
     "Only the city sees this number, not the jury.", True, True, {}),
]
PROPOSAL_QUESTIONS = [
    ("long_text", "Plan voor de proof of concept", "Plan for the proof of concept",
     "Welke wijk, welke daken, hoeveel gezinnen, en wat meet u? Hoogstens 600 woorden.",
     "Which neighbourhood, which roofs, how many households, and what do you measure? At "
     "most 600 words.", True, False, {"word_limit": 600}),
    ("file", "Projectplan (PDF)", "Project plan (PDF)",
     "Met planning en begroting, hoogstens 10 MB.",
     "With a schedule and a budget, at most 10 MB.", True, False,
     {"types": ["pdf"], "max_mb": 10}),
    ("number", "Gevraagd bedrag (euro)", "Amount requested (euros)",
     "Hoogstens 10.000 euro. Enkel de stad ziet het detail.",
     "At most EUR 10,000. Only the city sees the detail.", True, True,
     {"min": 0, "max": 10000}),
]

# (position, kind, name nl, name en, description nl, description en, opens, closes, blind,
#  built-in fields asked (None: all), questions, criteria (name, description, weight, and
#  the name and description in English))
STAGES = [
    (1, "submission", "Ideeën", "Ideas",
     "Beschrijf kort uw idee. De stad kiest de ideeën die naar de tweede ronde gaan.",
     "Describe your idea briefly. The city chooses the ideas that go on to the second round.",
     (-60, 9, 0), (-25, 12, 0), True, ["title", "summary"], IDEA_QUESTIONS,
     [("Originaliteit", "Is het idee nieuw voor Brugge?", 50, "Originality",
       "Is the idea new to Bruges?"),
      ("Haalbaarheid", "Kan het binnen zes maanden getest worden?", 50, "Feasibility",
       "Can it be tested within six months?")]),
    (2, "submission", "Volledig voorstel", "Full proposal",
     "De geselecteerde teams werken hun idee uit tot een volledig voorstel, dat ze op de "
     "pitchdag voorstellen.",
     "The selected teams work out their idea into a full proposal, which they present at "
     "the pitch day.",
     (-14, 12, 0), (21, 12, 0), False, None, PROPOSAL_QUESTIONS, []),
]
DECIDED = (-14, 11, 0)

# The ideas: author, team (accepted co-authors), title, summary, answers to the idea form,
# the outcome in stage 1 with its feedback, and for those advanced what they wrote since.
IDEAS: list[dict[str, Any]] = [
    {"author": "founder@slimparkeren.demo", "team": ["cofounder@slimparkeren.demo"],
     "title": "Laadpalen die op de zon wachten",
     "summary": "Laadpalen op buurtparkings die laden wanneer de daken in de buurt stroom "
                "over hebben, voor bewoners zonder oprit.",
     "answers": ["Onze laadpalen krijgen elk kwartier door hoeveel zonnestroom de scholen en "
                 "sporthallen in de buurt over hebben, en laden de wagens van bewoners dan "
                 "aan een lager tarief.", 2, "+32 470 12 34 56"],
     "submitted": (-30, 16, 20), "outcome": "advanced",
     "feedback": "Sterk idee dat aansluit bij het laadpalenplan van de stad.",
     "stage2": {"description": "We plaatsen twaalf slimme laadpalen op de parking van de "
                               "sporthal van Sint-Kruis.",
                "approach": "Drie maanden meten, drie maanden laden op zonnestroom.",
                "impact": "Zestig gezinnen zonder oprit laden op zonnestroom.",
                "cost_estimate": "9.500 euro", "timeline": "Zes maanden",
                "team_description": "Ruben Smets en Nora Aerts van SlimParkeren.",
                "answers": ["We starten op de parking van de sporthal en meten er drie "
                            "maanden het verbruik.", "projectplan-laadpalen.pdf", 9500],
                "submitted": (-2, 10, 5)}},
    {"author": "hello@zonnedeel.demo", "language": "en",
     "title": "ZonneDeel for flats",
     "summary": "A shared roof installation on an apartment block, with every flat getting "
                "its share on its own meter.",
     "answers": ["Residents of one block buy shares in the panels on their roof; the app "
                 "shows each household what it used and saved.", 0, "+32 478 65 43 21"],
     "submitted": (-27, 21, 40), "outcome": "advanced",
     "feedback": "Goed uitgewerkt, met aandacht voor huurders.",
     "stage2": {"description": "A cooperative for the blocks on the Karel de Stoutelaan.",
                "answers": ["We start with two blocks of twenty flats each."]}},
    {"author": "sales@cleantech.demo",
     "title": "Een buurtbatterij in Assebroek",
     "summary": "Een batterij in een bestaande elektriciteitscabine die overdag zonnestroom "
                "opslaat voor de avond.",
     "answers": ["De batterij slaat het overschot van de daken in de buurt op en levert het "
                 "'s avonds aan de gezinnen die meedoen.", 2, "+32 50 44 80 00"],
     "submitted": (-26, 11, 0), "outcome": "advanced",
     "feedback": "Technisch sterk; zoek in de tweede ronde een partner voor de bewoners.",
     "stage2": {"description": "", "answers": []}},
    {"author": "info@buurtwerk.demo",
     "title": "Energiecafé in het buurthuis",
     "summary": "Maandelijkse energiecafés waar buren leren hoe ze stroom kunnen delen.",
     "answers": ["Vrijwilligers helpen buren hun verbruik te begrijpen en brengen ze samen in "
                 "een energiegemeenschap.", 0, "+32 50 33 22 11"],
     "submitted": (-28, 14, 30), "outcome": "not_advanced",
     "feedback": ("Een waardevol idee om bewoners te bereiken, maar het deelt zelf nog geen "
                  "stroom. Misschien kunt u samenwerken met een van de geselecteerde teams.")},
    {"author": "student.emma@ugent.demo", "language": "en",
     "title": "A game that shows when the sun shines",
     "summary": "A game for families that rewards using power when the neighbourhood's "
                "panels produce the most.",
     "answers": ["Families earn points by running the washing machine at sunny hours; the "
                 "neighbourhood competes with others.", 1, "+32 490 11 22 33"],
     "submitted": (-25, 11, 50), "outcome": "not_advanced",
     "feedback": ("Creatief en sympathiek, maar de jury zag niet hoe stroom echt gedeeld "
                  "wordt. We moedigen u aan om mee te doen aan een volgende oproep.")},
    {"author": "fatima.citizen@example.demo",
     "title": "Zonnepanelen op mijn garage",
     "summary": "Subsidie voor zonnepanelen op het dak van mijn garage.",
     "answers": ["Ik wil panelen op mijn garage leggen en het overschot aan mijn buren "
                 "geven.", 0, "+32 476 98 76 54"],
     "submitted": (-29, 19, 15), "outcome": "screened_out",
     "feedback": ("Panelen op één eigen woning vallen buiten deze uitdaging (zie 'Buiten "
                  "scope'). De premies voor zonnepanelen vindt u bij de Vlaamse overheid.")},
]

# The info session and the pitch day of the second stage.
INFO_SESSION: dict[str, Any] = {
    "title": "Infosessie: van idee naar volledig voorstel",
    "description": ("De stad en Fluvius lichten toe wat een volledig voorstel bevat en welke "
                    "meetgegevens beschikbaar zijn. Daarna is er tijd voor vragen."),
    "english": {"title": "Info session: from idea to full proposal",
                "description": "The city and Fluvius explain what a full proposal contains "
                               "and which meter data is available, then answer questions."},
    "start": (4, 14, 0), "hours": 2, "place": "Stadhuis Brugge, Burg 12, 8000 Brugge",
    "capacity": 20,
    "registered": ["founder@slimparkeren.demo", "hello@zonnedeel.demo",
                   "sales@cleantech.demo", "jan.burger@example.demo"],
}
PITCH_DAY: dict[str, Any] = {
    "title": "Pitchdag zonne-energie delen",
    "description": "De geselecteerde teams stellen hun volledig voorstel voor aan de jury.",
    "english": {"title": "Pitch day: sharing solar energy",
                "description": "The selected teams present their full proposal to the jury."},
    "start": (28, 9, 0), "hours": 2, "place": "Stadhuis Brugge, Gotische Zaal",
    "slots": 4, "minutes": 30,
}
FOLLOWERS = ["jan.burger@example.demo", "fatima.citizen@example.demo",
             "info@buurtwerk.demo"]
ANNOUNCEMENT: dict[str, Any] = {
    "subject": "De ideeën zijn gekozen",
    "body": ("Beste volger,\n\n"
             "Uit zes ideeën kozen we er drie voor de tweede ronde. De teams werken nu een "
             "volledig voorstel uit, dat ze op de pitchdag voorstellen. Iedereen is welkom "
             "op de infosessie.\n\n"
             "Met vriendelijke groeten,  \nDienst Energie, Stad Brugge"),
    "sent": (-13, 10, 0),
}
