"""The demo challenges, one in every phase, with their themes, criteria, questions, an
attachment, a change notice and, for two finished ones, what came of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from flask_babel import force_locale
from sqlalchemy import select

from challenges import storage
from challenges.accounts.models import Organisation, ParticipantKind, User
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import (
    Challenge,
    ChallengeAttachment,
    ChallengeAudience,
    ChallengeStatus,
    ChangeNotice,
    Criterion,
    FollowUp,
    ProposalVisibility,
    Theme,
)
from challenges.demo.helpers import brussels_at, pdf_bytes
from challenges.demo.stage_texts import CHALLENGE as STAGED_CHALLENGE
from challenges.extensions import db
from challenges.i18n import format_moment
from challenges.questions.models import Question, QuestionStatus
from challenges.timezones import BRUSSELS

# The curated themes, as migration 0002 seeds them; recreated here when the table is empty
# (the tests empty every table), with the same slugs and names.
THEMES = [
    ("mobility", "Mobiliteit", "Mobility"),
    ("energy", "Energie", "Energy"),
    ("climate", "Klimaat", "Climate"),
    ("cleanliness-environment", "Netheid en milieu", "Cleanliness and environment"),
    ("care-welfare", "Zorg en welzijn", "Care and welfare"),
    ("digital-services", "Digitale dienstverlening", "Digital services"),
    ("local-economy", "Lokale economie", "Local economy"),
    ("housing", "Wonen", "Housing"),
    ("safety", "Veiligheid", "Safety"),
]

SCIFI_REWARD = ("Tot 10.000 euro voor een proof of concept en een begeleidingstraject van zes "
                "maanden")

# Dates are (days from today, hour, minute) in Brussels wall-clock time, so that every
# challenge is in the intended phase whenever the demo is loaded. Criteria are
# (name, what the jury looks at, weight, minimum score or None). A minimum is on the scale of
# the challenge's jury: 0 to 5 by default, 0 to 10 for the juries in JURIES that say so.
# Questions are (asker, days ago, question, answer or None).
CHALLENGES: list[dict[str, Any]] = [
    {
        "slug": "mechelen-zwerfvuil-pleinen-parken",
        "organisation": "stad-mechelen", "author": "tom.janssens@mechelen.demo",
        "status": ChallengeStatus.PUBLISHED,
        "published_at": (-24, 10, 0), "opens_at": (-24, 9, 0), "closes_at": (3, 17, 0),
        "jury_decision_at": (17, 14, 0), "results_at": (24, 12, 0),
        # The deadline was first set four days ago; the notice below records the extension.
        "extended_from": (-4, 17, 0), "extended_on": (-7, 11, 30),
        "extension_reason_nl": "Zo hebben deelnemers tijd om de nieuwe tellingen van "
                               "zwerfvuil uit de bijlage te verwerken.",
        "extension_reason_en": "This gives participants time to work with the new litter "
                               "counts in the attachment.",
        "title": "Minder zwerfvuil op pleinen en in parken",
        "summary": (
            "Na warme zomeravonden liggen de Vijfhoek, de Kruidtuin en de Vesten vol blikjes, "
            "sigarettenpeuken en afhaalverpakkingen. Mechelen zoekt slimme manieren om "
            "zwerfvuil te voorkomen, niet alleen om het op te ruimen."),
        "problem": (
            "Op warme dagen komen honderden mensen samen op de pleinen en in de parken van "
            "Mechelen. De volgende ochtend ruimen onze netheidsploegen er tot veertig volle "
            "vuilniszakken op, vooral:\n\n"
            "- blikjes en plastic flesjes;\n"
            "- sigarettenpeuken;\n"
            "- verpakkingen van afhaalmaaltijden.\n\n"
            "Er staan wel vuilnisbakken, maar ze zijn 's avonds vaak vol of staan net niet "
            "waar mensen zitten. Extra ophaalrondes helpen, maar ze zijn duur en nemen de "
            "oorzaak niet weg. We zoeken oplossingen die **voorkomen** dat afval op de grond "
            "belandt."),
        "context": (
            "Mechelen lanceerde samen met Brugge al uitdagingen rond mobiliteit, slimme "
            "energie en netheid in het Europese Interreg-project SCIFI. Uit die eerste ronde "
            "loopt nu een piloot met slimme vuilnisbakken die melden wanneer ze vol zijn. De "
            "gegevens van die sensoren stellen we ter beschikking van de deelnemers.\n\n"
            "In de bijlage vind je de tellingen van zwerfvuil op de drie proeflocaties van de "
            "voorbije zomer."),
        "expected_solutions": (
            "Alles wat op straat werkt, is welkom. Bijvoorbeeld:\n\n"
            "- *nudging*: een ontwerp dat mensen uitnodigt om hun afval juist weg te gooien;\n"
            "- tijdelijke of mobiele inzamelpunten op drukke avonden;\n"
            "- een app of spel dat buurtbewoners, jeugdbewegingen en handelaars betrekt;\n"
            "- afspraken met afhaalzaken over verpakkingen en statiegeld."),
        "goals": (
            "- 30% minder zwerfvuil op de drie proeflocaties tijdens de zomer\n"
            "- Minder extra ophaalrondes op zondagochtend\n"
            "- Een aanpak die andere wijken zonder grote investering kunnen overnemen"),
        "out_of_scope": (
            "- Sluikstorten van grofvuil: daarvoor loopt een apart handhavingstraject\n"
            "- Extra camera's of GAS-boetes"),
        "constraints": (
            "- De oplossing respecteert de privacy van voorbijgangers (GDPR): geen "
            "herkenbare beelden van personen.\n"
            "- Materiaal op straat is bestand tegen vandalisme en past in het beschermd "
            "stadsgezicht.\n"
            "- Sensoren gebruiken bij voorkeur het LoRaWAN-netwerk van de stad."),
        "eligibility": (
            "- Burgers, studenten, vzw's, startups en bedrijven mogen meedoen, alleen of in "
            "team.\n"
            "- Maximaal twee voorstellen per deelnemer.\n"
            "- Wie een proof of concept krijgt, heeft voor de start een ondernemingsnummer "
            "of werkt via een vzw."),
        "reward_text": SCIFI_REWARD, "reward_amount": "10000",
        "follow_ups": [FollowUp.PROOF_OF_CONCEPT, FollowUp.ACCELERATOR, FollowUp.PILOT],
        "audience": [ParticipantKind.CITIZEN, ParticipantKind.STARTUP, ParticipantKind.COMPANY,
                     ParticipantKind.NON_PROFIT, ParticipantKind.STUDENT],
        "themes": ["cleanliness-environment", "climate"],
        "criteria": [
            ("Impact op zwerfvuil",
             "Hoeveel zwerfvuil voorkomt de oplossing, en hoe meet je dat?", 40, 3),
            ("Haalbaarheid", "Kan de proef binnen zes maanden starten met wat er is?", 25, 2),
            ("Betrokkenheid van buurt en gebruikers",
             "Doen buurtbewoners, handelaars en bezoekers mee?", 20, None),
            ("Schaalbaarheid en kosten",
             "Wat kost het om de aanpak naar andere wijken uit te breiden?", 15, None),
        ],
        "contact_name": "Tom Janssens", "contact_email": "innovatie@mechelen.demo",
        "max_proposals_per_participant": 2, "public_support_enabled": True,
        "proposal_visibility": ProposalVisibility.AFTER_RESULTS,
        "attachments": [(
            "tellingen-zwerfvuil-zomer.pdf", "Tellingen zwerfvuil - voorbije zomer",
            ["Stad Mechelen, dienst Netheid. Volle vuilniszakken per zondagochtend (gemiddeld).",
             "",
             "Vijfhoek: 14 zakken",
             "Kruidtuin: 11 zakken",
             "Vesten (tussen Brusselpoort en Hoogstraat): 9 zakken",
             "",
             "Samenstelling (in volume): blikjes en flesjes 32%, sigarettenpeuken 27%,",
             "afhaalverpakkingen 21%, andere 20%.",
             "Vuilnisbakken vol voor 22 uur: 7 op 10 zomeravonden."],
        )],
        "questions": [
            ("fatima.citizen@example.demo", 15,
             "Mogen we tijdens de proef iets tijdelijks op de Vijfhoek plaatsen, zoals een "
             "kunstwerk of een inzamelpunt?",
             "Ja, in overleg met de dienst Evenementen en binnen de regels van het beschermd "
             "stadsgezicht. Reken op ongeveer drie weken voor de vergunning; wij helpen je "
             "met de aanvraag."),
            ("jan.burger@example.demo", 11,
             "Zijn de gegevens van de slimme vuilnisbakken open data?",
             "De vullingsgraad per vuilnisbak, per uur, staat als CSV-bestand op het "
             "opendataportaal van de stad. Deelnemers krijgen op vraag ook toegang tot de "
             "actuele gegevens via een API-sleutel."),
            ("student.emma@ugent.demo", 1,
             "Mag ik een voorstel indienen als deel van mijn masterproef? Bij wie ligt het "
             "intellectueel eigendom dan?", None),
        ],
    },
    {
        "slug": "brugge-leveringen-binnenstad",
        "organisation": "stad-brugge", "author": "pieter.vermeulen@brugge.demo",
        "status": ChallengeStatus.PUBLISHED,
        "published_at": (-10, 10, 0), "opens_at": (-10, 9, 0), "closes_at": (26, 12, 0),
        "jury_decision_at": (45, 12, 0), "results_at": (60, 12, 0),
        "title": "Slimme leveringen in de historische binnenstad",
        "summary": (
            "Elke werkdag rijden honderden bestelwagens door de smalle straten van de Brugse "
            "binnenstad, tussen fietsers, wandelaars en bezoekers. Brugge zoekt een manier "
            "van leveren die de binnenstad leefbaar houdt en handelaars niet op kosten jaagt."),
        "problem": (
            "Het historische centrum van Brugge is UNESCO-werelderfgoed: smalle straten, "
            "kasseien en bruggen die geen zware voertuigen dragen. Toch rijden er elke "
            "werkdag meer dan 1.500 leveringen binnen, voor winkels, horeca en hotels, en "
            "steeds vaker pakjes voor bewoners.\n\n"
            "De venstertijden (leveren tussen 6 en 11 uur) worden slecht nageleefd en zijn "
            "moeilijk te controleren. Bestelwagens staan op fietspaden en stoepen, en "
            "halfleeg rijden is eerder regel dan uitzondering."),
        "context": (
            "Brugge werkt aan een circulatieplan dat doorgaand verkeer uit de binnenstad "
            "weert. Aan de rand van de stad is er een distributiecentrum, maar weinig "
            "vervoerders gebruiken het. Handelaars vrezen dat strengere regels hun "
            "bevoorrading duurder maken.\n\n"
            "De stad heeft tellingen van leveringen op drie invalswegen en een register van "
            "de vergunningen voor leveringen buiten de venstertijden."),
        "expected_solutions": (
            "- Bundeling van leveringen, via het distributiecentrum of door samenwerking "
            "tussen vervoerders\n"
            "- Emissievrije leveringen voor de laatste kilometer, met cargofietsen of lichte "
            "elektrische voertuigen\n"
            "- Een digitaal systeem om laad- en loszones te reserveren\n"
            "- Pakjespunten die leveringen aan huis vervangen"),
        "goals": (
            "- 25% minder ritten met bestelwagens in de binnenstad\n"
            "- Geen leveringen meer vanaf fietspaden en stoepen\n"
            "- Een oplossing die handelaars niet meer kost dan vandaag"),
        "out_of_scope": (
            "- Parkeren voor bewoners en bezoekers\n"
            "- Autocars met toeristen"),
        "constraints": (
            "- Geen nieuwe constructies in het beschermd stadsgezicht zonder advies van "
            "Onroerend Erfgoed.\n"
            "- Voertuigen in de binnenstad wegen hoogstens 3,5 ton.\n"
            "- Leveringsgegevens van bedrijven zijn vertrouwelijk en blijven in de EU."),
        "eligibility": (
            "- Startups, bedrijven, vzw's en kennisinstellingen, ook samen in een "
            "consortium.\n"
            "- Eén voorstel per deelnemer.\n"
            "- Het gekozen team test de oplossing in een pilootproject met minstens tien "
            "handelaars."),
        "reward_text": ("Een betaald pilootproject van zes maanden in de binnenstad, tot "
                        "40.000 euro"),
        "reward_amount": "40000",
        "follow_ups": [FollowUp.PILOT, FollowUp.PROCUREMENT],
        "audience": [ParticipantKind.STARTUP, ParticipantKind.COMPANY,
                     ParticipantKind.NON_PROFIT, ParticipantKind.KNOWLEDGE_INSTITUTION],
        "themes": ["mobility", "local-economy"],
        "criteria": [
            ("Impact op verkeer en leefbaarheid",
             "Hoeveel ritten en hinder verdwijnen uit de binnenstad?", 35, 3),
            ("Haalbaarheid en kostprijs voor handelaars",
             "Is de oplossing betaalbaar en werkbaar voor kleine zaken?", 30, 2),
            ("Inpasbaarheid in de historische binnenstad",
             "Past de oplossing bij het erfgoed en de smalle straten?", 20, None),
            ("Schaalbaarheid", "Kan de aanpak naar andere wijken of steden?", 15, None),
        ],
        "contact_name": "Pieter Vermeulen", "contact_email": "innovatie@brugge.demo",
        "max_proposals_per_participant": 1, "public_support_enabled": False,
        # Business plans of logistics companies are commercially sensitive.
        "proposal_visibility": ProposalVisibility.NEVER,
        "questions": [
            ("founder@slimparkeren.demo", 6,
             "Mogen we tijdens de piloot sensoren plaatsen in de laad- en loszones?",
             "Ja. De stad stelt twintig laad- en loszones ter beschikking en regelt de "
             "toelating om er sensoren te bevestigen. Bekabeling in de straat is niet "
             "mogelijk; werk op batterij."),
            ("sales@cleantech.demo", 3,
             "Tellen leveringen met elektrische bestelwagens als emissievrij?",
             "Ja, maar het doel is ook minder ritten. Een voorstel dat alleen bestelwagens "
             "door elektrische vervangt, scoort laag op het eerste criterium."),
        ],
    },
    {
        "slug": "antwerpen-digitale-dienstverlening-voor-iedereen",
        "organisation": "stad-antwerpen", "author": "karim.elamrani@antwerpen.demo",
        "status": ChallengeStatus.PUBLISHED,
        "published_at": (-6, 10, 0), "opens_at": (-5, 9, 0), "closes_at": (40, 17, 0),
        "jury_decision_at": (55, 12, 0), "results_at": (70, 12, 0),
        "title": "Digitale dienstverlening die iedereen meeneemt",
        "summary": (
            "Antwerpen en Digipolis vertrekken van een open uitdaging, niet van een "
            "beperkend lastenboek: hoe helpen we inwoners die vastlopen in een online "
            "formulier, zonder hen terug naar het loket te sturen?"),
        "problem": (
            "Steeds meer diensten van de stad zijn online: een bewonerskaart om te parkeren, "
            "een uittreksel uit het bevolkingsregister, een afspraak voor een identiteitskaart. "
            "Toch komt een op de drie inwoners die online begint, uiteindelijk aan het loket "
            "terecht. Ze haken af bij het aanmelden met itsme, begrijpen de vragen niet of "
            "weten niet welke documenten ze nodig hebben.\n\n"
            "We willen weten **waar en waarom** mensen vastlopen, en hen op dat moment "
            "helpen."),
        "context": (
            "Digipolis bouwt en beheert de digitale dienstverlening van de stad. Onze "
            "aankoopstrategie is *lean*: een overheidsopdracht start vanuit een open "
            "uitdaging in plaats van een beperkend lastenboek, zodat ook startups en "
            "innovatieve hobbyisten kunnen meedoen. De gekozen oplossingen werken we samen "
            "met de indieners verder uit (co-creatie).\n\n"
            "Elke maand is er een meetup waar deelnemers en medewerkers van de stad elkaar "
            "ontmoeten."),
        "expected_solutions": (
            "We leggen de oplossing bewust niet vast. Denk aan:\n\n"
            "- inzicht in waar mensen afhaken in formulieren, met respect voor hun privacy;\n"
            "- hulp in eenvoudige taal of in een andere taal, op het moment dat het nodig is;\n"
            "- een netwerk van digitale helpers in bibliotheken en buurthuizen;\n"
            "- de moeilijkste formulieren opnieuw ontwerpen, samen met wie ze gebruikt "
            "(service design)."),
        "goals": (
            "- Minder mensen die na een online poging toch naar het loket moeten\n"
            "- Dienstverlening die werkt voor mensen met weinig digitale vaardigheden\n"
            "- Herbruikbare bouwstenen voor alle formulieren van de stad"),
        "out_of_scope": (
            "- Het volledige e-loket vervangen\n"
            "- Oplossingen die mensen verplichten een extra account aan te maken"),
        "constraints": (
            "- Toegankelijk volgens WCAG 2.1, niveau AA.\n"
            "- Persoonsgegevens blijven in de EU; geen tracking door derden.\n"
            "- Koppeling via de bestaande API's van Digipolis (documentatie op aanvraag)."),
        "eligibility": (
            "- Iedereen met een onderneming of vzw, ook eenmanszaken en startups; studenten "
            "in team met een begeleider.\n"
            "- Maximaal drie voorstellen per deelnemer.\n"
            "- Geen referenties of minimale omzet vereist."),
        "reward_text": ("Een co-creatietraject met Digipolis en een overheidsopdracht tot "
                        "60.000 euro voor de beste oplossing"),
        "reward_amount": "60000",
        "follow_ups": [FollowUp.PROOF_OF_CONCEPT, FollowUp.PROCUREMENT],
        "audience": [ParticipantKind.STARTUP, ParticipantKind.COMPANY,
                     ParticipantKind.NON_PROFIT, ParticipantKind.STUDENT,
                     ParticipantKind.KNOWLEDGE_INSTITUTION],
        "themes": ["digital-services"],
        "criteria": [
            ("Waarde voor de inwoner", "Lost het een echt probleem van inwoners op?", 40, 3),
            ("Toegankelijkheid en inclusie",
             "Werkt het ook voor wie weinig digitaal vaardig is of weinig Nederlands "
             "spreekt?", 25, 3),
            ("Technische inpasbaarheid",
             "Past het in de bestaande toepassingen en API's van Digipolis?", 20, None),
            ("Prijs en onderhoud", "Wat kost het om de oplossing te gebruiken en te "
             "onderhouden?", 15, None),
        ],
        "contact_name": "Karim El Amrani", "contact_email": "innovatie@antwerpen.demo",
        "max_proposals_per_participant": 3, "public_support_enabled": True,
        "proposal_visibility": ProposalVisibility.IMMEDIATELY,
        "questions": [
            ("hello@zonnedeel.demo", 2,
             "Moeten we de oplossing al gebouwd hebben, of volstaat een concept?",
             "Een concept volstaat. Beschrijf duidelijk welk probleem je aanpakt, hoe je het "
             "aanpakt en hoe je het met inwoners wilt testen. Een prototype is een plus, "
             "geen voorwaarde."),
        ],
    },
    {
        "slug": "herzele-eenzaamheid-bij-ouderen",
        "organisation": "gemeente-herzele", "author": "lien.maes@herzele.demo",
        "status": ChallengeStatus.PUBLISHED,
        "published_at": (-3, 10, 0), "opens_at": (10, 9, 0), "closes_at": (55, 17, 0),
        "jury_decision_at": (70, 12, 0), "results_at": (80, 12, 0),
        "title": "Eenzaamheid bij ouderen vroeg opmerken en doorbreken",
        "summary": (
            "Veel ouderen in de deelgemeenten van Herzele wonen alleen, ver van een winkel of "
            "café, en zien soms dagenlang niemand. Hoe merken we eenzaamheid op voor het te "
            "laat is, en hoe brengen we mensen weer samen?"),
        "problem": (
            "Steeds meer ouderen in onze deelgemeenten wonen alleen en hebben geen rijbewijs "
            "meer. Huisartsen, thuisverpleging en de postbode merken eenzaamheid wel op, maar "
            "weten niet bij wie ze terechtkunnen. Het aanbod van het lokaal dienstencentrum "
            "bereikt vooral wie al actief is.\n\n"
            "We zoeken manieren om eenzaamheid **vroeg op te merken** en mensen "
            "**laagdrempelig** weer met elkaar in contact te brengen."),
        "context": (
            "Herzele is een landelijke gemeente met verschillende deelgemeenten. Gemeente en "
            "OCMW werken samen onder één dak: het sociaal huis, het lokaal dienstencentrum "
            "en de thuiszorg.\n\n"
            "Als kleinere gemeente hebben we geen eigen innovatiedienst. We werken met onze "
            "buren samen in een intergemeentelijk samenwerkingsverband, zodat een goede "
            "oplossing ook daar kan worden ingezet."),
        "expected_solutions": (
            "- Samenwerking met wie ouderen al ziet: postbode, apotheker, kapper, "
            "thuisverpleging\n"
            "- Vrijwilligers en buddy's in de buurt\n"
            "- Vervoer op maat naar activiteiten\n"
            "- Eenvoudige technologie, maar alleen als die contact tussen mensen bevordert in "
            "plaats van vervangt"),
        "goals": (
            "- Ouderen bereiken die vandaag buiten beeld blijven\n"
            "- Eén duidelijk aanspreekpunt voor wie eenzaamheid opmerkt\n"
            "- Een aanpak die buurgemeenten kunnen overnemen"),
        "out_of_scope": (
            "- Medische zorg en thuisverpleging zelf\n"
            "- Camera's of sensoren in woningen zonder uitdrukkelijke toestemming"),
        "constraints": (
            "- Gegevens over gezondheid zijn bijzondere persoonsgegevens (GDPR): werk met "
            "toestemming en met zo weinig mogelijk gegevens.\n"
            "- Na de proef is het budget beperkt: de oplossing moet betaalbaar blijven voor "
            "een gemeente van onze grootte."),
        "eligibility": (
            "- Burgers, verenigingen, vzw's, studenten, startups, bedrijven en "
            "kennisinstellingen.\n"
            "- Eén voorstel per deelnemer.\n"
            "- Voorstellen van inwoners en verenigingen uit Herzele zijn uitdrukkelijk "
            "welkom; een uitgewerkt bedrijfsplan is niet nodig."),
        "reward_text": ("5.000 euro om je idee zes maanden uit te proberen in twee "
                        "deelgemeenten, met steun van het lokaal dienstencentrum"),
        "reward_amount": "5000",
        "follow_ups": [FollowUp.PILOT],
        "audience": list(ParticipantKind),
        "themes": ["care-welfare"],
        "criteria": [
            ("Bereik van geïsoleerde ouderen",
             "Bereikt het wie vandaag door de mazen van het net valt?", 40, 2),
            ("Betrokkenheid van de buurt", "Zet het buren, verenigingen en handelaars in "
             "beweging?", 25, None),
            ("Haalbaarheid voor een kleine gemeente",
             "Kan Herzele het na de proef zelf dragen?", 25, 2),
            ("Overdraagbaarheid", "Kunnen buurgemeenten het overnemen?", 10, None),
        ],
        "contact_name": "Lien Maes", "contact_email": "info@herzele.demo",
        "max_proposals_per_participant": 1, "public_support_enabled": True,
        "proposal_visibility": ProposalVisibility.AFTER_RESULTS,
    },
    {
        "slug": "antwerpen-koele-plekken-hittegolf",
        "organisation": "stad-antwerpen", "author": "karim.elamrani@antwerpen.demo",
        "status": ChallengeStatus.PUBLISHED,
        "published_at": (-50, 10, 0), "opens_at": (-49, 9, 0), "closes_at": (-5, 17, 0),
        "jury_decision_at": (9, 14, 0), "results_at": (16, 12, 0),
        "title": "Koele plekken vinden tijdens een hittegolf",
        "summary": (
            "Tijdens een hittegolf is het in versteende wijken van Antwerpen tot acht graden "
            "warmer dan in het groen rond de stad. Hoe vinden kwetsbare inwoners snel een "
            "koele plek in hun buurt?"),
        "problem": (
            "Ouderen, jonge kinderen en mensen met een chronische ziekte lijden het meest "
            "onder hitte. Veel van hen wonen in kleine, slecht geïsoleerde woningen in "
            "dichtbebouwde wijken. De stad heeft koele plekken, zoals bibliotheken, kerken, "
            "parken en zwembaden, maar weinig mensen weten waar ze zijn en wanneer ze open "
            "zijn.\n\n"
            "We zoeken een manier om de juiste mensen op tijd naar een koele plek te "
            "leiden."),
        "context": (
            "Het klimaatplan van de stad voorziet meer groen en water, maar dat vraagt jaren. "
            "Tot dan willen we de plekken die er al zijn beter benutten. Er zijn metingen van "
            "temperatuursensoren in verschillende wijken en een lijst van publieke gebouwen "
            "met airco."),
        "expected_solutions": (
            "- Een kaart of dienst die koele plekken in de buurt toont, ook zonder "
            "smartphone\n"
            "- Waarschuwingen via buurtwerkers, apothekers of huisartsen\n"
            "- Tijdelijke koele plekken in bestaande gebouwen"),
        "goals": (
            "- Kwetsbare inwoners weten bij de volgende hittegolf waar ze terechtkunnen\n"
            "- Meer bezoekers in de bestaande koele plekken"),
        "out_of_scope": "- Airco's installeren in woningen",
        "constraints": (
            "- Werkt ook voor wie geen smartphone heeft of weinig Nederlands spreekt.\n"
            "- Geen opvolging van de locatie van personen."),
        "eligibility": (
            "- Startups, bedrijven, vzw's, studenten en kennisinstellingen.\n"
            "- Maximaal twee voorstellen per deelnemer."),
        "reward_text": ("Tot 15.000 euro voor een proof of concept, te testen tijdens de "
                        "volgende zomer"),
        "reward_amount": "15000",
        "follow_ups": [FollowUp.PROOF_OF_CONCEPT, FollowUp.PILOT],
        "audience": [ParticipantKind.STARTUP, ParticipantKind.COMPANY,
                     ParticipantKind.NON_PROFIT, ParticipantKind.STUDENT,
                     ParticipantKind.KNOWLEDGE_INSTITUTION],
        "themes": ["climate", "care-welfare"],
        "criteria": [
            ("Bereik van kwetsbare inwoners", "Bereikt het wie het meest risico loopt?", 35, 3),
            ("Betrouwbaarheid", "Klopt de informatie, ook op het drukste moment?", 25, None),
            ("Klaar voor de volgende zomer", "Kan het tegen de volgende hittegolf werken?",
             25, 3),
            ("Kostprijs", "Wat kost de oplossing per zomer?", 15, None),
        ],
        "contact_name": "An Willems", "contact_email": "innovatie@antwerpen.demo",
        "max_proposals_per_participant": 2, "public_support_enabled": True,
        "proposal_visibility": ProposalVisibility.AFTER_RESULTS,
    },
    {
        "slug": "brugge-fietsparkeren-binnenstad-station",
        "organisation": "stad-brugge", "author": "pieter.vermeulen@brugge.demo",
        "status": ChallengeStatus.RESULTS_PUBLISHED,
        "published_at": (-120, 10, 0), "opens_at": (-120, 9, 0), "closes_at": (-60, 17, 0),
        "jury_decision_at": (-35, 14, 0), "results_at": (-21, 12, 0),
        "title": "Fietsparkeren in de binnenstad en aan het station",
        "summary": (
            "Fietsen staan tegen gevels, op stoepen en tegen brugleuningen, terwijl "
            "fietsenstallingen aan de rand van de binnenstad halfleeg blijven. Brugge zocht "
            "slimme manieren om fietsers naar een vrije plaats te leiden."),
        "problem": (
            "Aan het station en in de winkelstraten is elke dag te weinig plaats voor "
            "fietsen. Fietsen blokkeren de doorgang voor rolstoelen en kinderwagens, en "
            "beschadigen beschermde gevels. Een paar honderd meter verder staan stallingen "
            "halfleeg, omdat niemand weet dat er plaats is."),
        "context": (
            "In de binnenstad en aan het station zijn er meer dan 20.000 plaatsen om een fiets te stallen. De stad telt twee keer per jaar "
            "met de hand hoeveel er bezet zijn; actuele gegevens zijn er niet."),
        "expected_solutions": (
            "- Sensoren of camera's die vrije plaatsen tellen, zonder personen te "
            "herkennen\n"
            "- Bewegwijzering of een app die naar een vrije stalling leidt\n"
            "- Nieuwe, compacte stallingen die in het stadsbeeld passen"),
        "goals": (
            "- Minder fietsen op stoepen en tegen gevels\n"
            "- Een hogere bezetting van de stallingen aan de rand van de binnenstad"),
        "out_of_scope": "- Deelfietsen",
        "constraints": "- Geen herkenbare beelden van personen (GDPR).",
        "eligibility": (
            "- Startups, bedrijven en kennisinstellingen.\n"
            "- Eén voorstel per deelnemer."),
        "reward_text": "Een pilootproject van zes maanden met een budget van 20.000 euro",
        "reward_amount": "20000",
        "follow_ups": [FollowUp.PILOT],
        "audience": [ParticipantKind.STARTUP, ParticipantKind.COMPANY,
                     ParticipantKind.KNOWLEDGE_INSTITUTION],
        "themes": ["mobility"],
        "criteria": [
            ("Effect op de openbare ruimte", "Verdwijnen fietsen van stoepen en gevels?",
             40, 6),
            ("Betrouwbaarheid van de telling", "Hoe nauwkeurig zijn de vrije plaatsen?",
             30, 5),
            ("Inpasbaarheid in het stadsbeeld", "Past het in de historische binnenstad?",
             30, None),
        ],
        "contact_name": "Sofie De Clercq", "contact_email": "innovatie@brugge.demo",
        "max_proposals_per_participant": 1, "public_support_enabled": False,
        "proposal_visibility": ProposalVisibility.AFTER_RESULTS,
    },
    {
        "slug": "mechelen-slimme-vuilnisbakken",
        "organisation": "stad-mechelen", "author": "tom.janssens@mechelen.demo",
        "status": ChallengeStatus.FOLLOW_UP,
        "published_at": (-300, 10, 0), "opens_at": (-300, 9, 0), "closes_at": (-240, 17, 0),
        "jury_decision_at": (-215, 14, 0), "results_at": (-200, 12, 0),
        "title": "Slimme vuilnisbakken die melden wanneer ze vol zijn",
        "summary": (
            "Netheidsploegen rijden vaste rondes langs halflege vuilnisbakken, terwijl andere "
            "overvol zitten. Mechelen zocht een manier om te ledigen wanneer het nodig is. "
            "De winnaar test zijn sensoren nu in een piloot in de binnenstad."),
        "problem": (
            "De stad heeft meer dan 1.200 openbare vuilnisbakken. Ze worden volgens een vast "
            "schema geledigd, of ze nu vol zijn of niet. Op drukke plekken lopen ze over en "
            "waait afval weg; elders rijden ploegen voor niets."),
        "context": (
            "Deze challenge was een van de uitdagingen rond netheid en milieu in het "
            "Europese Interreg-project SCIFI, samen met Brugge. De geselecteerde bedrijven "
            "kregen zes maanden begeleiding in een accelerator, toegang tot sensoren en "
            "ander materiaal, en de kans om hun oplossing in een piloot te tonen."),
        "expected_solutions": (
            "- Sensoren die de vullingsgraad meten en doorsturen\n"
            "- Planning van ophaalrondes op basis van die gegevens"),
        "goals": (
            "- Geen overvolle vuilnisbakken op de drukste plekken\n"
            "- 20% minder kilometers voor de netheidsploegen"),
        "out_of_scope": "- Ondergrondse containers voor huishoudelijk afval",
        "constraints": (
            "- Sensoren werken op batterij en gebruiken het LoRaWAN-netwerk van de stad.\n"
            "- De gegevens zijn open data."),
        "eligibility": "- Startups en bedrijven, alleen of in consortium.",
        "reward_text": SCIFI_REWARD, "reward_amount": "10000",
        "follow_ups": [FollowUp.PROOF_OF_CONCEPT, FollowUp.ACCELERATOR, FollowUp.PILOT],
        "audience": [ParticipantKind.STARTUP, ParticipantKind.COMPANY],
        "themes": ["cleanliness-environment"],
        "criteria": [
            ("Nauwkeurigheid van de meting", "Meet de sensor betrouwbaar hoe vol een "
             "vuilnisbak is?", 35, 3),
            ("Besparing voor de netheidsdienst", "Hoeveel ritten en kilometers vallen weg?",
             35, 5),
            ("Robuustheid", "Overleeft het regen, vorst en vandalisme?", 30, None),
        ],
        "contact_name": "Els Peeters", "contact_email": "innovatie@mechelen.demo",
        "max_proposals_per_participant": 1, "public_support_enabled": False,
        "proposal_visibility": ProposalVisibility.AFTER_RESULTS,
    },
    {
        "slug": "mechelen-energieverbruik-stadsgebouwen",
        "organisation": "stad-mechelen", "author": "tom.janssens@mechelen.demo",
        "status": ChallengeStatus.COMPLETED,
        "published_at": (-700, 10, 0), "opens_at": (-700, 9, 0), "closes_at": (-640, 17, 0),
        "jury_decision_at": (-620, 14, 0), "results_at": (-610, 12, 0),
        "title": "Energieverbruik van stadsgebouwen slim opvolgen",
        "summary": (
            "Scholen, sporthallen en administratieve gebouwen van de stad verbruiken veel "
            "energie, ook 's nachts en in het weekend. Mechelen zocht een manier om die "
            "verspilling te zien en aan te pakken. De piloot is afgerond; de lessen zijn "
            "gedeeld met andere steden."),
        "problem": (
            "De stad betaalt de energiefactuur van meer dan tachtig gebouwen, maar ziet het "
            "verbruik alleen per maand. Verwarming die het hele weekend brandt of "
            "verlichting die 's nachts aan blijft, merkt niemand op."),
        "context": (
            "Mechelen ondertekende het Burgemeestersconvenant en wil als stad het goede "
            "voorbeeld geven. Deze challenge liep in het Interreg-project SCIFI, met "
            "uitdagingen rond slimme energie, mobiliteit en netheid."),
        "expected_solutions": (
            "- Slimme meters en een overzicht van het verbruik per kwartier\n"
            "- Automatische meldingen bij ongewoon verbruik\n"
            "- Tips die gebruikers van de gebouwen zelf kunnen toepassen"),
        "goals": (
            "- 10% minder energieverbruik in de proefgebouwen\n"
            "- Een overzicht dat de technische dienst dagelijks gebruikt"),
        "out_of_scope": "- Renovatie en isolatie van de gebouwen",
        "constraints": "- Koppeling met de bestaande digitale meters van de netbeheerder.",
        "eligibility": "- Startups en bedrijven.",
        "reward_text": SCIFI_REWARD, "reward_amount": "10000",
        "follow_ups": [FollowUp.PROOF_OF_CONCEPT, FollowUp.ACCELERATOR,
                       FollowUp.PROCUREMENT],
        "audience": [ParticipantKind.STARTUP, ParticipantKind.COMPANY],
        "themes": ["energy", "climate"],
        "criteria": [
            ("Besparing", "Hoeveel energie bespaart het, en hoe toon je dat aan?", 40, 3),
            ("Gebruiksgemak", "Gebruikt de technische dienst het elke dag?", 30, None),
            ("Kostprijs", "Wat kost het per gebouw per jaar?", 30, None),
        ],
        "contact_name": "Els Peeters", "contact_email": "innovatie@mechelen.demo",
        "max_proposals_per_participant": 1, "public_support_enabled": False,
        "proposal_visibility": ProposalVisibility.AFTER_RESULTS,
    },
    {
        "slug": "herzele-deelmobiliteit-deelgemeenten",
        "organisation": "gemeente-herzele", "author": "lien.maes@herzele.demo",
        "status": ChallengeStatus.CANCELLED,
        "published_at": (-40, 10, 0), "opens_at": (-40, 9, 0), "closes_at": (20, 17, 0),
        "cancelled_at": (-8, 15, 0),
        "cancel_reason": (
            "We stoppen deze challenge omdat Herzele deelmobiliteit nu samen met de andere "
            "gemeenten van de vervoerregio aankoopt. Een eigen oplossing zou daarmee "
            "overlappen. Wie al een voorstel voorbereidde, nodigen we uit voor de "
            "marktconsultatie van de vervoerregio; we brengen je graag in contact."),
        "title": "Deelauto's en deelfietsen in de deelgemeenten",
        "summary": (
            "Wie in een deelgemeente van Herzele woont, heeft zonder auto weinig keuze: de "
            "bus rijdt er zelden. Kan deelmobiliteit ook buiten de grote steden werken?"),
        "problem": (
            "Deelauto's en deelfietsen vind je vooral in steden. In een landelijke gemeente "
            "zijn er minder gebruikers per voertuig, waardoor aanbieders wegblijven. Toch "
            "hebben juist hier veel gezinnen een tweede auto nodig."),
        "context": "Herzele ligt in een landelijke regio met weinig openbaar vervoer.",
        "expected_solutions": (
            "- Deelauto's bij het gemeentehuis of de school, ook voor verenigingen\n"
            "- Elektrische deelfietsen tussen de deelgemeenten"),
        "goals": "- Minder gezinnen die een tweede auto nodig hebben",
        "out_of_scope": "- Busdiensten van De Lijn",
        "constraints": "- Betaalbaar zonder jaarlijkse subsidie van de gemeente.",
        "eligibility": "- Bedrijven, startups, vzw's en coöperaties.",
        "reward_text": "Een pilootproject van een jaar met ondersteuning van de gemeente",
        "reward_amount": None,
        "follow_ups": [FollowUp.PILOT],
        "audience": [ParticipantKind.STARTUP, ParticipantKind.COMPANY,
                     ParticipantKind.NON_PROFIT],
        "themes": ["mobility"],
        "criteria": [
            ("Gebruik door inwoners", "Zullen inwoners het echt gebruiken?", 50, 2),
            ("Financiële haalbaarheid", "Kan het zonder blijvende subsidie?", 30, 2),
            ("Samenwerking met verenigingen", "Betrekt het lokale verenigingen?", 20, None),
        ],
        "contact_name": "Lien Maes", "contact_email": "info@herzele.demo",
        "max_proposals_per_participant": 1, "public_support_enabled": False,
        "proposal_visibility": ProposalVisibility.AFTER_RESULTS,
    },
    {
        "slug": "brugge-toeristische-drukte-spreiden",
        "organisation": "stad-brugge", "author": "sofie.declercq@brugge.demo",
        "status": ChallengeStatus.DRAFT,
        "opens_at": (21, 9, 0), "closes_at": (70, 17, 0),
        "title": "Toeristische drukte in de binnenstad beter spreiden",
        "summary": (
            "Op topdagen lopen de Markt, de Burg en de Rozenhoedkaai vol, terwijl mooie "
            "buurten op tien minuten wandelen stil blijven. Hoe spreiden we bezoekers over de "
            "stad en over de dag?"),
        "problem": (
            "Bewoners ervaren de drukte in het centrum als een last en handelaars buiten de "
            "toeristische as zien weinig bezoekers. Wat ontbreekt, is actuele informatie "
            "over waar het druk is en een aantrekkelijk alternatief."),
        "context": "Ontwerp: nog af te stemmen met Visit Bruges en de dienst Mobiliteit.",
        "expected_solutions": "- Drukte meten zonder personen te volgen\n"
                              "- Alternatieve wandelroutes en tijdsloten",
        "goals": "- Minder overlast voor bewoners op topdagen",
        "audience": [ParticipantKind.STARTUP, ParticipantKind.COMPANY,
                     ParticipantKind.KNOWLEDGE_INSTITUTION],
        "themes": ["local-economy", "mobility"],
        "criteria": [
            ("Effect op de drukte", "Spreidt het bezoekers echt?", 50, None),
            ("Draagvlak bij bewoners en handelaars", "", 30, None),
            ("Kostprijs", "", 20, None),
        ],
        "follow_ups": [FollowUp.PILOT],
        "contact_name": "Sofie De Clercq", "contact_email": "innovatie@brugge.demo",
        "max_proposals_per_participant": 1, "public_support_enabled": False,
        "proposal_visibility": ProposalVisibility.AFTER_RESULTS,
    },
    # Run in two stages, midway: its stages, ideas and events are in stage_data.
    STAGED_CHALLENGE,
]

# What came of two finished challenges: (pilot summary, lessons learned), in Markdown.
LESSONS = {
    "mechelen-slimme-vuilnisbakken": (
        "Twintig vuilnisbakken rond de Grote Markt en in de Kruidtuin kregen een sensor die "
        "meldt wanneer ze voor 80% vol zijn. De netheidsploeg rijdt sinds april op basis van "
        "die meldingen in plaats van vaste rondes.",
        "- **Begin klein en meet vooraf.** Zonder de tellingen van vóór de proef hadden we het "
        "effect niet kunnen aantonen.\n"
        "- **Betrek de ploeg van bij de start.** De chauffeurs wisten beter dan de "
        "leverancier waar sensoren stuk zouden gaan.\n"
        "- **Let op de batterijen.** Reken op een vervanging per jaar in het "
        "onderhoudsbudget.\n"
        "- Andere steden kunnen ons lastenboek voor de opschaling hergebruiken; vraag het aan "
        "innovatie@mechelen.demo."),
    "mechelen-energieverbruik-stadsgebouwen": (
        "Het dashboard volgt nu het verbruik van 14 stadsgebouwen per kwartier. In het eerste "
        "jaar daalde het verbruik met 11%, vooral door verwarming die 's nachts en in het "
        "weekend bleef draaien.",
        "- **De grootste winst zat in het gedrag, niet in de techniek**: een wekelijkse mail "
        "naar de gebouwbeheerders deed meer dan nieuwe sensoren.\n"
        "- **Open data-formaten** maakten het mogelijk om later van leverancier te wisselen; "
        "zet dat als voorwaarde in de challenge.\n"
        "- Een proof of concept van zes maanden was te kort om een heel stookseizoen te "
        "vergelijken: plan minstens twaalf maanden."),
}


def load_themes() -> dict[str, Theme]:
    """Every theme by slug, the curated ones recreated where missing."""
    themes = {theme.slug: theme for theme in db.session.scalars(select(Theme))}
    for position, (slug, name_nl, name_en) in enumerate(THEMES, start=1):
        if slug not in themes:
            themes[slug] = Theme(slug=slug, name_nl=name_nl, name_en=name_en,
                                 position=position, active=True)
            db.session.add(themes[slug])
    return themes


def load_challenges(organisations: dict[str, Organisation], users: dict[str, User],
                    themes: dict[str, Theme], now: datetime) -> dict[str, Challenge]:
    """Every demo challenge that is missing; returns all the demo challenges by slug, those
    loaded before included."""
    for spec in CHALLENGES:
        _challenge(spec, organisations, users, themes, now)
    db.session.flush()
    return {c.slug: c for c in db.session.scalars(
        select(Challenge).where(Challenge.slug.in_([spec["slug"] for spec in CHALLENGES])))}


def add_lessons(challenges: dict[str, Challenge]) -> None:
    """The lessons learned, unless someone wrote their own already. (The first text, what the
    pilot did, is its evaluation's summary: challenges.demo.pilot_data.)"""
    for slug, texts in LESSONS.items():
        challenge = challenges.get(slug)
        if challenge is not None and not challenge.lessons_learned:
            challenge.lessons_learned = texts[1]


def challenge_lines() -> Iterator[str]:
    """Where to find each demo challenge, and its phase now, for the demo command's summary."""
    yield "Demo challenges, one in every phase (a draft is seen only by its organisation):"
    slugs = [spec["slug"] for spec in CHALLENGES]
    by_slug = {c.slug: c for c in db.session.scalars(
        select(Challenge).where(Challenge.slug.in_(slugs)))}
    for slug in slugs:
        if slug in by_slug:
            yield f"  {by_slug[slug].phase.value:<18} /challenges/{slug}"


def _deadline_notice(spec: dict, closes_at: datetime, created_at: datetime) -> ChangeNotice:
    moment = {}
    for language in ("nl", "en"):
        with force_locale(language):
            moment[language] = format_moment(closes_at)
    return ChangeNotice(
        text_nl=f"De deadline is verlengd tot {moment['nl']}. {spec['extension_reason_nl']}",
        text_en=f"The deadline was extended to {moment['en']}. {spec['extension_reason_en']}",
        created_at=created_at)


TEXT_FIELDS = ("title", "summary", "problem", "context", "expected_solutions", "goals",
               "out_of_scope", "constraints", "eligibility", "reward_text", "contact_name",
               "contact_email", "cancel_reason")
DATE_FIELDS = ("opens_at", "closes_at", "jury_decision_at", "results_at", "published_at",
               "cancelled_at")

SCIFI_TERMS = {
    "ip_terms": "De intellectuele eigendom van de oplossing blijft bij de deelnemer. De stad "
                "krijgt een gebruiksrecht voor de duur van de pilot en mag de resultaten delen "
                "met andere gemeenten.",
    "payment_terms": "30% bij de start, 70% in schijven bij de aanvaarding van elke mijlpaal.",
    "open_data_terms": "Meetgegevens uit de pilot worden als open data gepubliceerd "
                       "(CC BY 4.0), zonder persoonsgegevens.",
}
# The legal route of each demo challenge: every route appears once at least.
LEGAL_ROUTES: dict[str, dict[str, Any]] = {
    "mechelen-zwerfvuil-pleinen-parken": {
        "legal_route": LegalRoute.LOW_VALUE_CONTRACT, "estimated_value": Decimal("10000"),
        "consulted_companies": "Drie bedrijven gecontacteerd op de infosessie van Scifi.",
        **SCIFI_TERMS},
    "mechelen-slimme-vuilnisbakken": {
        "legal_route": LegalRoute.LOW_VALUE_CONTRACT, "estimated_value": Decimal("10000"),
        "consulted_companies": "SlimParkeren, CleanTech Vlaanderen, BinSense.", **SCIFI_TERMS},
    "mechelen-energieverbruik-stadsgebouwen": {
        "legal_route": LegalRoute.LOW_VALUE_CONTRACT, "estimated_value": Decimal("10000"),
        "consulted_companies": "ZonneDeel, CleanTech Vlaanderen.", **SCIFI_TERMS},
    "antwerpen-koele-plekken-hittegolf": {
        "legal_route": LegalRoute.DESIGN_CONTEST, "estimated_value": Decimal("135000"),
        "estimate_includes_follow_up": True,
        "ip_terms": "Het winnende ontwerp wordt verder uitgewerkt in een vervolgopdracht."},
    "antwerpen-digitale-dienstverlening-voor-iedereen": {
        "legal_route": LegalRoute.PROCUREMENT,
        "tender_url": "https://www.publicprocurement.be/"},
    "herzele-eenzaamheid-bij-ouderen": {
        "legal_route": LegalRoute.PHASED_RND,
        "ip_terms": "Elke fase wordt apart gegund; de deelnemer behoudt de intellectuele "
                    "eigendom, de gemeente krijgt een kosteloze licentie."},
}


def _challenge(spec: dict, organisations: dict, users: dict, themes: dict,
               now: datetime) -> Challenge | None:
    """The challenge with its criteria, notices, attachments and questions; None when a
    challenge with its slug exists already, so that nothing is added twice."""
    if db.session.scalar(select(Challenge.id).where(Challenge.slug == spec["slug"])):
        return None
    today = now.astimezone(BRUSSELS).date()
    author = users[spec["author"]]
    challenge = Challenge(
        slug=spec["slug"], organisation=organisations[spec["organisation"]],
        created_by=author, status=spec["status"],
        reward_amount=Decimal(spec["reward_amount"]) if spec.get("reward_amount") else None,
        follow_ups=[f.value for f in spec.get("follow_ups", [])],
        max_proposals_per_participant=spec["max_proposals_per_participant"],
        public_support_enabled=spec["public_support_enabled"],
        proposal_visibility=spec["proposal_visibility"])
    for name in TEXT_FIELDS:
        if name in spec:
            setattr(challenge, name, spec[name])
    for name, value in LEGAL_ROUTES.get(spec["slug"], {}).items():
        setattr(challenge, name, value)
    for name in DATE_FIELDS:
        if name in spec:
            setattr(challenge, name, brussels_at(today, spec[name]))
    # Written a week before publication (drafts: a couple of days ago).
    challenge.created_at = challenge.updated_at = (
        challenge.published_at - timedelta(days=7) if challenge.published_at
        else now - timedelta(days=2))
    challenge.themes = [themes[slug] for slug in spec["themes"]]
    challenge.audience_rows = [ChallengeAudience(kind=kind) for kind in spec["audience"]]
    challenge.criteria = [
        Criterion(position=position, name=name, description=description, weight=weight,
                  minimum_score=None if minimum is None else Decimal(minimum))
        for position, (name, description, weight, minimum) in enumerate(spec["criteria"], 1)]
    if "extended_from" in spec:
        assert challenge.closes_at is not None
        challenge.notices = [_deadline_notice(spec, challenge.closes_at,
                                              brussels_at(today, spec["extended_on"]))]
    added_at = brussels_at(today, spec["extended_on"]) if "extended_on" in spec else \
        challenge.published_at
    for filename, title, lines in spec.get("attachments", []):
        data = pdf_bytes(title, lines)
        challenge.attachments.append(ChallengeAttachment(
            filename=filename, content_type="application/pdf", size=len(data),
            file_sha256=storage.keep(data),
            created_at=added_at))
    db.session.add(challenge)
    for number, (email, days_ago, body, answer) in enumerate(spec.get("questions", []), 1):
        asked_at = brussels_at(today, (-days_ago, 10, 15))
        question = Question(challenge=challenge, asker=users[email], body=body, number=number,
                            created_at=min(asked_at, now))
        if answer is not None:
            question.status = QuestionStatus.ANSWERED
            question.answer = answer
            question.answered_by = author
            question.answered_at = min(brussels_at(today, (1 - days_ago, 14, 0)), now)
        else:
            question.status = QuestionStatus.PENDING
        db.session.add(question)
    return challenge
