"""What organisers see of their own challenges: the management list in the order of what
needs them, and no invitation to take part in a challenge they run."""

from __future__ import annotations

import re

from challenges.accounts.models import Role

EN = {"Accept-Language": "en"}


def test_manage_lists_open_challenges_first_and_finished_ones_last(client, make):
    organisation = make.organisation()
    editor = make.user(language="en")
    make.membership(editor, organisation, Role.EDITOR)
    # Made in the order a list by age would show them.
    titles = {phase: make.challenge(organisation, phase=phase, title=f"The {phase} one").title
              for phase in ("completed", "cancelled", "results_published", "closed", "draft",
                            "upcoming", "open")}
    client.login_as(editor)
    html = client.get("/manage", headers=EN).get_data(as_text=True)
    shown = [t for t in re.findall(r"The \w+ one", html) if t in titles.values()]
    order = list(dict.fromkeys(shown))
    assert order == [titles[p] for p in ("open", "upcoming", "draft", "closed",
                                         "results_published", "completed", "cancelled")]


def test_organisers_are_not_offered_to_take_part_in_their_own_challenge(client, make):
    organisation = make.organisation()
    editor = make.user(language="en")
    make.membership(editor, organisation, Role.EDITOR)
    challenge = make.challenge(organisation)
    client.login_as(editor)
    html = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert "Submit a proposal" not in html
    assert 'name="question-body"' not in html
    assert "You organise this challenge" in html
    response = client.get(f"/challenges/{challenge.slug}/proposals/new", headers=EN)
    assert response.status_code == 403
    assert "You organise this challenge" in response.get_data(as_text=True)
    response = client.post(f"/challenges/{challenge.slug}/questions",
                           data={"question-body": "Mag ik zelf meedoen?"}, headers=EN)
    assert response.status_code == 403
    # Someone else is invited to take part.
    client.login_as(make.user(language="en"))
    html = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert "Submit a proposal" in html and 'name="question-body"' in html


def test_the_calendar_link_is_offered_only_before_the_deadline(client, make):
    open_one = make.challenge()
    closed_one = make.challenge(phase="closed")
    link = "Add the deadline to your calendar"
    assert link in client.get(f"/challenges/{open_one.slug}", headers=EN).get_data(as_text=True)
    assert link not in client.get(f"/challenges/{closed_one.slug}",
                                  headers=EN).get_data(as_text=True)
