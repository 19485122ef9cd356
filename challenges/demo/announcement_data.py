"""A message the organisers sent to the followers of an open challenge, kept on its page for
those who received it (sign in as founder@slimparkeren.demo to read it there)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import select

from challenges.accounts.models import User
from challenges.announcements.models import Announcement, AnnouncementRecipient, Segment
from challenges.announcements.queries import recipients
from challenges.challenges.models import Challenge
from challenges.extensions import db

SLUG = "brugge-leveringen-binnenstad"
SUBJECT = "Infosessie over de leveringen in de binnenstad"
BODY = (
    "Beste volger,\n\n"
    "Op de infosessie lichten we de uitdaging toe en beantwoorden we uw vragen. Schrijf u in "
    "via de pagina van de challenge: de plaatsen zijn beperkt.\n\n"
    "Met vriendelijke groeten,  \nDienst Mobiliteit, Stad Brugge")


def load_announcements(challenges: dict[str, Challenge], users: dict[str, User],
                       now: datetime) -> None:
    challenge = challenges.get(SLUG)
    if challenge is None or db.session.scalar(
            select(Announcement.id).where(Announcement.challenge_id == challenge.id)):
        return
    people = [user for user, _follow in recipients(challenge, Segment.FOLLOWERS)]
    announcement = Announcement(challenge=challenge, segment=Segment.FOLLOWERS, subject=SUBJECT,
                                body=BODY, recipient_count=len(people),
                                sent_by=users.get("pieter.vermeulen@brugge.demo"),
                                sent_at=now - timedelta(days=2))
    db.session.add(announcement)
    db.session.flush()
    db.session.add_all(AnnouncementRecipient(announcement_id=announcement.id, user_id=u.id)
                       for u in people)


def announcement_lines() -> Iterator[str]:
    yield (f"Messages to participants: /manage/challenges/{SLUG}/messages "
           "(pieter.vermeulen@brugge.demo); the follower founder@slimparkeren.demo reads it on "
           "the challenge page.")
