"""Followers in the demo: a citizen who wants every item of news about one challenge, another
who reads a weekly digest of a municipality, and a student who follows a theme."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from challenges.accounts.models import Organisation, User
from challenges.challenges.models import Challenge, Theme
from challenges.db import utcnow
from challenges.extensions import db
from challenges.follows.models import Delivery, Follow
from challenges.follows.queries import latest_event_id

# (email, kind of target, its slug, delivery)
FOLLOWS = [
    ("jan.burger@example.demo", "challenge", "mechelen-zwerfvuil-pleinen-parken", Delivery.EACH),
    ("jan.burger@example.demo", "theme", "cleanliness-environment", Delivery.WEEKLY),
    ("fatima.citizen@example.demo", "organisation", "stad-brugge", Delivery.WEEKLY),
    ("student.emma@ugent.demo", "theme", "mobility", Delivery.EACH),
    ("founder@slimparkeren.demo", "challenge", "brugge-leveringen-binnenstad", Delivery.EACH),
]


def load_follows(users: dict[str, User], organisations: dict[str, Organisation],
                 challenges: dict[str, Challenge], themes: dict[str, Theme]) -> None:
    """Each follow that is missing; news before the demo was loaded is not sent again."""
    seen = latest_event_id()
    existing = {(f.user_id, f.challenge_id, f.organisation_id, f.theme_id)
                for f in db.session.scalars(select(Follow))}
    for email, kind, slug, delivery in FOLLOWS:
        user = users.get(email)
        targets: dict[str, dict] = {"challenge": challenges, "organisation": organisations,
                                    "theme": themes}
        target = targets[kind].get(slug)
        if user is None or target is None:
            continue
        ids = {"challenge_id": None, "organisation_id": None, "theme_id": None,
               f"{kind}_id": target.id}
        if (user.id, ids["challenge_id"], ids["organisation_id"], ids["theme_id"]) in existing:
            continue
        db.session.add(Follow(user=user, delivery=delivery, seen_event_id=seen,
                              digest_sent_at=utcnow(), **ids))


def follow_lines() -> Iterator[str]:
    yield ("Following: jan.burger@example.demo follows the Mechelen litter challenge (an email "
           "per item) and a theme (weekly); see /my/follows. `flask --app challenges follows "
           "send` emails the news.")
