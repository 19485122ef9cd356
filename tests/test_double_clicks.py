"""A double click, or two organisers pressing Save together, never gives a server error:
the second request waits for the first and then does its own work, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenges.accounts.models import Role
from challenges.challenges.models import Challenge, Criterion, challenge_themes
from challenges.extensions import db
from challenges.jury.models import Jury
from tests.challenges.test_authoring import form_data
from tests.concurrency import at_once

pytestmark = pytest.mark.real_commits  # concurrent transactions


@pytest.fixture
def editor_and_challenge(make):
    organisation = make.organisation()
    editor = make.user()
    make.membership(editor, organisation, Role.EDITOR)
    challenge = make.challenge(organisation, phase="draft")
    return editor, challenge


def test_two_saves_of_a_challenge_at_once(app, make, editor_and_challenge):
    editor, challenge = editor_and_challenge
    themes = [make.theme(), make.theme()]
    data = form_data(action="save", theme_ids=[str(t.id) for t in themes], **{
        "criteria-3-name": "Duurzaamheid", "criteria-3-weight": "0",
        "criteria-4-name": "Schaal", "criteria-4-weight": "0"})
    for _round in range(3):
        statuses = at_once(app, editor, "POST", f"/manage/challenges/{challenge.slug}/edit",
                           data)
        assert sorted(statuses) == [302, 302]
    db.session.expire_all()
    saved = db.session.get(Challenge, challenge.id)
    assert [c.name for c in saved.criteria] == ["Impact", "Haalbaarheid", "Kostprijs",
                                                "Duurzaamheid", "Schaal"]
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == 5
    assert db.session.scalar(select(func.count()).select_from(challenge_themes)) == 2


def test_two_jury_set_ups_at_once(app, make, editor_and_challenge):
    editor, challenge = editor_and_challenge
    statuses = at_once(app, editor, "POST", f"/manage/challenges/{challenge.slug}/jury", {
        "scale_min": "1", "scale_max": "10", "authoritative_view": "borda",
        "assignment_mode": "all", "reviewers_per_proposal": "2"}, times=3)
    assert sorted(statuses) == [302, 302, 302]
    assert db.session.scalar(select(func.count()).select_from(Jury)) == 1
    assert db.session.scalar(select(Jury.scale_max)) == 10
