"""Who may use each jury route, and what happens to bad scores: every refused request answers
403 or 404 (or sends a signed-out visitor to the sign-in page) and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from challenges.events import Event as AuditEvent
from challenges.extensions import db
from challenges.jury import operations as ops
from challenges.jury.models import (
    Assignment,
    ConflictDeclaration,
    Jury,
    JuryMember,
    Review,
    Score,
)
from challenges.notifications.models import OutboxMessage
from tests.jury.test_views import EN, build_other_challenge, build_panel, review_data


@pytest.fixture
def world(make):
    panel = build_panel(make)
    chair_member, member = panel["members"]
    chair, juror = panel["jurors"]
    first, second = panel["proposals"]
    ops.declare(member, first, False, "", juror)
    ops.declare(member, second, True, "Mijn zus zit in het team.", juror)
    other = build_other_challenge(make)
    people = {
        "anonymous": None,
        "stranger": make.user(name="Iemand", language="en"),
        "participant": first.author,
        "other_juror": other["juror"],
        "other_editor": other["editor"],
        "juror": juror,
        "chair": chair,
        "organiser": panel["organiser"],
        "admin": make.user(platform_admin=True),
    }
    return {**panel, "other": other, "people": people, "first": first, "second": second,
            "member": member, "chair_member": chair_member, "juror": juror}


def snapshot():
    """Everything a jury route could change."""
    db.session.expire_all()
    counts = tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (
        JuryMember, ConflictDeclaration, Assignment, Review, Score, AuditEvent, OutboxMessage))
    juries = tuple(db.session.execute(select(
        Jury.id, Jury.blind, Jury.scale_min, Jury.scale_max, Jury.assignment_mode,
        Jury.scoring_locked_at, Jury.level_descriptions).order_by(Jury.id)))
    members = tuple(db.session.execute(select(
        JuryMember.id, JuryMember.is_chair, JuryMember.user_id).order_by(JuryMember.id)))
    declarations = tuple(db.session.execute(select(
        ConflictDeclaration.id, ConflictDeclaration.has_conflict, ConflictDeclaration.reason)
        .order_by(ConflictDeclaration.id)))
    return counts, juries, members, declarations


def request_as(client, person, method, path, data=None):
    if person is None:
        client.logout()
    else:
        client.login_as(person)
    return client.open(path, method=method, data=data or {}, headers=EN)


def routes(world):
    slug = world["challenge"].slug
    first, second = world["first"], world["second"]
    member = world["member"]
    config = {"scale_min": "1", "scale_max": "9", "authoritative_view": "borda",
              "assignment_mode": "assigned", "reviewers_per_proposal": "1"}
    attachment = first.attachments[0].id
    return {
        "organiser": [
            ("GET", f"/manage/challenges/{slug}/jury", None),
            ("POST", f"/manage/challenges/{slug}/jury", config),
            ("POST", f"/manage/challenges/{slug}/jury/members", {"email": "nieuw@voka.be"}),
            ("POST", f"/manage/challenges/{slug}/jury/members/{member.id}/chair", None),
            ("POST", f"/manage/challenges/{slug}/jury/members/{member.id}/remove", None),
        ],
        "juror": [("GET", f"/jury/{slug}", None)],
        "proposal": [
            ("GET", f"/jury/{slug}/proposals/{first.id}/declare", None),
            ("POST", f"/jury/{slug}/proposals/{first.id}/declare",
             {"conflict": "yes", "reason": "Toch wel."}),
            ("GET", f"/jury/{slug}/proposals/{first.id}/review", None),
            ("POST", f"/jury/{slug}/proposals/{first.id}/review",
             review_data(world["challenge"], [1, 1, 1])),
            ("GET", f"/jury/{slug}/proposals/{first.id}/attachments/{attachment}", None),
        ],
        "conflicted": [
            ("GET", f"/jury/{slug}/proposals/{second.id}/declare", None),
            ("POST", f"/jury/{slug}/proposals/{second.id}/declare", {"conflict": "no"}),
            ("GET", f"/jury/{slug}/proposals/{second.id}/review", None),
            ("POST", f"/jury/{slug}/proposals/{second.id}/review",
             review_data(world["challenge"], [1, 1, 1])),
            ("GET", f"/jury/{slug}/proposals/{second.id}/attachments/"
                    f"{second.attachments[0].id}", None),
        ],
        "oversight": [
            ("GET", f"/jury/{slug}/progress", None),
            ("POST", f"/jury/{slug}/remind", None),
            ("POST", f"/jury/{slug}/assign", None),
            ("POST", f"/jury/{slug}/assignments",
             {"member_id": member.id, "proposal_id": second.id, "assigned": "1"}),
        ],
        "lock": [("POST", f"/jury/{slug}/lock", None)],
        "unlock": [("POST", f"/jury/{slug}/unlock", None)],
    }


# Which people each group of routes refuses. The set-up is the organisers' and the chair's.
REFUSED = {
    "organiser": ("anonymous", "stranger", "participant", "other_juror", "other_editor",
                  "juror"),
    "juror": ("anonymous", "stranger", "participant", "other_juror", "other_editor",
              "organiser"),
    "proposal": ("anonymous", "stranger", "participant", "other_juror", "other_editor",
                 "organiser", "admin"),
    "conflicted": ("juror", "stranger", "participant", "other_juror"),
    "oversight": ("anonymous", "stranger", "participant", "other_juror", "other_editor",
                  "juror"),
    "lock": ("anonymous", "stranger", "participant", "other_juror", "other_editor", "juror"),
    "unlock": ("anonymous", "stranger", "participant", "other_juror", "other_editor", "juror",
               "organiser", "admin"),
}


@pytest.mark.parametrize("group", sorted(REFUSED))
def test_every_route_refuses_who_may_not_use_it_and_changes_nothing(client, world, group):
    if group == "unlock":
        ops.lock(world["jury"], world["jurors"][0])
    for method, path, data in routes(world)[group]:
        for who in REFUSED[group]:
            before = snapshot()
            response = request_as(client, world["people"][who], method, path, data)
            if who == "anonymous":
                assert response.status_code == 302, (who, method, path)
                assert "/login" in response.headers["Location"]
            else:
                assert response.status_code == 403, (who, method, path, response.status_code)
            assert snapshot() == before, (who, method, path)


ALLOWED = {
    "organiser": ("organiser", "admin"),
    "juror": ("juror", "chair"),
    "proposal": ("juror",),
    "oversight": ("chair", "organiser", "admin"),
    "lock": ("chair", "organiser", "admin"),
    "unlock": ("chair",),
}


@pytest.mark.parametrize("group", sorted(ALLOWED))
def test_the_right_people_get_in(client, world, group):
    for method, path, data in routes(world)[group]:
        for who in ALLOWED[group]:
            if group == "unlock":
                ops.lock(world["jury"], world["jurors"][0])
            # Only read or harmless requests here; the effects are tested in test_views.
            if method == "POST" and group in ("organiser", "proposal"):
                continue
            response = request_as(client, world["people"][who], method, path, data)
            assert response.status_code in (200, 302), (who, method, path, response.status_code)
            if response.status_code == 302:
                assert "/login" not in response.headers["Location"]


def test_the_home_page_is_personal(client, world):
    assert request_as(client, None, "GET", "/jury").status_code == 302
    html = request_as(client, world["people"]["other_juror"], "GET", "/jury").data.decode()
    assert "Fietsstraten" in html and world["challenge"].title not in html
    html = request_as(client, world["people"]["stranger"], "GET", "/jury").data.decode()
    assert "You are not on a jury" in html


def test_an_unassigned_proposal_is_refused_in_assigned_mode(client, world):
    jury, member = world["jury"], world["member"]
    jury.assignment_mode = "assigned"
    db.session.add(Assignment(member_id=member.id, proposal_id=world["second"].id))
    db.session.commit()
    before = snapshot()
    slug, first = world["challenge"].slug, world["first"]
    for method, path in (("GET", f"/jury/{slug}/proposals/{first.id}/review"),
                         ("POST", f"/jury/{slug}/proposals/{first.id}/declare")):
        assert request_as(client, world["juror"], method, path,
                          {"conflict": "no"}).status_code == 403
    assert snapshot() == before


def test_proposals_and_members_of_another_challenge_are_not_found(client, world):
    slug = world["challenge"].slug
    other = world["other"]
    juror = world["people"]["juror"]
    foreign = other["proposal"]
    before = snapshot()
    for method, path in (
            ("GET", f"/jury/{slug}/proposals/{foreign.id}/declare"),
            ("POST", f"/jury/{slug}/proposals/{foreign.id}/review"),
            ("GET", f"/jury/{slug}/proposals/{world['first'].id}/attachments/"
                    f"{world['second'].attachments[0].id}"),
            ("GET", f"/jury/{slug}/proposals/99999999999/review"),
            ("GET", f"/jury/{slug}/proposals/2147483000/review"),
            ("GET", "/jury/no-such-challenge")):
        assert request_as(client, juror, method, path).status_code == 404, path
    # The other challenge's own routes: this juror is not on that jury.
    path = f"/jury/{other['challenge'].slug}/proposals/{foreign.id}/declare"
    assert request_as(client, juror, "POST", path, {"conflict": "no"}).status_code == 403
    organiser = world["people"]["organiser"]
    for path in (f"/manage/challenges/{slug}/jury/members/{other['member'].id}/chair",
                 f"/manage/challenges/{slug}/jury/members/{other['member'].id}/remove",
                 f"/manage/challenges/{slug}/jury/members/99999999999/remove"):
        assert request_as(client, organiser, "POST", path).status_code == 404, path
    assert request_as(client, organiser, "GET",
                      f"/manage/challenges/{other['challenge'].slug}/jury").status_code == 403
    assert snapshot() == before


def test_a_draft_challenge_has_no_jury_pages_for_the_public(client, make):
    # A draft does not exist outside its organisation, jury pages included.
    challenge = make.challenge(phase="draft")
    assert request_as(client, make.user(), "GET", f"/jury/{challenge.slug}").status_code == 404
    assert request_as(client, make.user(), "GET",
                      f"/jury/{challenge.slug}/progress").status_code == 404


# Bad scores -----------------------------------------------------------------------------------

def _post_review(client, world, data):
    slug, first = world["challenge"].slug, world["first"]
    return request_as(client, world["juror"], "POST",
                      f"/jury/{slug}/proposals/{first.id}/review", data)


@pytest.fixture
def scored(client, world):
    """The juror has submitted 4, 3, 2 for the first proposal."""
    response = _post_review(client, world, review_data(world["challenge"], [4, 3, 2]))
    assert response.status_code == 302
    return world


def _saved(world):
    db.session.expire_all()
    review = db.session.scalar(select(Review).where(Review.member_id == world["member"].id))
    return sorted((s.criterion_id, int(s.value), s.comment) for s in review.scores), \
        review.overall_comment


@pytest.mark.parametrize("value", ["6", "-1", "abc", "2.5", "NaN", "1e400", "9" * 40])
def test_a_score_outside_the_scale_gets_a_message_next_to_it(client, scored, value):
    world = scored
    impact = world["challenge"].criteria[0]
    before = _saved(world)
    data = review_data(world["challenge"], [4, 3, 2], overall_comment="Nieuwe tekst")
    data[f"score_{impact.id}"] = value
    response = _post_review(client, world, data)
    assert response.status_code == 400
    html = response.data.decode()
    assert f'id="score_{impact.id}-error"' in html and "whole number from 0 to 5" in html
    assert "Nieuwe tekst" in html  # the input is kept
    assert _saved(world) == before


def test_a_score_for_another_challenges_criterion_is_refused(client, scored):
    world = scored
    before = _saved(world)
    foreign = world["other"]["challenge"].criteria[0]
    data = review_data(world["challenge"], [1, 1, 1])
    data[f"score_{foreign.id}"] = "5"
    response = _post_review(client, world, data)
    assert response.status_code == 400
    assert "criterion of another challenge" in response.data.decode()
    assert _saved(world) == before


def test_a_score_after_the_lock_is_refused_and_the_review_kept(client, scored):
    world = scored
    ops.lock(world["jury"], world["jurors"][0])
    before, snap = _saved(world), snapshot()
    response = _post_review(client, world, review_data(world["challenge"], [0, 0, 0]))
    assert response.status_code == 409
    assert "Scoring is locked" in response.data.decode()
    slug, second = world["challenge"].slug, world["first"]
    response = request_as(client, world["juror"], "POST",
                          f"/jury/{slug}/proposals/{second.id}/declare",
                          {"conflict": "yes", "reason": "Na de sluiting."})
    assert response.status_code == 409 and "Scoring is locked" in response.data.decode()
    assert _saved(world) == before and snapshot() == snap


def test_a_too_long_comment_is_refused_with_the_input_kept(client, scored):
    world = scored
    before = _saved(world)
    response = _post_review(client, world, review_data(world["challenge"], [5, 5, 5],
                                                       overall_comment="x" * 5001))
    assert response.status_code == 400
    assert 'id="overall_comment-error"' in response.data.decode()
    assert _saved(world) == before
