"""Following: start, change, stop, unsubscribe through a signed link, and the job that emails
the news (each item, or a weekly digest).

Each public function is one action and owns its commit. The events name the follower as the
object, never the challenge or the organisation: who follows what is the follower's business,
so an organisation's event record does not list its followers."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from challenges import events, tokens
from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.follows import news, queries
from challenges.follows.models import Delivery, Follow
from challenges.links import external_url
from challenges.notifications.operations import queue_email

log = logging.getLogger(__name__)

events.describe({
    "follow_started": _l("Started following"),
    "follow_changed": _l("Changed how news of a follow arrives"),
    "follow_stopped": _l("Stopped following"),
    "follow_news_sent": _l("News sent to a follower"),
})

UNSUBSCRIBE = "unsubscribe"
# An unsubscribe link must keep working as long as someone may still read the email.
UNSUBSCRIBE_MAX_AGE = 2 * 366 * 24 * 3600
DIGEST_INTERVAL = timedelta(days=7)


def _target_fields(target: queries.Target) -> dict:
    return {queries.target_column(target).key: target.id}


def follow(user: User, target: queries.Target, delivery: Delivery) -> Follow:
    """Follow a public challenge, a municipality or a theme, or change how news arrives."""
    if not user.is_verified:
        raise Refused({"_": _("Confirm your email address first: the news is sent there.")})
    if isinstance(target, Challenge) and not target.is_public:
        raise Refused({"_": _("Only a published challenge can be followed.")})
    existing = queries.follow_of(user, target)
    if existing is not None:
        change_delivery(existing, delivery, user)
        return existing
    item = Follow(user=user, delivery=delivery, seen_event_id=queries.latest_event_id(),
                  digest_sent_at=utcnow(), **_target_fields(target))
    db.session.add(item)
    try:
        db.session.flush()
    except IntegrityError:
        # The same person clicked twice at once: the first click made the follow.
        db.session.rollback()
        raise Refused({"_": _("You already follow this.")}) from None
    events.record("follow_started", user, actor=user, target=item.target_kind,
                  target_id=item.target.id, delivery=delivery)
    db.session.commit()
    return item


def change_delivery(item: Follow, delivery: Delivery, by: User) -> None:
    if item.delivery != delivery:
        old = item.delivery
        item.delivery = delivery
        if delivery == Delivery.WEEKLY:
            item.digest_sent_at = utcnow()  # the first digest comes a week from now
        events.record("follow_changed", by, actor=by, target=item.target_kind,
                      target_id=item.target.id, old=old, new=delivery)
    db.session.commit()


def stop(item: Follow, by: User, via: str = "page") -> None:
    events.record("follow_stopped", by, actor=by, target=item.target_kind,
                  target_id=item.target.id, via=via)
    db.session.delete(item)
    db.session.commit()


# Unsubscribing without signing in ------------------------------------------------------------

def unsubscribe_token(user: User, follows: list[Follow]) -> str:
    return tokens.sign(UNSUBSCRIBE, {"u": user.id, "f": sorted(f.id for f in follows)})


def unsubscribe_url(user: User, follows: list[Follow]) -> str:
    return external_url("follows.unsubscribe", token=unsubscribe_token(user, follows))


def unsubscribe_headers(link: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs show an unsubscribe button that posts to the link."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def follows_of_token(token: str) -> tuple[User | None, list[Follow]]:
    """The follower and the follows a link names that still exist. A tampered or foreign
    link is refused (tokens.LinkRefused)."""
    data = tokens.unsign(UNSUBSCRIBE, token, UNSUBSCRIBE_MAX_AGE)
    user_id, follow_ids = data.get("u"), data.get("f")
    if not isinstance(user_id, int) or not isinstance(follow_ids, list) \
            or not all(isinstance(i, int) for i in follow_ids):
        raise tokens.LinkRefused(expired=False)
    user = db.session.get(User, user_id)
    if user is None:
        return None, []
    found = db.session.scalars(
        select(Follow).where(Follow.id.in_(follow_ids or [0]), Follow.user_id == user_id)
        .options(selectinload(Follow.challenge), selectinload(Follow.organisation),
                 selectinload(Follow.theme))).all()
    return user, list(found)


def unsubscribe(token: str) -> list[str]:
    """Stop the follows of the link, whoever clicks it: the link was sent to the follower
    only. Returns the names of what is no longer followed (empty when already done)."""
    user, found = follows_of_token(token)
    names = [f.target_name for f in found]
    for item in found:
        events.record("follow_stopped", user, actor=user, target=item.target_kind,
                      target_id=item.target.id, via="link")
        db.session.delete(item)
    db.session.commit()
    return names


# The news job --------------------------------------------------------------------------------

def _followers() -> dict[int, list[Follow]]:
    rows = db.session.scalars(
        select(Follow).join(Follow.user)
        .where(User.deleted_at.is_(None), User.email_verified_at.is_not(None))
        .options(selectinload(Follow.user), selectinload(Follow.challenge),
                 selectinload(Follow.organisation), selectinload(Follow.theme))
        .order_by(Follow.id)).all()
    grouped: dict[int, list[Follow]] = defaultdict(list)
    for row in rows:
        grouped[row.user_id].append(row)
    return grouped


def _covering(follows: list[Follow], item: news.NewsItem) -> list[Follow]:
    return [f for f in follows if item.event_id > f.seen_event_id
            and f.covers(item.challenge.id, item.challenge.organisation_id, item.theme_ids)]


def _email_each(user: User, follows: list[Follow], items: list[news.NewsItem]) -> int:
    sent = 0
    for item in items:
        matching = _covering(follows, item)
        if not matching:
            continue
        link = unsubscribe_url(user, matching)
        queue_email(user.email, user.language, "follow_news",
                    _l("%(kind)s: %(title)s", kind=news.KIND_LABELS[item.kind],
                       title=item.challenge.title),
                    headers=unsubscribe_headers(link), user=user, item=item,
                    follows=matching, unsubscribe_link=link,
                    manage_link=external_url("follows.mine"))
        sent += 1
    return sent


def _digest_due(follows: list[Follow], now: datetime) -> bool:
    return any(f.digest_sent_at is None or f.digest_sent_at <= now - DIGEST_INTERVAL
               for f in follows)


def _email_digest(user: User, follows: list[Follow], items: list[news.NewsItem],
                  now: datetime) -> int:
    chosen = [item for item in items if _covering(follows, item)]
    for item in follows:
        item.digest_sent_at = now
    if not chosen:
        return 0
    link = unsubscribe_url(user, follows)
    queue_email(user.email, user.language, "follow_digest",
                _l("This week on the challenges you follow"),
                headers=unsubscribe_headers(link), user=user, items=chosen, follows=follows,
                unsubscribe_link=link, manage_link=external_url("follows.mine"))
    return 1


def send_news(now: datetime | None = None) -> int:
    """Email what happened since each follow last heard: an email per item for those who
    chose so, a digest for those whose week is over. Run it every few minutes (cron); an
    item is never sent twice for one follow. Returns the number of emails queued."""
    now = now or utcnow()
    followers = _followers()
    if not followers:
        return 0
    latest = queries.latest_event_id()
    start = min(f.seen_event_id for group in followers.values() for f in group)
    items = news.news_between(start, latest)
    queued = 0
    for group in followers.values():
        user = group[0].user
        each = [f for f in group if f.delivery == Delivery.EACH]
        weekly = [f for f in group if f.delivery == Delivery.WEEKLY]
        count = _email_each(user, each, items)
        for item in each:
            item.seen_event_id = latest
        if weekly and _digest_due(weekly, now):
            count += _email_digest(user, weekly, items, now)
            for item in weekly:
                item.seen_event_id = latest
        if count:
            events.record("follow_news_sent", user, emails=count)
        queued += count
    db.session.commit()
    log.info("follow news: %d email(s) queued", queued)
    return queued
