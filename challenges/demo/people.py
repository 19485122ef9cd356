"""The demo organisations, their staff, the jurors, citizens and startups, and the roles the
staff hold in their organisation."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from challenges.accounts.models import Membership, Organisation, ParticipantKind, Role, User
from challenges.db import utcnow
from challenges.extensions import db

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
    # Suspended by the platform administrators (it cannot sign in): see /admin/users.
    ("spam@example.demo", "Reclame Robot", ParticipantKind.CITIZEN, "nl",
     {"suspended": True}),
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


def load_people() -> tuple[dict[str, Organisation], dict[str, User]]:
    """The organisations by slug and the accounts by email, with the staff's memberships;
    each is added only when missing."""
    organisations = {data["slug"]: _organisation(data) for data in ORGANISATIONS}
    hashes: dict[str, str] = {}
    users = {person[0]: _user(*person, hashes) for person in PEOPLE}
    db.session.flush()
    for email, slug, role in ROLES:
        user, organisation = users[email], organisations[slug]
        if user.role_in(organisation) is None:
            db.session.add(Membership(user=user, organisation=organisation, role=role))
    return organisations, users


def people_lines(organisations: dict[str, Organisation]) -> Iterator[str]:
    """Who to sign in as, for the summary the demo command prints."""
    yield "Platform administrator:  admin@challenges.demo"
    for email, slug, role in ROLES:
        yield f"{role.value:<8} {organisations[slug].name:<20} {email}"
    yield "Jury members:            jury.goossens@kuleuven.demo, jury.dewilde@voka.demo, " \
          "jury.nguyen@imec.demo"
    yield "Citizens:                jan.burger@example.demo, fatima.citizen@example.demo, " \
          "student.emma@ugent.demo"
    yield "Startups and companies:  founder@slimparkeren.demo, hello@zonnedeel.demo, " \
          "sales@cleantech.demo"


def _organisation(data: dict) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == data["slug"]))
    if organisation is None:
        organisation = Organisation(**data)
        db.session.add(organisation)
    return organisation


def _user(email, name, kind, language, extra, hashes: dict[str, str]) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        extra = dict(extra)
        if extra.pop("suspended", False):
            extra["suspended_at"] = utcnow()
        user = User(email=email, display_name=name, participant_kind=kind, language=language,
                    email_verified_at=utcnow(), **extra)
        # Every demo account has the same password: scrypt is slow on purpose, so hash it
        # once per run rather than once per account.
        if DEMO_PASSWORD in hashes:
            user.password_hash = hashes[DEMO_PASSWORD]
        else:
            user.set_password(DEMO_PASSWORD)
            hashes[DEMO_PASSWORD] = user.password_hash or ""
        db.session.add(user)
    return user
