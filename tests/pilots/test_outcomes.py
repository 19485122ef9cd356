"""KPIs with a baseline and a target, the evaluation that ends a pilot (a stopped pilot
too), the rule that completes a challenge, and what the public sees: the challenge page,
the Atom feed and the API, checked against the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from challenges.challenges.models import ChallengeStatus
from challenges.events import Event
from challenges.extensions import db
from challenges.pilots.models import (
    Evaluation,
    KpiValue,
    Milestone,
    MilestoneStatus,
    Payment,
    PilotStatus,
)
from tests.api.test_openapi import check, response_schema
from tests.pilots.helpers import iso, kpi, pilot, world

EN = {"Accept-Language": "en"}
EVALUATION = {"outcome": "stopped", "summary": "Na vier maanden gestopt.",
              "what_worked": "De meldingen kwamen snel binnen.",
              "what_did_not": "De batterijen hielden het maar zes weken vol.",
              "final_cost": "6200", "kpi_result": "32 klachten, doel 25 niet gehaald.",
              "do_differently": "Batterijen vooraf testen.",
              "other_municipalities": "Ja, met een andere voeding."}


def test_kpis_are_declared_with_baseline_and_target(client, make):
    w = world(make)
    client.login_as(w.editor)
    url = f"/manage/challenges/{w.challenge.slug}/kpis"
    response = client.post(url, headers=EN, data={"name": "Klachten", "baseline": "veel",
                                                  "target": "25", "unit": "per maand"})
    assert response.status_code == 400
    html = response.data.decode()
    assert 'id="baseline-error"' in html and 'value="per maand"' in html
    response = client.post(url, headers=EN, data={"name": "Klachten", "baseline": "42",
                                                  "target": "42"})
    assert "The target must differ from the baseline." in response.data.decode()
    assert client.post(url, data={"name": "Klachten", "baseline": "42", "target": "25,5",
                                  "unit": "per maand"}).status_code == 302
    assert db.session.scalar(select(Event.actor_id).where(Event.action == "kpi_declared")) \
        == w.editor.id
    client.login_as(w.author)
    assert client.post(url, data={"name": "X", "baseline": "1", "target": "2"}).status_code == 403


def test_kpi_values_are_numbers_on_days_that_have_been(client, make):
    w = world(make)
    p = pilot(w)
    k = kpi(w)
    client.login_as(w.author)
    url = f"/pilots/{p.id}/values"
    response = client.post(url, headers=EN, follow_redirects=True,
                           data={"kpi_id": str(k.id), "measured_on": iso(w.today), "value": "veel"})
    assert "Enter a number" in response.data.decode()
    response = client.post(url, headers=EN, follow_redirects=True, data={
        "kpi_id": str(k.id), "measured_on": iso(w.today + timedelta(1)), "value": "30"})
    assert "cannot be in the future" in response.data.decode()
    response = client.post(url, headers=EN, follow_redirects=True, data={
        "kpi_id": "999", "measured_on": iso(w.today), "value": "30"})
    assert response.status_code == 200 and "Not a valid choice" in response.data.decode()
    assert db.session.scalar(select(func.count(KpiValue.id))) == 0
    client.post(url, data={"kpi_id": str(k.id), "measured_on": iso(w.today - timedelta(20)),
                           "value": "36,5"})
    client.login_as(w.editor)
    client.post(url, data={"kpi_id": str(k.id), "measured_on": iso(w.today), "value": "31"})
    values = db.session.scalars(select(KpiValue).order_by(KpiValue.measured_on)).all()
    assert [v.value for v in values] == [Decimal("36.5"), Decimal("31")]
    response = client.post(url, headers=EN, follow_redirects=True, data={
        "kpi_id": str(k.id), "measured_on": iso(w.today), "value": "29"})
    assert "a value for this KPI on that day already" in response.data.decode()
    client.login_as(w.outsider)
    assert client.post(url, data={"kpi_id": str(k.id), "measured_on": iso(w.today),
                                  "value": "1"}).status_code == 403


def test_the_chart_is_svg_with_a_data_table(client, make):
    w = world(make)
    p = pilot(w)
    k = kpi(w)
    db.session.add_all([KpiValue(pilot=p, kpi=k, measured_on=w.today - timedelta(9),
                                 value=Decimal("36")),
                        KpiValue(pilot=p, kpi=k, measured_on=w.today, value=Decimal("30.5"))])
    db.session.commit()
    html = client.get(f"/challenges/{w.challenge.slug}").data.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "<polyline" in html and "Klachten over zwerfvuil per maand" in html
    assert "<td>30,5</td>" in html and "<td>42</td>" in html  # the table, in Dutch numbers


def test_a_stopped_pilot_is_evaluated_and_the_challenge_completes(client, make):
    w = world(make)
    p = pilot(w)
    w.challenge.status = ChallengeStatus.FOLLOW_UP
    db.session.commit()
    client.login_as(w.editor)
    # Not yet: a pilot is still running.
    response = client.post(f"/manage/challenges/{w.challenge.slug}/advance", headers=EN,
                           follow_redirects=True)
    assert "every pilot is evaluated or dropped" in response.data.decode()
    db.session.refresh(w.challenge)
    assert w.challenge.status == ChallengeStatus.FOLLOW_UP
    # The evaluation needs an outcome and says what did not work; what was typed is kept.
    response = client.post(f"/pilots/{p.id}/evaluation", headers=EN,
                           data={**EVALUATION, "outcome": "", "what_did_not": ""})
    assert response.status_code == 400
    assert "De meldingen kwamen snel binnen." in response.data.decode()
    client.login_as(w.author)  # a participant does not evaluate
    assert client.post(f"/pilots/{p.id}/evaluation", data=EVALUATION).status_code == 403
    client.login_as(w.editor)
    assert client.post(f"/pilots/{p.id}/evaluation", data=EVALUATION).status_code == 302
    db.session.refresh(p)
    assert p.status == PilotStatus.EVALUATED and p.evaluation.outcome.value == "stopped"
    assert p.evaluation.final_cost == Decimal("6200")
    # Evaluated pilots are closed.
    assert client.post(f"/pilots/{p.id}/evaluation", data=EVALUATION).status_code == 200
    assert db.session.scalar(select(func.count(Evaluation.id))) == 1
    client.login_as(w.coauthor)
    client.post(f"/pilots/{p.id}/participant-view", data={
        "participant_view": "We leerden veel over energiebeheer."})
    client.login_as(w.editor)
    make.lessons(w.challenge)
    client.post(f"/manage/challenges/{w.challenge.slug}/advance")
    db.session.refresh(w.challenge)
    assert w.challenge.status == ChallengeStatus.COMPLETED
    page = client.get(f"/challenges/{w.challenge.slug}", headers=EN).data.decode()
    assert "Evaluation: Stopped" in page and "De batterijen hielden het maar zes weken vol." in page
    assert "We leerden veel over energiebeheer." in page


def test_a_dropped_pilot_lets_the_challenge_complete(client, make):
    w = world(make)
    p = pilot(w)
    w.challenge.status = ChallengeStatus.FOLLOW_UP
    db.session.commit()
    client.login_as(w.editor)
    response = client.post(f"/pilots/{p.id}/drop", data={"reason": ""}, headers=EN)
    assert response.status_code == 400
    client.post(f"/pilots/{p.id}/drop", data={"reason": "Het contract werd nooit getekend."})
    make.lessons(w.challenge)
    client.post(f"/manage/challenges/{w.challenge.slug}/advance")
    db.session.refresh(w.challenge)
    assert w.challenge.status == ChallengeStatus.COMPLETED
    assert "Het contract werd nooit getekend." in client.get(
        f"/challenges/{w.challenge.slug}").data.decode()


def _public_world(make):
    w = world(make)
    p = pilot(w)
    k = kpi(w)
    db.session.add_all([
        Milestone(pilot=p, title="Sensoren geplaatst", due_on=w.today - timedelta(5),
                  status=MilestoneStatus.ACCEPTED, accepted_at=p.created_at),
        Milestone(pilot=p, title="Tussentijds rapport", due_on=w.today - timedelta(1)),
        KpiValue(pilot=p, kpi=k, measured_on=w.today, value=Decimal("30.5")),
    ])
    db.session.commit()
    db.session.add(Payment(pilot=p, milestone=p.milestones[0], amount=Decimal("4000"),
                           internal_note="Factuur 118"))
    db.session.commit()
    return w, p


def test_the_api_gives_the_legal_route_and_the_pilots(client, make):
    w, p = _public_world(make)
    response = client.get(f"/api/v1/challenges/{w.challenge.slug}")
    data = response.get_json()
    assert data["legal_route"] == "low_value_contract"
    [item] = data["pilots"]
    assert item["proposal"] == w.winner.reference and item["status"] == "running"
    assert [m["status"] for m in item["milestones"]] == ["accepted", "late"]
    assert item["kpis"][0]["baseline"] == "42" and item["kpis"][0]["values"] == [
        {"date": iso(w.today), "value": "30.5"}]
    assert item["evaluation"] is None
    assert "Factuur" not in response.data.decode() and "4000" not in response.data.decode()
    document = client.get("/api/v1/openapi.json").get_json()
    check(document, response_schema(document, "/challenges/{slug}", "200"), data)
    p.status = PilotStatus.EVALUATED
    db.session.add(Evaluation(pilot=p, outcome=None, summary="Oude tekst."))
    db.session.commit()
    data = client.get(f"/api/v1/challenges/{w.challenge.slug}").get_json()
    assert data["pilots"][0]["evaluation"]["summary"] == "Oude tekst."
    check(document, response_schema(document, "/challenges/{slug}", "200"), data)


def test_the_feed_follows_the_pilots(client, make):
    w, _p = _public_world(make)
    response = client.get(f"/challenges/{w.challenge.slug}/pilots.atom", headers=EN)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    body = response.data.decode()
    assert "Milestone reached: Sensoren geplaatst" in body and "Pilot started" in body
    assert "Factuur" not in body
    draft = make.challenge(phase="draft")
    assert client.get(f"/challenges/{draft.slug}/pilots.atom").status_code == 404


def test_the_public_page_shows_no_payments_or_documents(client, make):
    w, _p = _public_world(make)
    page = client.get(f"/challenges/{w.challenge.slug}", headers=EN).data.decode()
    assert "Sensoren geplaatst" in page and "milestone-late" in page
    assert "Factuur" not in page and "Payments" not in page


def test_the_public_page_costs_the_same_queries_whatever_the_pilots(client, make, count_queries):
    w, p = _public_world(make)
    client.login_as(w.outsider)  # signed in: never an answer from the cache of public pages
    client.get(f"/challenges/{w.challenge.slug}")
    with count_queries() as one:
        client.get(f"/challenges/{w.challenge.slug}")
    for n in range(3):
        db.session.add(Milestone(pilot=p, title=f"Extra {n}", due_on=w.today))
        db.session.add(KpiValue(pilot=p, kpi=kpi(w, name=f"KPI {n}"), measured_on=w.today,
                                value=Decimal(n)))
    db.session.commit()
    with count_queries() as more:
        client.get(f"/challenges/{w.challenge.slug}")
    assert more.count == one.count
