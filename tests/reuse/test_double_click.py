"""A double click on "Make the draft" makes one draft, on both databases: the form's one-time
key is unique in the database, and the request that loses the race runs again and finds the
draft the other one made."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenges.accounts.models import Role
from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.pilots.models import brussels_today
from challenges.reuse.models import Adoption
from challenges.reuse.operations import new_template
from tests.concurrency import at_once

pytestmark = pytest.mark.real_commits  # concurrent transactions


def test_two_adopts_of_one_form_at_once(app, make):
    mechelen = make.organisation()
    tom = make.user()
    make.membership(tom, mechelen, Role.EDITOR)
    source = make.challenge(mechelen, phase="completed")
    template = new_template(source, tom)
    db.session.commit()
    brugge = make.organisation()
    pieter = make.user()
    make.membership(pieter, brugge, Role.EDITOR)
    data = {"organisation": brugge.slug, "opens_on": brussels_today().isoformat(),
            "key": "one-form"}
    statuses = at_once(app, pieter, "POST", f"/templates/{template.slug}/adopt", data, times=3)
    assert statuses == [302, 302, 302]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Adoption.id))) == 1
    assert db.session.scalar(select(func.count(Challenge.id)).where(
        Challenge.organisation_id == brugge.id)) == 1
