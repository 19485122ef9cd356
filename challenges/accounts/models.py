from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from challenges.accounts.enterprise import format_enterprise_number
from challenges.db import LabelledEnum, UTCDateTime, str_enum, utcnow
from challenges.extensions import Model


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> str:
    """What the database keeps of a secret the browser holds: a copy of the table does not
    sign anyone in."""
    return hashlib.sha256(token.encode()).hexdigest()


class ParticipantKind(LabelledEnum):
    CITIZEN = "citizen", _l("Citizen")
    STARTUP = "startup", _l("Startup")
    COMPANY = "company", _l("Company")
    NON_PROFIT = "non_profit", _l("Non-profit organisation")
    STUDENT = "student", _l("Student")
    KNOWLEDGE_INSTITUTION = "knowledge_institution", _l("Knowledge institution")


    @property
    def needs_company(self) -> bool:
        return self in (ParticipantKind.COMPANY, ParticipantKind.STARTUP)


class PopulationBand(LabelledEnum):
    """A municipality's size, for comparing like with like in the lessons library."""

    UNDER_10K = "under_10k", _l("Fewer than 10,000 inhabitants")
    FROM_10K = "10k_25k", _l("10,000 to 25,000 inhabitants")
    FROM_25K = "25k_50k", _l("25,000 to 50,000 inhabitants")
    FROM_50K = "50k_100k", _l("50,000 to 100,000 inhabitants")
    OVER_100K = "over_100k", _l("More than 100,000 inhabitants")


class Role(LabelledEnum):
    ADMIN = "admin", _l("Administrator")
    EDITOR = "editor", _l("Editor")


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("language IN ('nl', 'en')", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint holds regardless of case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    language: Mapped[str] = mapped_column(String(2), default="nl")
    participant_kind: Mapped[ParticipantKind] = mapped_column(
        str_enum(ParticipantKind, "participant_kind"), default=ParticipantKind.CITIZEN)
    company_name: Mapped[str | None] = mapped_column(String(200))
    enterprise_number: Mapped[str | None] = mapped_column(String(10))
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Part of the login cookie: changing it (new password, deletion) signs out every session.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by a platform administrator: the account cannot sign in until it is restored.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # TOTP (RFC 6238): the shared secret, and when enrolment was confirmed with a first code.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The 30-second time step of the last TOTP code accepted: a code of that step or an
    # earlier one is refused, so a code seen over a shoulder or in a log works once only.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan")

    # The sign-in this object was loaded for (set by the user loader and by sign-in): the
    # login cookie names it, so that signing out ends exactly that session on the server.
    # Not a column (__allow_unmapped__ lets the annotation say so).
    __allow_unmapped__ = True
    login_token: str | None = None

    def get_id(self) -> str:
        return f"{self.id}:{self.login_token or ''}"

    @property
    def is_active(self) -> bool:
        return self.deleted_at is None and self.suspended_at is None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def has_mfa(self) -> bool:
        return self.mfa_enrolled_at is not None and self.totp_secret is not None

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def name(self) -> str:
        """The name to show: a deleted account no longer names the person."""
        if self.deleted_at is not None:
            return str(_l("Former participant"))
        return self.display_name

    @property
    def enterprise_number_display(self) -> str | None:
        return format_enterprise_number(self.enterprise_number) if self.enterprise_number else None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash,
                                                                      password)

    def invitation_problem(self, invited_email: str) -> str | None:
        """Why this account cannot accept an invitation sent to `invited_email` (None if it
        can): an invitation is for the person who reads that mailbox, so the account's
        address must be that one, and confirmed."""
        if self.email != invited_email.strip().lower():
            return str(_l("This invitation was sent to %(invited)s, and you are signed in as "
                          "%(you)s. Sign in with the invited address, or change your address "
                          "to it (under Your profile) and confirm it.",
                          invited=invited_email, you=self.email))
        if not self.is_verified:
            return str(_l("Confirm your email address first: follow the link in the email we "
                          "sent to %(email)s (or ask for a new one on your profile), then open "
                          "the invitation again.", email=self.email))
        return None

    def role_in(self, organisation: Organisation) -> Role | None:
        for membership in self.memberships:
            if membership.organisation_id == organisation.id:
                return membership.role
        return None

    @property
    def is_staff(self) -> bool:
        """Works for an organisation or the platform (the menu shows management links)."""
        return self.is_platform_admin or bool(self.memberships)

    @property
    def admin_memberships(self) -> list[Membership]:
        return [m for m in self.memberships if m.role == Role.ADMIN]


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    nis_code: Mapped[str | None] = mapped_column(String(5))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # Its editors and administrators must use a second factor (TOTP) to reach its work.
    require_mfa: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    population_band: Mapped[PopulationBand | None] = mapped_column(
        str_enum(PopulationBand, "population_band"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan")

    def can_edit(self, user) -> bool:
        """Write and run its challenges: its editors and administrators, platform admins."""
        return bool(user is not None and user.is_authenticated
                    and (user.is_platform_admin or user.role_in(self) is not None))

    def can_manage_members(self, user) -> bool:
        """Give and take roles, edit the organisation, read its event record."""
        return bool(user is not None and user.is_authenticated
                    and (user.is_platform_admin or user.role_in(self) == Role.ADMIN))


class Membership(Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class RoleInvitation(Model):
    """A role granted to an address that has no account yet; it is taken up when that
    address is verified."""

    __tablename__ = "role_invitations"
    __table_args__ = (UniqueConstraint("email", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship()


class LoginSession(Model):
    """One sign-in on one device. The login cookie carries its token; signing out deletes the
    row, so a copied cookie stops working the moment its owner signs out."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class RecoveryCode(Model):
    """A single-use code that stands in for a TOTP code when the phone is lost; only its
    hash is kept."""

    __tablename__ = "mfa_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
