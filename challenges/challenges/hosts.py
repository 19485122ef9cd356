"""Joint challenges: the lead organisation's administrators invite a partner organisation,
the partner's administrators accept or decline, the lead removes a partner. Each public
function is one user action and owns its commit; the emails are outbox rows of the same
transaction."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from challenges import events
from challenges.access import belongs_or_404, get_or_404
from challenges.accounts.models import Membership, Organisation, Role, User
from challenges.challenges.models import Challenge, ChallengeHost, ChallengeStatus, HostStatus
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.links import external_url
from challenges.notifications.operations import queue_email

events.describe({
    "host_invited": _l("Partner organisation invited"),
    "host_accepted": _l("Partner organisation accepted"),
    "host_declined": _l("Partner organisation declined"),
    "host_removed": _l("Partner organisation removed"),
})


def hosted_by(organisation_ids):
    """SQL for "one of these organisations hosts the challenge" (lead or accepted partner):
    a joint challenge is found under each of its hosts."""
    return or_(Challenge.organisation_id.in_(organisation_ids),
               Challenge.id.in_(select(ChallengeHost.challenge_id).where(
                   ChallengeHost.organisation_id.in_(organisation_ids),
                   ChallengeHost.status == HostStatus.ACCEPTED)))


def host_ids(challenge: Challenge) -> list[int]:
    return [o.id for o in challenge.hosts]


def administrators(organisation: Organisation) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation.id, Membership.role == Role.ADMIN,
               User.deleted_at.is_(None), User.suspended_at.is_(None))
        .order_by(User.id)))


def invitable_organisations(challenge: Challenge) -> list[Organisation]:
    """Every organisation that is not a host yet (a declined one may be asked again)."""
    taken = {challenge.organisation_id} | {row.organisation_id for row in challenge.host_rows
                                           if row.status != HostStatus.DECLINED}
    return [o for o in db.session.scalars(select(Organisation).order_by(Organisation.name))
            if o.id not in taken]


def invite(challenge: Challenge, organisation: Organisation, by: User) -> ChallengeHost:
    if challenge.status in (ChallengeStatus.CANCELLED, ChallengeStatus.COMPLETED):
        raise Refused({"organisation_id": _("A cancelled or completed challenge takes no new "
                                            "partners.")})
    if organisation.id == challenge.organisation_id:
        raise Refused({"organisation_id": _("Your organisation leads this challenge already.")})
    row = next((r for r in challenge.host_rows if r.organisation_id == organisation.id), None)
    if row is not None and row.status != HostStatus.DECLINED:
        raise Refused({"organisation_id": _("This organisation is already invited or a "
                                            "partner.")})
    admins = administrators(organisation)
    if not admins:
        raise Refused({"organisation_id": _("This organisation has no administrator to answer "
                                            "the invitation yet.")})
    if row is None:
        row = ChallengeHost(challenge=challenge, organisation=organisation)
        db.session.add(row)
    row.status, row.invited_by_id, row.invited_at = HostStatus.INVITED, by.id, utcnow()
    row.answered_by_id, row.answered_at = None, None
    db.session.flush()
    link = external_url("hosts.answer", host_id=row.id)
    for admin in admins:
        queue_email(admin.email, admin.language, "host_invitation",
                    _l("%(lead)s invites %(partner)s to co-host a challenge",
                       lead=challenge.organisation.name, partner=organisation.name),
                    challenge=challenge, partner=organisation, invited_by_name=by.name,
                    link=link)
    events.record("host_invited", row, actor=by, challenge=challenge,
                  partner=organisation.slug)
    db.session.commit()
    return row


def _answer(row: ChallengeHost, by: User, status: HostStatus) -> None:
    if not row.is_pending:
        raise Refused({"_": _("This invitation was already answered.")})
    row.status, row.answered_by_id, row.answered_at = status, by.id, utcnow()
    inviter = db.session.get(User, row.invited_by_id) if row.invited_by_id else None
    if inviter is not None and inviter.is_active:
        queue_email(inviter.email, inviter.language, "host_answered",
                    _l("%(partner)s answered your invitation", partner=row.organisation.name),
                    challenge=row.challenge, partner=row.organisation,
                    accepted=status == HostStatus.ACCEPTED,
                    link=external_url("hosts.manage", slug=row.challenge.slug))
    # Filed under the partner: its administrators read their own organisation's record.
    events.record("host_accepted" if status == HostStatus.ACCEPTED else "host_declined", row,
                  actor=by, challenge=row.challenge, organisation=row.organisation,
                  partner=row.organisation.slug)
    db.session.commit()


def accept(row: ChallengeHost, by: User) -> None:
    _answer(row, by, HostStatus.ACCEPTED)


def decline(row: ChallengeHost, by: User) -> None:
    _answer(row, by, HostStatus.DECLINED)


def remove(row: ChallengeHost, by: User) -> None:
    """The partner's editors lose access at once (Challenge.can_edit reads the rows). Its
    pilots keep their site: that is where they ran."""
    challenge = row.challenge
    events.record("host_removed", row, actor=by, challenge=challenge,
                  partner=row.organisation.slug, was=row.status)
    challenge.host_rows.remove(row)
    db.session.commit()


def pending_invitations(user: User) -> list[ChallengeHost]:
    """The invitations the user's organisations have not answered, for their administrators."""
    organisation_ids = [m.organisation_id for m in user.memberships if m.role == Role.ADMIN]
    if not organisation_ids:
        return []
    return list(db.session.scalars(
        select(ChallengeHost)
        .where(ChallengeHost.organisation_id.in_(organisation_ids),
               ChallengeHost.status == HostStatus.INVITED)
        .options(selectinload(ChallengeHost.challenge).selectinload(Challenge.organisation),
                 selectinload(ChallengeHost.organisation))
        .order_by(ChallengeHost.invited_at.desc())))


# Loaders for routes (challenges.access) -----------------------------------------------------

def load_host(challenge: Challenge, host_id: int) -> ChallengeHost:
    return belongs_or_404(ChallengeHost, host_id, challenge_id=challenge.id)


def load_invitation(host_id: int) -> ChallengeHost:
    return get_or_404(ChallengeHost, host_id)
