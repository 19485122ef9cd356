"""Templates with lineage: publish a challenge as a template (never with what people sent in),
the library and the template page, adopting into a new draft, a revision reaching the drafts
made from it, curating, and the refusals (403, 404, a double click)."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from challenges.accounts.models import Role
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import Challenge, ChallengeStatus
from challenges.db import utcnow
from challenges.events import Event
from challenges.extensions import db
from challenges.jury.models import Jury, JuryMember, Review, Score
from challenges.notifications.models import OutboxMessage
from challenges.pilots.models import Kpi, KpiValue, Outcome
from challenges.reuse.models import Adoption, ChallengeTemplate, TemplateRevision
from challenges.timezones import utc_to_brussels
from tests.lessons.test_lessons import evaluated
from tests.pilots.helpers import kpi, world

EN = {"Accept-Language": "en"}


def completed(make, **fields):
    """A completed challenge with a winner, a jury that scored, a KPI with a value and an
    evaluated pilot: everything a template must leave behind."""
    w = world(make)
    w.challenge.opens_at = utcnow() - timedelta(days=90)
    w.challenge.closes_at = w.challenge.opens_at + timedelta(days=30)
    w.challenge.results_at = w.challenge.closes_at + timedelta(days=21)
    w.challenge.ip_terms = "De oplossing blijft van de deelnemer."
    for name, value in fields.items():
        setattr(w.challenge, name, value)
    juror = make.user(name="Jurylid Goossens")
    jury = Jury(challenge=w.challenge, blind=True, scale_min=0, scale_max=10,
                level_descriptions={})
    member = JuryMember(jury=jury, email=juror.email, user=juror, accepted_at=utcnow())
    db.session.add_all([jury, member])
    db.session.flush()
    review = Review(member=member, proposal=w.winner, overall_comment="Sterk geheim oordeel")
    db.session.add(review)
    db.session.flush()
    db.session.add(Score(review=review, criterion_id=w.challenge.criteria[0].id,
                         value=Decimal("7.25"), comment="Score-commentaar"))
    db.session.commit()
    evaluated(w, Outcome.ADOPTED)
    w.challenge.status = ChallengeStatus.COMPLETED
    db.session.commit()
    return w


def publish(client, w, note=""):
    client.login_as(w.editor)
    return client.post(f"/manage/challenges/{w.challenge.slug}/template",
                       data={"change_note": note})


def other_editor(make, name="Stad Brugge", slug="stad-brugge"):
    organisation = make.organisation(name, slug=slug)
    editor = make.user(name="Pieter", language="en")
    make.membership(editor, organisation, Role.EDITOR)
    return organisation, editor


def adopt(client, template_slug, organisation, opens_on, key="k1"):
    return client.post(f"/templates/{template_slug}/adopt", data={
        "organisation": organisation.slug, "opens_on": opens_on.isoformat(), "key": key})


def test_publishing_carries_the_framing_and_nothing_people_sent_in(client, make):
    w = completed(make)
    page = client.login_as(w.editor).get(f"/manage/challenges/{w.challenge.slug}/template",
                                         headers=EN)
    assert page.status_code == 200 and b"What the template will carry" in page.data
    response = publish(client, w)
    assert response.status_code == 302
    template = db.session.scalar(select(ChallengeTemplate))
    assert template.slug == w.challenge.slug and template.revision == 1
    data = template.latest.content
    assert [c["weight"] for c in data["criteria"]] == [c.weight for c in w.challenge.criteria]
    assert data["legal_route"] == "low_value_contract"
    assert data["jury"]["blind"] is True and data["jury"]["jurors"] == 1
    assert data["kpis"][0]["name"] == "Klachten over zwerfvuil per maand"
    assert data["timeline"]["open_days"] == 30 and data["timeline"]["results_days"] == 21
    assert data["timeline"]["pilot_days"] == 210
    assert data["ip_terms"] == "De oplossing blijft van de deelnemer."
    # Never participants, proposals, jurors, scores or the KPI's measured values.
    text = json.dumps(data)
    juror = db.session.scalar(select(JuryMember)).email
    for secret in ("Founder", "Slimme sensoren", w.author.email, juror,
                   "Goossens", "7.25", "Score-commentaar", "Sterk geheim", "30.5",
                   w.editor.email):
        assert secret not in text, secret
    assert db.session.scalar(select(func.count(Event.id)).where(
        Event.action == "template_published")) == 1
    public = client.get(f"/templates/{template.slug}", headers=EN).data.decode()
    assert "Revision 1" in public and w.challenge.title in public
    assert "Founder" not in public and juror not in public


def test_a_draft_is_not_published_as_a_template(client, make):
    organisation, editor = other_editor(make)
    draft = make.challenge(organisation, phase="draft")
    client.login_as(editor)
    response = client.post(f"/manage/challenges/{draft.slug}/template", data={})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(ChallengeTemplate.id))) == 0


def test_others_cannot_publish_or_revise(client, make):
    w = completed(make)
    publish(client, w)
    _organisation, outsider_editor = other_editor(make)
    client.login_as(outsider_editor)
    assert client.post(f"/manage/challenges/{w.challenge.slug}/template",
                       data={}).status_code == 403
    assert client.get(f"/manage/templates/{w.challenge.slug}/revise").status_code == 403
    assert client.post(f"/manage/templates/{w.challenge.slug}/revise",
                       data={"change_note": "x"}).status_code == 403
    assert client.get("/templates/no-such-template").status_code == 404
    assert client.get("/manage/templates/no-such-template/revise").status_code == 404
    assert client.get("/templates/no-such-template/adopt").status_code == 404
    assert client.post("/templates/no-such-template/recommend").status_code == 403
    # Recommending is for platform administrators.
    assert client.post(f"/templates/{w.challenge.slug}/recommend",
                       data={"recommended": "1"}).status_code == 403


def test_adopting_makes_a_draft_with_the_lineage(client, make):
    w = completed(make)
    publish(client, w)
    brugge, pieter = other_editor(make)
    client.login_as(pieter)
    form = client.get(f"/templates/{w.challenge.slug}/adopt", headers=EN)
    assert form.status_code == 200 and b"Make the draft" in form.data
    opens_on = w.today + timedelta(days=10)
    response = adopt(client, w.challenge.slug, brugge, opens_on)
    assert response.status_code == 302
    child = db.session.scalar(select(Challenge).where(Challenge.organisation_id == brugge.id))
    assert child.is_draft and child.title == w.challenge.title
    assert response.headers["Location"].endswith(f"/manage/challenges/{child.slug}/edit")
    assert [c.name for c in child.criteria] == [c.name for c in w.challenge.criteria]
    assert child.legal_route == LegalRoute.LOW_VALUE_CONTRACT
    assert child.ip_terms == w.challenge.ip_terms
    assert utc_to_brussels(child.opens_at).date() == opens_on
    assert utc_to_brussels(child.closes_at).date() == opens_on + timedelta(days=30)
    assert utc_to_brussels(child.results_at).date() == opens_on + timedelta(days=51)
    [planned] = db.session.scalars(select(Kpi).where(Kpi.challenge_id == child.id)).all()
    assert planned.name == "Klachten over zwerfvuil per maand"
    assert db.session.scalar(select(func.count(KpiValue.id)).join(Kpi).where(
        Kpi.challenge_id == child.id)) == 0
    jury = db.session.scalar(select(Jury).where(Jury.challenge_id == child.id))
    assert jury.blind and jury.scale_max == 10 and jury.members == []
    adoption = db.session.scalar(select(Adoption))
    assert (adoption.challenge_id, adoption.revision) == (child.id, 1)
    # The draft is Brugge's only: the template page and the API do not list it.
    client.logout()
    public = client.get(f"/templates/{w.challenge.slug}", headers=EN).data.decode()
    assert child.slug not in public and "Stad Brugge" not in public
    api = client.get("/api/v1/templates").get_json()
    assert api["items"][0]["adopted_by"] == []
    assert client.get(f"/challenges/{child.slug}").status_code == 404
    assert client.get(f"/api/v1/challenges/{child.slug}").status_code == 404
    # Once published, the lineage shows both ways.
    child.status = ChallengeStatus.PUBLISHED
    child.published_at = utcnow()
    db.session.commit()
    page = client.get(f"/challenges/{child.slug}", headers=EN).data.decode()
    assert "Adapted from" in page and f"/templates/{w.challenge.slug}" in page
    public = client.get(f"/templates/{w.challenge.slug}", headers=EN).data.decode()
    assert child.slug in public and "Stad Brugge" in public
    detail = client.get(f"/api/v1/challenges/{child.slug}").get_json()
    assert detail["derived_from"] == w.challenge.slug
    assert detail["template"]["revision"] == 1
    assert client.get(f"/api/v1/challenges/{w.challenge.slug}").get_json()["derived_from"] \
        is None


def test_adopting_for_an_organisation_one_does_not_edit_is_refused(client, make):
    w = completed(make)
    publish(client, w)
    brugge, pieter = other_editor(make)
    herzele = make.organisation("Gemeente Herzele", slug="gemeente-herzele")
    client.login_as(pieter)
    assert adopt(client, w.challenge.slug, herzele, w.today).status_code == 403
    assert client.post(f"/templates/{w.challenge.slug}/adopt", data={
        "organisation": "nonsense", "opens_on": "2027-01-01"}).status_code == 403
    # A participant works for no organisation.
    client.login_as(w.author)
    assert client.get(f"/templates/{w.challenge.slug}/adopt").status_code == 403
    # Bad input is shown, never a 500.
    client.login_as(pieter)
    for bad in ({"organisation": brugge.slug, "opens_on": "not a date"},
                {"organisation": brugge.slug, "opens_on": "2001-01-01"},
                {"organisation": "", "opens_on": "2030-01-01"}):
        assert client.post(f"/templates/{w.challenge.slug}/adopt", data=bad).status_code == 400
    assert db.session.scalar(select(func.count(Adoption.id))) == 0


def test_the_same_adopt_form_twice_makes_one_draft(client, make):
    w = completed(make)
    publish(client, w)
    brugge, pieter = other_editor(make)
    client.login_as(pieter)
    first = adopt(client, w.challenge.slug, brugge, w.today, key="same")
    second = adopt(client, w.challenge.slug, brugge, w.today, key="same")
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count(Adoption.id))) == 1
    # A new form (a new key) is a new draft on purpose.
    adopt(client, w.challenge.slug, brugge, w.today, key="other")
    assert db.session.scalar(select(func.count(Adoption.id))) == 2


def revise(client, w, **changes):
    page = client.get(f"/manage/templates/{w.challenge.slug}/revise")
    assert page.status_code == 200
    template = db.session.scalar(select(ChallengeTemplate))
    data = {name: value for name, value in template.latest.content.items()
            if isinstance(value, str)}
    for i, criterion in enumerate(template.latest.content["criteria"]):
        data.update({f"criteria-{i}-name": criterion["name"],
                     f"criteria-{i}-weight": str(criterion["weight"]),
                     f"criteria-{i}-description": criterion["description"]})
    data.update({key: "" if value is None else str(value)
                 for key, value in template.latest.content["timeline"].items()})
    data["change_note"] = "Strakker"
    data.update(changes)
    return client.post(f"/manage/templates/{w.challenge.slug}/revise", data=data)


def test_the_revision_form_shows_a_criterion_minimum_score(client, make):
    # The template keeps a minimum score as text; the form must show it (was a 500).
    w = completed(make)
    w.challenge.criteria[0].minimum_score = Decimal("2.5")
    db.session.commit()
    publish(client, w)
    page = client.get(f"/manage/templates/{w.challenge.slug}/revise")
    assert page.status_code == 200
    assert 'name="criteria-0-minimum_score"' in page.get_data(as_text=True)
    assert 'value="2.5' in page.get_data(as_text=True)


def test_a_revision_reaches_the_drafts_for_review(client, make):
    w = completed(make)
    publish(client, w)
    brugge, pieter = other_editor(make)
    client.login_as(pieter)
    adopt(client, w.challenge.slug, brugge, w.today + timedelta(days=5))
    child = db.session.scalar(select(Challenge).where(Challenge.organisation_id == brugge.id))
    child.goals = "Onze eigen doelen."
    db.session.commit()
    client.login_as(w.editor)
    # Nothing changed: refused; no note: refused.
    assert revise(client, w).status_code == 400
    assert revise(client, w, problem="Nieuw probleem", change_note="").status_code == 400
    assert revise(client, w, **{"criteria-0-weight": "10"}).status_code == 400  # not 100%
    response = revise(client, w, problem="Het probleem, scherper gesteld.",
                      goals="Minder klachten.", open_days="45")
    assert response.status_code == 302
    template = db.session.scalar(select(ChallengeTemplate))
    assert template.revision == 2 and template.latest.change_note == "Strakker"
    # The draft's editors are told by email.
    [mail] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == pieter.email)).all()
    assert f"/manage/challenges/{child.slug}/template-changes" in mail.body_text
    client.login_as(pieter)
    edit = client.get(f"/manage/challenges/{child.slug}/edit", headers=EN).data.decode()
    assert "The template changed" in edit and "Review the changes" in edit
    review = client.get(f"/manage/challenges/{child.slug}/template-changes", headers=EN)
    page = review.data.decode()
    assert "<del>" in page and "<ins>" in page and "scherper gesteld" in page
    assert "Timeline" in page and "Our goals" in page
    # Nothing ticked is not a choice: take over, or dismiss.
    assert client.post(f"/manage/challenges/{child.slug}/template-changes",
                       data={"action": "take"}).status_code == 200
    response = client.post(f"/manage/challenges/{child.slug}/template-changes",
                           data={"action": "take", "take": ["problem", "nonsense"]})
    assert response.status_code == 302
    db.session.expire_all()
    child = db.session.get(Challenge, child.id)
    assert child.problem == "Het probleem, scherper gesteld."
    assert child.goals == "Onze eigen doelen."  # not ticked: the draft keeps its own
    assert db.session.scalar(select(Adoption.revision)) == 2
    event = db.session.scalar(select(Event).where(Event.action == "template_changes_taken"))
    assert event.changes["fields"] == ["problem"] and event.actor_id == pieter.id
    assert "The template changed" not in client.get(
        f"/manage/challenges/{child.slug}/edit", headers=EN).data.decode()
    # A third revision dismissed.
    client.login_as(w.editor)
    assert revise(client, w, problem="Nog eens anders.", open_days="45",
                  goals="Minder klachten.").status_code == 302
    client.login_as(pieter)
    assert client.post(f"/manage/challenges/{child.slug}/template-changes",
                       data={"action": "dismiss"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Challenge, child.id).problem == "Het probleem, scherper gesteld."
    assert db.session.scalar(select(Adoption.revision)) == 3
    assert db.session.scalar(select(func.count(Event.id)).where(
        Event.action == "template_changes_dismissed")) == 1
    # Others cannot review Brugge's draft; a challenge not made from a template has no page.
    client.login_as(w.editor)
    assert client.get(f"/manage/challenges/{child.slug}/template-changes").status_code == 404
    assert client.get(f"/manage/challenges/{w.challenge.slug}/template-changes"
                      ).status_code == 404


def test_a_new_revision_from_the_challenge(client, make):
    w = completed(make)
    publish(client, w)
    response = publish(client, w, note="Niets")
    assert response.status_code == 200  # nothing changed
    w.challenge.constraints = "Geen camera's."
    db.session.commit()
    assert publish(client, w, note="").status_code == 200  # a note is needed
    assert publish(client, w, note="Beperking toegevoegd").status_code == 302
    revisions = db.session.scalars(select(TemplateRevision).order_by(TemplateRevision.number))
    assert [r.number for r in revisions] == [1, 2]


def test_recommended_templates_come_first(client, make):
    first = completed(make)
    publish(client, first)
    second = completed(make)
    publish(client, second)
    admin = make.user(platform_admin=True)
    client.login_as(admin)
    assert client.post(f"/templates/{first.challenge.slug}/recommend",
                       data={"recommended": "1"}).status_code == 302
    client.logout()
    page = client.get("/templates", headers=EN).data.decode()
    assert page.index(first.challenge.title) < page.index(second.challenge.title)
    assert "Recommended" in page
    only = client.get("/templates?recommended=1", headers=EN).data.decode()
    assert second.challenge.title not in only
    client.login_as(admin)
    client.post(f"/templates/{first.challenge.slug}/recommend", data={"recommended": "0"})
    assert not db.session.scalar(select(ChallengeTemplate).where(
        ChallengeTemplate.slug == first.challenge.slug)).recommended
    assert db.session.scalar(select(func.count(Event.id)).where(
        Event.action.in_(("template_recommended", "template_unrecommended")))) == 2


def test_the_library_filters_and_takes_constant_queries(client, make, count_queries):
    w = completed(make, legal_route=LegalRoute.PRIZE)
    publish(client, w)
    client.logout()
    page = client.get("/templates", headers=EN).data.decode()
    assert w.challenge.title in page
    assert w.challenge.title not in client.get(
        "/templates?route=design_contest", headers=EN).data.decode()
    assert w.challenge.title in client.get(
        f"/templates?organisation={w.challenge.organisation.slug}&route=prize",
        headers=EN).data.decode()
    for nonsense in ("route=x", "page=abc", "page=99999", "theme=%00x", "q=" + "x" * 500):
        assert client.get(f"/templates?{nonsense}").status_code in (200, 400)
    def another(n):
        more = completed(make)
        publish(client, more)
        brugge, pieter = other_editor(make, name=f"Gemeente {n}", slug=f"g-{n}")
        client.login_as(pieter)
        adopt(client, more.challenge.slug, brugge, more.today, key=f"key-{n}")
        db.session.scalar(select(Challenge).where(
            Challenge.organisation_id == brugge.id)).status = ChallengeStatus.PUBLISHED
        db.session.commit()
        client.logout()

    another(0)
    with count_queries() as few:
        client.get("/templates", headers=EN)
    for n in range(1, 4):
        another(n)
    with count_queries() as many:
        assert client.get("/templates", headers=EN).data.decode().count("Reused by") == 4
    assert many.count == few.count


def test_templates_api_validates(client, make):
    from tests.api.test_openapi import check, response_schema

    w = completed(make)
    publish(client, w)
    brugge, pieter = other_editor(make)
    client.login_as(pieter)
    adopt(client, w.challenge.slug, brugge, w.today)
    child = db.session.scalar(select(Challenge).where(Challenge.organisation_id == brugge.id))
    child.status, child.published_at = ChallengeStatus.PUBLISHED, utcnow()
    db.session.commit()
    client.logout()
    document = client.get("/api/v1/openapi.json").get_json()
    body = client.get("/api/v1/templates").get_json()
    check(document, response_schema(document, "/templates", "200"), body)
    [item] = body["items"]
    assert item["derived_from"] == w.challenge.slug and item["revision"] == 1
    assert item["adopted_by"] == [{"slug": child.slug, "revision": 1, "outcomes": [],
                                   "organisation": {"slug": "stad-brugge",
                                                    "name": "Stad Brugge"}}]
    assert item["url"].endswith(f"/templates/{w.challenge.slug}")
    detail = client.get(f"/api/v1/challenges/{child.slug}").get_json()
    check(document, response_schema(document, "/challenges/{slug}", "200"), detail)
    assert client.get("/api/v1/templates?limit=0").status_code == 400
    assert client.get("/api/v1/templates?route=nonsense").status_code == 200


def test_kpis_and_lessons_link_on_the_template_page(client, make):
    w = completed(make)
    kpi(w, name="Tweede KPI")
    make.lessons(w.challenge)
    publish(client, w)
    client.logout()
    page = client.get(f"/templates/{w.challenge.slug}", headers=EN).data.decode()
    assert "Tweede KPI" in page and f"/lessons/{w.challenge.slug}" in page
    lessons = client.get(f"/lessons/{w.challenge.slug}", headers=EN).data.decode()
    assert f"/templates/{w.challenge.slug}" in lessons


def test_a_partner_of_a_joint_challenge_revises_its_template_until_removed(client, make):
    w = completed(make)
    publish(client, w)
    brugge, pieter = other_editor(make)
    row = make.partner(w.challenge, brugge)
    client.login_as(pieter)
    assert client.get(f"/manage/templates/{w.challenge.slug}/revise").status_code == 200
    db.session.delete(row)
    db.session.commit()
    assert client.get(f"/manage/templates/{w.challenge.slug}/revise").status_code == 403
