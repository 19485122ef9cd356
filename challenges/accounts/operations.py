"""Account rules. Each public function is one user action and owns its commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from challenges.accounts import tokens
from challenges.accounts.enterprise import normalise_enterprise_number
from challenges.accounts.models import (
    Membership,
    Organisation,
    ParticipantKind,
    Role,
    RoleInvitation,
    User,
    new_session_token,
)
from challenges.db import utcnow
from challenges.extensions import db
from challenges.notifications.outbox import external_url, queue_email


class RuleError(Exception):
    """A request the rules refuse; its message is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def email_taken(email: str) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.email == normalise_email(email))) > 0


def _apply_profile(user: User, display_name: str, participant_kind: str,
                   company_name: str | None, enterprise_number: str | None) -> None:
    user.display_name = display_name.strip()
    user.participant_kind = ParticipantKind(participant_kind)
    user.company_name = (company_name or "").strip() or None
    user.enterprise_number = normalise_enterprise_number(enterprise_number or "") or None


def _queue_verification(user: User) -> None:
    queue_email(user.email, user.language, "verify_email", _l("Confirm your email address"),
                user=user, link=external_url("accounts.verify_email",
                                             token=tokens.make_verify_token(user)))


def register(*, email: str, password: str, display_name: str, language: str,
             participant_kind: str, company_name: str | None = None,
             enterprise_number: str | None = None) -> User:
    email = normalise_email(email)
    if email_taken(email):
        raise RuleError(_l("An account with this email address already exists."))
    user = User(email=email, language=language)
    _apply_profile(user, display_name, participant_kind, company_name, enterprise_number)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    _queue_verification(user)
    db.session.commit()
    return user


def resend_verification(user: User) -> None:
    if user.is_verified:
        return
    _queue_verification(user)
    db.session.commit()


def _take_up_invitations(user: User) -> None:
    invitations = db.session.scalars(
        select(RoleInvitation).where(RoleInvitation.email == user.email)).all()
    for invitation in invitations:
        if user.role_in(invitation.organisation) is None:
            db.session.add(Membership(user=user, organisation_id=invitation.organisation_id,
                                      role=invitation.role))
        db.session.delete(invitation)


def verify_email(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    _take_up_invitations(user)
    db.session.commit()


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def request_password_reset(email: str) -> None:
    """Queue a reset link if the address has an account. The caller says the same thing
    either way, so the form does not reveal who has an account."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    queue_email(user.email, user.language, "reset_password", _l("Choose a new password"),
                user=user, link=external_url("accounts.reset_password",
                                             token=tokens.make_reset_token(user)))
    db.session.commit()


def reset_password(user: User, password: str) -> None:
    user.set_password(password)
    # Following the link proves the person reads this mailbox.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        _take_up_invitations(user)
    db.session.commit()


def change_password(user: User, password: str) -> None:
    user.set_password(password)
    db.session.commit()


def update_profile(user: User, *, display_name: str, participant_kind: str,
                   company_name: str | None, enterprise_number: str | None,
                   language: str) -> None:
    _apply_profile(user, display_name, participant_kind, company_name, enterprise_number)
    user.language = language
    db.session.commit()


def set_language(user: User, language: str) -> None:
    user.language = language
    db.session.commit()


def request_email_change(user: User, new_email: str) -> None:
    new_email = normalise_email(new_email)
    if email_taken(new_email):
        raise RuleError(_l("An account with this email address already exists."))
    queue_email(new_email, user.language, "confirm_new_email", _l("Confirm your new email address"),
                user=user, new_email=new_email,
                link=external_url("accounts.confirm_email_change",
                                  token=tokens.make_change_email_token(user, new_email)))
    db.session.commit()


def confirm_email_change(user: User, new_email: str) -> None:
    if email_taken(new_email):
        raise RuleError(_l("An account with this email address already exists."))
    old_email = user.email
    user.email = new_email
    user.email_verified_at = utcnow()
    queue_email(old_email, user.language, "email_changed", _l("Your email address was changed"),
                user=user, new_email=new_email)
    _take_up_invitations(user)
    db.session.commit()


def export_data(user: User) -> dict:
    """Everything the platform keeps about a person (GDPR article 15 and 20)."""
    def iso(value):
        return value.isoformat() if value else None

    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "participant_kind": user.participant_kind.value,
            "company_name": user.company_name,
            "enterprise_number": user.enterprise_number,
            "email_verified_at": iso(user.email_verified_at),
            "created_at": iso(user.created_at),
            "last_login_at": iso(user.last_login_at),
            "is_platform_admin": user.is_platform_admin,
        },
        "memberships": [
            {"organisation": m.organisation.name, "organisation_slug": m.organisation.slug,
             "role": m.role.value, "since": iso(m.created_at)}
            for m in user.memberships
        ],
    }


def delete_account(user: User) -> None:
    """Remove what identifies the person, keep the row so that what they contributed to a
    public procedure (a submitted proposal, an answered question) stays, unnamed."""
    user.email = f"deleted-{user.id}@invalid.invalid"
    user.display_name = ""
    user.password_hash = None
    user.company_name = None
    user.enterprise_number = None
    user.is_platform_admin = False
    user.email_verified_at = None
    user.deleted_at = utcnow()
    user.session_token = new_session_token()  # signs out every session
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    db.session.commit()


# Organisation roles ---------------------------------------------------------------------

def grant_role(organisation: Organisation, email: str, role: Role, granted_by: User) -> str:
    """Give `email` a role in `organisation`. Returns "granted", "updated" or "invited"."""
    email = normalise_email(email)
    user = find_user_by_email(email)
    if user is None or not user.is_verified:
        invitation = db.session.scalar(select(RoleInvitation).where(
            RoleInvitation.email == email, RoleInvitation.organisation_id == organisation.id))
        if invitation is None:
            invitation = RoleInvitation(email=email, organisation=organisation)
            db.session.add(invitation)
        invitation.role = role
        invitation.invited_by_id = granted_by.id
        language = user.language if user else granted_by.language
        link = (external_url("accounts.register", email=email) if user is None
                else external_url("accounts.login"))
        queue_email(email, language, "role_invitation",
                    _l("You are invited to %(organisation)s", organisation=organisation.name),
                    organisation=organisation, role=role, invited_by=granted_by, link=link)
        db.session.commit()
        return "invited"
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.organisation_id == organisation.id))
    outcome = "updated" if membership else "granted"
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
        db.session.add(membership)
    else:
        if membership.role == Role.ADMIN and role != Role.ADMIN:
            _ensure_another_admin(organisation, membership)
        membership.role = role
    queue_email(user.email, user.language, "role_granted",
                _l("Your role at %(organisation)s", organisation=organisation.name),
                user=user, organisation=organisation, role=role, granted_by=granted_by,
                link=external_url("accounts.profile"))
    db.session.commit()
    return outcome


def _ensure_another_admin(organisation: Organisation, leaving: Membership) -> None:
    admins = db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.organisation_id == organisation.id, Membership.role == Role.ADMIN,
        Membership.id != leaving.id))
    if not admins:
        raise RuleError(_l("An organisation needs at least one administrator. "
                           "Make someone else administrator first."))


def revoke_role(membership: Membership) -> None:
    if membership.role == Role.ADMIN:
        _ensure_another_admin(membership.organisation, membership)
    db.session.delete(membership)
    db.session.commit()


def cancel_invitation(invitation: RoleInvitation) -> None:
    db.session.delete(invitation)
    db.session.commit()


def create_organisation(*, name: str, slug: str, nis_code: str | None, description: str,
                        website: str | None, contact_email: str | None) -> Organisation:
    if db.session.scalar(select(Organisation).where(Organisation.slug == slug)):
        raise RuleError(_l("This short name is already used by another organisation."))
    organisation = Organisation(name=name.strip(), slug=slug, nis_code=nis_code or None,
                                description=description or "", website=website or None,
                                contact_email=normalise_email(contact_email) if contact_email else None)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def update_organisation(organisation: Organisation, *, name: str, nis_code: str | None,
                        description: str, website: str | None, contact_email: str | None) -> None:
    organisation.name = name.strip()
    organisation.nis_code = nis_code or None
    organisation.description = description or ""
    organisation.website = website or None
    organisation.contact_email = normalise_email(contact_email) if contact_email else None
    db.session.commit()
