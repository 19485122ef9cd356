"""The home page's "closing soon" for a challenge in stages: by the deadline newcomers face,
its first stage's while that is open; once the first stage is over it is not closing soon
for newcomers, whatever its last deadline."""

from __future__ import annotations

import re
from datetime import timedelta

from challenges.challenges.stages import StageKind
from challenges.db import utcnow
from tests.stages.helpers import staged

EN = {"Accept-Language": "en"}


def closing_soon_titles(client) -> list[str]:
    html = client.get("/", headers=EN).text
    if 'id="closing-title"' not in html:
        return []
    section = html.split('id="closing-title"')[1].split('id="open-title"')[0]
    return re.findall(r'class="stretched-link"[^>]*>([^<]+)</a>', section)


def two_stages(make, organisation, title, first_closes, last_closes):
    now = utcnow()
    return staged(make, organisation, title=title, stages=[
        (StageKind.SUBMISSION, "Idee", now - timedelta(days=30), first_closes),
        (StageKind.SUBMISSION, "Volledig voorstel", max(first_closes, now) + timedelta(days=1),
         last_closes)])


def test_closing_soon_uses_the_deadline_newcomers_face(client, make):
    now = utcnow()
    organisation = make.organisation()
    make.challenge(organisation, title="Eén ronde, tien dagen", closes_at=now + timedelta(days=10))
    make.challenge(organisation, title="Eén ronde, zestig dagen",
                   closes_at=now + timedelta(days=60))
    # Ideas close in 3 days, the full proposals only in 40: closing soon, and first.
    two_stages(make, organisation, "Ideeën sluiten snel", now + timedelta(days=3),
               now + timedelta(days=40))
    # Ideas close in 20 days: not soon, though the stage is open.
    two_stages(make, organisation, "Ideeën nog lang open", now + timedelta(days=20),
               now + timedelta(days=50))
    # Ideas closed yesterday; the advanced teams' deadline is in 5 days: not for newcomers.
    two_stages(make, organisation, "Al in de tweede fase", now - timedelta(days=1),
               now + timedelta(days=5))

    assert closing_soon_titles(client) == ["Ideeën sluiten snel", "Eén ronde, tien dagen"]
    # The open list keeps the listing's order and rule: the later-stage one is not open.
    html = client.get("/", headers=EN).text
    open_section = html.split('id="open-title"')[1]
    assert "Ideeën nog lang open" in open_section and "Al in de tweede fase" not in open_section
