"""Who reaches a stage jury's screens: its own members on its pages only, the final jury's on
theirs only, the challenge's organisers on the set-up, never another organisation's editor;
stages without a jury of their own have no jury address; hostile input is refused with a
4xx; the stage work list reads a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import select

from challenges.accounts.models import Role
from challenges.challenges.models import Criterion
from challenges.db import utcnow
from challenges.extensions import db
from challenges.jury.models import Jury, JuryMember
from tests.stages.decide_helpers import EN, staged


def seat(jury, user, chair=False):
    db.session.add(JuryMember(jury=jury, email=user.email, user=user, is_chair=chair,
                              accepted_at=utcnow()))
    db.session.commit()


def juries(make, world):
    """The idea stage's jury (with a criterion) and the final jury, each with its juror."""
    challenge, ideas = world["challenge"], world["stages"][0]
    stage_jury = Jury(challenge_id=challenge.id, stage_id=ideas.id, level_descriptions={})
    final_jury = Jury(challenge_id=challenge.id, level_descriptions={})
    db.session.add_all([stage_jury, final_jury, Criterion(
        challenge_id=challenge.id, stage_id=ideas.id, position=1, name="Nieuw", weight=100)])
    db.session.commit()
    stage_juror, final_juror = make.user(language="en"), make.user(language="en")
    seat(stage_jury, stage_juror)
    seat(final_jury, final_juror, chair=True)
    return stage_jury, final_jury, stage_juror, final_juror


def test_each_juror_reaches_only_the_pages_of_their_own_jury(client, make):
    world = staged(make)
    slug, ideas = world["challenge"].slug, world["stages"][0]
    alpha = world["proposals"][0]
    stage_jury, _final_jury, stage_juror, final_juror = juries(make, world)
    stage_base, final_base = f"/jury/{slug}/stages/{ideas.id}", f"/jury/{slug}"

    client.login_as(stage_juror)
    assert client.get(stage_base).status_code == 200
    assert client.get(f"{stage_base}/proposals/{alpha.id}/declare").status_code == 200
    assert client.get(final_base).status_code == 403
    # Alpha is not the final jury's work (it is still in the idea stage): not found there.
    assert client.get(f"{final_base}/proposals/{alpha.id}/declare").status_code == 404
    for page in ("progress", "ranking", "report", "export/scores.csv"):
        assert client.get(f"{final_base}/{page}").status_code == 403, page
        # Not the chair of their own jury either.
        assert client.get(f"{stage_base}/{page}").status_code == 403, page
    assert client.post(f"{final_base}/lock").status_code == 403
    assert client.get(f"/manage/challenges/{slug}/jury").status_code == 403

    client.login_as(final_juror)    # the final jury's chair
    assert client.get(final_base).status_code == 200
    assert client.get(f"{final_base}/progress").status_code == 200
    assert client.get(stage_base).status_code == 403
    assert client.get(f"{stage_base}/proposals/{alpha.id}/declare").status_code == 403
    for page in ("progress", "ranking", "report", "export/answers.csv"):
        assert client.get(f"{stage_base}/{page}").status_code == 403, page
    assert client.post(f"{stage_base}/lock").status_code == 403
    assert client.get(f"/manage/challenges/{slug}/stages/{ideas.id}/jury").status_code == 403
    db.session.expire_all()
    assert not db.session.get(Jury, stage_jury.id).locked


def test_another_organisations_editor_is_refused(client, make):
    world = staged(make)
    slug, ideas = world["challenge"].slug, world["stages"][0]
    juries(make, world)
    stranger = make.user()
    make.membership(stranger, make.organisation(), Role.EDITOR)
    client.login_as(stranger)
    manage = f"/manage/challenges/{slug}/stages/{ideas.id}"
    for path in (f"{manage}/jury", f"{manage}/criteria", f"/jury/{slug}/stages/{ideas.id}/progress",
                 f"/jury/{slug}/stages/{ideas.id}/ranking"):
        assert client.get(path).status_code in (403, 404), path
    response = client.post(f"{manage}/jury/members", data={"email": "x@example.be"})
    assert response.status_code in (403, 404)
    response = client.post(f"{manage}/criteria", data={"criteria-0-name_nl": "Gekaapt",
                                                       "criteria-0-weight": "100"})
    assert response.status_code in (403, 404)
    assert db.session.scalar(select(Criterion).where(Criterion.name == "Gekaapt")) is None


def test_stages_without_a_jury_of_their_own_have_no_jury_address(client, make):
    world = staged(make, screening=True)
    slug = world["challenge"].slug
    ideas, screening, full = world["stages"]
    other = staged(make, tag="-other")
    client.login_as(world["editor"])
    for stage_id in (screening.id, full.id, other["stages"][0].id, 2**31, 99999999999):
        for path in (f"/manage/challenges/{slug}/stages/{stage_id}/jury",
                     f"/manage/challenges/{slug}/stages/{stage_id}/criteria",
                     f"/jury/{slug}/stages/{stage_id}", f"/jury/{slug}/stages/{stage_id}/ranking",
                     f"/jury/{slug}/stages/{stage_id}/progress"):
            assert client.get(path).status_code == 404, path
        assert client.post(f"/manage/challenges/{slug}/stages/{stage_id}/jury/members",
                           data={"email": "x@example.be"}).status_code == 404
    assert client.get(f"/manage/challenges/{slug}/stages/{ideas.id}/jury").status_code == 200
    assert db.session.scalar(select(Jury).where(Jury.stage_id == screening.id)) is None


def test_hostile_input_is_refused_with_a_client_error(client, make):
    world = staged(make)
    slug, ideas = world["challenge"].slug, world["stages"][0]
    other = staged(make, tag="-x")
    foreign = Criterion(challenge_id=other["challenge"].id, stage_id=other["stages"][0].id,
                        position=1, name="Van een ander", weight=100)
    db.session.add(foreign)
    db.session.commit()
    client.login_as(world["editor"])
    url = f"/manage/challenges/{slug}/stages/{ideas.id}/criteria"
    for value in ("a\x00b", "9" * 40, str(2**63), "1e308"):
        response = client.post(url, data={"criteria-0-name_nl": value, "criteria-0-weight": value,
                                          "criteria-0-minimum_score": value,
                                          "criteria-0-criterion_id": value})
        assert 400 <= response.status_code < 500, (value, response.status_code)
    # NUL bytes are taken out at the edge (challenges.inputs): an empty row saves nothing.
    response = client.post(url, data={"criteria-0-name_nl": "\x00", "criteria-0-weight": "\x00"})
    assert response.status_code == 302
    assert db.session.scalar(select(Criterion).where(Criterion.stage_id == ideas.id)) is None
    # Another stage's criterion named in the form is not touched: a new one is made here.
    response = client.post(url, data={"criteria-0-name_nl": "Eigen", "criteria-0-weight": "100",
                                      "criteria-0-criterion_id": str(foreign.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Criterion, foreign.id).name == "Van een ander"
    for path in (f"{url}/{2**31}/move", f"{url}/{foreign.id}/move"):
        assert client.post(path, data={"direction": "up"}).status_code == 404
    mine = db.session.scalar(select(Criterion).where(Criterion.stage_id == ideas.id))
    assert client.post(f"{url}/{mine.id}/move", data={"direction": "\x00"}).status_code == 400
    base = f"/jury/{slug}/stages/{ideas.id}"
    for path in (f"{base}/proposals/{2**31}/review", f"{base}/proposals/99999999999999/declare",
                 f"/jury/{slug}/stages/0/ranking", f"/jury/{slug}/stages/-1"):
        assert client.get(path).status_code == 404, path
    response = client.post(f"/manage/challenges/{slug}/stages/{ideas.id}/jury/members",
                           headers=EN, data={"email": "\x00"})
    assert response.status_code == 400


def test_the_stage_work_list_reads_a_fixed_number_of_queries(app, client, make, count_queries):
    from challenges.challenges.stages import StageEntry

    counts = []
    for extra, tag in ((0, "-small"), (12, "-large")):
        world = staged(make, tag=tag)
        ideas = world["stages"][0]
        for n in range(extra):
            proposal = make.proposal(world["challenge"], make.user(), title=f"Extra {n}",
                                     stage_id=ideas.id)
            db.session.add(StageEntry(proposal_id=proposal.id, stage_id=ideas.id,
                                      submitted_at=utcnow()))
        db.session.commit()
        _stage_jury, _final, stage_juror, _other = juries(make, world)
        app.config["PAGE_SIZE"] = 50
        client.login_as(stage_juror)
        with count_queries() as counter:
            page = client.get(f"/jury/{world['challenge'].slug}/stages/{ideas.id}")
            assert page.status_code == 200
            assert page.data.decode().count("Declare conflict first") == 3 + extra
            assert client.get("/jury").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
