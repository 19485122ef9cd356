import itertools
import re
import struct
import zlib
from collections import Counter
from datetime import timedelta

import filetype
import pytest
from markupsafe import escape
from sqlalchemy import func, select

from challenges import storage
from challenges.accounts.models import Membership, Organisation, User
from challenges.challenges.models import (
    Challenge,
    ChallengeAttachment,
    ChallengeStatus,
    ChangeNotice,
    Criterion,
    Phase,
    Theme,
)
from challenges.challenges.operations import publication_problems
from challenges.challenges.queries import ChallengeFilters, public_challenges
from challenges.db import include_object, utcnow
from challenges.demo import MIDWAY_JURY
from challenges.events import Event as AuditEvent
from challenges.extensions import db
from challenges.jury import queries as jury_queries
from challenges.jury import queries as progress
from challenges.jury.models import (
    ConflictDeclaration,
    Jury,
    JuryMember,
    RankingView,
    Review,
    ReviewStatus,
    Score,
)
from challenges.jury.queries import WorkState
from challenges.questions.models import Question, QuestionStatus
from challenges.results import queries as ranking_data
from challenges.results import ranking
from challenges.results.models import Decision
from challenges.submissions.models import (
    CONTENT_FIELDS,
    ENTERED,
    Proposal,
    ProposalAttachment,
    ProposalSlot,
    ProposalStatus,
    ProposalVersion,
    Support,
    TeamMember,
)
from challenges.timezones import utc_to_brussels

RESULTS = "brugge-fietsparkeren-binnenstad-station"
MIGRATION_THEMES = {"mobility", "energy", "climate", "cleanliness-environment", "care-welfare",
                    "digital-services", "local-economy", "housing", "safety"}


def counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Organisation, User, Membership, Theme, Challenge, Criterion,
                               ChangeNotice, ChallengeAttachment, Question, *PROPOSAL_MODELS))


PROPOSAL_MODELS = (Proposal, TeamMember, ProposalSlot, ProposalVersion, ProposalAttachment,
                   Support)


def snapshot():
    """What a second run must leave exactly as it was."""
    return sorted((c.slug, c.status, c.opens_at, c.closes_at, c.title, len(c.criteria),
                   len(c.notices), len(c.attachments))
                  for c in db.session.scalars(select(Challenge)))


def proposal_snapshot():
    return sorted((p.challenge.slug, p.author.email, p.title, p.status, p.reference, p.version,
                   p.submitted_at, p.updated_at, len(p.members), len(p.attachments))
                  for p in db.session.scalars(select(Proposal)))


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def demo_challenges() -> list[Challenge]:
    return list(db.session.scalars(select(Challenge).order_by(Challenge.id)))


def test_demo_is_idempotent_and_prints_logins(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "admin@challenges.demo" in first.output
    after_first = counts()
    assert after_first[0] >= 3
    assert after_first[4] >= 8  # challenges
    assert all(after_first[-len(PROPOSAL_MODELS):])  # proposals and all that comes with them
    before, proposals_before = snapshot(), proposal_snapshot()
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    db.session.expire_all()
    assert counts() == after_first
    assert snapshot() == before
    assert proposal_snapshot() == proposals_before
    # The printout names the demo challenges.
    assert "/challenges/mechelen-zwerfvuil-pleinen-parken" in second.output


def test_demo_accounts_can_sign_in(runner, client):
    from challenges.demo import DEMO_PASSWORD

    runner.invoke(args=["demo"])
    response = client.post("/login", data={"email": "els.peeters@mechelen.demo",
                                           "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/organisations/stad-mechelen/members").status_code == 200


def test_create_admin(runner):
    result = runner.invoke(args=["users", "create-admin", "Boss@Example.be",
                                 "--password", "een goed wachtwoord"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "boss@example.be" and user.is_platform_admin and user.is_verified
    result = runner.invoke(args=["users", "create-admin", "boss@example.be"])
    assert result.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_models_and_migrations_agree(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": include_object})
        assert compare_metadata(context, db.metadata) == []


def test_demo_has_challenges_in_every_phase(demo):
    challenges = demo_challenges()
    phases = [c.phase for c in challenges]
    assert set(phases) == set(Phase)
    open_now = [c for c in challenges if c.phase == Phase.OPEN]
    assert len(open_now) >= 3
    # One closes within a few days, at 17:00 in Brussels.
    closing = [c for c in open_now if c.closes_at - utcnow() < timedelta(days=4)]
    assert closing and utc_to_brussels(closing[0].closes_at).strftime("%H:%M") == "17:00"
    for phase in Phase:
        assert f"  {phase.value} " in demo.output


def test_published_demo_challenges_are_complete(demo):
    published = [c for c in demo_challenges() if c.status != ChallengeStatus.DRAFT]
    assert published
    for challenge in published:
        assert publication_problems(challenge) == {}, challenge.slug
        assert challenge.published_at is not None and challenge.published_at <= utcnow()
        assert challenge.themes and challenge.contact_name and challenge.reward_text
        assert 3 <= len(challenge.criteria) <= 4
        assert any(c.minimum_score is not None for c in challenge.criteria)
        for field in ("summary", "problem", "context", "expected_solutions", "goals",
                      "eligibility"):
            assert getattr(challenge, field).strip(), (challenge.slug, field)
        if challenge.status == ChallengeStatus.CANCELLED:
            assert challenge.cancel_reason and challenge.cancelled_at


def test_demo_drafts_stay_private(demo):
    drafts = [c for c in demo_challenges() if c.phase == Phase.DRAFT]
    assert drafts
    public = set(db.session.scalars(public_challenges(ChallengeFilters())))
    for draft in drafts:
        assert draft.status == ChallengeStatus.DRAFT
        assert draft.published_at is None and not draft.is_public
        assert draft not in public


def test_demo_questions_notice_and_attachment(demo):
    questions = list(db.session.scalars(select(Question)))
    answered = [q for q in questions if q.status == QuestionStatus.ANSWERED]
    pending = [q for q in questions if q.status == QuestionStatus.PENDING]
    assert len(answered) >= 3 and len(pending) == 1
    for question in answered:
        assert question.challenge.phase == Phase.OPEN
        assert question.answer and question.answered_at <= utcnow()
        assert question.challenge.organisation.can_edit(question.answered_by)
        assert not question.answered_by.is_platform_admin
    assert pending[0].answer is None and pending[0].challenge.phase == Phase.OPEN

    notice = db.session.scalar(select(ChangeNotice))
    assert "verlengd" in notice.text_nl and "extended" in notice.text_en
    assert notice.challenge.phase == Phase.OPEN

    attachment = db.session.scalar(select(ChallengeAttachment))
    data = storage.read_bytes(attachment.file_sha256)
    assert attachment.content_type == "application/pdf" and attachment.size == len(data)
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    # Every entry of the cross-reference table points at the object it names.
    xref = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert data[xref:].startswith(b"xref")
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n", data[xref:])]
    assert offsets
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj" % number)


def test_demo_creates_missing_themes_and_reuses_existing_ones(runner, make):
    renamed = make.theme(slug="mobility", name_nl="Verkeer", name_en="Traffic")
    assert runner.invoke(args=["demo"]).exit_code == 0
    themes = {t.slug: t for t in db.session.scalars(select(Theme))}
    assert set(themes) == MIGRATION_THEMES
    assert themes["mobility"].id == renamed.id and themes["mobility"].name_nl == "Verkeer"
    assert themes["energy"].name_nl == "Energie" and themes["energy"].name_en == "Energy"
    brugge = db.session.scalar(select(Challenge).where(
        Challenge.slug == "brugge-leveringen-binnenstad"))
    assert renamed in brugge.themes


# Proposals ------------------------------------------------------------------------------------

RESULT_PHASES = {Phase.RESULTS_PUBLISHED, Phase.FOLLOW_UP, Phase.COMPLETED}
# Where each status makes sense in the life of a challenge.
STATUS_PHASES = {
    ProposalStatus.DRAFT: {Phase.OPEN, Phase.CANCELLED},
    ProposalStatus.SUBMITTED: {Phase.OPEN, Phase.CLOSED},
    ProposalStatus.WITHDRAWN: {Phase.OPEN},
    ProposalStatus.INELIGIBLE: {Phase.CLOSED},
    ProposalStatus.SHORTLISTED: RESULT_PHASES,
    ProposalStatus.WINNER: RESULT_PHASES,
    ProposalStatus.NOT_SELECTED: RESULT_PHASES,
}


def demo_proposals() -> list[Proposal]:
    return list(db.session.scalars(select(Proposal).order_by(Proposal.id)))


def one_round_proposals() -> list[Proposal]:
    """The proposals of the challenges run in one round (the two-stage challenge's, which
    are drafts again in stage 2 and decided in stage 1: tests/test_demo_staged.py)."""
    return [p for p in demo_proposals() if p.stage_id is None]


def slots_of(proposal: Proposal) -> list[ProposalSlot]:
    return list(db.session.scalars(select(ProposalSlot).where(
        ProposalSlot.proposal_id == proposal.id)))


def test_demo_has_proposals_in_every_status_where_they_fit(demo):
    proposals = one_round_proposals()
    assert {p.status for p in proposals} == set(ProposalStatus)
    for proposal in proposals:
        challenge = proposal.challenge
        assert challenge.phase in STATUS_PHASES[proposal.status], (proposal.title, challenge.slug)
        assert proposal.author.participant_kind in challenge.audience, proposal.title
        assert proposal.title and proposal.summary
    by_phase = Counter((p.challenge.phase, p.status) for p in proposals)
    assert by_phase[Phase.OPEN, ProposalStatus.DRAFT] >= 2
    assert by_phase[Phase.OPEN, ProposalStatus.SUBMITTED] >= 3
    assert by_phase[Phase.CLOSED, ProposalStatus.SUBMITTED] >= 2
    assert by_phase[Phase.CLOSED, ProposalStatus.INELIGIBLE] == 1
    for challenge in {p.challenge for p in proposals if p.challenge.phase in RESULT_PHASES}:
        statuses = Counter(p.status for p in proposals if p.challenge == challenge)
        assert statuses[ProposalStatus.WINNER] == 1, challenge.slug
    # A draft by a team, in the challenge that closes within a few days.
    closing_drafts = [p for p in proposals if p.status == ProposalStatus.DRAFT
                      and p.challenge.phase == Phase.OPEN and p.members
                      and p.challenge.closes_at - utcnow() < timedelta(days=4)]
    assert closing_drafts
    # Some are written in English, by the demo users who use the site in English.
    assert any(p.author.language == "en" and p.title.startswith(("Plain", "Where", "Litter"))
               for p in proposals)


def test_demo_entered_proposals_are_consistent(demo):
    now = utcnow()
    for proposal in one_round_proposals():
        challenge = proposal.challenge
        versions = list(db.session.scalars(select(ProposalVersion).where(
            ProposalVersion.proposal_id == proposal.id).order_by(ProposalVersion.version)))
        slots = slots_of(proposal)
        assert proposal.created_at <= proposal.updated_at <= now, proposal.title
        if proposal.status == ProposalStatus.DRAFT:
            assert proposal.reference is None and proposal.submitted_at is None
            assert proposal.version == 0 and not versions and not slots
            continue
        # Submitted once, as operations.submit leaves it (withdrawn ones too).
        assert proposal.reference == (f"{proposal.submitted_at:%Y}-{challenge.id:03d}-"
                                      f"{proposal.id:05d}")
        assert challenge.opens_at < proposal.submitted_at < challenge.closes_at
        assert proposal.submitted_at <= now
        assert proposal.rules_accepted_at == proposal.submitted_at
        assert proposal.created_at < proposal.submitted_at
        assert proposal.organisation_name == proposal.author.company_name
        assert proposal.enterprise_number == proposal.author.enterprise_number
        assert proposal.version >= 1
        assert [v.version for v in versions] == list(range(1, proposal.version + 1))
        assert versions[0].submitted_at == proposal.submitted_at
        assert all(a.submitted_at < b.submitted_at
                   for a, b in itertools.pairwise(versions))
        assert all(v.submitted_at < challenge.closes_at for v in versions)
        team_ids = {user.id for user in proposal.team}
        assert all(v.submitted_by_id in team_ids for v in versions)
        assert versions[-1].content == {name: getattr(proposal, name)
                                        for name in CONTENT_FIELDS}
        if proposal.status == ProposalStatus.WITHDRAWN:
            assert not slots
            assert proposal.submitted_at < proposal.withdrawn_at < challenge.closes_at
            continue
        assert proposal.status in ENTERED
        assert sorted(s.user_id for s in slots) == sorted(team_ids), proposal.title
        assert all(1 <= s.slot <= challenge.max_proposals_per_participant for s in slots)
        assert all(s.challenge_id == challenge.id for s in slots)
        assert (proposal.ineligible_reason is not None) == \
            (proposal.status == ProposalStatus.INELIGIBLE)
        if proposal.status in (ProposalStatus.WINNER, ProposalStatus.SHORTLISTED,
                               ProposalStatus.NOT_SELECTED):
            # Changed when the results came out, not when the demo was loaded.
            assert proposal.updated_at == challenge.results_at
    # Resubmitted proposals keep what the jury would otherwise not see: the first version.
    resubmitted = [p for p in demo_proposals() if p.version >= 2]
    assert resubmitted
    assert any(p.versions[0].content != p.versions[-1].content for p in resubmitted)


def test_demo_participants_stay_within_the_limit(demo):
    limits = {c.id: c.max_proposals_per_participant for c in demo_challenges()}
    taken = Counter(db.session.execute(select(ProposalSlot.challenge_id, ProposalSlot.user_id)))
    assert taken
    for (challenge_id, _), count in taken.items():
        assert count <= limits[challenge_id]


def test_demo_teams_with_accepted_and_pending_co_authors(demo):
    members = list(db.session.scalars(select(TeamMember)))
    accepted = [m for m in members if m.accepted_at is not None]
    pending = [m for m in members if m.accepted_at is None]
    assert accepted and pending
    for member in accepted:
        assert member.user is not None and member.user.email == member.email
        assert member.invited_at <= member.accepted_at
        assert member.invited_by_id == member.proposal.author_id
    assert all(m.user_id is None for m in pending)
    assert any(m.proposal.status in ENTERED for m in accepted)
    assert any(m.proposal.status in ENTERED for m in pending)


def test_demo_proposal_attachments_are_valid(demo):
    attachments = list(db.session.scalars(select(ProposalAttachment)))
    kinds = {a.content_type for a in attachments}
    assert kinds == {"application/pdf", "image/png"}
    for attachment in attachments:
        data = storage.read_bytes(attachment.file_sha256)
        assert attachment.size == len(data) > 0
        # The same check by content that uploads go through.
        assert filetype.guess(data).mime == attachment.content_type
        assert attachment.filename.endswith({"application/pdf": ".pdf",
                                             "image/png": ".png"}[attachment.content_type])
        assert attachment.uploaded_by_id in {u.id for u in attachment.proposal.team}
        if attachment.content_type == "application/pdf":
            assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
            continue
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        position, chunks = 8, {}
        while position < len(data):
            length, kind = struct.unpack(">I4s", data[position:position + 8])
            body = data[position + 8:position + 8 + length]
            crc, = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
            assert crc == zlib.crc32(kind + body)
            chunks[kind] = body
            position += 12 + length
        width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
        assert (depth, colour) == (8, 2)
        assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 3 * width)
        assert b"IEND" in chunks


def test_demo_supports_follow_the_rules(demo):
    supports = list(db.session.scalars(select(Support)))
    assert len(supports) >= 3
    for item in supports:
        proposal, user = db.session.get(Proposal, item.proposal_id), db.session.get(User,
                                                                                  item.user_id)
        # What the support button would check: open, public, enabled, not one's own.
        assert proposal.support_refusal(user, utcnow()) is None, (proposal.title, user.email)
        assert proposal.submitted_at < item.created_at <= utcnow()


def test_demo_team_sees_its_proposals(demo, client):
    assert "founder@slimparkeren.demo" in demo.output and "/my/proposals" in demo.output
    en = {"Accept-Language": "en"}
    for email in ("founder@slimparkeren.demo", "cofounder@slimparkeren.demo"):
        user = db.session.scalar(select(User).where(User.email == email))
        page = client.login_as(user).get("/my/proposals", headers=en).get_data(as_text=True)
        team = [p for p in demo_proposals() if user in p.team]
        assert len(team) >= 4 and {p.status for p in team} >= {
            ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.WINNER}
        for proposal in team:
            assert proposal.title.replace("'", "&#39;") in page


def test_demo_proposal_pages_open_for_their_team_and_organisers(demo, client):
    en = {"Accept-Language": "en"}
    for proposal in demo_proposals():
        client.login_as(proposal.author)
        assert client.get(f"/proposals/{proposal.id}", headers=en).status_code == 200
        for attachment in proposal.attachments:
            response = client.get(f"/proposals/{proposal.id}/attachments/{attachment.id}")
            assert response.status_code == 200 and response.data == storage.read_bytes(attachment.file_sha256)
    for challenge in {p.challenge for p in demo_proposals()}:
        editor = next(m.user for m in challenge.organisation.memberships)
        client.login_as(editor)
        response = client.get(f"/manage/challenges/{challenge.slug}/proposals", headers=en)
        assert response.status_code == 200, challenge.slug
    # Public at once, with support counted.
    client.logout()
    response = client.get("/challenges/antwerpen-digitale-dienstverlening-voor-iedereen/"
                          "proposals", headers=en)
    assert response.status_code == 200
    assert "Digitale buddy" in response.get_data(as_text=True)


# Juries ---------------------------------------------------------------------------------------

JURY_MODELS = (Jury, JuryMember, ConflictDeclaration, Review, Score, Decision, AuditEvent)
JURORS = {"jury.goossens@kuleuven.demo", "jury.dewilde@voka.demo", "jury.nguyen@imec.demo"}


def jury_counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in JURY_MODELS)


def jury_snapshot():
    """The moments and states a second run must not touch."""
    return (sorted((j.challenge.slug, j.scoring_locked_at, j.decided_at, j.created_at)
                   for j in db.session.scalars(select(Jury))),
            sorted((r.member.email, r.proposal_id, r.status, r.submitted_at, r.updated_at)
                   for r in db.session.scalars(select(Review))),
            sorted((d.proposal_id, d.place, d.shortlisted, d.updated_at)
                   for d in db.session.scalars(select(Decision))))


def demo_jury(slug: str) -> Jury:
    return db.session.scalar(select(Jury).join(Challenge).where(Challenge.slug == slug))


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def events(challenge: Challenge, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.challenge_id == challenge.id, AuditEvent.action == action)))


def test_demo_juries_load_once(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    first, before = jury_counts(), jury_snapshot()
    assert all(first)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    db.session.expire_all()
    assert jury_counts() == first
    assert jury_snapshot() == before
    # The printout says whom to sign in as and where to look.
    assert "jury.goossens@kuleuven.demo" in second.output
    assert f"/jury/{MIDWAY_JURY}/progress" in second.output
    assert f"/jury/{MIDWAY_JURY}/ranking" in second.output
    assert f"/challenges/{RESULTS}/results" in second.output


def test_demo_jury_half_way(demo):
    jury = demo_jury(MIDWAY_JURY)
    challenge = jury.challenge
    assert challenge.phase == Phase.CLOSED
    assert jury.blind and (jury.scale_min, jury.scale_max) == (0, 5)
    assert jury.authoritative_view == RankingView.WEIGHTED
    assert not jury.locked and jury.decided_at is None
    assert not db.session.scalars(select(Decision).where(
        Decision.challenge_id == challenge.id)).all()
    # A description of every level of every criterion, from "onvoldoende" to "uitstekend".
    for criterion in challenge.criteria:
        levels = jury.level_descriptions[str(criterion.id)]
        assert set(levels) == {str(level) for level in jury.scale}
        assert levels["0"].startswith("Onvoldoende") and levels["5"].startswith("Uitstekend")

    members = {m.email: m for m in jury.members}
    assert set(members) == JURORS
    assert all(m.user is not None and m.user.email == m.email and m.accepted_at for m in
               members.values())
    assert [m.email for m in members.values() if m.is_chair] == ["jury.goossens@kuleuven.demo"]
    organiser = user("karim.elamrani@antwerpen.demo")
    assert organiser.email not in members and challenge.can_edit(organiser)

    proposals = jury_queries.reviewable_proposals(challenge)
    assert len(proposals) >= 3
    declarations = list(db.session.scalars(select(ConflictDeclaration).where(
        ConflictDeclaration.member_id.in_([m.id for m in members.values()]))))
    assert {(d.member_id, d.proposal_id) for d in declarations} == {
        (m.id, p.id) for m in members.values() for p in proposals}
    conflicts = [d for d in declarations if d.has_conflict]
    assert len(conflicts) == 1
    assert conflicts[0].member.email == "jury.dewilde@voka.demo" and conflicts[0].reason
    assert all(d.reason is None for d in declarations if not d.has_conflict)

    # The progress page has something in every column.
    current = progress.overview(jury)
    states = Counter(current.state(m, p) for m in current.members for p in current.proposals)
    assert states[WorkState.SUBMITTED] >= 3 and states[WorkState.DRAFT] == 1
    assert states[WorkState.TO_SCORE] >= 1 and states[WorkState.CONFLICT] == 1
    assert states[WorkState.DECLARE] == 0

    reviews = list(db.session.scalars(select(Review).where(
        Review.member_id.in_([m.id for m in members.values()]))))
    conflicted = {(d.member_id, d.proposal_id) for d in conflicts}
    criteria = {c.id for c in challenge.criteria}
    for review in reviews:
        assert (review.member_id, review.proposal_id) not in conflicted
        declared = next(d for d in declarations if (d.member_id, d.proposal_id) == (
            review.member_id, review.proposal_id))
        assert declared.declared_at < review.updated_at <= utcnow()
        assert {s.criterion_id for s in review.scores} == criteria
        assert all(s.value is None or jury.scale_min <= s.value <= jury.scale_max
                   for s in review.scores)
        if review.status == ReviewStatus.SUBMITTED:
            assert review.submitted_at == review.updated_at
            assert all(s.value is not None and s.value == int(s.value) and s.comment
                       for s in review.scores)
            assert review.overall_comment and review.private_note
        else:
            assert review.submitted_at is None
            assert any(s.value is None for s in review.scores)
            assert any(s.value is not None for s in review.scores)

    # The audit trail: each declaration and each submitted review, by the juror, in the past.
    declared_events = events(challenge, "conflict_declared")
    assert len(declared_events) == len(declarations)
    assert sum(e.changes["conflict"] for e in declared_events) == 1
    submitted = [r for r in reviews if r.status == ReviewStatus.SUBMITTED]
    submitted_events = events(challenge, "review_submitted")
    assert sorted((e.actor_id, e.proposal_id) for e in submitted_events) == sorted(
        (r.member.user_id, r.proposal_id) for r in submitted)
    assert len(events(challenge, "jury_configured")) == 1
    assert {e.actor.email for e in events(challenge, "jury_configured")} == {organiser.email}
    assert not events(challenge, "scoring_locked")
    every = list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.challenge_id == challenge.id)))
    assert all(challenge.published_at < e.created_at <= utcnow() for e in every)


def test_demo_published_results_follow_the_ranking(demo):
    published = [j for j in db.session.scalars(select(Jury)) if j.decided_at is not None]
    assert RESULTS in {j.challenge.slug for j in published}
    mentions = 0
    for jury in published:
        challenge = jury.challenge
        assert challenge.phase in RESULT_PHASES, challenge.slug
        assert {m.email for m in jury.members} == JURORS
        assert challenge.closes_at < jury.scoring_locked_at <= jury.decided_at
        assert jury.decided_at < challenge.results_at <= utcnow()

        # Every juror scored every proposal they have no conflict with.
        data = ranking_data.load(jury)
        conflicted = {(c.member_id, c.proposal_id) for c in data.conflicts}
        assert {(r.member_id, r.proposal_id) for r in data.reviews} == {
            (m.id, p) for m in jury.members for p in data.proposals} - conflicted
        assert not db.session.scalars(select(Review).where(
            Review.status == ReviewStatus.DRAFT,
            Review.member_id.in_([m.id for m in jury.members]))).all()
        assert all(jury.scale_min <= s.value <= jury.scale_max
                   for r in data.reviews for s in r.scores.values())

        # The winner the demo announced is first on the authoritative view, and eligible.
        winner = next(p for p in data.proposals.values() if p.status == ProposalStatus.WINNER)
        assert [row.proposal_id for row in data.authoritative.leaders] == [winner.id]
        views = ranking.all_views(data.criteria, data.review_scores())
        for view in views.values():
            first = view.rows[0]
            assert first.proposal_id == winner.id and first.eligible and not first.tie, (
                challenge.slug, view.view)

        # The decisions are what publication turned into the statuses.
        decisions = ranking_data.decisions(challenge)
        for proposal in data.proposals.values():
            decision = decisions.get(proposal.id)
            if proposal.status == ProposalStatus.WINNER:
                assert decision.place == 1 and decision.award_name == "Winnaar"
                assert decision.award_amount == challenge.reward_amount
            elif proposal.status == ProposalStatus.SHORTLISTED:
                assert decision.shortlisted and decision.place is None
            else:
                assert proposal.status == ProposalStatus.NOT_SELECTED
                assert decision is None or (not decision.shortlisted and decision.place is None
                                            and not decision.honourable_mention)
            if decision is not None:
                assert decision.motivation and decision.updated_at <= jury.decided_at
                mentions += decision.honourable_mention

        assert len(events(challenge, "scoring_locked")) == 1
        assert len(events(challenge, "decision_recorded")) == len(decisions)
        [publication] = events(challenge, "results_published")
        assert publication.created_at == challenge.results_at
        assert challenge.organisation.can_edit(publication.actor)
    assert mentions == 1


def test_demo_results_page_and_jury_pages(demo, client):
    en = {"Accept-Language": "en"}
    jury = demo_jury(RESULTS)
    winner = next(p for p in jury_queries.reviewable_proposals(jury.challenge)
                  if p.status == ProposalStatus.WINNER)
    decision = ranking_data.decisions(jury.challenge)[winner.id]
    page = client.get(f"/challenges/{RESULTS}/results", headers=en)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert str(escape(winner.title)) in text and str(escape(decision.motivation)) in text

    chair = user("jury.goossens@kuleuven.demo")
    client.login_as(chair)
    assert jury.challenge.title in client.get("/jury", headers=en).get_data(as_text=True)
    for path in (f"/jury/{MIDWAY_JURY}/progress", f"/jury/{MIDWAY_JURY}/ranking",
                 f"/jury/{MIDWAY_JURY}", f"/jury/{RESULTS}/ranking"):
        assert client.get(path, headers=en).status_code == 200, path
    # The organiser follows the jury too; the audit trail is for the organisation's admins.
    client.login_as(user("karim.elamrani@antwerpen.demo"))
    assert client.get(f"/jury/{MIDWAY_JURY}/progress", headers=en).status_code == 200
    client.login_as(user("an.willems@antwerpen.demo"))
    assert client.get(f"/manage/challenges/{MIDWAY_JURY}/jury/audit",
                      headers=en).status_code == 200
    # Marc De Wilde finds his draft with the level descriptions, and cannot open the
    # proposal he declared a conflict with.
    client.login_as(user("jury.dewilde@voka.demo"))
    midway = demo_jury(MIDWAY_JURY)
    member = next(m for m in midway.members if m.email == "jury.dewilde@voka.demo")
    reviews = {r.status: r for r in db.session.scalars(select(Review).where(
        Review.member_id == member.id))}
    draft = client.get(f"/jury/{MIDWAY_JURY}/proposals/{reviews[ReviewStatus.DRAFT].proposal_id}"
                       "/review", headers=en)
    assert draft.status_code == 200 and "Onvoldoende" in draft.get_data(as_text=True)
    conflict = db.session.scalar(select(ConflictDeclaration).where(
        ConflictDeclaration.member_id == member.id, ConflictDeclaration.has_conflict.is_(True)))
    assert client.get(f"/jury/{MIDWAY_JURY}/proposals/{conflict.proposal_id}/review",
                      headers=en).status_code == 403
    # A citizen and a juror who is not the chair do not see the progress.
    for email in ("jan.burger@example.demo", "jury.nguyen@imec.demo"):
        client.login_as(user(email))
        assert client.get(f"/jury/{MIDWAY_JURY}/progress", headers=en).status_code == 403
