"""One-event iCalendar files (a challenge's deadline, an info session), built one way."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import icalendar

# Control characters iCalendar text may not hold (RFC 5545 3.3.11).
_NOT_ICAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def ical_text(text: str) -> str:
    return _NOT_ICAL.sub("", text)


def one_event(*, uid: str, stamp: datetime, start: datetime | None, end: datetime | None, summary: str,
              description: str, url: str, cancelled: bool, alarm_before: timedelta,
              alarm_text: str, prodid: str, location: str | None = None,
              calname: str | None = None) -> icalendar.Calendar:
    """A calendar of one event with a reminder. The UID must stay the same on every
    download, so a calendar updates the event instead of doubling it."""
    # Imported here: a web worker that never serves a calendar file does not carry it.
    import icalendar

    event = icalendar.Event()
    event.add("uid", uid)
    # DTSTAMP of a calendar without METHOD is when its information last changed (RFC 5545).
    event.add("dtstamp", stamp)
    # UTC needs no VTIMEZONE block; calendar apps show it in the reader's own zone.
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", ical_text(description).strip())
    event.add("url", url)
    if location:
        event.add("location", ical_text(location))
    if cancelled:
        event.add("status", "CANCELLED")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -alarm_before)
    alarm.add("description", alarm_text)
    event.add_component(alarm)
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    if calname:
        calendar.add("x-wr-calname", calname)
    calendar.add_component(event)
    return calendar
