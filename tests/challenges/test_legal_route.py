"""The legal route: each route's checks at publication, its public wording, and the terms
participants accept when they submit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from challenges.challenges.legal import LegalRoute, threshold_on
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.config import parse_thresholds
from challenges.db import utcnow
from challenges.events import Event
from challenges.extensions import db
from challenges.jury.models import Jury
from tests.challenges.test_authoring import editor_of, form_data, save_confirmed

EN = {"Accept-Language": "en"}


def publish_new(client, organisation, **changes):
    return client.post(f"/manage/organisations/{organisation.slug}/challenges/new",
                       data=form_data(action="publish", **changes), headers=EN)


def saved() -> Challenge:
    return db.session.scalar(select(Challenge))


def test_thresholds_are_parsed_with_their_effective_dates():
    rows = parse_thresholds("2027-01-01=40000, 2017-06-30=30000")
    assert rows == [(date(2017, 6, 30), Decimal("30000")), (date(2027, 1, 1), Decimal("40000"))]
    assert threshold_on(date(2026, 12, 31), rows) == Decimal("30000")
    assert threshold_on(date(2027, 1, 1), rows) == Decimal("40000")
    assert threshold_on(date(2017, 1, 1), rows) is None
    with pytest.raises(ValueError):
        parse_thresholds("30000")
    with pytest.raises(ValueError):
        parse_thresholds("")


def test_low_value_needs_an_estimate_and_the_companies_consulted(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = publish_new(client, organisation, legal_route="low_value_contract")
    html = response.data.decode()
    assert response.status_code == 400
    assert 'id="estimated_value-error"' in html and "estimated value" in html
    assert 'id="consulted_companies-error"' in html
    assert saved().status == ChallengeStatus.DRAFT
    assert saved().legal_route == LegalRoute.LOW_VALUE_CONTRACT  # what was chosen is kept


def test_low_value_estimate_over_the_threshold_is_refused(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = publish_new(client, organisation, legal_route="low_value_contract",
                           estimated_value="30000", consulted_companies="A, B en C")
    assert response.status_code == 400
    assert "below €30,000.00" in response.data.decode()
    assert saved().status == ChallengeStatus.DRAFT
    client.post(f"/manage/challenges/{saved().slug}/edit",
                data=form_data(action="publish", legal_route="low_value_contract",
                               estimated_value="29999.99", consulted_companies="A, B en C"))
    assert saved().status == ChallengeStatus.PUBLISHED


@pytest.fixture
def lowered_threshold(app, monkeypatch):
    today = utcnow().date()
    # A threshold that was 30,000 until yesterday and 20,000 from then on.
    monkeypatch.setitem(app.config, "LOW_VALUE_THRESHOLDS", [
        (date(2017, 6, 30), Decimal("30000")), (today - timedelta(days=1), Decimal("20000"))])


def test_the_threshold_in_force_on_the_day_of_publication_applies(client, make,
                                                                   lowered_threshold):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = publish_new(client, organisation, legal_route="low_value_contract",
                           estimated_value="25000", consulted_companies="A, B en C")
    assert response.status_code == 400
    assert "below €20,000.00" in response.data.decode()
    # One published before the change keeps the threshold of its day when edited.
    earlier = make.challenge(organisation, legal_route=LegalRoute.LOW_VALUE_CONTRACT,
                             estimated_value=Decimal("25000"), consulted_companies="A",
                             published_at=utcnow() - timedelta(days=30))
    response = save_confirmed(client, f"/manage/challenges/{earlier.slug}/edit", form_data(
        action="save", title=earlier.title, legal_route="low_value_contract",
        estimated_value="25000", consulted_companies="A"))
    assert response.status_code == 302


def test_design_contest_estimate_includes_the_follow_up(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = publish_new(client, organisation, legal_route="design_contest")
    html = response.data.decode()
    assert 'id="estimated_value-error"' in html
    assert 'id="estimate_includes_follow_up-error"' in html
    client.post(f"/manage/challenges/{saved().slug}/edit", data=form_data(
        action="publish", legal_route="design_contest", estimated_value="120000",
        estimate_includes_follow_up="y"))
    assert saved().status == ChallengeStatus.PUBLISHED


def test_design_contest_jury_stays_blind(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    client.post(f"/manage/organisations/{organisation.slug}/challenges/new",
                data=form_data(action="save", legal_route="design_contest",
                               estimated_value="120000", estimate_includes_follow_up="y"))
    challenge = saved()
    db.session.add(Jury(challenge=challenge, blind=False, level_descriptions={}))
    db.session.commit()
    # An open jury: no publication.
    response = client.post(f"/manage/challenges/{challenge.slug}/edit", headers=EN, data=form_data(
        action="publish", legal_route="design_contest", estimated_value="120000",
        estimate_includes_follow_up="y"))
    assert response.status_code == 400
    assert "reviews blind until it has decided" in response.data.decode()
    assert saved().status == ChallengeStatus.DRAFT
    # And the jury cannot be made open for a design contest.
    response = client.post(f"/manage/challenges/{challenge.slug}/jury", headers=EN, data={
        "blind": "", "scale_min": "0", "scale_max": "5", "authoritative_view": "weighted",
        "assignment_mode": "all", "reviewers_per_proposal": "2"})
    assert "reviews blind until it has decided" in response.data.decode()


def test_phased_rnd_states_ip_terms_before_publication(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = publish_new(client, organisation, legal_route="phased_rnd")
    assert 'id="ip_terms-error"' in response.data.decode()
    client.post(f"/manage/challenges/{saved().slug}/edit", data=form_data(
        action="publish", legal_route="phased_rnd", ip_terms="De IE blijft bij de deelnemer."))
    assert saved().status == ChallengeStatus.PUBLISHED


def test_unknown_route_and_bad_tender_link_are_form_errors(client, make):
    organisation, editor = editor_of(make)
    client.login_as(editor)
    response = publish_new(client, organisation, legal_route="bribe",
                           tender_url="javascript:alert(1)")
    html = response.data.decode()
    assert response.status_code == 400
    assert 'id="legal_route-error"' in html or "Not a valid choice" in html
    assert 'id="tender_url-error"' in html
    assert saved() is None


def test_public_page_explains_the_route_and_terms(client, make):
    challenge = make.challenge(legal_route=LegalRoute.PROCUREMENT,
                               tender_url="https://www.publicprocurement.be/x",
                               ip_terms="**IE** blijft bij de deelnemer.",
                               consulted_companies="Geheime lijst")
    html = client.get(f"/challenges/{challenge.slug}", headers=EN).data.decode()
    assert "Innovation partnership or regular procurement afterwards" in html
    assert 'href="https://www.publicprocurement.be/x"' in html
    assert "<strong>IE</strong>" in html
    assert "Geheime lijst" not in html  # the file, not the public page
    nl = client.get(f"/challenges/{challenge.slug}").data.decode()
    assert "Van winnaar tot contract" in nl


def test_terms_are_accepted_at_submission(client, make):
    challenge = make.challenge(payment_terms="50% bij start, 50% na oplevering.")
    author = make.user()
    client.login_as(author)
    data = {"title": "Sensoren", "summary": "Kort.", "description": "Wat.", "approach": "Hoe.",
            "accept_rules": "y", "action": "submit"}
    response = client.post(f"/challenges/{challenge.slug}/proposals/new", data=data, headers=EN)
    assert response.status_code == 409
    html = response.data.decode()
    assert 'id="accept_terms-error"' in html and "50% bij start" in html
    from challenges.submissions.models import Proposal, ProposalStatus
    proposal = db.session.scalar(select(Proposal))
    assert proposal.status == ProposalStatus.DRAFT and proposal.title == "Sensoren"
    client.post(f"/proposals/{proposal.id}/edit", data={**data, "accept_terms": "y"})
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED
    event = db.session.scalar(select(Event).where(Event.action == "proposal_submitted"))
    assert event.changes["terms_accepted"] == ["Betalingsschema"]
