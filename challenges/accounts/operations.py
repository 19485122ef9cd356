"""Account rules. Each public function is one user action and owns its commit."""

from __future__ import annotations

from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from challenges import events
from challenges.accounts import queries, sessions
from challenges.accounts.enterprise import normalise_enterprise_number
from challenges.accounts.models import (
    Membership,
    Organisation,
    ParticipantKind,
    PopulationBand,
    Role,
    RoleInvitation,
    User,
    new_session_token,
)
from challenges.accounts.queries import email_taken, find_user_by_email, normalise_email
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.links import external_url
from challenges.notifications.operations import forget_recipient, queue_email

events.describe({
    "account_registered": _l("Account created"),
    "email_verified": _l("Email address confirmed"),
    "verification_resent": _l("Confirmation link sent again"),
    "language_changed": _l("Language changed"),
    "signed_in": _l("Signed in"),
    "signed_out": _l("Signed out"),
    "signed_out_everywhere": _l("Signed out on every device"),
    "registration_with_used_address": _l("Registration tried with an address in use"),
    "password_reset": _l("Password reset through an emailed link"),
    "password_changed": _l("Password changed"),
    "profile_updated": _l("Profile changed"),
    "email_change_requested": _l("Change of email address requested"),
    "email_changed": _l("Email address changed"),
    "account_deleted": _l("Account deleted"),
    "role_granted": _l("Role granted"),
    "role_changed": _l("Role changed"),
    "role_invited": _l("Role offered to an address without an account"),
    "role_revoked": _l("Role revoked"),
    "role_invitation_cancelled": _l("Role invitation cancelled"),
    "organisation_created": _l("Organisation created"),
    "organisation_updated": _l("Organisation changed"),
    "platform_admin_granted": _l("Made platform administrator"),
})


def _refuse(message, field: str = "_") -> Refused:
    return Refused({field: message})


def _apply_profile(user: User, display_name: str, participant_kind: str,
                   company_name: str | None, enterprise_number: str | None) -> None:
    user.display_name = display_name.strip()
    user.participant_kind = ParticipantKind(participant_kind)
    user.company_name = (company_name or "").strip() or None
    user.enterprise_number = normalise_enterprise_number(enterprise_number or "") or None


def _queue_verification(user: User, next_path: str = "") -> None:
    queue_email(user.email, user.language, "verify_email", _l("Confirm your email address"),
                user=user, link=external_url("accounts.verify_email",
                                             token=queries.verify_token(user),
                                             next=next_path or None))


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not anyone's password", method="scrypt")


def spend_password_time(password: str) -> None:
    """Hash as a real check would, so that an unknown address takes as long as a known one
    (the time of an answer must not tell who has an account)."""
    check_password_hash(_dummy_hash(), password)


def register(*, email: str, password: str, display_name: str, language: str,
             participant_kind: str, company_name: str | None = None,
             enterprise_number: str | None = None, next_path: str = "") -> User | None:
    """A new account, or None when the address already has one: then that address is told
    by email, and the caller answers as for a new account, so the page does not say who
    has an account here."""
    email = normalise_email(email)
    existing = find_user_by_email(email)
    if existing is not None:
        generate_password_hash(password, method="scrypt")  # as long as a real registration
        queue_email(existing.email, existing.language, "account_exists",
                    _l("You already have an account"), user=existing,
                    login_link=external_url("accounts.login", email=existing.email),
                    reset_link=external_url("accounts.forgot_password"))
        events.record("registration_with_used_address", existing, actor=None)
        db.session.commit()
        return None
    user = User(email=email, language=language)
    _apply_profile(user, display_name, participant_kind, company_name, enterprise_number)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    _queue_verification(user, next_path)
    events.record("account_registered", user, actor=user, kind=user.participant_kind)
    db.session.commit()
    return user


def resend_verification(user: User) -> None:
    if user.is_verified:
        return
    _queue_verification(user)
    events.record("verification_resent", user, actor=user)
    db.session.commit()


def _take_up_invitations(user: User) -> None:
    if user.is_suspended:
        return
    invitations = db.session.scalars(
        select(RoleInvitation).where(RoleInvitation.email == user.email)).all()
    for invitation in invitations:
        if user.role_in(invitation.organisation) is None:
            membership = Membership(user=user, organisation=invitation.organisation,
                                    role=invitation.role)
            db.session.add(membership)
            events.record("role_granted", membership, actor=user,
                          organisation=invitation.organisation, email=user.email,
                          role=invitation.role, invited_by=invitation.invited_by_id)
        db.session.delete(invitation)


def verify_email(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        events.record("email_verified", user, actor=user)
    _take_up_invitations(user)
    db.session.commit()


def authenticate(email: str, password: str) -> User | None:
    """The account whose password this is, or None. Takes the same time whether or not the
    address has an account. A suspended account with its right password is refused with a
    reason (only its owner learns it)."""
    user = find_user_by_email(email)
    if user is None or user.password_hash is None or user.deleted_at is not None:
        spend_password_time(password)
        return None
    if not user.check_password(password):
        return None
    if user.is_suspended:
        raise _refuse(_l("This account is suspended. Write to the platform's administrators "
                         "if you think this is a mistake."), "password")
    return user


def sign_in(user: User, remember: bool) -> None:
    """Start a sign-in on the server (its token goes into the login cookie)."""
    sessions.start(user, remember)
    user.last_login_at = utcnow()
    events.record("signed_in", user, actor=user)
    db.session.commit()


def sign_out(user: User) -> None:
    sessions.end(user)
    events.record("signed_out", user, actor=user)
    db.session.commit()


def sign_out_everywhere(user: User) -> None:
    """End every sign-in of the account, on every device, and forget the known devices."""
    sessions.end_all(user)
    user.session_token = new_session_token()
    events.record("signed_out_everywhere", user, actor=user)
    db.session.commit()


def touch_session(row) -> None:
    """Note that a sign-in is in use (for the idle time-out of staff sessions)."""
    row.last_seen_at = utcnow()
    db.session.commit()


def request_password_reset(email: str) -> None:
    """Queue a reset link if the address has an account. The caller says the same thing
    either way, so the form does not reveal who has an account."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    queue_email(user.email, user.language, "reset_password", _l("Choose a new password"),
                user=user, link=external_url("accounts.reset_password",
                                             token=queries.reset_token(user)))
    db.session.commit()


def reset_password(user: User, password: str) -> None:
    user.set_password(password)
    sessions.end_all(user)
    # Following the link proves the person reads this mailbox.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        _take_up_invitations(user)
    events.record("password_reset", user, actor=user)
    db.session.commit()


def change_password(user: User, password: str) -> None:
    """Other devices are signed out; this one stays signed in."""
    user.set_password(password)
    sessions.end_all(user, keep_current=True)
    events.record("password_changed", user, actor=user)
    db.session.commit()


def update_profile(user: User, *, display_name: str, participant_kind: str,
                   company_name: str | None, enterprise_number: str | None,
                   language: str) -> None:
    _apply_profile(user, display_name, participant_kind, company_name, enterprise_number)
    user.language = language
    events.record("profile_updated", user, actor=user)
    db.session.commit()


def set_language(user: User, language: str) -> None:
    if user.language == language:
        return
    user.language = language
    events.record("language_changed", user, actor=user, language=language)
    db.session.commit()


def request_email_change(user: User, new_email: str) -> None:
    new_email = normalise_email(new_email)
    if email_taken(new_email):
        raise _refuse(_l("An account with this email address already exists."), "email")
    queue_email(new_email, user.language, "confirm_new_email", _l("Confirm your new email address"),
                user=user, new_email=new_email,
                link=external_url("accounts.confirm_email_change",
                                  token=queries.change_email_token(user, new_email)))
    events.record("email_change_requested", user, actor=user)
    db.session.commit()


def confirm_email_change(user: User, new_email: str) -> None:
    if email_taken(new_email):
        raise _refuse(_l("An account with this email address already exists."), "email")
    old_email = user.email
    user.email = new_email
    user.email_verified_at = utcnow()
    queue_email(old_email, user.language, "email_changed", _l("Your email address was changed"),
                user=user, new_email=new_email)
    _take_up_invitations(user)
    events.record("email_changed", user, actor=user)
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
    public procedure (a submitted proposal, an answered question) stays, unnamed. The emails
    sent to them lose their address and texts."""
    forget_recipient(user.email, f"deleted-{user.id}@invalid.invalid")
    user.email = f"deleted-{user.id}@invalid.invalid"
    user.display_name = ""
    user.password_hash = None
    user.company_name = None
    user.enterprise_number = None
    user.is_platform_admin = False
    user.email_verified_at = None
    user.deleted_at = utcnow()
    user.session_token = new_session_token()
    sessions.end_all(user)  # signs out every session
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    events.record("account_deleted", user, actor=user)
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
                    organisation=organisation, role=role, invited_by=granted_by, link=link,
                    invited_by_name=granted_by.name if user is None else None)
        events.record("role_invited", invitation, actor=granted_by, organisation=organisation,
                      email=email, role=role)
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
    events.record("role_granted" if outcome == "granted" else "role_changed", membership,
                  actor=granted_by, organisation=organisation, email=user.email, role=role)
    db.session.commit()
    return outcome


def _ensure_another_admin(organisation: Organisation, leaving: Membership) -> None:
    admins = db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.organisation_id == organisation.id, Membership.role == Role.ADMIN,
        Membership.id != leaving.id))
    if not admins:
        raise _refuse(_l("An organisation needs at least one administrator. "
                         "Make someone else administrator first."), "email")


def revoke_role(membership: Membership, by: User) -> None:
    if membership.role == Role.ADMIN:
        _ensure_another_admin(membership.organisation, membership)
    events.record("role_revoked", membership, actor=by, organisation=membership.organisation,
                  email=membership.user.email, role=membership.role)
    db.session.delete(membership)
    db.session.commit()


def cancel_invitation(invitation: RoleInvitation, by: User) -> None:
    events.record("role_invitation_cancelled", invitation, actor=by,
                  organisation=invitation.organisation, email=invitation.email)
    db.session.delete(invitation)
    db.session.commit()


def create_organisation(*, name: str, slug: str, nis_code: str | None, description: str,
                        website: str | None, contact_email: str | None,
                        by: User, population_band: PopulationBand | None = None) -> Organisation:
    if db.session.scalar(select(Organisation).where(Organisation.slug == slug)):
        raise _refuse(_l("This short name is already used by another organisation."), "slug")
    organisation = Organisation(name=name.strip(), slug=slug, nis_code=nis_code or None,
                                description=description or "", website=website or None,
                                contact_email=normalise_email(contact_email) if contact_email else None,
                                population_band=population_band)
    db.session.add(organisation)
    events.record("organisation_created", organisation, actor=by, name=organisation.name)
    db.session.commit()
    return organisation


def update_organisation(organisation: Organisation, *, name: str, nis_code: str | None,
                        description: str, website: str | None, contact_email: str | None,
                        by: User, population_band: PopulationBand | None = None) -> None:
    """`population_band` (the municipality's size, for the lessons library and the
    statistics): None leaves it unknown."""
    organisation.name = name.strip()
    organisation.population_band = population_band
    organisation.nis_code = nis_code or None
    organisation.description = description or ""
    organisation.website = website or None
    organisation.contact_email = normalise_email(contact_email) if contact_email else None
    events.record("organisation_updated", organisation, actor=by, name=organisation.name,
                  population_band=population_band)
    db.session.commit()
