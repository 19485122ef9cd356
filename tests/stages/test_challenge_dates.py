"""A challenge in stages takes its opening and deadline from its stages: the challenge's edit
page shows them read-only with a link to the stage editor, and the server ignores a value
posted for them (by hand, or by a form opened before the stages were set up)."""

from __future__ import annotations

from datetime import timedelta

from challenges.accounts.models import Role
from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.timezones import utc_to_brussels
from tests.forms import form_values
from tests.stages.helpers import staged

EN = {"Accept-Language": "en"}
NL = {"Accept-Language": "nl"}


def local(moment) -> str:
    return utc_to_brussels(moment).strftime("%Y-%m-%dT%H:%M")


def scene(make, client, phase="open", language="en"):
    organisation = make.organisation()
    editor = make.user(language=language)
    make.membership(editor, organisation, Role.EDITOR)
    challenge = staged(make, organisation, phase=phase)
    client.login_as(editor)
    return challenge, f"/manage/challenges/{challenge.slug}/edit"


def test_the_edit_page_shows_the_stage_dates_read_only(client, make):
    challenge, url = scene(make, client)
    html = client.get(url, headers=EN).text
    assert 'name="opens_at"' not in html and 'name="closes_at"' not in html
    assert f'href="/manage/challenges/{challenge.slug}/stages">Change the dates in the stage ' \
           f'editor</a>' in html
    assert "it opens with its first stage" in html
    # Jury and results dates are still the challenge's own.
    assert 'name="jury_decision_at"' in html
    _challenge, url = scene(make, client, language="nl")
    assert "Wijzig de datums op de pagina Fasen" in client.get(url, headers=NL).text


def test_a_one_round_challenge_keeps_its_date_fields(client, make):
    organisation = make.organisation()
    editor = make.user(language="en")
    make.membership(editor, organisation, Role.EDITOR)
    challenge = make.challenge(organisation)
    client.login_as(editor)
    html = client.get(f"/manage/challenges/{challenge.slug}/edit", headers=EN).text
    assert 'name="opens_at"' in html and 'name="closes_at"' in html


def test_posted_dates_are_ignored_and_the_rest_is_saved(client, make):
    for phase in ("draft", "open"):
        challenge, url = scene(make, client, phase=phase)
        opens, closes = challenge.opens_at, challenge.closes_at
        data = form_values(client.get(url, headers=EN).text, url)
        data.update(opens_at=local(opens - timedelta(days=3)),
                    closes_at=local(closes + timedelta(days=40)),
                    summary="Een nieuwe samenvatting.")
        response = client.post(url, data=data, headers=EN)
        assert response.status_code == 302, response.text
        db.session.expire_all()
        saved = db.session.get(Challenge, challenge.id)
        assert saved.summary == "Een nieuwe samenvatting."
        assert (saved.opens_at, saved.closes_at) == (opens, closes)
        assert (saved.opens_at, saved.closes_at) == (saved.stages[0].opens_at,
                                                     saved.stages[-1].closes_at)
