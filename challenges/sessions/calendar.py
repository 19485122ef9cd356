"""The iCalendar file of a session: for the confirmation email and for download."""

from __future__ import annotations

import re
from datetime import timedelta

import icalendar
from flask_babel import gettext as _

from challenges.links import external_url, host_name
from challenges.sessions.models import Session

# Control characters iCalendar text may not hold (RFC 5545 3.3.11).
_NOT_ICAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def session_url(session: Session) -> str:
    return external_url("sessions.detail", session_id=session.id)


def session_calendar(session: Session) -> bytes:
    url = session_url(session)
    title = _NOT_ICAL.sub("", session.title)
    event = icalendar.Event()
    # The same UID every time, so that a calendar updates the event instead of doubling it.
    event.add("uid", f"session-{session.id}@{host_name()}")
    event.add("dtstamp", session.updated_at)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"{session.kind.label}: {title}")
    event.add("description", _NOT_ICAL.sub(
        "", f"{session.challenge.title}\n\n{session.description}\n\n{url}").strip())
    event.add("url", url)
    event.add("location", _NOT_ICAL.sub("", session.place or session.url))
    if session.is_cancelled:
        event.add("status", "CANCELLED")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(hours=-2))
    alarm.add("description", _("Soon: %(title)s", title=title))
    event.add_component(alarm)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//challenges//session//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return calendar.to_ical()


def calendar_attachment(session: Session) -> dict[str, str]:
    return {"filename": f"event-{session.id}.ics", "type": "text/calendar",
            "text": session_calendar(session).decode("utf-8")}
