"""Who is in a segment, and which announcements a person received."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from challenges.accounts.models import User
from challenges.announcements.models import Announcement, AnnouncementRecipient, Segment
from challenges.challenges.models import Challenge
from challenges.extensions import db
from challenges.follows.models import Follow
from challenges.sessions.models import is_advanced
from challenges.submissions.models import ENTERED, Proposal, ProposalStatus, TeamMember

# Which proposals' teams each segment reaches (SQL conditions on Proposal). Advanced: the
# shortlisted and, in a challenge run in stages, the teams advanced out of a stage.
SEGMENT_PROPOSALS = {
    Segment.DRAFTS: lambda: Proposal.status == ProposalStatus.DRAFT,
    Segment.SUBMITTED: lambda: Proposal.status.in_(ENTERED),
    Segment.ADVANCED: is_advanced,
    Segment.WINNERS: lambda: Proposal.status == ProposalStatus.WINNER,
}


def _reachable(users) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        if user is not None and user.deleted_at is None and user.id not in seen:
            seen[user.id] = user
    return sorted(seen.values(), key=lambda u: u.id)


def followers(challenge: Challenge) -> list[tuple[User, Follow]]:
    """Those who follow the challenge itself, with their follow (for its unsubscribe link)."""
    rows = db.session.scalars(
        select(Follow).where(Follow.challenge_id == challenge.id)
        .options(selectinload(Follow.user), selectinload(Follow.challenge))).all()
    return [(f.user, f) for f in rows if f.user.deleted_at is None and f.user.is_verified]


def team_members(challenge: Challenge, condition) -> list[User]:
    """Everyone on the team (author and co-authors who accepted) of the challenge's
    proposals that meet the condition, each once."""
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.challenge_id == challenge.id, condition)
        .options(selectinload(Proposal.author),
                 selectinload(Proposal.members).selectinload(TeamMember.user))).all()
    return _reachable(user for proposal in proposals for user in proposal.team)


def recipients(challenge: Challenge, segment: Segment) -> list[tuple[User, Follow | None]]:
    if segment == Segment.FOLLOWERS:
        return [(user, follow) for user, follow in followers(challenge)]
    return [(user, None) for user in team_members(challenge, SEGMENT_PROPOSALS[segment]())]


def segment_sizes(challenge: Challenge) -> dict[Segment, int]:
    return {segment: len(recipients(challenge, segment)) for segment in Segment}


def sent(challenge: Challenge) -> list[Announcement]:
    return list(db.session.scalars(
        select(Announcement).where(Announcement.challenge_id == challenge.id)
        .options(selectinload(Announcement.sent_by))
        .order_by(Announcement.sent_at.desc(), Announcement.id.desc())))


def received(challenge: Challenge, user) -> list[Announcement]:
    """The announcements of this challenge sent to this person, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        select(Announcement).join(AnnouncementRecipient)
        .where(Announcement.challenge_id == challenge.id,
               AnnouncementRecipient.user_id == user.id)
        .order_by(Announcement.sent_at.desc(), Announcement.id.desc())))


def recently_sent_same(challenge: Challenge, segment: Segment, subject: str, body: str,
                       since) -> bool:
    return bool(db.session.scalar(
        select(func.count(Announcement.id)).where(
            Announcement.challenge_id == challenge.id, Announcement.segment == segment,
            Announcement.subject == subject, Announcement.body == body,
            Announcement.sent_at >= since)))
