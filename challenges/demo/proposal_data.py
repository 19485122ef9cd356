"""The demo proposals in every state, with their teams, versions, places, attachments and
public support."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from challenges import storage
from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.demo.helpers import brussels_at, pdf_bytes, png_bytes
from challenges.extensions import db
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
from challenges.timezones import BRUSSELS

# Proposals of the demo participants, keyed by (challenge, author, title). Moments are
# (days from today, hour, minute) on the Brussels clock, as for the challenges. "team" holds
# the co-authors: (email, invited, accepted or None while the invitation is pending).
# "versions" are the submissions: (moment, submitted by, fields that read differently then).
# Content fields not given stay empty, as in a draft.
SLIMPARKEREN_TEAM = ("Ruben Smets (ingenieur) en Nora Aerts (productontwerp) richtten "
                     "SlimParkeren op in Mechelen. Hun parkeersensoren werken al in drie "
                     "Vlaamse steden.")
PROPOSALS: list[dict[str, Any]] = [
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
        "language": "en",   # written in English: Dutch pages mark it lang="en"
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


def load_proposals(challenges: dict[str, Challenge], users: dict[str, User],
                   now: datetime) -> None:
    """Every demo proposal that is missing and still fits its challenge."""
    for spec in PROPOSALS:
        _proposal(spec, challenges, users, now)


def proposal_lines() -> Iterator[str]:
    """Where to see proposals, for the demo command's summary."""
    yield "Proposals in every state. To see My proposals (/my/proposals) with team proposals,"
    yield "sign in as founder@slimparkeren.demo or as the co-author cofounder@slimparkeren.demo."


def _while_open(challenge: Challenge, moment: datetime, now: datetime) -> datetime:
    """A submission moment inside the challenge's opening and in the past. The specs fit a
    challenge loaded today; the clamp keeps proposals added to challenges loaded on an
    earlier day consistent too."""
    assert challenge.opens_at is not None and challenge.closes_at is not None
    latest = min(challenge.closes_at, now) - timedelta(minutes=5)
    return max(challenge.opens_at + timedelta(minutes=5), min(moment, latest))


def _free_slot(challenge: Challenge, user: User) -> int | None:
    """The participant's lowest free place in the challenge, as submitting would take it."""
    taken = set(db.session.scalars(select(ProposalSlot.slot).where(
        ProposalSlot.challenge_id == challenge.id, ProposalSlot.user_id == user.id)))
    return next((n for n in range(1, challenge.max_proposals_per_participant + 1)
                 if n not in taken), None)


def _attach(proposal: Proposal, spec: dict, users: dict[str, User], at: datetime) -> None:
    for item in spec.get("attachments", []):
        if "png" in item:
            data, content_type = png_bytes(*item["png"]), "image/png"
        else:
            data, content_type = pdf_bytes(item["title"], item["lines"]), "application/pdf"
        proposal.attachments.append(ProposalAttachment(
            filename=item["filename"], content_type=content_type, size=len(data),
            file_sha256=storage.keep(data),
            uploaded_by_id=users[item.get("by", spec["author"])].id, created_at=at))


def _last_change(proposal: Proposal, spec: dict, updated_at: datetime, today,
                 now: datetime) -> datetime:
    """When the proposal last changed: its withdrawal, the results, or a later edit."""
    challenge = proposal.challenge
    if proposal.status == ProposalStatus.WITHDRAWN:
        proposal.withdrawn_at = updated_at = max(
            updated_at, _while_open(challenge, brussels_at(today, spec["withdrawn"]), now))
    if proposal.status in (ProposalStatus.WINNER, ProposalStatus.SHORTLISTED,
                           ProposalStatus.NOT_SELECTED) and challenge.results_at:
        updated_at = max(updated_at, min(challenge.results_at, now))  # the results changed it
    if "updated" in spec:
        updated_at = max(updated_at, min(brussels_at(today, spec["updated"]), now))
    return updated_at


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
    versions = [(_while_open(challenge, brussels_at(today, when), now), users[by],
                 {**content, **earlier})
                for when, by, earlier in spec.get("versions", [])]
    created_at = min(brussels_at(today, spec["created"]), now)
    if versions:
        created_at = min(created_at, versions[0][0] - timedelta(hours=2))
    proposal = Proposal(challenge=challenge, author=author, status=status,
                        language=spec.get("language", "nl"),
                        created_at=created_at, updated_at=created_at, **content)
    for email, invited, accepted in spec.get("team", []):
        proposal.members.append(TeamMember(
            email=email, invited_by_id=author.id,
            invited_at=min(brussels_at(today, invited), now),
            user=users[email] if accepted else None,
            accepted_at=min(brussels_at(today, accepted), now) if accepted else None))
    for number, (moment, by, snapshot) in enumerate(versions, start=1):
        proposal.versions.append(ProposalVersion(version=number, content=snapshot,
                                                 submitted_by_id=by.id, submitted_at=moment))
    _attach(proposal, spec, users, created_at + timedelta(hours=1))
    if versions:
        proposal.version = len(versions)
        proposal.submitted_at = proposal.rules_accepted_at = versions[0][0]
        proposal.organisation_name = author.company_name
        proposal.enterprise_number = author.enterprise_number
    if status == ProposalStatus.INELIGIBLE:
        proposal.ineligible_reason = spec["ineligible_reason"]
    updated_at = _last_change(proposal, spec, max([created_at] + [v[0] for v in versions]),
                              today, now)
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
    submitted_at = proposal.submitted_at or now
    for hours, email in enumerate(spec.get("supporters", []), start=1):
        db.session.add(Support(proposal_id=proposal.id, user_id=users[email].id,
                               created_at=min(submitted_at + timedelta(hours=4 * hours), now)))
    db.session.flush()
    return proposal
