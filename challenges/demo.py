"""Demo data drawn from the seed texts: Flemish municipalities, their staff, jurors,
citizens and startups, challenges in every phase with their criteria, questions, an
attachment and a change notice, and proposals in every state with their teams, versions,
attachments and public support. Loading twice changes nothing."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import zip_longest
from typing import NamedTuple

from babel.dates import format_datetime
from sqlalchemy import select

from challenges.accounts.models import Membership, Organisation, ParticipantKind, Role, User
from challenges.challenges.models import (
    Challenge,
    ChallengeAttachment,
    ChallengeAudience,
    ChallengeStatus,
    ChangeNotice,
    Criterion,
    FollowUp,
    ProposalVisibility,
    Question,
    QuestionStatus,
    Theme,
)
from challenges.db import utcnow
from challenges.extensions import db
from challenges.jury.models import (
    AuditEvent,
    ConflictDeclaration,
    Decision,
    Jury,
    JuryMember,
    RankingView,
    Review,
    ReviewStatus,
    Score,
)
from challenges.jury.operations import REVIEWABLE
from challenges.submissions.models import (
    CONTENT_FIELDS,
    ENTERED,
    Proposal,
    ProposalAttachment,
    ProposalSlot,
    ProposalStatus,
    ProposalVersion,
    Support,
    TeamMember,
)
from challenges.timezones import BRUSSELS, brussels_to_utc

DEMO_PASSWORD = "demo-wachtwoord-2026"

ORGANISATIONS = [
    {
        "slug": "stad-mechelen", "name": "Stad Mechelen", "nis_code": "12025",
        "website": "https://www.mechelen.be", "contact_email": "innovatie@mechelen.demo",
        "description": (
            "Mechelen zet open innovatie in voor slimme energie, netheid en mobiliteit. "
            "Via challenges zoekt de stad samen met startups en burgers naar oplossingen, "
            "met een proof of concept tot 10.000 euro en een begeleidingstraject van zes "
            "maanden."),
    },
    {
        "slug": "stad-brugge", "name": "Stad Brugge", "nis_code": "31005",
        "website": "https://www.brugge.be", "contact_email": "innovatie@brugge.demo",
        "description": (
            "Brugge lanceert challenges rond mobiliteit in de historische binnenstad en "
            "laat ondernemers hun oplossing testen in een pilootproject."),
    },
    {
        "slug": "stad-antwerpen", "name": "Stad Antwerpen", "nis_code": "11002",
        "website": "https://www.antwerpen.be", "contact_email": "innovatie@antwerpen.demo",
        "description": (
            "Antwerpen koopt innovatie aan door te vertrekken van een open uitdaging in "
            "plaats van een beperkend lastenboek, samen met Digipolis."),
    },
    {
        "slug": "gemeente-herzele", "name": "Gemeente Herzele", "nis_code": "41027",
        "website": "https://www.herzele.be", "contact_email": "info@herzele.demo",
        "description": (
            "Een kleinere gemeente die via een intergemeentelijk samenwerkingsverband "
            "innovatie deelt met haar buren."),
    },
]

# (email, name, kind, language, extra)
PEOPLE = [
    ("admin@challenges.demo", "Platformbeheer", ParticipantKind.CITIZEN, "nl",
     {"is_platform_admin": True}),
    ("els.peeters@mechelen.demo", "Els Peeters", ParticipantKind.CITIZEN, "nl", {}),
    ("tom.janssens@mechelen.demo", "Tom Janssens", ParticipantKind.CITIZEN, "nl", {}),
    ("sofie.declercq@brugge.demo", "Sofie De Clercq", ParticipantKind.CITIZEN, "nl", {}),
    ("pieter.vermeulen@brugge.demo", "Pieter Vermeulen", ParticipantKind.CITIZEN, "nl", {}),
    ("an.willems@antwerpen.demo", "An Willems", ParticipantKind.CITIZEN, "nl", {}),
    ("karim.elamrani@antwerpen.demo", "Karim El Amrani", ParticipantKind.CITIZEN, "en", {}),
    ("lien.maes@herzele.demo", "Lien Maes", ParticipantKind.CITIZEN, "nl", {}),
    ("jury.goossens@kuleuven.demo", "Prof. Hilde Goossens", ParticipantKind.KNOWLEDGE_INSTITUTION,
     "nl", {}),
    ("jury.dewilde@voka.demo", "Marc De Wilde", ParticipantKind.COMPANY, "nl",
     {"company_name": "Voka Mechelen-Kempen", "enterprise_number": "0450123451"}),
    ("jury.nguyen@imec.demo", "Linh Nguyen", ParticipantKind.KNOWLEDGE_INSTITUTION, "en", {}),
    ("jan.burger@example.demo", "Jan Wouters", ParticipantKind.CITIZEN, "nl", {}),
    ("fatima.citizen@example.demo", "Fatima Bakkali", ParticipantKind.CITIZEN, "nl", {}),
    ("student.emma@ugent.demo", "Emma Claes", ParticipantKind.STUDENT, "en", {}),
    ("founder@slimparkeren.demo", "Ruben Smets", ParticipantKind.STARTUP, "nl",
     {"company_name": "SlimParkeren", "enterprise_number": "0712345630"}),
    ("cofounder@slimparkeren.demo", "Nora Aerts", ParticipantKind.STARTUP, "nl",
     {"company_name": "SlimParkeren", "enterprise_number": "0712345630"}),
    ("hello@zonnedeel.demo", "Wout Mertens", ParticipantKind.STARTUP, "en",
     {"company_name": "ZonneDeel", "enterprise_number": "0765432146"}),
    ("sales@cleantech.demo", "Isabel Dubois", ParticipantKind.COMPANY, "nl",
     {"company_name": "CleanTech Vlaanderen NV", "enterprise_number": "0889123477"}),
    ("info@buurtwerk.demo", "Bart Hermans", ParticipantKind.NON_PROFIT, "nl",
     {"company_name": "vzw Buurtwerk"}),
]

# (email, organisation slug, role)
ROLES = [
    ("els.peeters@mechelen.demo", "stad-mechelen", Role.ADMIN),
    ("tom.janssens@mechelen.demo", "stad-mechelen", Role.EDITOR),
    ("sofie.declercq@brugge.demo", "stad-brugge", Role.ADMIN),
    ("pieter.vermeulen@brugge.demo", "stad-brugge", Role.EDITOR),
    ("an.willems@antwerpen.demo", "stad-antwerpen", Role.ADMIN),
    ("karim.elamrani@antwerpen.demo", "stad-antwerpen", Role.EDITOR),
    ("lien.maes@herzele.demo", "gemeente-herzele", Role.ADMIN),
]

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
CHALLENGES = [
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
]


# Proposals of the demo participants, keyed by (challenge, author, title). Moments are
# (days from today, hour, minute) on the Brussels clock, as for the challenges. "team" holds
# the co-authors: (email, invited, accepted or None while the invitation is pending).
# "versions" are the submissions: (moment, submitted by, fields that read differently then).
# Content fields not given stay empty, as in a draft.
SLIMPARKEREN_TEAM = ("Ruben Smets (ingenieur) en Nora Aerts (productontwerp) richtten "
                     "SlimParkeren op in Mechelen. Hun parkeersensoren werken al in drie "
                     "Vlaamse steden.")
PROPOSALS = [
    # Mechelen, litter (open, closes in three days, two proposals per participant).
    {
        "challenge": "mechelen-zwerfvuil-pleinen-parken", "author": "founder@slimparkeren.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-15, 10, 0),
        "team": [("cofounder@slimparkeren.demo", (-14, 9, 30), (-14, 11, 5))],
        "versions": [((-6, 16, 45), "founder@slimparkeren.demo", {})],
        "title": "Peukenpalen met vullingssensor op de Vijfhoek",
        "summary": (
            "Opvallende asbakken waarin je met je peuk stemt op de vraag van de week, met een "
            "sensor die de netheidsdienst waarschuwt voor ze vol zijn."),
        "description": (
            "Sigarettenpeuken zijn goed voor ruim een kwart van het zwerfvuil op de "
            "proeflocaties. We plaatsen op de Vijfhoek, in de Kruidtuin en op de Vesten twaalf "
            "*stempeukenpalen*: een asbak met twee vakjes en een vraag erboven (\"Beste "
            "frietkot van Mechelen: links of rechts?\"). Wie stemt, gooit zijn peuk niet op "
            "de grond.\n\n"
            "In elke paal zit dezelfde LoRaWAN-sensor die we in parkeergarages gebruiken. Hij "
            "meldt het wanneer de paal voor 80% vol is."),
        "approach": (
            "- Week 1-4: ontwerp met de dienst Netheid en de erfgoedconsulent, zodat de palen "
            "passen in het beschermd stadsgezicht.\n"
            "- Week 5-8: plaatsing en koppeling met het LoRaWAN-netwerk van de stad.\n"
            "- Hele zomer: elke zondagochtend tellen we met de netheidsploeg de peuken op de "
            "grond, zoals in de nulmeting uit de bijlage van de challenge."),
        "impact": (
            "De helft minder peuken op de grond rond de palen, en minder vuilnisbakken die "
            "voor 22 uur vol zitten, omdat peuken apart worden ingezameld."),
        "cost_estimate": (
            "Twaalf palen met sensor: 6.800 euro. Plaatsing, gegevens en de vragen van de week "
            "voor een zomer: 2.900 euro. Samen 9.700 euro."),
        "timeline": "Klaar voor de eerste warme weekends in mei; evaluatie eind september.",
        "team_description": SLIMPARKEREN_TEAM + " Voor de palen werken ze met een Mechelse smid.",
    },
    {
        # The team's second place in this challenge, not used yet: a draft days before the
        # deadline, the case the deadline reminder is for.
        "challenge": "mechelen-zwerfvuil-pleinen-parken", "author": "founder@slimparkeren.demo",
        "status": ProposalStatus.DRAFT, "created": (-4, 20, 30), "updated": (-2, 21, 10),
        "team": [("cofounder@slimparkeren.demo", (-4, 20, 35), (-3, 8, 15))],
        "title": "Pop-upinzamelpunten op drukke zomeravonden",
        "summary": (
            "Een voorspelling van de drukte op basis van het weer en de slimme vuilnisbakken, "
            "zodat jeugdbewegingen met een bakfiets een tijdelijk inzamelpunt kunnen zetten "
            "waar het nodig is."),
        "description": (
            "Op warme avonden zitten de vuilnisbakken op de Vesten voor 22 uur vol. Met de "
            "vullingsgraad van de vorige avonden en de weersvoorspelling weten we 's middags "
            "al waar het druk wordt."),
    },
    {
        "challenge": "mechelen-zwerfvuil-pleinen-parken", "author": "fatima.citizen@example.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-20, 20, 0),
        "versions": [
            ((-18, 21, 10), "fatima.citizen@example.demo", {"cost_estimate": (
                "Stickers en een mobiel inleverpunt: 3.200 euro. Vergoeding voor de "
                "vrijwilligers: 1.500 euro. Nog na te vragen: wat een vergunning voor de "
                "Vijfhoek kost en hoe lang ze duurt.")}),
            ((-3, 19, 30), "fatima.citizen@example.demo", {}),
        ],
        "title": "Statiegeld op blikjes bij de afhaalzaken rond de Vijfhoek",
        "summary": (
            "De afhaalzaken rond de Vijfhoek rekenen 20 cent statiegeld op blikjes en flesjes "
            "en geven het terug in elke deelnemende zaak of aan een inleverpunt op het plein."),
        "description": (
            "Een derde van het zwerfvuil op de Vijfhoek zijn blikjes en flesjes. Met "
            "statiegeld krijgt een leeg blikje een waarde: wie het laat liggen, laat het voor "
            "iemand anders die het wel terugbrengt. In Nederland en Duitsland werkt dat al "
            "jaren.\n\n"
            "Ik woon zelf aan de Vijfhoek en sprak met zes afhaalzaken en twee nachtwinkels: "
            "vier willen meedoen."),
        "approach": (
            "- Een herkenbare sticker op elk blikje en flesje dat op en rond het plein wordt "
            "verkocht.\n"
            "- Een inleverpunt op de Vijfhoek, op vrijdag- en zaterdagavond bemand door de "
            "scouts. Het statiegeld van achtergelaten blikjes gaat naar hun kas.\n"
            "- De stad betaalt de stickers en het inleverpunt; de zaken schieten het "
            "statiegeld voor."),
        "impact": (
            "Minder blikjes en flesjes op de grond en een extra inkomen voor de jeugdbeweging. "
            "We tellen elke zondagochtend samen met de netheidsploeg."),
        "cost_estimate": (
            "Stickers en een mobiel inleverpunt: 3.200 euro. Vergoeding voor de vrijwilligers: "
            "1.500 euro. De tijdelijke vergunning vraagt de stad mee aan; reken op drie "
            "weken."),
        "timeline": "Vier weken voorbereiding, daarna een proef van tien weekends.",
        "team_description": (
            "Fatima Bakkali, bewoonster van de Vijfhoek, met de scouts van Sint-Rombout en "
            "vier afhaalzaken."),
    },
    {
        # Withdrawn while Emma waits for the answer to her question about her thesis.
        "challenge": "mechelen-zwerfvuil-pleinen-parken", "author": "student.emma@ugent.demo",
        "status": ProposalStatus.WITHDRAWN, "created": (-11, 15, 0),
        "versions": [((-9, 22, 5), "student.emma@ugent.demo", {})],
        "withdrawn": (-1, 9, 40),
        "title": "Litter Quest: a clean-up game for student clubs",
        "summary": (
            "A mobile game in which student clubs earn points for every bag of litter they "
            "collect on the Vesten, checked with a photo of the full bag at a smart bin."),
        "description": (
            "Mechelen's student clubs meet on the Vesten on summer evenings. Litter Quest "
            "turns tidying up into a competition between clubs: a weekly leaderboard, and the "
            "winning club gets a free evening in a youth centre."),
        "approach": (
            "A first prototype runs as a web app. It stores a club name and points, nothing "
            "about the players. The smart bins confirm that a bag was actually dropped off."),
        "impact": "Fewer cans and bottles left behind on the Vesten after a warm evening.",
        "cost_estimate": "Development is part of my thesis. Prizes and posters: 1,200 euro.",
        "timeline": "Prototype in the spring, a test during the summer holidays.",
        "team_description": (
            "Emma Claes, master's student in computer science at Ghent University, with two "
            "student clubs from Mechelen."),
    },
    {
        "challenge": "mechelen-zwerfvuil-pleinen-parken", "author": "jan.burger@example.demo",
        "status": ProposalStatus.DRAFT, "created": (-2, 21, 0),
        "title": "Buurtpeters voor de Kruidtuin",
        "summary": (
            "Buren adopteren elk een stukje van de Kruidtuin en doen op zondagochtend samen "
            "een rondje, met materiaal van de stad."),
    },
    # Brugge, deliveries (open, one proposal per participant, proposals never public).
    {
        "challenge": "brugge-leveringen-binnenstad", "author": "founder@slimparkeren.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-9, 13, 0),
        "team": [("cofounder@slimparkeren.demo", (-9, 13, 10), (-9, 15, 40))],
        "versions": [
            # Resubmitted after the city answered that cables in the street are not possible.
            ((-8, 11, 20), "founder@slimparkeren.demo", {
                "approach": (
                    "- Een bekabelde sensor in elke zone ziet of er een voertuig staat, "
                    "zonder camera.\n"
                    "- Vervoerders reserveren een kwartier via de app of hun eigen "
                    "planningssoftware.\n"
                    "- De handhavers van de stad zien op een kaart welke zones bezet zijn "
                    "zonder reservatie."),
                "cost_estimate": (
                    "Twintig sensoren met bekabeling en plaatsing: 14.000 euro. App, API en "
                    "kaart voor de handhavers: 12.000 euro. Zes maanden ondersteuning: "
                    "4.000 euro.")}),
            ((-4, 15, 5), "cofounder@slimparkeren.demo", {}),
        ],
        "attachments": [{"filename": "kaart-proefzones.png", "png": (48, 32, (46, 125, 50)),
                         "by": "cofounder@slimparkeren.demo"}],
        "title": "LaadSlot: laad- en loszones reserveren met sensoren",
        "summary": (
            "Vervoerders reserveren een kwartier in een laad- en loszone; een sensor ziet of de "
            "zone vrij is, en de handhavers zien meteen wie er zonder reservatie staat."),
        "description": (
            "Bestelwagens staan op fietspaden en stoepen omdat de laad- en loszone bezet is, "
            "vaak door een auto die er niet hoort. LaadSlot maakt de twintig zones die de stad "
            "ter beschikking stelt per kwartier reserveerbaar, via een app of een eenvoudige "
            "API voor de planningssoftware van vervoerders.\n\n"
            "In de bijlage: de twintig proefzones op een kaart."),
        "approach": (
            "- Een sensor op batterij in elke zone ziet of er een voertuig staat, zonder "
            "camera; de batterij gaat vijf jaar mee.\n"
            "- Vervoerders reserveren een kwartier via de app of hun eigen "
            "planningssoftware.\n"
            "- De handhavers van de stad zien op een kaart welke zones bezet zijn zonder "
            "reservatie."),
        "impact": (
            "Geen leveringen meer vanaf fietspaden en stoepen in de proefstraten, en minder "
            "rondjes rijden op zoek naar een plaats."),
        "cost_estimate": (
            "Twintig sensoren op batterij met plaatsing: 9.000 euro. App, API en kaart voor de "
            "handhavers: 12.000 euro. Zes maanden ondersteuning: 4.000 euro."),
        "timeline": "Sensoren geplaatst binnen zes weken, daarna een piloot van zes maanden.",
        "team_description": SLIMPARKEREN_TEAM,
    },
    {
        "challenge": "brugge-leveringen-binnenstad", "author": "sales@cleantech.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-6, 10, 0),
        "versions": [((-1, 16, 40), "sales@cleantech.demo", {})],
        "attachments": [{
            "filename": "cargohub-brugge-kostenraming.pdf",
            "title": "Cargohub Brugge - kostenraming piloot",
            "lines": ["CleanTech Vlaanderen NV, kostenraming voor een piloot van zes maanden.",
                      "",
                      "Twee cargofietsen met chauffeur: 22.000 euro",
                      "Lichte elektrische bestelwagen (huur): 7.200 euro",
                      "Plaats in het distributiecentrum: 4.800 euro",
                      "Software voor bundeling en planning: 2.500 euro",
                      "Tellingen en rapportering: 2.000 euro",
                      "",
                      "Totaal: 38.500 euro, exclusief btw."]}],
        "title": "Cargohub in het distributiecentrum: de laatste kilometer emissievrij",
        "summary": (
            "Vervoerders leveren 's ochtends af in het distributiecentrum aan de rand van de "
            "stad; wij bundelen per straat en leveren met cargofietsen en één lichte "
            "elektrische bestelwagen aan winkels, horeca en hotels."),
        "description": (
            "Weinig vervoerders gebruiken het distributiecentrum, omdat overladen tijd kost. "
            "Wij nemen dat werk over: vervoerders leveren tot 7 uur af, wij bundelen per straat "
            "en leveren tussen 7 en 11 uur, binnen de venstertijden.\n\n"
            "Handelaars betalen niets extra: vervoerders betalen ons per pakket minder dan wat "
            "een rit in de binnenstad hen kost. De kostenraming zit in de bijlage."),
        "approach": (
            "- Maand 1: afspraken met drie pakjesbezorgers en twee groothandels in voeding.\n"
            "- Maand 2-7: piloot met minstens tien handelaars in de Steenstraat en de "
            "Noordzandstraat.\n"
            "- Elke week tellen we de ritten die de binnenstad niet meer in moesten."),
        "impact": (
            "Per werkdag 120 tot 150 ritten met bestelwagens minder in de binnenstad; geen "
            "leveringen vanaf stoepen en fietspaden in de proefstraten."),
        "cost_estimate": "38.500 euro voor de piloot van zes maanden (zie bijlage).",
        "timeline": "Start twee maanden na de gunning; zes maanden piloot.",
        "team_description": (
            "CleanTech Vlaanderen NV doet al stadslogistiek in Gent en Leuven, met veertien "
            "cargofietsen en zes lichte elektrische bestelwagens."),
    },
    # Antwerpen, digital services (open, three per participant, public at once, support on).
    {
        "challenge": "antwerpen-digitale-dienstverlening-voor-iedereen",
        "author": "hello@zonnedeel.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-2, 16, 0),
        "versions": [((-1, 20, 15), "hello@zonnedeel.demo", {})],
        "supporters": ["jan.burger@example.demo", "fatima.citizen@example.demo",
                       "founder@slimparkeren.demo"],
        "title": "Plain-language help at the exact step where people get stuck",
        "summary": (
            "A small help panel for the city's online forms that explains the current question "
            "in plain Dutch, English, French, Arabic or Turkish, and offers a call-back from a "
            "digital helper instead of a trip to the counter."),
        "description": (
            "People rarely give up on a whole form; they give up on one question. We add a "
            "help panel to the three forms with the most drop-outs: the resident parking "
            "permit, an extract from the population register and an appointment for an "
            "identity card. Each question gets a plain-language explanation, written and "
            "tested with residents, and a button to ask for a call-back."),
        "approach": (
            "- Weeks 1-3: with Digipolis, find the questions where most people stop, from "
            "aggregated counts only.\n"
            "- Weeks 4-8: rewrite the explanations with twenty residents in two libraries.\n"
            "- Weeks 9-12: the panel goes live as a reusable component on the Digipolis APIs, "
            "meeting WCAG 2.1 AA."),
        "impact": (
            "A third fewer people who start one of these forms online and still end up at the "
            "counter."),
        "cost_estimate": (
            "Co-creation with residents: 18,000 euro. Component and translations: 24,000 euro. "
            "A year of maintenance: 6,000 euro."),
        "timeline": "Twelve weeks to the first form; all three forms within six months.",
        "team_description": (
            "ZonneDeel builds apps that explain energy bills in plain language. Our team of "
            "four includes a service designer and a translator."),
    },
    {
        "challenge": "antwerpen-digitale-dienstverlening-voor-iedereen",
        "author": "info@buurtwerk.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-4, 10, 0),
        "team": [("lotte.desmet@bibliotheek-antwerpen.demo", (-2, 10, 0), None)],
        "versions": [((-3, 14, 30), "info@buurtwerk.demo", {})],
        "supporters": ["jan.burger@example.demo", "fatima.citizen@example.demo",
                       "student.emma@ugent.demo", "sales@cleantech.demo",
                       "cofounder@slimparkeren.demo"],
        "title": "Digitale buddy's in buurthuizen en bibliotheken",
        "summary": (
            "Vrijwillige digitale buddy's helpen inwoners op vaste momenten in buurthuizen en "
            "bibliotheken met hun online aanvragen, en melden waar formulieren hen doen "
            "struikelen."),
        "description": (
            "Elke week zien we in onze buurthuizen mensen die vastlopen op een formulier van "
            "de stad. Ze hebben geen computer, lezen moeilijk Nederlands of durven niet op "
            "*verzenden* te klikken. We leiden veertig vrijwilligers op tot digitale buddy, "
            "in vijf buurthuizen en twee bibliotheken."),
        "approach": (
            "- Elke buddy helpt op een vast moment per week, naast de inwoner, nooit in diens "
            "plaats.\n"
            "- Na elke hulpvraag noteren ze anoniem bij welke vraag iemand vastliep.\n"
            "- Elke maand bespreken we die lijst met Digipolis, zodat de formulieren beter "
            "worden."),
        "impact": (
            "Wie digitaal minder sterk is, raakt toch aan een bewonerskaart of een afspraak, "
            "en de stad leert waar haar formulieren moeilijk zijn."),
        "cost_estimate": (
            "Opleiding en begeleiding van de vrijwilligers: 14.000 euro. Laptops voor zeven "
            "locaties: 7.000 euro. Coördinatie (een dag per week): 11.000 euro."),
        "timeline": "Opleiding in de eerste twee maanden, daarna een jaar lang elke week.",
        "team_description": (
            "Vzw Buurtwerk werkt al twintig jaar in Antwerpse wijken. De openbare bibliotheek "
            "is uitgenodigd om mee in het team te stappen."),
    },
    {
        "challenge": "antwerpen-digitale-dienstverlening-voor-iedereen",
        "author": "student.emma@ugent.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-4, 19, 0),
        "versions": [((-2, 22, 40), "student.emma@ugent.demo", {})],
        "supporters": ["fatima.citizen@example.demo", "info@buurtwerk.demo"],
        "title": "Where do people give up? Privacy-friendly drop-out counts for city forms",
        "summary": (
            "A tiny counter for the city's forms that shows, per question, how many people "
            "leave the form there: no cookies, no IP addresses, no tracking of individuals."),
        "description": (
            "You cannot fix what you cannot see. Instead of analytics that follow people "
            "around, each step of a form adds one to a counter on the Digipolis servers. A "
            "simple dashboard shows where a form loses people, week by week."),
        "approach": (
            "- Counters only: no cookies, no identifiers, nothing leaves the EU.\n"
            "- An open-source component that any form of the city can include.\n"
            "- First tested on the resident parking permit, with the city's service "
            "designers."),
        "impact": (
            "Digipolis knows which questions to rewrite first, and can measure whether a "
            "rewrite helped."),
        "cost_estimate": (
            "Development is part of my master's thesis. Supervision and a usability test with "
            "residents: 4,500 euro."),
        "timeline": "A first version in three months; the thesis is defended in June.",
        "team_description": (
            "Emma Claes, master's student in computer science at Ghent University, supervised "
            "by her promotor."),
    },
    # Antwerpen, cool places (closed: the jury is at work).
    {
        "challenge": "antwerpen-koele-plekken-hittegolf", "author": "info@buurtwerk.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-20, 9, 0),
        "versions": [((-8, 11, 0), "info@buurtwerk.demo", {})],
        "title": "Koelteambassadeurs: buren die buren naar een koele plek brengen",
        "summary": (
            "Bij een hittewaarschuwing bellen en bezoeken vrijwilligers de kwetsbare buren die "
            "zich vooraf aanmeldden, en brengen wie dat wil naar de dichtstbijzijnde koele "
            "plek."),
        "description": (
            "Een kaart helpt niet wie geen smartphone heeft of niet meer alleen naar buiten "
            "durft. We bouwen in de Seefhoek, op het Kiel en op de Luchtbal een netwerk van "
            "koelteambassadeurs: buren met een lijst van kwetsbare buren, met hun "
            "toestemming."),
        "approach": (
            "- Aanmelden via huisarts, apotheker of thuiszorg, op papier of telefonisch.\n"
            "- Bij code oranje belt de ambassadeur elke ochtend; bij code rood gaat hij "
            "langs.\n"
            "- Met de stad spreken we ruimere openingsuren af voor bibliotheken en "
            "buurthuizen."),
        "impact": (
            "In elke wijk minstens 150 kwetsbare inwoners met een vast aanspreekpunt bij de "
            "volgende hittegolf."),
        "cost_estimate": (
            "Coördinatie en opleiding: 9.500 euro. Drukwerk en telefoon: 1.500 euro. Vervoer "
            "met taxicheques: 2.000 euro."),
        "timeline": "Werving in het voorjaar, klaar op 1 juni.",
        "team_description": "Vzw Buurtwerk, met de wijkgezondheidscentra van de drie wijken.",
    },
    {
        "challenge": "antwerpen-koele-plekken-hittegolf", "author": "hello@zonnedeel.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-22, 14, 0),
        "versions": [
            ((-20, 10, 0), "hello@zonnedeel.demo", {"approach": (
                "- Een kaart met alle koele plekken, hun openingsuren en hoe druk het er is.\n"
                "- Beheerders van de plekken melden drukte met één knop.")}),
            ((-6, 18, 20), "hello@zonnedeel.demo", {}),
        ],
        "title": "Koelkaart: koele plekken via sms, buurtschermen en een kaart",
        "summary": (
            "Een actuele kaart van de koele plekken met openingsuren en drukte, ook op te "
            "vragen per sms en te zien op schermen in apotheken en buurthuizen."),
        "description": (
            "Bibliotheken, kerken, zwembaden en parken zijn koele plekken, maar weinig mensen "
            "weten welke er in hun buurt open is. De Koelkaart toont het, ook voor wie geen "
            "smartphone heeft: een sms met je postcode geeft de drie dichtstbijzijnde plekken."),
        "approach": (
            "- Een kaart met alle koele plekken, hun openingsuren en hoe druk het er is.\n"
            "- Beheerders van de plekken melden drukte met één knop.\n"
            "- Een sms-nummer en schermen in apotheken en buurthuizen, in vijf talen."),
        "impact": "Meer bezoekers in de bestaande koele plekken tijdens een hittegolf.",
        "cost_estimate": "Kaart en sms-dienst: 11.000 euro. Twintig schermen: 4.000 euro.",
        "timeline": "Klaar voor de eerste hittegolf van volgende zomer.",
        "team_description": "ZonneDeel, een Antwerpse startup van vier mensen.",
    },
    {
        "challenge": "antwerpen-koele-plekken-hittegolf", "author": "student.emma@ugent.demo",
        "status": ProposalStatus.SUBMITTED, "created": (-7, 20, 0),
        # Submitted an hour and twenty minutes before the deadline.
        "versions": [((-5, 15, 40), "student.emma@ugent.demo", {})],
        "title": "Hittekaart per straat met sensoren op deelfietsen",
        "summary": (
            "Temperatuursensoren op honderd deelfietsen tonen waar het het heetst is, zodat de "
            "stad waarschuwingen en tijdelijke koele plekken richt op de heetste straten."),
        "description": (
            "De sensoren van de stad hangen op een paar plaatsen; het verschil tussen twee "
            "straten kan groot zijn. Deelfietsen komen overal. Een kleine sensor op honderd "
            "fietsen geeft elke dag een hittekaart per straat."),
        "approach": (
            "- Sensoren meten temperatuur en plaats, niet wie er fietst.\n"
            "- Een open hittekaart per straat, elke dag bijgewerkt.\n"
            "- De stad kiest met die kaart waar een tijdelijke koele plek komt."),
        "cost_estimate": "Honderd sensoren: 6.000 euro. Kaart: deel van mijn masterproef.",
        "team_description": "Emma Claes, masterstudent informatica aan de Universiteit Gent.",
    },
    {
        "challenge": "antwerpen-koele-plekken-hittegolf", "author": "sales@cleantech.demo",
        "status": ProposalStatus.INELIGIBLE, "created": (-14, 9, 0), "updated": (-3, 10, 20),
        "versions": [((-12, 9, 15), "sales@cleantech.demo", {})],
        "ineligible_reason": (
            "Dit voorstel plaatst airco's in woningen. De challenge sluit dat uitdrukkelijk "
            "uit (zie 'Buiten de scope'), daarom legt de stad het niet aan de jury voor."),
        "title": "Airco-abonnement voor kwetsbare huishoudens",
        "summary": (
            "Een mobiele airco in huur voor ouderen en zieken tijdens de zomermaanden, met "
            "plaatsing en ophaling aan huis."),
        "description": (
            "Wie in een kleine, slecht geïsoleerde woning woont, heeft het tijdens een "
            "hittegolf het zwaarst. Wij plaatsen een zuinige mobiele airco voor de duur van "
            "de zomer."),
        "approach": (
            "- Aanmelding via het OCMW.\n"
            "- Plaatsing binnen 48 uur na een hittewaarschuwing.\n"
            "- Ophaling en onderhoud in september."),
        "cost_estimate": "45 euro per woning per maand, voor de stad.",
        "team_description": "CleanTech Vlaanderen NV, afdeling koeltechniek.",
    },
    # Brugge, bicycle parking (results published, one per participant).
    {
        "challenge": "brugge-fietsparkeren-binnenstad-station",
        "author": "founder@slimparkeren.demo",
        "status": ProposalStatus.WINNER, "created": (-75, 11, 0),
        "team": [("cofounder@slimparkeren.demo", (-74, 9, 0), (-74, 10, 30))],
        "versions": [((-63, 14, 10), "founder@slimparkeren.demo", {})],
        "attachments": [{
            "filename": "fietsvrij-pilootplan.pdf", "title": "FietsVrij - pilootplan Brugge",
            "lines": ["SlimParkeren, pilootplan voor zes maanden.",
                      "",
                      "Tien stallingen, samen 2.400 plaatsen, elk met een teller aan de ingang.",
                      "Maand 1-2: tellers plaatsen en vergelijken met tellingen met de hand.",
                      "Maand 3: borden aan vier invalswegen en aan het station.",
                      "Maand 4-6: meten hoeveel fietsen er nog op stoepen en tegen gevels staan.",
                      "",
                      "Budget: 19.500 euro."]}],
        "title": "FietsVrij: vrije plaatsen in de stallingen tellen en tonen",
        "summary": (
            "Tellers aan de ingangen van tien fietsenstallingen weten hoeveel plaatsen er vrij "
            "zijn; borden aan de invalswegen en een kaart leiden fietsers naar een vrije "
            "plaats."),
        "description": (
            "Tellers aan de in- en uitgang van een stalling tellen fietsen, geen personen: er "
            "is geen camera nodig. Borden aan vier invalswegen en aan het station tonen hoeveel "
            "plaatsen er vrij zijn, en de open gegevens komen ook in routeplanners."),
        "approach": (
            "Eerst vergelijken we de tellers een maand lang met tellingen met de hand; pas "
            "dan gaan de borden aan. Het pilootplan zit in de bijlage."),
        "impact": "Minder fietsen tegen gevels en op stoepen, meer bezetting aan de rand.",
        "cost_estimate": "19.500 euro voor zes maanden (zie bijlage).",
        "timeline": "Zes maanden.",
        "team_description": SLIMPARKEREN_TEAM,
    },
    {
        "challenge": "brugge-fietsparkeren-binnenstad-station", "author": "sales@cleantech.demo",
        "status": ProposalStatus.SHORTLISTED, "created": (-70, 10, 0),
        "versions": [((-61, 10, 30), "sales@cleantech.demo", {})],
        "title": "Compacte dubbeldeksrekken in de winkelstraten",
        "summary": (
            "Laag gehouden dubbeldeksrekken in zijstraten van de winkelas, die twee keer zoveel "
            "fietsen kwijt kunnen op dezelfde plaats."),
        "description": (
            "In de winkelstraten zelf is geen plaats voor grote stallingen, in de zijstraten "
            "wel voor rekken. Onze rekken zijn lager dan een klassiek dubbeldeksrek en passen "
            "daardoor beter in het stadsbeeld."),
        "approach": "Eerst vier proefrekken, met advies van Onroerend Erfgoed over de kleur.",
        "cost_estimate": "1.800 euro per rek van twintig plaatsen.",
        "team_description": "CleanTech Vlaanderen NV, afdeling straatmeubilair.",
    },
    {
        "challenge": "brugge-fietsparkeren-binnenstad-station", "author": "hello@zonnedeel.demo",
        "status": ProposalStatus.NOT_SELECTED, "created": (-85, 15, 0),
        "versions": [((-80, 16, 0), "hello@zonnedeel.demo", {})],
        "title": "Fietsbeugels met zonnepaneel en vrije-plaatsenlampje",
        "summary": (
            "Fietsbeugels met een klein zonnepaneel en een groen lampje dat van ver laat zien "
            "waar nog plaats is."),
        "description": (
            "Elke beugel weet of er een fiets aan staat en toont dat met een lampje; het "
            "zonnepaneel maakt bekabeling overbodig."),
        "approach": "Een proef met vijftig beugels aan het station.",
        "cost_estimate": "250 euro per beugel.",
        "team_description": "ZonneDeel.",
    },
    # Mechelen, smart bins (follow-up: the winner's pilot is running).
    {
        "challenge": "mechelen-slimme-vuilnisbakken", "author": "sales@cleantech.demo",
        "status": ProposalStatus.WINNER, "created": (-260, 10, 0),
        "versions": [((-245, 12, 0), "sales@cleantech.demo", {})],
        "title": "VulGraad: vullingssensoren op LoRaWAN voor openbare vuilnisbakken",
        "summary": (
            "Een ultrasone sensor onder het deksel meet elk uur hoe vol een vuilnisbak is en "
            "stuurt dat via het LoRaWAN-netwerk van de stad door."),
        "description": (
            "De sensor past in de bestaande vuilnisbakken van de stad, werkt vijf jaar op een "
            "batterij en meldt ook brand en omvallen. De gegevens komen als open data op het "
            "portaal van de stad."),
        "approach": "Een piloot met 150 vuilnisbakken in de binnenstad en op de Vesten.",
        "impact": "Geen overvolle vuilnisbakken meer op de drukste plekken.",
        "cost_estimate": "62 euro per sensor, plaatsing inbegrepen.",
        "team_description": "CleanTech Vlaanderen NV.",
    },
    {
        "challenge": "mechelen-slimme-vuilnisbakken", "author": "founder@slimparkeren.demo",
        "status": ProposalStatus.SHORTLISTED, "created": (-255, 10, 0),
        "team": [("cofounder@slimparkeren.demo", (-255, 10, 15), (-254, 9, 0))],
        "versions": [((-242, 16, 30), "founder@slimparkeren.demo", {})],
        "title": "Rondeplanner: ophaalrondes op basis van de vullingsgraad",
        "summary": (
            "Elke ochtend een nieuwe ophaalronde voor de netheidsploegen, met alleen de "
            "vuilnisbakken die morgen vol zullen zijn."),
        "description": (
            "We gebruiken de metingen van de sensoren en het weerbericht om te voorspellen "
            "welke vuilnisbakken vol raken, en plannen daarmee de kortste ronde."),
        "approach": "Koppeling met elke sensor op het LoRaWAN-netwerk van de stad.",
        "cost_estimate": "8.000 euro voor de planner, 150 euro per maand voor het gebruik.",
        "team_description": SLIMPARKEREN_TEAM,
    },
    {
        "challenge": "mechelen-slimme-vuilnisbakken", "author": "hello@zonnedeel.demo",
        "status": ProposalStatus.NOT_SELECTED, "created": (-270, 14, 0),
        "versions": [((-250, 9, 45), "hello@zonnedeel.demo", {})],
        "title": "Zonnepers: vuilnisbakken die zelf samenpersen",
        "summary": "Vuilnisbakken op zonne-energie die hun afval samenpersen en vijf keer "
                   "zoveel bevatten.",
        "description": "Minder ledigen doordat er meer in past.",
        "approach": "Twintig vuilnisbakken vervangen op de drukste plekken.",
        "cost_estimate": "4.200 euro per vuilnisbak.",
        "team_description": "ZonneDeel.",
    },
    # Mechelen, energy in city buildings (completed: the lessons are shared).
    {
        "challenge": "mechelen-energieverbruik-stadsgebouwen", "author": "hello@zonnedeel.demo",
        "status": ProposalStatus.WINNER, "created": (-660, 11, 0),
        "versions": [((-645, 11, 0), "hello@zonnedeel.demo", {})],
        "title": "Kwartierwaarden voor elk stadsgebouw, met een melding bij nachtverbruik",
        "summary": (
            "Het verbruik van elk stadsgebouw per kwartier, uit de digitale meters van de "
            "netbeheerder, met een melding als er 's nachts of in het weekend iets blijft "
            "branden."),
        "description": (
            "Eén overzicht voor de technische dienst, met per gebouw het verbruik van vandaag "
            "naast dat van een gewone dag. Ongewoon verbruik komt 's ochtends in de mailbox."),
        "approach": "Een proef in drie scholen, een sporthal en het administratief centrum.",
        "impact": "10% minder verbruik in de proefgebouwen.",
        "cost_estimate": "9.800 euro voor de proef, daarna 40 euro per gebouw per jaar.",
        "team_description": "ZonneDeel.",
    },
    {
        "challenge": "mechelen-energieverbruik-stadsgebouwen", "author": "sales@cleantech.demo",
        "status": ProposalStatus.NOT_SELECTED, "created": (-655, 9, 0),
        "versions": [((-642, 15, 0), "sales@cleantech.demo", {})],
        "title": "Energiecoach voor gebouwbeheerders",
        "summary": "Een energiecoach die elke maand met de beheerder van elk gebouw het "
                   "verbruik overloopt.",
        "description": "Persoonlijke begeleiding in plaats van een nieuw systeem.",
        "approach": "Een jaar lang maandelijkse gesprekken in tien gebouwen.",
        "cost_estimate": "24.000 euro per jaar.",
        "team_description": "CleanTech Vlaanderen NV.",
    },
    # Herzele, shared mobility (cancelled): a draft that was never submitted.
    {
        "challenge": "herzele-deelmobiliteit-deelgemeenten", "author": "info@buurtwerk.demo",
        "status": ProposalStatus.DRAFT, "created": (-15, 20, 0), "updated": (-10, 21, 30),
        "title": "Deelauto's voor verenigingen in de deelgemeenten",
        "summary": (
            "Een deelauto bij elk parochiecentrum, overdag voor inwoners en 's avonds voor de "
            "verenigingen."),
        "description": "Verenigingen beheren de sleutels en de planning.",
    },
]


# The juries. Moments are (days after a date of the challenge, hour, minute) on the Brussels
# clock: the declarations and reviews count from the deadline, the lock and the decisions from
# the jury's decision date, so that they stay in order on whatever day the challenge was loaded.
# Every juror declares on every proposal the jury reviews; "conflicts" holds the exceptions.
# Proposals are named by their author: each has one proposal in these challenges.
class DemoReview(NamedTuple):
    juror: str
    author: str
    at: tuple[int, int, int]              # submitted, or last saved for a draft
    scores: tuple[int, ...]               # in the published order of the criteria
    comments: tuple[str, ...]             # feedback for the participants, per criterion
    overall: str = ""                     # for the participants too
    note: str = ""                        # private: for the jury only
    submitted: bool = True


GOOSSENS, DE_WILDE, NGUYEN = ("jury.goossens@kuleuven.demo", "jury.dewilde@voka.demo",
                              "jury.nguyen@imec.demo")
MIDWAY_JURY = "antwerpen-koele-plekken-hittegolf"

JURIES = [
    {
        # Closed five days ago: the jury is half-way, scoring is still open.
        "challenge": MIDWAY_JURY, "organiser": "karim.elamrani@antwerpen.demo",
        "blind": True, "scale": (0, 5), "view": RankingView.WEIGHTED, "set_up": (-12, 14, 0),
        # (email, chair, when they declared on every proposal)
        "jurors": [(GOOSSENS, True, (1, 9, 0)), (DE_WILDE, False, (2, 8, 30)),
                   (NGUYEN, False, (3, 20, 0))],
        # The meaning of each score, per criterion in published order.
        "levels": [
            {0: "Onvoldoende: bereikt kwetsbare inwoners niet.",
             1: "Zwak: alleen wie zelf al de weg vindt.",
             2: "Matig: bereikt een deel, maar niet wie geen smartphone heeft.",
             3: "Voldoende: bereikt ouderen en zieken via minstens één kanaal zonder "
                "smartphone.",
             4: "Goed: via meerdere kanalen, ook in andere talen dan het Nederlands.",
             5: "Uitstekend: bereikt aantoonbaar wie het meeste risico loopt, via mensen die "
                "ze vertrouwen."},
            {0: "Onvoldoende: de informatie klopt niet of is niet te controleren.",
             1: "Zwak: de informatie raakt snel verouderd.",
             2: "Matig: klopt meestal, maar niet op de drukste momenten.",
             3: "Voldoende: klopt, met een duidelijke beheerder van de gegevens.",
             4: "Goed: actueel, ook op het drukste moment van een hittegolf.",
             5: "Uitstekend: actueel, gecontroleerd en met een plan als iets uitvalt."},
            {0: "Onvoldoende: nog geen plan om te starten.",
             1: "Zwak: een idee; de volgende zomer is niet haalbaar.",
             2: "Matig: haalbaar, maar met grote onzekerheden.",
             3: "Voldoende: een planning, met enkele open afhankelijkheden.",
             4: "Goed: een haalbare planning met partners die al ja zeiden.",
             5: "Uitstekend: werkt bij de eerste hittegolf, na een proef vooraf."},
            {0: "Onvoldoende: veel duurder dan het budget, of onduidelijk.",
             1: "Zwak: past niet in het budget zonder extra middelen.",
             2: "Matig: past krap, met verborgen kosten na de proef.",
             3: "Voldoende: past in het budget van de proof of concept.",
             4: "Goed: ruim binnen het budget, met duidelijke kosten per zomer.",
             5: "Uitstekend: goedkoop per bereikte inwoner en elk jaar te herhalen."},
        ],
        "conflicts": {
            (DE_WILDE, "hello@zonnedeel.demo"): (
                "ZonneDeel volgt het startersprogramma van Voka en ik ben er hun mentor. Ik "
                "scoor dit voorstel daarom niet."),
        },
        # Done: Goossens three, De Wilde and Nguyen one each. A draft: De Wilde. Not started:
        # Nguyen's other two. A conflict: De Wilde and the Koelkaart.
        "reviews": [
            DemoReview(
                GOOSSENS, "info@buurtwerk.demo", (1, 11, 20), (5, 4, 4, 4), (
                    "Sterk: de ambassadeurs bereiken via huisarts, apotheker en thuiszorg "
                    "precies wie geen smartphone heeft of niet alleen naar buiten durft.",
                    "Een vast aanspreekpunt per buur is betrouwbaar. Beschrijf nog wat er "
                    "gebeurt als een ambassadeur zelf ziek of op vakantie is.",
                    "Werven in het voorjaar en klaar op 1 juni is haalbaar, zeker met de "
                    "wijkgezondheidscentra als partner.",
                    "Redelijk voor drie wijken. Maak duidelijk wat een tweede zomer kost, "
                    "zonder de opstartkosten."),
                "Een menselijke aanpak die aansluit bij wat kwetsbare inwoners echt nodig "
                "hebben. Werk nog uit hoe de ambassadeurs samenwerken met de koele plekken "
                "zelf: openingsuren en vervoer.",
                "Sterkste voorstel tot nu toe. In het overleg vragen of Buurtwerk genoeg "
                "vrijwilligers vindt op de Luchtbal; daar liep een vorig project vast."),
            DemoReview(
                GOOSSENS, "hello@zonnedeel.demo", (2, 10, 5), (3, 4, 5, 3), (
                    "De sms-dienst en de schermen in apotheken zijn een goed begin, maar wie "
                    "zelf niet zoekt, wordt niet bereikt.",
                    "Beheerders die drukte met één knop melden: eenvoudig en actueel. Wie "
                    "controleert de openingsuren?",
                    "Een eerste versie van de kaart bestaat al; klaar voor de volgende zomer "
                    "is zeker haalbaar.",
                    "Past in het budget, maar de sms-kosten tijdens een lange hittegolf zijn "
                    "niet begroot."),
                "Een degelijk hulpmiddel dat snel inzetbaar is. Het voorstel wint aan kracht "
                "met een partner die kwetsbare inwoners zelf aanspreekt.",
                "Technisch het best uitgewerkt. Het bereik van ouderen zonder gsm blijft de "
                "zwakke plek."),
            DemoReview(
                GOOSSENS, "student.emma@ugent.demo", (2, 14, 40), (2, 3, 2, 4), (
                    "De hittekaart helpt de stad kiezen waar ze waarschuwt, maar bereikt zelf "
                    "geen kwetsbare inwoners.",
                    "Honderd sensoren geven veel metingen. Leg uit hoe je corrigeert voor zon "
                    "en schaduw op een rijdende fiets.",
                    "Een masterproef die in juni eindigt, laat weinig tijd. Wie beheert de "
                    "kaart daarna?",
                    "Goedkoop: 6.000 euro voor de sensoren."),
                "Een waardevolle meetcampagne die de stad helpt kiezen waar tijdelijke koele "
                "plekken komen. Als antwoord op deze challenge mist een manier om kwetsbare "
                "inwoners zelf te bereiken.",
                "Doorverwijzen naar het klimaatteam van de stad, ook als het niet wint."),
            DemoReview(
                DE_WILDE, "info@buurtwerk.demo", (2, 10, 15), (4, 3, 4, 5), (
                    "Goed bereik via de eerstelijnszorg. Drie wijken is een begin: hoe kom je "
                    "daarna in de andere wijken?",
                    "Steunt volledig op vrijwilligers; een reservelijst zou het betrouwbaarder "
                    "maken.",
                    "De planning is concreet en de partners zijn er al.",
                    "Zeer betaalbaar: 13.000 euro voor minstens 450 kwetsbare inwoners met een "
                    "vast aanspreekpunt."),
                "Sterk en betaalbaar. Werk de continuïteit uit: wat als een ambassadeur "
                "tijdens een hittegolf uitvalt?",
                "Lage kosten per bereikte inwoner. Ik twijfel aan de opschaling zonder vaste "
                "coördinator."),
            DemoReview(
                DE_WILDE, "student.emma@ugent.demo", (3, 21, 50), (2, 3), (
                    "Een mooie meetcampagne, maar ze bereikt zelf geen kwetsbare inwoners.",
                    "Sensoren op fietsen meten ook de zon op het asfalt; hoe corrigeer je "
                    "dat?"),
                note="Nog na te gaan: wat kosten de sensoren na de masterproef?",
                submitted=False),
            DemoReview(
                NGUYEN, "info@buurtwerk.demo", (3, 21, 30), (5, 3, 3, 4), (
                    "Uitstekend: wie het meeste risico loopt, wordt persoonlijk gebeld en "
                    "bezocht.",
                    "De ambassadeurs hebben actuele openingsuren en drukte van de koele "
                    "plekken nodig; die informatie zit niet in het voorstel.",
                    "Haalbaar, maar de lijst van kwetsbare buren vraagt toestemming en tijd: "
                    "begin zo vroeg mogelijk met de aanmeldingen.",
                    "Een duidelijke begroting. Taxicheques zijn een goed idee voor wie niet "
                    "ver kan stappen."),
                "Een sterke sociale aanpak, die nog beter zou werken met actuele informatie "
                "over welke koele plek open is.",
                "In het overleg een combinatie met een kaartvoorstel voorleggen?"),
        ],
    },
    {
        "challenge": "brugge-fietsparkeren-binnenstad-station",
        "organiser": "pieter.vermeulen@brugge.demo", "publisher": "sofie.declercq@brugge.demo",
        # The published minimum scores (6 and 5) are on a scale of ten.
        "blind": True, "scale": (0, 10), "view": RankingView.WEIGHTED, "set_up": (-20, 10, 0),
        "jurors": [(GOOSSENS, True, (1, 9, 0)), (DE_WILDE, False, (2, 10, 0)),
                   (NGUYEN, False, (3, 9, 30))],
        "levels": [
            {0: "Onvoldoende: geen fiets minder op de stoep.",
             5: "Voldoende: minder fietsen op stoepen in een deel van de binnenstad.",
             10: "Uitstekend: stoepen en gevels aantoonbaar vrij, ook aan het station."},
            {0: "Onvoldoende: telt geen vrije plaatsen.",
             5: "Voldoende: telt, maar zonder controle van de nauwkeurigheid.",
             10: "Uitstekend: nauwkeurig, getoetst aan tellingen met de hand."},
            {0: "Onvoldoende: schaadt het beschermd stadsgezicht.",
             5: "Voldoende: valt op, maar is aanvaardbaar buiten de pleinen.",
             10: "Uitstekend: nauwelijks zichtbaar in de historische binnenstad."},
        ],
        "conflicts": {},
        "reviews": [
            DemoReview(
                GOOSSENS, "founder@slimparkeren.demo", (2, 10, 0), (8, 8, 7), (
                    "Borden aan de invalswegen sturen fietsers naar de stallingen aan de rand: "
                    "precies wat de stoepen in de binnenstad ontlast.",
                    "Tellers aan in- en uitgang, eerst een maand vergeleken met tellingen met "
                    "de hand: een degelijke aanpak.",
                    "De borden zijn klein gehouden; vraag voor de pleinen wel advies van "
                    "Onroerend Erfgoed."),
                "Een doordacht voorstel dat eerst meet en dan stuurt. De open gegevens voor "
                "routeplanners zijn een mooie extra.",
                "Mijn favoriet. Voor het overleg: wie onderhoudt de tellers na de piloot?"),
            DemoReview(
                GOOSSENS, "sales@cleantech.demo", (2, 11, 30), (7, 3, 6), (
                    "Twee keer zoveel plaatsen in de zijstraten haalt echt fietsen van de "
                    "stoep.",
                    "Het voorstel telt geen vrije plaatsen, terwijl de challenge daar wel om "
                    "vroeg.",
                    "Lager dan een klassiek dubbeldeksrek, maar nog altijd opvallend in een "
                    "smalle straat."),
                "Een nuttige aanvulling op het aanbod, maar geen antwoord op de vraag waar er "
                "plaats is.",
                "Interessant voor de dienst Mobiliteit, los van deze challenge."),
            DemoReview(
                GOOSSENS, "hello@zonnedeel.demo", (3, 9, 15), (5, 6, 4), (
                    "Een lampje per beugel helpt wie al voor de beugel staat, niet wie nog "
                    "moet kiezen waar te stallen.",
                    "Een sensor per beugel is nauwkeurig, maar duur om te onderhouden.",
                    "Vijftig zonnepanelen aan het station vallen op in het straatbeeld."),
                "Origineel, maar het leidt fietsers niet van ver naar een vrije plaats."),
            DemoReview(
                DE_WILDE, "founder@slimparkeren.demo", (4, 14, 0), (7, 9, 6), (
                    "Het effect hangt af van de vraag of fietsers de borden volgen; meet dat "
                    "ook in de piloot.",
                    "Tellen zonder camera en eerst vergelijken met tellingen met de hand: zeer "
                    "betrouwbaar.",
                    "Vier borden aan de invalswegen zijn aanvaardbaar, maar geen extra palen "
                    "op de pleinen."),
                "Sterk op de telling en realistisch in budget. Vraag de stad een nulmeting "
                "van de fietsen op stoepen.",
                "SlimParkeren werkt al in drie steden; ik heb geen zakelijke band met hen."),
            DemoReview(
                DE_WILDE, "sales@cleantech.demo", (4, 15, 10), (8, 4, 7), (
                    "Meer plaatsen op dezelfde oppervlakte: een direct effect.",
                    "Er is geen telling; de score weerspiegelt dat het voorstel daar niet op "
                    "ingaat.",
                    "De lage uitvoering en de kleur in overleg met Onroerend Erfgoed zijn een "
                    "goede aanzet."),
                "Concreet en snel uitvoerbaar. Combineer de rekken met een telling om aan de "
                "vraag van de stad te voldoen.",
                "Scherpe prijs per rek."),
            DemoReview(
                DE_WILDE, "hello@zonnedeel.demo", (5, 9, 40), (4, 6, 5), (
                    "Beperkt effect: fietsers zien het lampje pas als ze er al staan.",
                    "Meten per beugel werkt, als de batterijen de winter overleven.",
                    "Past aan het station, niet in de historische binnenstad."),
                "Mooie techniek, maar de kost per plaats is hoog voor het effect.",
                "250 euro per beugel, voor meer dan 20.000 plaatsen: onbetaalbaar op schaal."),
            DemoReview(
                NGUYEN, "founder@slimparkeren.demo", (6, 20, 30), (8, 8, 8), (
                    "Leidt fietsers naar plaatsen die er al zijn, zonder nieuwe stallingen te "
                    "bouwen.",
                    "Tellers aan de ingangen zijn een beproefde techniek. Geef nog de "
                    "foutmarge bij drukte aan het station.",
                    "Discreet: de tellers zitten in de stallingen en de borden zijn klein."),
                "Het meest complete voorstel: meten, tonen en open gegevens, in één piloot "
                "van zes maanden.",
                "Het formaat van de open gegevens nog vastleggen, liefst een open standaard."),
            DemoReview(
                NGUYEN, "sales@cleantech.demo", (6, 21, 0), (6, 3, 5), (
                    "Helpt in de winkelstraten, minder aan het station.",
                    "Er is geen telling van vrije plaatsen.",
                    "Past in brede zijstraten, niet in de smalste."),
                "Een degelijk product, maar het beantwoordt maar de helft van de vraag.",
                "De bovenste rij is lastig met een zware elektrische fiets; navragen."),
            DemoReview(
                NGUYEN, "hello@zonnedeel.demo", (7, 19, 45), (5, 7, 3), (
                    "Lost het zoeken binnen één stalling op, niet het stallen op de stoep.",
                    "Nauwkeurig per beugel; hoe werkt het met regen of sneeuw op de panelen?",
                    "Te opvallend voor het beschermd stadsgezicht."),
                "Een interessant idee om verder te ontwikkelen, eerder voor grote "
                "stallingen."),
        ],
        # (author, place, award, shortlisted, honourable mention, motivation); the first place
        # gets the challenge's reward amount.
        "decisions": [
            ("founder@slimparkeren.demo", 1, "Winnaar", True, False,
             "FietsVrij beantwoordt de vraag van de stad het best: het telt de vrije plaatsen "
             "zonder camera's, toetst de tellers eerst aan tellingen met de hand en leidt "
             "fietsers met borden aan de invalswegen naar de stallingen aan de rand. De jury "
             "waardeert ook dat de gegevens open worden gedeeld."),
            ("sales@cleantech.demo", None, None, True, False,
             "De compacte dubbeldeksrekken maken snel meer plaats in de winkelstraten. Omdat "
             "ze geen vrije plaatsen tellen, halen ze de minimumscore voor de telling niet; de "
             "stad bekijkt ze als aanvulling op de piloot."),
            ("hello@zonnedeel.demo", None, None, False, False,
             "Een origineel idee, maar het lampje helpt pas wie al aan de stalling staat, en de "
             "kost per plaats is te hoog voor de hele binnenstad."),
        ],
    },
    {
        "challenge": "mechelen-slimme-vuilnisbakken",
        "organiser": "tom.janssens@mechelen.demo", "publisher": "els.peeters@mechelen.demo",
        "blind": False, "scale": (0, 10), "view": RankingView.NORMALISED,
        "set_up": (-15, 10, 0),
        "jurors": [(DE_WILDE, True, (1, 9, 0)), (GOOSSENS, False, (1, 14, 0)),
                   (NGUYEN, False, (2, 10, 0))],
        "levels": [{}, {}, {}],
        "conflicts": {},
        "reviews": [
            DemoReview(
                DE_WILDE, "sales@cleantech.demo", (3, 10, 0), (8, 7, 9), (
                    "Goede resultaten in de testopstelling.",
                    "Zonder planner hangt de besparing af van wat de dienst met de gegevens "
                    "doet.",
                    "Vijf jaar op één batterij en bestand tegen vorst."),
                "Sterk en meteen inzetbaar. Koppel het aan een planner om de besparing waar "
                "te maken.",
                "Scherpe prijs per sensor; garantie op de batterij vragen."),
            DemoReview(
                DE_WILDE, "founder@slimparkeren.demo", (3, 11, 0), (4, 9, 6), (
                    "Geen eigen meting: de voorspelling is zo goed als de sensoren.",
                    "Hier zit de echte besparing: elke ochtend een kortere ronde.",
                    "Werkt met elke sensor op het LoRaWAN-netwerk."),
                "Veel waarde, samen met een goede sensor.",
                "Samenwerking met VulGraad voorstellen."),
            DemoReview(
                DE_WILDE, "hello@zonnedeel.demo", (3, 11, 45), (2, 5, 7), (
                    "Geen echte meting van de vullingsgraad.",
                    "Vijf keer zoveel inhoud scheelt ritten op de drukste plekken.",
                    "Robuust, maar groot in het straatbeeld."),
                "Interessant voor enkele drukke plekken, niet voor de hele stad."),
            DemoReview(
                GOOSSENS, "sales@cleantech.demo", (4, 9, 30), (9, 7, 8), (
                    "De ultrasone sensor meet betrouwbaar, ook bij een half open deksel.",
                    "Een aannemelijke besparing, al zit de rondeplanning niet in het voorstel.",
                    "Meldt ook brand en omvallen: een duidelijke meerwaarde."),
                "Een rijpe, betaalbare oplossing die past op de bestaande vuilnisbakken."),
            DemoReview(
                GOOSSENS, "founder@slimparkeren.demo", (4, 10, 15), (5, 8, 6), (
                    "Meet zelf niets en steunt op de sensoren van anderen.",
                    "Een ronde langs alleen de volle vuilnisbakken bespaart het meest.",
                    "Software: weinig kwetsbaar op straat."),
                "Een slimme aanvulling op een sensor, maar alleen beantwoordt het de vraag "
                "niet."),
            DemoReview(
                GOOSSENS, "hello@zonnedeel.demo", (4, 11, 0), (3, 4, 6), (
                    "Meet de vullingsgraad maar ruw.",
                    "Minder ledigen, maar 4.200 euro per vuilnisbak weegt zwaar.",
                    "Stevige bakken."),
                "Een beproefd product, maar duur voor wat het bespaart."),
            DemoReview(
                NGUYEN, "sales@cleantech.demo", (5, 19, 0), (9, 8, 7), (
                    "Nauwkeurig, en de metingen komen als open data beschikbaar.",
                    "Minder ritten langs halflege vuilnisbakken is aannemelijk.",
                    "Test het tegen vandalisme op de Vesten."),
                "Technisch het sterkste voorstel."),
            DemoReview(
                NGUYEN, "founder@slimparkeren.demo", (5, 19, 40), (5, 8, 7), (
                    "Steunt op de metingen van anderen.",
                    "Voorspellen met het weerbericht is vernieuwend.",
                    "Geen hardware op straat, dus robuust."),
                "Verdient een vervolg samen met de sensoren van de piloot."),
            DemoReview(
                NGUYEN, "hello@zonnedeel.demo", (5, 20, 10), (3, 3, 6), (
                    "Meet alleen of de pers nog werkt.",
                    "De besparing weegt niet op tegen de investering.",
                    "Het zonnepaneel is kwetsbaar onder bomen."),
                "Vervangt vuilnisbakken in plaats van ze slimmer te ledigen."),
        ],
        "decisions": [
            ("sales@cleantech.demo", 1, "Winnaar", True, False,
             "VulGraad meet betrouwbaar hoe vol een vuilnisbak is, past op de bestaande "
             "vuilnisbakken en gebruikt het LoRaWAN-netwerk van de stad. De jury vindt het de "
             "rijpste en meest betaalbare oplossing om meteen een piloot mee te starten."),
            ("founder@slimparkeren.demo", None, None, True, True,
             "De Rondeplanner haalt de grootste besparing uit de metingen: elke ochtend een "
             "kortere ronde langs alleen de vuilnisbakken die vol raken. De jury beveelt aan "
             "de planner samen met de sensoren van de winnaar te testen."),
            ("hello@zonnedeel.demo", None, None, False, False,
             "Persende vuilnisbakken sparen ritten op enkele drukke plekken, maar de "
             "investering per vuilnisbak is te hoog om het hele netwerk slimmer te maken."),
        ],
    },
    {
        "challenge": "mechelen-energieverbruik-stadsgebouwen",
        "organiser": "tom.janssens@mechelen.demo", "publisher": "els.peeters@mechelen.demo",
        "blind": False, "scale": (0, 5), "view": RankingView.WEIGHTED, "set_up": (-10, 10, 0),
        "jurors": [(NGUYEN, True, (1, 10, 0)), (GOOSSENS, False, (2, 9, 0)),
                   (DE_WILDE, False, (2, 13, 0))],
        "levels": [{}, {}, {}],
        "conflicts": {},
        "reviews": [
            DemoReview(
                NGUYEN, "hello@zonnedeel.demo", (3, 10, 0), (5, 4, 4), (
                    "Kwartierwaarden uit de digitale meters maken verspilling meetbaar.",
                    "Meldingen in de mailbox vragen geen nieuw systeem.",
                    "De proef past in het budget."),
                "Het beste antwoord op de vraag van de stad."),
            DemoReview(
                NGUYEN, "sales@cleantech.demo", (3, 10, 30), (2, 2, 3), (
                    "Zonder meting is de besparing niet aan te tonen.",
                    "Maandelijkse gesprekken vragen veel tijd van de beheerders.",
                    "Redelijk per gesprek, duur op een jaar."),
                "Een aanvulling, geen oplossing."),
            DemoReview(
                GOOSSENS, "hello@zonnedeel.demo", (4, 11, 0), (4, 5, 4), (
                    "Meldingen bij nachtverbruik pakken de grootste verspilling aan.",
                    "Eén overzicht dat de technische dienst elke ochtend opent.",
                    "Redelijk, en daarna 40 euro per gebouw per jaar."),
                "Eenvoudig, goedkoop en meteen bruikbaar."),
            DemoReview(
                GOOSSENS, "sales@cleantech.demo", (4, 11, 40), (2, 3, 2), (
                    "Gesprekken helpen, maar de besparing blijft onzeker.",
                    "Persoonlijk en laagdrempelig.",
                    "24.000 euro per jaar is veel voor tien gebouwen."),
                "Sympathiek, maar het maakt het verbruik niet zichtbaar."),
            DemoReview(
                DE_WILDE, "hello@zonnedeel.demo", (5, 15, 0), (4, 4, 5), (
                    "Tien procent besparing is aannemelijk met de meldingen.",
                    "Het verbruik naast dat van een gewone dag is helder.",
                    "Zeer betaalbaar na de proef."),
                "Een sterk voorstel met een duidelijke terugverdientijd."),
            DemoReview(
                DE_WILDE, "sales@cleantech.demo", (5, 15, 30), (3, 3, 2), (
                    "Een coach vindt de grote lekken, maar niet elke nacht opnieuw.",
                    "Vraagt weinig techniek van de beheerders.",
                    "Duur voor wat het oplevert."),
                "Beter als aanvulling op een meetsysteem."),
        ],
        "decisions": [
            ("hello@zonnedeel.demo", 1, "Winnaar", True, False,
             "Het verbruik van elk gebouw per kwartier, met een melding als er 's nachts iets "
             "blijft branden: eenvoudig voor de technische dienst en goedkoop na de proef. De "
             "jury verwacht hiermee de beoogde besparing van tien procent te halen."),
            ("sales@cleantech.demo", None, None, False, False,
             "Persoonlijke begeleiding helpt, maar zonder meting per kwartier blijft de "
             "verspilling onzichtbaar, en de kost per jaar is hoog."),
        ],
    },
]


def _organisation(data: dict) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == data["slug"]))
    if organisation is None:
        organisation = Organisation(**data)
        db.session.add(organisation)
    return organisation


def _user(email, name, kind, language, extra, hashes: dict[str, str]) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, display_name=name, participant_kind=kind, language=language,
                    email_verified_at=utcnow(), **extra)
        # Every demo account has the same password: scrypt is slow on purpose, so hash it
        # once per run rather than once per account.
        if DEMO_PASSWORD in hashes:
            user.password_hash = hashes[DEMO_PASSWORD]
        else:
            user.set_password(DEMO_PASSWORD)
            hashes[DEMO_PASSWORD] = user.password_hash
        db.session.add(user)
    return user


def _themes() -> dict[str, Theme]:
    themes = {theme.slug: theme for theme in db.session.scalars(select(Theme))}
    for position, (slug, name_nl, name_en) in enumerate(THEMES, start=1):
        if slug not in themes:
            themes[slug] = Theme(slug=slug, name_nl=name_nl, name_en=name_en,
                                 position=position, active=True)
            db.session.add(themes[slug])
    return themes


def _at(today: date, spec: tuple[int, int, int]) -> datetime:
    """(days from today, hour, minute) on the Brussels clock, as UTC."""
    days, hour, minute = spec
    return brussels_to_utc(datetime.combine(today + timedelta(days=days), time(hour, minute)))


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF (Helvetica, WinAnsi text), with a correct cross-reference
    table so that every reader opens it."""
    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 16 Tf", "72 770 Td", f"({text(title)}) Tj", "/F1 11 Tf",
                "0 -30 Td"]
    for line in lines:
        commands += [f"({text(line)}) Tj", "0 -16 Td"]
    commands.append("ET")
    stream = "\n".join(commands).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(pdf)


def _deadline_notice(spec: dict, closes_at: datetime, created_at: datetime) -> ChangeNotice:
    moment = {language: format_datetime(closes_at, "EEEE d MMMM y, HH:mm", tzinfo=BRUSSELS,
                                        locale=language)
              for language in ("nl", "en")}
    return ChangeNotice(
        text_nl=f"De deadline is verlengd tot {moment['nl']}. {spec['extension_reason_nl']}",
        text_en=f"The deadline was extended to {moment['en']}. {spec['extension_reason_en']}",
        created_at=created_at)


TEXT_FIELDS = ("title", "summary", "problem", "context", "expected_solutions", "goals",
               "out_of_scope", "constraints", "eligibility", "reward_text", "contact_name",
               "contact_email", "cancel_reason")
DATE_FIELDS = ("opens_at", "closes_at", "jury_decision_at", "results_at", "published_at",
               "cancelled_at")


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
    for name in DATE_FIELDS:
        if name in spec:
            setattr(challenge, name, _at(today, spec[name]))
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
        challenge.notices = [_deadline_notice(spec, challenge.closes_at,
                                              _at(today, spec["extended_on"]))]
    added_at = _at(today, spec["extended_on"]) if "extended_on" in spec else \
        challenge.published_at
    for filename, title, lines in spec.get("attachments", []):
        data = _pdf(title, lines)
        challenge.attachments.append(ChallengeAttachment(
            filename=filename, content_type="application/pdf", size=len(data), data=data,
            created_at=added_at))
    db.session.add(challenge)
    for email, days_ago, body, answer in spec.get("questions", []):
        asked_at = _at(today, (-days_ago, 10, 15))
        question = Question(challenge=challenge, asker=users[email], body=body,
                            created_at=min(asked_at, now))
        if answer is not None:
            question.status = QuestionStatus.ANSWERED
            question.answer = answer
            question.answered_by = author
            question.answered_at = min(_at(today, (1 - days_ago, 14, 0)), now)
        else:
            question.status = QuestionStatus.PENDING
        db.session.add(question)
    return challenge


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour (8-bit RGB, rows without filter), built by hand."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def _while_open(challenge: Challenge, moment: datetime, now: datetime) -> datetime:
    """A submission moment inside the challenge's opening and in the past. The specs fit a
    challenge loaded today; the clamp keeps proposals added to challenges loaded on an
    earlier day consistent too."""
    latest = min(challenge.closes_at, now) - timedelta(minutes=5)
    return max(challenge.opens_at + timedelta(minutes=5), min(moment, latest))


def _free_slot(challenge: Challenge, user: User) -> int | None:
    """The participant's lowest free place in the challenge, as submitting would take it."""
    taken = set(db.session.scalars(select(ProposalSlot.slot).where(
        ProposalSlot.challenge_id == challenge.id, ProposalSlot.user_id == user.id)))
    return next((n for n in range(1, challenge.max_proposals_per_participant + 1)
                 if n not in taken), None)


def _proposal(spec: dict, challenges: dict[str, Challenge], users: dict[str, User],
              now: datetime) -> Proposal | None:
    """The proposal with its team, versions, places, attachments and supports, as the
    operations would have left them; None when it exists already or cannot be added."""
    challenge, author = challenges.get(spec["challenge"]), users[spec["author"]]
    if challenge is None or db.session.scalar(select(Proposal.id).where(
            Proposal.challenge_id == challenge.id, Proposal.author_id == author.id,
            Proposal.title == spec["title"])):
        return None
    today = now.astimezone(BRUSSELS).date()
    status = spec["status"]
    team = [author] + [users[email] for email, _, accepted in spec.get("team", []) if accepted]
    slots = {user.id: _free_slot(challenge, user) for user in team} \
        if status in ENTERED else {}
    if None in slots.values():
        # Someone used all their places in the meantime (the demo was played with).
        return None

    content = {name: spec.get(name, "") for name in CONTENT_FIELDS}
    versions = [(_while_open(challenge, _at(today, when), now), users[by], {**content, **earlier})
                for when, by, earlier in spec.get("versions", [])]
    created_at = min(_at(today, spec["created"]), now)
    if versions:
        created_at = min(created_at, versions[0][0] - timedelta(hours=2))
    proposal = Proposal(challenge=challenge, author=author, status=status,
                        created_at=created_at, updated_at=created_at, **content)
    for email, invited, accepted in spec.get("team", []):
        proposal.members.append(TeamMember(
            email=email, invited_by_id=author.id, invited_at=min(_at(today, invited), now),
            user=users[email] if accepted else None,
            accepted_at=min(_at(today, accepted), now) if accepted else None))
    for number, (moment, by, snapshot) in enumerate(versions, start=1):
        proposal.versions.append(ProposalVersion(version=number, content=snapshot,
                                                 submitted_by_id=by.id, submitted_at=moment))
    for item in spec.get("attachments", []):
        if "png" in item:
            data, content_type = _png(*item["png"]), "image/png"
        else:
            data, content_type = _pdf(item["title"], item["lines"]), "application/pdf"
        proposal.attachments.append(ProposalAttachment(
            filename=item["filename"], content_type=content_type, size=len(data), data=data,
            uploaded_by_id=users[item.get("by", spec["author"])].id,
            created_at=created_at + timedelta(hours=1)))
    updated_at = max([created_at] + [moment for moment, _, _ in versions])
    if versions:
        proposal.version = len(versions)
        proposal.submitted_at = proposal.rules_accepted_at = versions[0][0]
        proposal.organisation_name = author.company_name
        proposal.enterprise_number = author.enterprise_number
    if status == ProposalStatus.WITHDRAWN:
        proposal.withdrawn_at = updated_at = max(
            updated_at, _while_open(challenge, _at(today, spec["withdrawn"]), now))
    if status == ProposalStatus.INELIGIBLE:
        proposal.ineligible_reason = spec["ineligible_reason"]
    if status in (ProposalStatus.WINNER, ProposalStatus.SHORTLISTED,
                  ProposalStatus.NOT_SELECTED) and challenge.results_at:
        updated_at = max(updated_at, min(challenge.results_at, now))  # the results changed it
    if "updated" in spec:
        updated_at = max(updated_at, min(_at(today, spec["updated"]), now))
    db.session.add(proposal)
    db.session.flush()
    if versions:
        proposal.reference = (f"{proposal.submitted_at:%Y}-{challenge.id:03d}-"
                              f"{proposal.id:05d}")
    # Set after the flush too, so that this second UPDATE keeps it instead of stamping "now".
    proposal.updated_at = updated_at
    for user_id, slot in slots.items():
        db.session.add(ProposalSlot(challenge_id=challenge.id, user_id=user_id, slot=slot,
                                    proposal_id=proposal.id))
    for hours, email in enumerate(spec.get("supporters", []), start=1):
        db.session.add(Support(proposal_id=proposal.id, user_id=users[email].id,
                               created_at=min(proposal.submitted_at + timedelta(hours=4 * hours),
                                              now)))
    db.session.flush()
    return proposal


def _on(anchor: datetime, spec: tuple[int, int, int], now: datetime) -> datetime:
    """(days after the anchor's date, hour, minute) on the Brussels clock, as UTC, and never
    later than now."""
    return min(_at(anchor.astimezone(BRUSSELS).date(), spec), now)


def _event(challenge: Challenge, actor: User, action: str, at: datetime,
           proposal: Proposal | None = None, **details) -> None:
    """An audit event as operations.audit writes it (details in plain JSON values), dated when
    the demo says it happened rather than now."""
    db.session.add(AuditEvent(challenge_id=challenge.id, actor_id=actor.id, action=action,
                              proposal_id=proposal.id if proposal else None, details=details,
                              created_at=at))


def _fits(status: ProposalStatus, place: int | None, shortlisted: bool) -> bool:
    """Whether a decision is what operations.publish_results turned into this status."""
    if place is not None:
        return status == ProposalStatus.WINNER
    return status == (ProposalStatus.SHORTLISTED if shortlisted else ProposalStatus.NOT_SELECTED)


def _jury(spec: dict, challenge: Challenge, users: dict[str, User], now: datetime) -> None:
    """The challenge's jury with its members, declarations, reviews, lock and decisions. Each
    is added only when missing (keyed by challenge, juror email and proposal), with the audit
    events the operations would have written for it, dated when it happened."""
    jury = _set_up_jury(spec, challenge, users[spec["organiser"]], now)
    if (jury.scale_min, jury.scale_max) != spec["scale"]:
        return  # set up by hand with another scale: the demo's scores would not fit it
    members = _jurors(spec, jury, users, now)
    proposals: dict[str, Proposal] = {}
    for proposal in db.session.scalars(select(Proposal).where(
            Proposal.challenge_id == challenge.id, Proposal.status.in_(REVIEWABLE))
            .order_by(Proposal.submitted_at, Proposal.id)):
        proposals.setdefault(proposal.author.email, proposal)
    declared = _declarations(spec, members, proposals, users, now)
    _reviews(spec, members, proposals, declared, users, now)
    if "decisions" in spec:   # otherwise the jury is still at work and scoring stays open
        _decisions(spec, jury, members, proposals, users, now)


def _set_up_jury(spec: dict, challenge: Challenge, organiser: User, now: datetime) -> Jury:
    jury = db.session.scalar(select(Jury).where(Jury.challenge_id == challenge.id))
    if jury is not None:
        return jury
    set_up = _on(challenge.closes_at, spec["set_up"], now)
    low, high = spec["scale"]
    levels = {str(criterion.id): {str(level): text for level, text in described.items()}
              for criterion, described in zip(challenge.criteria, spec["levels"], strict=False)
              if described}
    jury = Jury(challenge=challenge, blind=spec["blind"], scale_min=low, scale_max=high,
                level_descriptions=levels, authoritative_view=spec["view"],
                assignment_mode="all", reviewers_per_proposal=3, created_at=set_up)
    db.session.add(jury)
    db.session.flush()
    _event(challenge, organiser, "jury_configured", set_up, blind=spec["blind"],
           scale=f"{low}-{high}", view=spec["view"].value, assignment="all")
    return jury


def _jurors(spec: dict, jury: Jury, users: dict[str, User],
            now: datetime) -> dict[str, JuryMember]:
    members = {m.email: m for m in jury.members}
    organiser = users[spec["organiser"]]
    for position, (email, chair, _declared) in enumerate(spec["jurors"], start=1):
        if email in members:
            continue
        # Someone with an account is on the jury as soon as they are invited.
        invited = _on(jury.challenge.closes_at, spec["set_up"], now) + \
            timedelta(minutes=5 * position)
        chair = chair and not any(m.is_chair for m in members.values())
        members[email] = JuryMember(jury=jury, email=email, user=users[email], is_chair=chair,
                                    invited_at=invited, accepted_at=invited)
        db.session.add(members[email])
        _event(jury.challenge, organiser, "juror_invited", invited, email=email, chair=chair)
    db.session.flush()
    return members


def _declarations(spec: dict, members: dict[str, JuryMember], proposals: dict[str, Proposal],
                  users: dict[str, User], now: datetime) -> dict:
    """Every juror on every proposal, one after the other: (member id, proposal id) ->
    declaration."""
    declared = {(d.member_id, d.proposal_id): d for d in db.session.scalars(
        select(ConflictDeclaration).where(ConflictDeclaration.member_id.in_(
            [m.id for m in members.values()])))}
    for email, _chair, moment in spec["jurors"]:
        member = members[email]
        at = _on(member.jury.challenge.closes_at, moment, now)
        for author, proposal in proposals.items():
            at += timedelta(minutes=4)
            if (member.id, proposal.id) in declared:
                continue
            reason = spec["conflicts"].get((email, author))
            declared[member.id, proposal.id] = declaration = ConflictDeclaration(
                member=member, proposal=proposal, has_conflict=reason is not None, reason=reason,
                declared_at=at)
            db.session.add(declaration)
            _event(proposal.challenge, users[email], "conflict_declared", at, proposal,
                   conflict=reason is not None, reason=reason)
    return declared


def _reviews(spec: dict, members: dict[str, JuryMember], proposals: dict[str, Proposal],
             declared: dict, users: dict[str, User], now: datetime) -> None:
    reviewed = {(member_id, proposal_id) for member_id, proposal_id in db.session.execute(
        select(Review.member_id, Review.proposal_id).where(
            Review.member_id.in_([m.id for m in members.values()])))}
    for item in spec["reviews"]:
        member, proposal = members[item.juror], proposals.get(item.author)
        if proposal is None or (member.id, proposal.id) in reviewed:
            continue
        declaration = declared.get((member.id, proposal.id))
        if declaration is None or declaration.has_conflict:
            continue  # a juror scores only what they declared no conflict with
        challenge = proposal.challenge
        at = _on(challenge.closes_at, item.at, now)
        review = Review(member=member, proposal=proposal, overall_comment=item.overall,
                        private_note=item.note, updated_at=at,
                        status=ReviewStatus.SUBMITTED if item.submitted else ReviewStatus.DRAFT,
                        submitted_at=at if item.submitted else None)
        # A draft has a row per criterion too, empty where the juror gave no score yet.
        for criterion, value, comment in zip_longest(challenge.criteria, item.scores,
                                                     item.comments):
            if criterion is not None:
                review.scores.append(Score(
                    criterion_id=criterion.id, comment=comment or "",
                    value=None if value is None else Decimal(value)))
        db.session.add(review)
        if item.submitted:
            _event(challenge, users[item.juror], "review_submitted", at, proposal,
                   scores={str(s.criterion_id): str(s.value) for s in review.scores})
        else:
            _event(challenge, users[item.juror], "review_saved", at, proposal)


def _decisions(spec: dict, jury: Jury, members: dict[str, JuryMember],
               proposals: dict[str, Proposal], users: dict[str, User], now: datetime) -> None:
    """The chair locks scoring the day before the jury meets and records the decisions at
    the meeting; the organiser publishes the results on the results date."""
    challenge = jury.challenge
    chair = next((m.user for m in members.values() if m.is_chair and m.user), None)
    if chair is None:
        return
    if jury.scoring_locked_at is None:
        jury.scoring_locked_at = _on(challenge.jury_decision_at, (-1, 16, 0), now)
        _event(challenge, chair, "scoring_locked", jury.scoring_locked_at)
    existing = db.session.execute(select(Decision.proposal_id, Decision.place).where(
        Decision.challenge_id == challenge.id)).all()
    decided, places = {pid for pid, _ in existing}, {place for _, place in existing}
    at = _on(challenge.jury_decision_at, (0, 15, 0), now)
    for author, place, award, shortlisted, mention, motivation in spec["decisions"]:
        at += timedelta(minutes=10)
        proposal = proposals.get(author)
        if proposal is None or proposal.id in decided or (place is not None and place in places) \
                or not _fits(proposal.status, place, shortlisted):
            continue
        amount = challenge.reward_amount if place == 1 else None
        db.session.add(Decision(
            challenge_id=challenge.id, proposal=proposal, shortlisted=shortlisted,
            motivation=motivation, place=place, award_name=award, award_amount=amount,
            honourable_mention=mention, updated_at=at))
        jury.decided_at = max(jury.decided_at or at, at)
        _event(challenge, chair, "decision_recorded", at, proposal, shortlisted=shortlisted,
               place=place, award=award, amount=None if amount is None else str(amount),
               honourable_mention=mention)
    published = db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.challenge_id == challenge.id, AuditEvent.action == "results_published"))
    if published is None and challenge.results_at is not None:
        _event(challenge, users[spec["publisher"]], "results_published",
               min(challenge.results_at, now))


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


def load_demo() -> Iterator[str]:
    organisations = {data["slug"]: _organisation(data) for data in ORGANISATIONS}
    hashes: dict[str, str] = {}
    users = {person[0]: _user(*person, hashes) for person in PEOPLE}
    db.session.flush()
    for email, slug, role in ROLES:
        user, organisation = users[email], organisations[slug]
        if user.role_in(organisation) is None:
            db.session.add(Membership(user=user, organisation=organisation, role=role))
    themes = _themes()
    now = utcnow()
    for spec in CHALLENGES:
        _challenge(spec, organisations, users, themes, now)
    db.session.flush()
    challenges = {c.slug: c for c in db.session.scalars(
        select(Challenge).where(Challenge.slug.in_([spec["slug"] for spec in CHALLENGES])))}
    for spec in PROPOSALS:
        _proposal(spec, challenges, users, now)
    for spec in JURIES:
        if spec["challenge"] in challenges:
            _jury(spec, challenges[spec["challenge"]], users, now)
    for slug, texts in LESSONS.items():
        challenge = challenges.get(slug)
        if challenge is not None and not (challenge.pilot_summary or challenge.lessons_learned):
            challenge.pilot_summary, challenge.lessons_learned = texts
    db.session.commit()

    yield "Demo data loaded. Every demo account uses the password: " + DEMO_PASSWORD
    yield ""
    yield "Platform administrator:  admin@challenges.demo"
    for email, slug, role in ROLES:
        yield f"{role.value:<8} {organisations[slug].name:<20} {email}"
    yield "Jury members:            jury.goossens@kuleuven.demo, jury.dewilde@voka.demo, " \
          "jury.nguyen@imec.demo"
    yield "Citizens:                jan.burger@example.demo, fatima.citizen@example.demo, " \
          "student.emma@ugent.demo"
    yield "Startups and companies:  founder@slimparkeren.demo, hello@zonnedeel.demo, " \
          "sales@cleantech.demo"
    yield ""
    yield "Demo challenges, one in every phase (a draft is seen only by its organisation):"
    slugs = [spec["slug"] for spec in CHALLENGES]
    by_slug = {c.slug: c for c in db.session.scalars(
        select(Challenge).where(Challenge.slug.in_(slugs)))}
    for slug in slugs:
        if slug in by_slug:
            yield f"  {by_slug[slug].phase.value:<18} /challenges/{slug}"
    yield ""
    yield "Proposals in every state. To see My proposals (/my/proposals) with team proposals,"
    yield "sign in as founder@slimparkeren.demo or as the co-author cofounder@slimparkeren.demo."
    yield from _jury_lines()


def _jury_lines() -> Iterator[str]:
    juries = {slug: jury for slug, jury in db.session.execute(
        select(Challenge.slug, Jury).join(Jury, Jury.challenge_id == Challenge.id).where(
            Challenge.slug.in_([spec["challenge"] for spec in JURIES])))}
    if MIDWAY_JURY in juries:
        pages = [("/jury", "her juries and what is left to do"),
                 (f"/jury/{MIDWAY_JURY}/progress", "submitted, draft, not started, a conflict"),
                 (f"/jury/{MIDWAY_JURY}/ranking", "the ranking so far, in three views")]
        width = max(len(path) for path, _ in pages)
        yield ""
        yield f"A jury half-way, scoring still open: sign in as its chair, {GOOSSENS}, and open"
        for path, what in pages:
            yield f"  {path:<{width}}  {what}"
        yield "Its organiser (not a juror) is karim.elamrani@antwerpen.demo:"
        yield f"  /manage/challenges/{MIDWAY_JURY}/jury"
    published = [slug for slug, jury in juries.items() if jury.decided_at is not None]
    if published:
        yield "Published results, with the jury's decisions and motivations (for everyone):"
        for spec in JURIES:
            if spec["challenge"] in published:
                yield f"  /challenges/{spec['challenge']}/results"
