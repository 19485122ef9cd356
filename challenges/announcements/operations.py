"""Send an announcement: one email per recipient (so nobody sees who else received it), with
replies going to the challenge's contact address, and a record of who received it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from challenges import events
from challenges.accounts.models import User
from challenges.announcements import queries
from challenges.announcements.models import Announcement, AnnouncementRecipient, Segment
from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.follows.operations import unsubscribe_headers, unsubscribe_url
from challenges.links import external_url
from challenges.notifications.operations import queue_email

events.describe({"announcement_sent": _l("Message sent to participants")})

SUBJECT_MAX = 200
BODY_MAX = 10_000
# The same message to the same segment within this time is a second click, not a new message.
REPEAT_WINDOW = timedelta(minutes=10)


def _problems(challenge: Challenge, subject: str, body: str) -> dict[str, str]:
    problems = {}
    if not challenge.is_public or challenge.is_cancelled:
        problems["_"] = _("Messages can be sent on a published challenge only.")
    if not subject:
        problems["subject"] = _("Write a subject.")
    elif len(subject) > SUBJECT_MAX:
        problems["subject"] = _("Keep the subject under %(n)d characters.", n=SUBJECT_MAX)
    if not body:
        problems["body"] = _("Write the message.")
    elif len(body) > BODY_MAX:
        problems["body"] = _("Keep the message under %(n)d characters.", n=BODY_MAX)
    return problems


def _headers(challenge: Challenge) -> dict[str, str]:
    return {"Reply-To": challenge.contact_email} if challenge.contact_email else {}


def send(challenge: Challenge, segment: Segment, subject: str, body: str,
         by: User) -> Announcement:
    subject, body = (subject or "").strip(), (body or "").strip()
    problems = _problems(challenge, subject, body)
    if problems:
        raise Refused(problems)
    now = utcnow()
    if queries.recently_sent_same(challenge, segment, subject, body, now - REPEAT_WINDOW):
        raise Refused({"_": _("This message was just sent to the same people; it is not sent "
                              "twice.")})
    recipients = queries.recipients(challenge, segment)
    if not recipients:
        raise Refused({"segment": _("Nobody is in this group yet: nothing was sent.")})
    announcement = Announcement(challenge=challenge, segment=segment, subject=subject,
                                body=body, sent_by=by, sent_at=now,
                                recipient_count=len(recipients))
    db.session.add(announcement)
    db.session.flush()
    link = external_url("challenges.detail", slug=challenge.slug) + "#messages"
    for user, follow in recipients:
        db.session.add(AnnouncementRecipient(announcement_id=announcement.id, user_id=user.id))
        headers = _headers(challenge)
        context: dict[str, Any] = {}
        if follow is not None:
            # A follower may stop following from the message itself.
            unsubscribe = unsubscribe_url(user, [follow])
            headers.update(unsubscribe_headers(unsubscribe))
            context = {"follows": [follow], "unsubscribe_link": unsubscribe,
                       "manage_link": external_url("follows.mine")}
        queue_email(user.email, user.language, "announcement",
                    _l("%(title)s: %(subject)s", title=challenge.reader_title, subject=subject),
                    headers=headers, user=user, challenge=challenge, announcement=announcement,
                    link=link, **context)
    events.record("announcement_sent", announcement, actor=by, challenge=challenge,
                  segment=segment, recipients=len(recipients))
    db.session.commit()
    return announcement
