"""A stage's jury through the screens: the organiser gives the idea stage its own criteria
and invites a juror, who accepts, declares, scores and whose jury is locked; the stage's
ranking orders the stage's decision page, whose top N it ticks."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from challenges.challenges.models import Criterion
from challenges.extensions import db
from challenges.jury.models import Jury, JuryMember, jury_of_stage
from challenges.notifications.models import OutboxMessage
from tests.stages.decide_helpers import EN, decide_url, staged


def criteria_data(*rows):
    """The stage criteria form's fields: (name_nl, name_en, weight) per row."""
    data = {}
    for index, (name_nl, name_en, weight) in enumerate(rows):
        data.update({f"criteria-{index}-name_nl": name_nl, f"criteria-{index}-name_en": name_en,
                     f"criteria-{index}-description_nl": f"Kijk naar {name_nl}.",
                     f"criteria-{index}-weight": str(weight)})
    return data


def set_criteria(client, world) -> list[Criterion]:
    ideas = world["stages"][0]
    url = f"/manage/challenges/{world['challenge'].slug}/stages/{ideas.id}/criteria"
    response = client.post(url, data=criteria_data(("Nieuw", "New", 60), ("Haalbaar", "", 40)))
    assert response.status_code == 302, response.data.decode()[:2000]
    return list(db.session.scalars(select(Criterion).where(Criterion.stage_id == ideas.id)
                                   .order_by(Criterion.position)))


def invite_and_accept(client, world, make, email="hilde@kuleuven.be"):
    """The organiser invites someone without an account; they register and accept."""
    challenge, ideas = world["challenge"], world["stages"][0]
    client.login_as(world["editor"])
    response = client.post(f"/manage/challenges/{challenge.slug}/stages/{ideas.id}/jury/members",
                           data={"email": email})
    assert response.status_code == 302
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == email))
    link = next(w for w in message.body_text.split() if "/jury/accept/" in w)
    juror = make.user(email=email, name="Hilde Goossens", language="en")
    client.login_as(juror)
    response = client.post(urlsplit(link).path, headers=EN)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/jury/{challenge.slug}/stages/{ideas.id}")
    return juror, message


def score(client, base, proposal, criteria, values):
    assert client.post(f"{base}/proposals/{proposal.id}/declare",
                       data={"conflict": "no"}).status_code == 302
    data = {"action": "submit", "overall_comment": "Goed.", "private_note": ""}
    for criterion, value in zip(criteria, values, strict=True):
        data[f"score_{criterion.id}"] = str(value)
    response = client.post(f"{base}/proposals/{proposal.id}/review", data=data)
    assert response.status_code == 302, response.data.decode()[:3000]


def test_criteria_jury_scoring_ranking_and_decision_of_a_stage(client, make):
    world = staged(make)
    challenge, editor = world["challenge"], world["editor"]
    ideas, full = world["stages"]
    alpha, beta, gamma = world["proposals"]
    slug = challenge.slug
    client.login_as(editor)

    # The stage's edit page leads to its criteria and its jury; neither exists yet.
    page = client.get(f"/manage/challenges/{slug}/stages/{ideas.id}", headers=EN)
    html = page.data.decode()
    assert f"/manage/challenges/{slug}/stages/{ideas.id}/criteria" in html
    assert f"/manage/challenges/{slug}/stages/{ideas.id}/jury" in html
    assert "No criteria yet" in html and "No jury yet" in html
    # The last stage is the final jury's.
    last = client.get(f"/manage/challenges/{slug}/stages/{full.id}", headers=EN).data.decode()
    assert f"/manage/challenges/{slug}/jury" in last and f"stages/{full.id}/criteria" not in last

    # The criteria: weights must add up to 100, a name in the challenge's language.
    url = f"/manage/challenges/{slug}/stages/{ideas.id}/criteria"
    assert client.get(url, headers=EN).status_code == 200
    response = client.post(url, headers=EN, data=criteria_data(("Nieuw", "New", 50),
                                                                ("Haalbaar", "", 30)))
    assert response.status_code == 400 and "add up to 80%" in response.data.decode()
    response = client.post(url, headers=EN, data=criteria_data(("", "New", 100)))
    assert response.status_code == 400 and "criteria-0-name_nl-error" in response.data.decode()
    novel, feasible = set_criteria(client, world)
    assert (novel.name, novel.weight, novel.translations) == ("Nieuw", 60, {"en": {"name": "New"}})
    assert feasible.stage_id == ideas.id and challenge.criteria != [novel, feasible]
    # Reordered with a button.
    client.post(f"{url}/{feasible.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert (feasible.position, novel.position) == (1, 2)
    client.post(f"{url}/{feasible.id}/move", data={"direction": "down"})

    # The jury: invited by email, naming the stage; accepted through the link.
    _juror, message = invite_and_accept(client, world, make)
    assert "Ideas" in message.body_text
    stage_jury = jury_of_stage(ideas)
    assert stage_jury is not None and stage_jury.stage_id == ideas.id
    assert db.session.scalar(select(Jury).where(Jury.challenge_id == challenge.id,
                                                Jury.stage_id.is_(None))) is None

    # "My juries" names the stage; the work list is the stage's proposals, blind.
    home = client.get("/jury", headers=EN).data.decode()
    assert "Jury of Stage 1 of 2:" in home and "Ideas" in home and "0 of 3" in home
    base = f"/jury/{slug}/stages/{ideas.id}"
    listing = client.get(base, headers=EN).data.decode()
    assert listing.count("Declare conflict first") == 3 and "Nieuw" in listing
    assert "This review is blind" in listing

    # Scores on the stage's criteria, then the review page shows them.
    db.session.expire_all()
    criteria = list(db.session.scalars(select(Criterion).where(Criterion.stage_id == ideas.id)
                                       .order_by(Criterion.position)))
    score(client, base, alpha, criteria, [5, 4])
    score(client, base, beta, criteria, [2, 2])
    score(client, base, gamma, criteria, [4, 4])
    review = client.get(f"{base}/proposals/{alpha.id}/review", headers=EN).data.decode()
    assert "Score for <span>New</span>" in review and "Your weighted total: 4.60" in review

    # The organiser locks scoring; the criteria's weights are fixed from the first review.
    client.login_as(editor)
    response = client.post(url, headers=EN, data={
        **criteria_data(("Nieuw", "New", 50), ("Haalbaar", "", 50)),
        "criteria-0-criterion_id": str(novel.id), "criteria-1-criterion_id": str(feasible.id)})
    assert response.status_code == 409 and "started scoring" in response.data.decode()
    progress = client.get(f"{base}/progress", headers=EN).data.decode()
    assert "Decide the stage" in progress
    assert client.post(f"{base}/lock").status_code == 302
    db.session.expire_all()
    assert jury_of_stage(ideas).locked
    summary = client.get(f"/manage/challenges/{slug}/stages", headers=EN).data.decode()
    assert "2 criteria" in summary and "1 juror" in summary and "scoring locked" in summary

    # The ranking: Alpha (4.6), Gamma (4.0), Beta (2.0).
    ranking = client.get(f"{base}/ranking", headers=EN).data.decode()
    assert ranking.index("Alpha") < ranking.index("Gamma") < ranking.index("Beta")
    assert f"/manage/challenges/{slug}/stages/{ideas.id}/decide" in ranking
    report = client.get(f"{base}/report", headers=EN).data.decode()
    assert "This jury assesses" in report and "A stage jury records no decision" in report
    for export in ("scores.csv", "ranking.csv", "scores.xlsx", "answers.csv", "answers.xlsx"):
        assert client.get(f"{base}/export/{export}").status_code == 200, export
    assert "Alpha" in client.get(f"{base}/export/ranking.csv").data.decode("utf-8-sig")

    # The decision page follows it, links to it, and ticks its top two.
    decide = client.get(f"{decide_url(world)}?top=2", headers=EN).data.decode()
    assert f"{base}/ranking" in decide
    assert decide.index("Alpha") < decide.index("Gamma") < decide.index("Beta")
    ticked = set(re.findall(r'value="(\d+)" checked', decide))
    assert ticked == {str(alpha.id), str(gamma.id)}


def test_without_criteria_a_stage_jury_cannot_score(client, make):
    world = staged(make)
    ideas = world["stages"][0]
    alpha = world["proposals"][0]
    juror, _message = invite_and_accept(client, world, make)
    base = f"/jury/{world['challenge'].slug}/stages/{ideas.id}"
    listing = client.get(base, headers=EN).data.decode()
    assert "no criteria to score on yet" in listing
    assert client.post(f"{base}/proposals/{alpha.id}/declare",
                       data={"conflict": "no"}).status_code == 302
    response = client.post(f"{base}/proposals/{alpha.id}/review", headers=EN,
                           data={"action": "submit", "overall_comment": "", "private_note": ""})
    assert response.status_code == 400 and "no criteria to score on yet" in response.data.decode()
    member = db.session.scalar(select(JuryMember).where(JuryMember.user_id == juror.id))
    assert member.review_of(alpha) is None


def test_the_stage_jury_setup_keeps_the_stage_blind_choice(client, make):
    world = staged(make)
    ideas = world["stages"][0]
    client.login_as(world["editor"])
    response = client.post(f"/manage/challenges/{world['challenge'].slug}/stages/{ideas.id}/jury",
                           data={"scale_min": "1", "scale_max": "5",
                                 "authoritative_view": "weighted", "assignment_mode": "all",
                                 "reviewers_per_proposal": "2"})
    assert response.status_code == 302
    db.session.expire_all()
    jury = jury_of_stage(ideas)
    assert (jury.blind, ideas.blind, jury.scale_min) == (False, False, 1)


def test_the_audit_trail_names_the_stage_of_a_stage_jurys_actions(client, make):
    from challenges.accounts.models import Role

    world = staged(make)
    invite_and_accept(client, world, make)
    admin = make.user(language="en")
    make.membership(admin, world["organisation"], Role.ADMIN)
    client.login_as(admin)
    page = client.get(f"/manage/challenges/{world['challenge'].slug}/jury/audit", headers=EN)
    html = page.data.decode()
    assert page.status_code == 200 and "Juror invited" in html and "Juror joined" in html
    assert "Stage" in html and "Ideas" in html


def test_assignment_and_reminders_of_a_stage_jury(client, make):
    from challenges.jury.models import Assignment

    world = staged(make)
    challenge, ideas = world["challenge"], world["stages"][0]
    client.login_as(world["editor"])
    set_criteria(client, world)
    juror, _message = invite_and_accept(client, world, make)
    client.login_as(world["editor"])
    base = f"/jury/{challenge.slug}/stages/{ideas.id}"
    response = client.post(f"/manage/challenges/{challenge.slug}/stages/{ideas.id}/jury",
                           data={"blind": "y", "scale_min": "0", "scale_max": "5",
                                 "authoritative_view": "weighted",
                                 "assignment_mode": "assigned", "reviewers_per_proposal": "1"})
    assert response.status_code == 302
    assert client.post(f"{base}/assign").status_code == 302
    member = db.session.scalar(select(JuryMember).where(JuryMember.user_id == juror.id))
    assigned = set(db.session.scalars(select(Assignment.proposal_id).where(
        Assignment.member_id == member.id)))
    assert assigned == {p.id for p in world["proposals"]}
    # By hand: one taken away, then the juror sees two.
    alpha = world["proposals"][0]
    response = client.post(f"{base}/assignments", data={
        "member_id": str(member.id), "proposal_id": str(alpha.id), "assigned": "0"})
    assert response.status_code == 302 and f"{base}/progress" in response.headers["Location"]
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    assert client.post(f"{base}/remind").status_code == 302
    [reminder] = db.session.scalars(select(OutboxMessage)).all()
    assert reminder.recipient == juror.email and base in reminder.body_text
    client.login_as(juror)
    listing = client.get(base, headers=EN).data.decode()
    assert listing.count("Declare conflict first") == 2 and "Proposals assigned to you" in listing


def test_a_design_contest_stage_jury_stays_blind(client, make):
    from challenges.challenges.legal import LegalRoute

    world = staged(make)
    challenge, ideas = world["challenge"], world["stages"][0]
    challenge.legal_route = LegalRoute.DESIGN_CONTEST
    ideas.blind = False     # as set before the route was chosen
    db.session.commit()
    client.login_as(world["editor"])
    response = client.post(f"/manage/challenges/{challenge.slug}/stages/{ideas.id}/jury/members",
                           data={"email": "hilde@kuleuven.be"})
    assert response.status_code == 302
    assert jury_of_stage(ideas).blind
