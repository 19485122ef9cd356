"""The iCalendar file of a session: for the confirmation email and for download."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _

from challenges.calendars import ical_text, one_event
from challenges.links import external_url, host_name
from challenges.sessions.models import Session


def session_url(session: Session) -> str:
    return external_url("sessions.detail", session_id=session.id)


def session_calendar(session: Session) -> bytes:
    url = session_url(session)
    title = ical_text(session.title)
    return one_event(
        uid=f"session-{session.id}@{host_name()}", stamp=session.updated_at,
        start=session.starts_at, end=session.ends_at,
        summary=f"{session.kind.label}: {title}",
        description=f"{session.challenge.title}\n\n{session.description}\n\n{url}", url=url,
        location=session.place or session.url, cancelled=session.is_cancelled,
        alarm_before=timedelta(hours=2), alarm_text=_("Soon: %(title)s", title=title),
        prodid="-//challenges//session//EN").to_ical()


def calendar_attachment(session: Session) -> dict[str, str]:
    return {"filename": f"event-{session.id}.ics", "type": "text/calendar",
            "text": session_calendar(session).decode("utf-8")}
