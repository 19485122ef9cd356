"""A challenge in stages offers its stages' deadlines as one calendar file: an event for each
submission stage, each with a UID of its own, so that moving one stage's deadline moves only
its event in the calendars that subscribed."""

from __future__ import annotations

import icalendar

from challenges.extensions import db
from tests.stages.helpers import staged

EN = {"Accept-Language": "en"}


def test_the_calendar_file_has_each_stage_deadline(client, make):
    challenge = staged(make, title="Zonne-energie delen")
    ideas, full = challenge.stages
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert f"/challenges/{challenge.slug}/deadline.ics" in page
    assert "Add the stages' deadlines to your calendar" in page

    response = client.get(f"/challenges/{challenge.slug}/deadline.ics", headers=EN)
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Deadline of Idea: Zonne-energie delen", "Deadline of Full proposal: Zonne-energie delen"]
    # iCalendar keeps whole seconds.
    assert [e.decoded("dtstart") for e in events] == [
        ideas.closes_at.replace(microsecond=0), full.closes_at.replace(microsecond=0)]
    assert len({str(e["uid"]) for e in events}) == 2

    # In Dutch, with the stages' own names.
    dutch = icalendar.Calendar.from_ical(
        client.get(f"/challenges/{challenge.slug}/deadline.ics").data).walk("VEVENT")
    assert str(dutch[0]["summary"]) == "Deadline van Idee: Zonne-energie delen"


def test_a_screening_stage_has_no_deadline_event(client, make):
    from datetime import timedelta

    from challenges.challenges.stages import StageKind
    from challenges.db import utcnow

    now = utcnow()
    challenge = staged(make, stages=[
        (StageKind.SUBMISSION, "Idee", now - timedelta(days=7), now + timedelta(days=3)),
        (StageKind.SCREENING, "Screening", now + timedelta(days=4), now + timedelta(days=6)),
        (StageKind.SUBMISSION, "Volledig voorstel", now + timedelta(days=10),
         now + timedelta(days=30))])
    db.session.commit()
    events = icalendar.Calendar.from_ical(
        client.get(f"/challenges/{challenge.slug}/deadline.ics", headers=EN).data).walk("VEVENT")
    assert len(events) == 2
