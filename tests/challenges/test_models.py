from datetime import timedelta

import pytest

from challenges.challenges.models import Phase
from challenges.db import utcnow


@pytest.mark.parametrize("phase", ["draft", "upcoming", "open", "closed", "results_published",
                                   "follow_up", "completed", "cancelled"])
def test_factory_makes_each_phase(make, phase):
    assert make.challenge(phase=phase).phase == Phase(phase)


def test_phase_follows_the_dates_without_a_scheduler(make):
    challenge = make.challenge(phase="upcoming")
    assert challenge.phase_at(challenge.opens_at - timedelta(seconds=1)) == Phase.UPCOMING
    assert challenge.phase_at(challenge.opens_at) == Phase.OPEN
    assert challenge.phase_at(challenge.closes_at - timedelta(seconds=1)) == Phase.OPEN
    assert challenge.phase_at(challenge.closes_at) == Phase.CLOSED
    assert challenge.phase_at(utcnow()) == Phase.UPCOMING
