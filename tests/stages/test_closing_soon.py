"""The home page's "closing soon" for a challenge in stages: by the deadline newcomers face,
its first stage's while that is open; once the first stage is over it is not closing soon
for newcomers, whatever its last deadline. Followers told of a new challenge get that
deadline too."""

from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import force_locale

from challenges.accounts.models import Role
from challenges.challenges import operations as challenge_operations
from challenges.challenges.stages import StageKind
from challenges.db import utcnow
from challenges.extensions import db
from challenges.follows.models import Follow
from challenges.follows.operations import send_news
from challenges.notifications.operations import send_due
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


def test_a_new_challenge_in_stages_is_announced_to_followers_with_the_first_deadline(
        app, make, smtp):
    now = utcnow()
    organisation = make.organisation()
    editor = make.user(email="editor@mechelen.be")
    make.membership(editor, organisation, Role.EDITOR)
    fan = make.user(email="fan@example.be", language="en")
    db.session.add(Follow(user=fan, organisation=organisation))
    db.session.commit()
    first, last = now + timedelta(days=5), now + timedelta(days=40)
    draft = staged(make, organisation, phase="draft", title="Fietsenstallingen", stages=[
        (StageKind.SUBMISSION, "Idee", now - timedelta(days=1), first),
        (StageKind.SUBMISSION, "Volledig voorstel", first + timedelta(days=1), last)])
    challenge_operations.publish(draft, editor)
    assert send_news() == 1
    send_due()
    [mail] = smtp.to("fan@example.be")
    text = smtp.text(mail)
    shown = app.jinja_env.filters["datetime"]
    with force_locale("en"):
        assert f"Deadline: {shown(first, 'long')}" in text
        assert shown(last, "long") not in text
