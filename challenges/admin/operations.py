"""Platform administration rules: the curated list of themes.
Each public function is one user action and owns its commit."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from challenges import events
from challenges.accounts.models import User
from challenges.challenges.models import Theme, challenge_themes
from challenges.errors import Refused
from challenges.extensions import db

events.describe({
    "theme_created": _l("Theme created"),
    "theme_updated": _l("Theme changed"),
    "theme_deactivated": _l("Theme no longer offered"),
    "theme_reactivated": _l("Theme offered again"),
    "theme_deleted": _l("Theme deleted"),
    "account_suspended": _l("Account suspended"),
    "account_restored": _l("Account restored"),
})


def usage_counts(theme_ids: Iterable[int]) -> dict[int, int]:
    """How many challenges (drafts included) carry each theme, in one query."""
    ids = list(theme_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(challenge_themes.c.theme_id, func.count())
        .where(challenge_themes.c.theme_id.in_(ids))
        .group_by(challenge_themes.c.theme_id))
    return {theme_id: count for theme_id, count in rows}


def next_position() -> int:
    """Where a new theme goes by default: after the last one."""
    return (db.session.scalar(select(func.max(Theme.position))) or 0) + 1


def _slug_taken(slug: str, exclude_id: int | None = None) -> bool:
    query = select(Theme.id).where(Theme.slug == slug)
    if exclude_id is not None:
        query = query.where(Theme.id != exclude_id)
    return db.session.scalar(query) is not None


def _apply(theme: Theme, *, slug: str, name_nl: str, name_en: str, position: int) -> None:
    slug = slug.strip().lower()
    if _slug_taken(slug, exclude_id=theme.id):
        raise Refused({"slug": _("Another theme already uses this short name.")})
    theme.slug = slug
    theme.name_nl = name_nl.strip()
    theme.name_en = name_en.strip()
    theme.position = position


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        # Another administrator took the short name between our check and our commit.
        db.session.rollback()
        raise Refused({"slug": _("Another theme already uses this short name.")}) from None


def create_theme(*, slug: str, name_nl: str, name_en: str, by: User,
                 position: int | None = None) -> Theme:
    theme = Theme(active=True)
    _apply(theme, slug=slug, name_nl=name_nl, name_en=name_en,
           position=next_position() if position is None else position)
    db.session.add(theme)
    events.record("theme_created", theme, actor=by, slug=theme.slug)
    _commit()
    return theme


def update_theme(theme: Theme, *, slug: str, name_nl: str, name_en: str, position: int,
                 by: User) -> None:
    _apply(theme, slug=slug, name_nl=name_nl, name_en=name_en, position=position)
    events.record("theme_updated", theme, actor=by, slug=theme.slug)
    _commit()


def deactivate_theme(theme: Theme, by: User) -> None:
    """Stop offering the theme for new challenges; the challenges that have it keep it."""
    theme.active = False
    events.record("theme_deactivated", theme, actor=by, slug=theme.slug)
    db.session.commit()


def reactivate_theme(theme: Theme, by: User) -> None:
    theme.active = True
    events.record("theme_reactivated", theme, actor=by, slug=theme.slug)
    db.session.commit()


def delete_theme(theme: Theme, by: User) -> None:
    """Only an unused theme can go: the link table cascades, so deleting a theme in use
    would silently strip it from published challenges. Deactivate it instead."""
    if usage_counts([theme.id]).get(theme.id, 0):
        raise Refused({"theme": _(
            "This theme is used by challenges and cannot be deleted. Deactivate it instead.")})
    events.record("theme_deleted", theme, actor=by, slug=theme.slug)
    db.session.delete(theme)
    db.session.commit()


# Accounts ---------------------------------------------------------------------------------

def suspend_account(user: User, reason: str, by: User) -> None:
    """The account can no longer sign in, its sign-ins end now, and the invitations waiting
    for its address lapse. What it contributed in public stays."""
    from challenges.accounts import sessions
    from challenges.accounts.models import RoleInvitation
    from challenges.db import utcnow
    from challenges.jury.models import JuryMember
    from challenges.submissions.models import TeamMember

    if user.id == by.id:
        raise Refused({"_": _("You cannot suspend your own account.")})
    if user.deleted_at is not None or user.suspended_at is not None:
        return
    user.suspended_at = utcnow()
    sessions.end_all(user)
    lapsed = 0
    for query in (delete(RoleInvitation).where(RoleInvitation.email == user.email),
                  delete(TeamMember).where(TeamMember.email == user.email,
                                           TeamMember.accepted_at.is_(None)),
                  delete(JuryMember).where(JuryMember.email == user.email,
                                           JuryMember.accepted_at.is_(None))):
        lapsed += db.session.execute(query).rowcount or 0  # type: ignore[attr-defined]
    events.record("account_suspended", user, actor=by, reason=reason.strip()[:500],
                  invitations_lapsed=lapsed)
    db.session.commit()


def restore_account(user: User, by: User) -> None:
    if user.suspended_at is None:
        return
    user.suspended_at = None
    events.record("account_restored", user, actor=by)
    db.session.commit()
