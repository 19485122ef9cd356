"""The demo juries: one half-way with scoring still open, others with their decisions and
published results, each with its members, conflict declarations, reviews and audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import zip_longest
from typing import NamedTuple

from sqlalchemy import select

from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.demo.helpers import audit_event, brussels_after
from challenges.events import Event
from challenges.extensions import db
from challenges.jury.models import (
    REVIEWABLE,
    ConflictDeclaration,
    Jury,
    JuryMember,
    RankingView,
    Review,
    ReviewStatus,
    Score,
)
from challenges.results.models import Decision
from challenges.submissions.models import Proposal, ProposalStatus


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


def load_juries(challenges: dict[str, Challenge], users: dict[str, User],
                now: datetime) -> None:
    """The jury of every demo challenge that has one in JURIES, as far as it is missing."""
    for spec in JURIES:
        if spec["challenge"] in challenges:
            _jury(spec, challenges[spec["challenge"]], users, now)


def jury_lines() -> Iterator[str]:
    """Where to watch the half-way jury at work and to read published results, for the demo
    command's summary."""
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


def _closed(challenge: Challenge) -> datetime:
    """A jury works after the deadline: every demo challenge with a jury has one."""
    assert challenge.closes_at is not None
    return challenge.closes_at


def _set_up_jury(spec: dict, challenge: Challenge, organiser: User, now: datetime) -> Jury:
    jury = db.session.scalar(select(Jury).where(Jury.challenge_id == challenge.id))
    if jury is not None:
        return jury
    set_up = brussels_after(_closed(challenge), spec["set_up"], now)
    low, high = spec["scale"]
    levels = {str(criterion.id): {str(level): text for level, text in described.items()}
              for criterion, described in zip(challenge.criteria, spec["levels"], strict=False)
              if described}
    jury = Jury(challenge=challenge, blind=spec["blind"], scale_min=low, scale_max=high,
                level_descriptions=levels, authoritative_view=spec["view"],
                assignment_mode="all", reviewers_per_proposal=3, created_at=set_up)
    db.session.add(jury)
    db.session.flush()
    audit_event(challenge, organiser, "jury_configured", set_up, blind=spec["blind"],
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
        invited = brussels_after(_closed(jury.challenge), spec["set_up"], now) + \
            timedelta(minutes=5 * position)
        chair = chair and not any(m.is_chair for m in members.values())
        members[email] = JuryMember(jury=jury, email=email, user=users[email], is_chair=chair,
                                    invited_at=invited, accepted_at=invited)
        db.session.add(members[email])
        audit_event(jury.challenge, organiser, "juror_invited", invited, email=email, chair=chair)
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
        at = brussels_after(_closed(member.jury.challenge), moment, now)
        for author, proposal in proposals.items():
            at += timedelta(minutes=4)
            if (member.id, proposal.id) in declared:
                continue
            reason = spec["conflicts"].get((email, author))
            declared[member.id, proposal.id] = declaration = ConflictDeclaration(
                member=member, proposal=proposal, has_conflict=reason is not None, reason=reason,
                declared_at=at)
            db.session.add(declaration)
            audit_event(proposal.challenge, users[email], "conflict_declared", at, proposal,
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
        at = brussels_after(_closed(challenge), item.at, now)
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
            audit_event(challenge, users[item.juror], "review_submitted", at, proposal,
                        scores={str(s.criterion_id): str(s.value) for s in review.scores})
        else:
            audit_event(challenge, users[item.juror], "review_saved", at, proposal)


def _decisions(spec: dict, jury: Jury, members: dict[str, JuryMember],
               proposals: dict[str, Proposal], users: dict[str, User], now: datetime) -> None:
    """The chair locks scoring the day before the jury meets and records the decisions at
    the meeting; the organiser publishes the results on the results date."""
    challenge = jury.challenge
    chair = next((m.user for m in members.values() if m.is_chair and m.user), None)
    if chair is None:
        return
    if jury.scoring_locked_at is None:
        jury.scoring_locked_at = brussels_after(challenge.jury_decision_at or _closed(challenge), (-1, 16, 0), now)
        audit_event(challenge, chair, "scoring_locked", jury.scoring_locked_at)
    existing = db.session.execute(select(Decision.proposal_id, Decision.place).where(
        Decision.challenge_id == challenge.id)).all()
    decided, places = {pid for pid, _ in existing}, {place for _, place in existing}
    at = brussels_after(challenge.jury_decision_at or _closed(challenge), (0, 15, 0), now)
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
        audit_event(challenge, chair, "decision_recorded", at, proposal, shortlisted=shortlisted,
                    place=place, award=award, amount=None if amount is None else str(amount),
                    honourable_mention=mention)
    published = db.session.scalar(select(Event.id).where(
        Event.challenge_id == challenge.id, Event.action == "results_published"))
    if published is None and challenge.results_at is not None:
        audit_event(challenge, users[spec["publisher"]], "results_published",
                    min(challenge.results_at, now))
