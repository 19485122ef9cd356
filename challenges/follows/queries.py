"""Read paths of following: one's follows, the follow of one target, the route loaders."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from challenges.access import belongs_or_404
from challenges.accounts.models import Organisation, User
from challenges.challenges.models import Challenge, Theme
from challenges.events import Event
from challenges.extensions import db
from challenges.follows.models import Follow

Target = Challenge | Organisation | Theme


def target_column(target: Target):
    if isinstance(target, Challenge):
        return Follow.challenge_id
    return Follow.organisation_id if isinstance(target, Organisation) else Follow.theme_id


def follow_of(user: User, target: Target) -> Follow | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Follow).where(Follow.user_id == user.id,
                                                  target_column(target) == target.id))


def follows_of(user: User) -> list[Follow]:
    """Everything one follows, with its target, in three queries whatever the number."""
    rows = db.session.scalars(
        select(Follow).where(Follow.user_id == user.id)
        .options(selectinload(Follow.challenge), selectinload(Follow.organisation),
                 selectinload(Follow.theme))).all()
    order = {"challenge": 0, "organisation": 1, "theme": 2}
    return sorted(rows, key=lambda f: (order[f.target_kind], f.target_name.lower()))


def latest_event_id() -> int:
    return db.session.scalar(select(func.max(Event.id))) or 0


def active_themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).where(Theme.active.is_(True))
                                   .order_by(Theme.position, Theme.id)))


def load_follow(follow_id: int) -> Follow:
    """One's own follow; someone else's does not exist for you."""
    return belongs_or_404(Follow, follow_id, user_id=current_user.id)


def load_theme(theme_slug: str) -> Theme:
    theme = db.session.scalar(select(Theme).where(Theme.slug == theme_slug))
    if theme is None or not theme.active:
        abort(404)
    return theme
