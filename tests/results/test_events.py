"""The decisions and their publication are in the event record, with who took them."""

from __future__ import annotations

from challenges.jury import operations as jury_operations
from tests.events import only
from tests.results.test_ranking_page import scored_panel
from tests.results.test_results import decide


def test_decisions_and_publication_name_the_chair_and_the_organiser(client, make):
    panel = scored_panel(make)
    jury_operations.lock(panel.jury, panel.chair)
    client.login_as(panel.chair)
    winner = panel.proposals[0]
    decide(client, panel, winner, place="1", motivation="Sterk plan.", award_name="Winnaar")
    decided = only("decision_recorded")
    assert decided.actor_id == panel.chair.id and decided.proposal_id == winner.id
    assert decided.changes["place"] == 1 and decided.changes["award"] == "Winnaar"
    client.login_as(panel.editor)
    client.post(f"/manage/challenges/{panel.challenge.slug}/results/publish")
    published = only("results_published")
    assert published.actor_id == panel.editor.id
    assert published.challenge_id == published.object_id == panel.challenge.id
