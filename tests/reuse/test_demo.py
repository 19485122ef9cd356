"""The demo shows a template with its lineage: Mechelen's energy monitoring, recommended,
adapted by Herzele (published) and by Brugge (a draft with revision 2 waiting for review)."""

from __future__ import annotations

from sqlalchemy import func, select

from challenges.challenges.models import Challenge
from challenges.challenges.operations import publication_problems
from challenges.extensions import db
from challenges.reuse.models import Adoption, ChallengeTemplate, TemplateRevision

EN = {"Accept-Language": "en"}
SOURCE = "mechelen-energieverbruik-stadsgebouwen"


def counts():
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (ChallengeTemplate, TemplateRevision, Adoption, Challenge)]


def test_demo_templates(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "/templates" in result.output
    library = client.get("/templates", headers=EN).data.decode()
    assert "Recommended" in library and "Gemeente Herzele" in library
    page = client.get(f"/templates/{SOURCE}", headers=EN).data.decode()
    assert "Revision 2" in page and "herzele-energieverbruik-gemeentegebouwen" in page
    assert "brugge-energieverbruik-stadsgebouwen" not in page  # a draft never leaks
    child = client.get("/challenges/herzele-energieverbruik-gemeentegebouwen",
                       headers=EN).data.decode()
    assert "Adapted from" in child and f"/templates/{SOURCE}" in child
    herzele = db.session.scalar(select(Challenge).where(
        Challenge.slug == "herzele-energieverbruik-gemeentegebouwen"))
    assert publication_problems(herzele) == {}
    before = counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert counts() == before


def test_the_brugge_draft_waits_for_review(runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    from challenges.accounts.models import User

    pieter = db.session.scalar(select(User).where(User.email == "pieter.vermeulen@brugge.demo"))
    client.login_as(pieter)
    edit = client.get("/manage/challenges/brugge-energieverbruik-stadsgebouwen/edit",
                      headers=EN).data.decode()
    assert "Het sjabloon is gewijzigd" in edit  # Pieter reads Dutch
    review = client.get(
        "/manage/challenges/brugge-energieverbruik-stadsgebouwen/template-changes",
        headers=EN).data.decode()
    assert "eigendom van de stad" in review and "<ins>" in review and "45" in review
