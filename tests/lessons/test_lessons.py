"""The lessons record: pre-filled from the platform, completed and published by the organiser,
required to complete the challenge; the public library with its filters."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from challenges.accounts.models import PopulationBand
from challenges.challenges.models import ChallengeStatus
from challenges.events import Event
from challenges.extensions import db
from challenges.lessons.models import LessonsRecord, LessonsStatus
from challenges.pilots.models import Evaluation, KpiValue, Outcome, PilotStatus
from tests.pilots.helpers import kpi, pilot, world

EN = {"Accept-Language": "en"}


def evaluated(w, outcome=Outcome.STOPPED):
    p = pilot(w)
    k = kpi(w)
    db.session.add(KpiValue(pilot=p, kpi=k, measured_on=w.today, value=Decimal("30.5")))
    db.session.add(Evaluation(pilot=p, outcome=outcome, summary="Zes weken getest.",
                              what_worked="De meldingen kwamen snel binnen.",
                              what_did_not="De batterijen hielden het niet vol.",
                              other_municipalities="Kies sensoren met netstroom."))
    p.status = PilotStatus.EVALUATED
    w.challenge.status = ChallengeStatus.FOLLOW_UP
    db.session.commit()
    return p


def test_the_record_is_prefilled_from_the_platform(client, make):
    w = world(make)
    evaluated(w)
    client.login_as(w.editor)
    page = client.get(f"/manage/challenges/{w.challenge.slug}/lessons", headers=EN).data.decode()
    # The facts: counts by kind (never names), money, route, pilot outcome, KPI values.
    assert "Startup 1" in page and "€10,000.00" in page and "Stopped" in page
    assert "30.5" in page and "Klachten over zwerfvuil per maand" in page
    assert "Founder" not in page
    # The texts start from the pilots' evaluation.
    assert "De batterijen hielden het niet vol." in page
    assert "Kies sensoren met netstroom." in page
    assert db.session.scalar(select(func.count(LessonsRecord.id))) == 0  # nothing saved yet


def test_completing_needs_published_lessons(client, make):
    w = world(make)
    evaluated(w)
    client.login_as(w.editor)
    response = client.post(f"/manage/challenges/{w.challenge.slug}/advance", headers=EN,
                           follow_redirects=True)
    assert "Publish the lessons of this challenge" in response.data.decode()
    db.session.refresh(w.challenge)
    assert w.challenge.status == ChallengeStatus.FOLLOW_UP
    url = f"/manage/challenges/{w.challenge.slug}/lessons"
    # A draft may be incomplete; it is not public and does not let the challenge complete.
    client.post(url, data={"summary": "", "save": "1"})
    record = db.session.scalar(select(LessonsRecord))
    assert record.status == LessonsStatus.DRAFT
    client.logout()
    assert client.get(f"/lessons/{w.challenge.slug}").status_code == 404
    client.login_as(w.editor)
    # Publishing needs the lessons in brief and what went wrong; what was typed is kept.
    response = client.post(url, data={"summary": "", "what_went_wrong": "",
                                      "problem": "Zwerfvuil", "publish": "1"}, headers=EN)
    page = response.data.decode()
    assert response.status_code == 200 and "Write the lessons in brief" in page
    assert "Zwerfvuil" in page
    client.post(url, data={"summary": "Test eerst de batterijen.", "what_went_wrong": "Batterijen",
                           "publish": "1"})
    db.session.refresh(record)
    assert record.status == LessonsStatus.PUBLISHED and record.published_by_id == w.editor.id
    assert db.session.scalar(select(func.count(Event.id)).where(
        Event.action == "lessons_published")) == 1
    client.post(f"/manage/challenges/{w.challenge.slug}/advance")
    db.session.refresh(w.challenge)
    assert w.challenge.status == ChallengeStatus.COMPLETED
    client.logout()
    public = client.get(f"/lessons/{w.challenge.slug}", headers=EN).data.decode()
    assert "Test eerst de batterijen." in public and "Stopped" in public
    detail = client.get(f"/challenges/{w.challenge.slug}", headers=EN).data.decode()
    assert "Test eerst de batterijen." in detail


def test_lessons_not_yet_known_need_a_date_to_revisit(client, make):
    w = world(make)
    client.login_as(w.editor)
    url = f"/manage/challenges/{w.challenge.slug}/lessons"
    for revisit, status in (("", 200), ((w.today - timedelta(days=1)).isoformat(), 200),
                            ("not-a-date", 200), ("99999-01-01", 200)):
        response = client.post(url, data={"not_yet_known": "y", "revisit_on": revisit,
                                          "publish": "1"}, headers=EN)
        assert response.status_code == status
    assert db.session.scalar(select(func.count(LessonsRecord.id))) == 0
    later = (w.today + timedelta(days=90)).isoformat()
    client.post(url, data={"not_yet_known": "y", "revisit_on": later, "publish": "1"})
    record = db.session.scalar(select(LessonsRecord))
    assert record.is_published and record.not_yet_known and record.revisit_on.isoformat() == later


def test_only_the_organisation_writes_its_lessons(client, make):
    w = world(make)
    url = f"/manage/challenges/{w.challenge.slug}/lessons"
    assert client.get(url).status_code == 302  # to the sign-in page
    other = make.organisation()
    stranger = make.user()
    make.membership(stranger, other)
    for user in (stranger, w.author, w.outsider):
        client.login_as(user)
        assert client.get(url).status_code == 403
        assert client.post(url, data={"summary": "x", "what_went_wrong": "y",
                                      "publish": "1"}).status_code == 403
    assert db.session.scalar(select(func.count(LessonsRecord.id))) == 0
    draft = make.challenge(w.challenge.organisation, phase="draft")
    client.login_as(stranger)
    assert client.get(f"/manage/challenges/{draft.slug}/lessons").status_code == 404
    assert client.get("/lessons/no-such-challenge").status_code == 404


def test_lessons_before_the_results_are_refused(client, make):
    w = world(make)
    open_one = make.challenge(w.challenge.organisation, phase="open")
    client.login_as(w.editor)
    response = client.post(f"/manage/challenges/{open_one.slug}/lessons", headers=EN,
                           data={"summary": "x", "what_went_wrong": "y", "publish": "1"})
    assert response.status_code == 200
    assert "once the results are published" in response.data.decode()


def test_the_library_filters_and_searches(client, make, count_queries):
    small = make.organisation("Herzele", population_band=PopulationBand.FROM_10K)
    big = make.organisation("Mechelen", population_band=PopulationBand.OVER_100K)
    w = world(make)
    w.challenge.organisation = big
    db.session.commit()
    evaluated(w, Outcome.SCALED)
    make.lessons(w.challenge, summary="Slimme vuilnisbakken op schaal.")
    other = make.challenge(small, phase="results_published", title="Deelfietsen")
    make.lessons(other, summary="Fietsen werden gestolen.")
    make.lessons(make.challenge(small, phase="results_published"), published=False,
                 summary="Nog geheim")

    def titles(query: str) -> str:
        response = client.get(f"/lessons?{query}", headers=EN)
        assert response.status_code == 200
        return response.data.decode()

    everything = titles("")
    assert "Slimme vuilnisbakken" in everything and "Fietsen werden" in everything
    assert "Nog geheim" not in everything and "2 lessons records" in everything
    assert "Fietsen" not in titles("band=over_100k")
    assert "Fietsen" not in titles("outcome=scaled") and "Slimme" in titles("outcome=scaled")
    assert "Slimme" not in titles(f"organisation={small.slug}")
    assert "Slimme" not in titles("q=gestolen") and "Fietsen" in titles("q=gestolen")
    assert "0 lessons records" in titles(f"year={w.today.year - 3}")
    # Nonsense is ignored, never an error.
    for junk in ("band=x", "outcome=%00", "year=abc", "page=-1", "page=99999999999",
                 "route=nope", "q=" + "a" * 500, "theme=%ff"):
        titles(junk)
    with count_queries() as few:
        client.get("/lessons")
    for n in range(5):
        make.lessons(make.challenge(small, phase="results_published"), summary=f"Les {n}")
    with count_queries() as more:
        client.get("/lessons")
    assert more.count == few.count
    assert 'href="/lessons"' in client.get("/", headers=EN).data.decode()  # main navigation
