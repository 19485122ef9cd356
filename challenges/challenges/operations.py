"""Challenge rules: authoring, publication, the lifecycle and public change notices.
Each public function is one user action and owns its commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import select

from challenges import events, storage
from challenges.accounts.models import Organisation, ParticipantKind, User
from challenges.challenges import changes
from challenges.challenges.legal import route_problems
from challenges.challenges.models import (
    DATE_FIELDS,
    LANGUAGES,
    NOT_DUPLICATED,
    PLAIN_FIELDS,
    RULE_LABELS,
    TEXT_FIELDS,
    TRANSLATED_FIELDS,
    Challenge,
    ChallengeAttachment,
    ChallengeAudience,
    ChallengeCover,
    ChallengeStatus,
    ChallengeTranslation,
    ChangeNotice,
    Criterion,
    Theme,
)
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.files import CheckedFile
from challenges.i18n import format_moment
from challenges.images import renditions
from challenges.text import digest

MAX_ATTACHMENTS = 10
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

events.describe({
    "challenge_created": _l("Challenge created"),
    "challenge_updated": _l("Challenge changed"),
    "challenge_published": _l("Challenge published"),
    "challenge_advanced": _l("Challenge moved to its next phase"),
    "challenge_cancelled": _l("Challenge cancelled"),
    "challenge_deleted": _l("Draft deleted"),
    "challenge_duplicated": _l("Challenge duplicated"),
    "attachment_added": _l("Attachment added"),
    "attachment_removed": _l("Attachment removed"),
    "challenge_translated": _l("Challenge translation changed"),
})


def unique_slug(title: str, exclude_id: int | None = None) -> str:
    base = slugify(title, max_length=100, word_boundary=True) or "challenge"
    slug, n = base, 2
    while True:
        query = select(Challenge.id).where(Challenge.slug == slug)
        if exclude_id:
            query = query.where(Challenge.id != exclude_id)
        if db.session.scalar(query) is None:
            return slug
        slug, n = f"{base}-{n}", n + 1


def _apply(challenge: Challenge, data: dict) -> None:
    for name in PLAIN_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str) and name in TEXT_FIELDS:
                value = value.strip()
            setattr(challenge, name, value)
    if "theme_ids" in data:
        challenge.themes = list(db.session.scalars(
            select(Theme).where(Theme.id.in_(data["theme_ids"] or [0]))))
    if "audience" in data:
        wanted = [ParticipantKind(k) for k in data["audience"]]
        challenge.audience_rows = [row for row in challenge.audience_rows if row.kind in wanted]
        have = {row.kind for row in challenge.audience_rows}
        challenge.audience_rows.extend(ChallengeAudience(kind=k) for k in wanted if k not in have)
    if "criteria" in data:
        _apply_criteria(challenge, data["criteria"])


def _apply_criteria(challenge: Challenge, rows: list[dict]) -> None:
    rows = [r for r in rows if (r.get("name") or "").strip()]
    existing = list(challenge.criteria)
    # Reuse rows in order so that criterion ids stay stable for scores recorded later.
    for position, row in enumerate(rows, start=1):
        criterion = existing[position - 1] if position <= len(existing) else Criterion()
        criterion.position = -position  # moved into place below, avoiding the unique clash
        criterion.name = row["name"].strip()
        criterion.description = (row.get("description") or "").strip()
        criterion.weight = int(row.get("weight") or 0)
        minimum = row.get("minimum_score")
        criterion.minimum_score = Decimal(str(minimum)) if minimum not in (None, "") else None
        if position > len(existing):
            challenge.criteria.append(criterion)
    for criterion in existing[len(rows):]:
        challenge.criteria.remove(criterion)
    db.session.flush()
    for criterion in challenge.criteria:
        criterion.position = abs(criterion.position)


def publication_problems(challenge: Challenge, now: datetime | None = None) -> dict[str, str]:
    """What must be put right before a challenge can be published (or, once published,
    before a change is saved)."""
    problems = _date_problems(challenge, now or utcnow())
    if not challenge.summary.strip():
        problems["summary"] = _("Write a short summary.")
    if not challenge.problem.strip():
        problems["problem"] = _("Describe the problem: it is the heart of the challenge.")
    if not challenge.audience_rows:
        problems["audience"] = _("Choose who may take part.")
    if not challenge.criteria:
        problems["criteria"] = _("Add at least one evaluation criterion.")
    elif challenge.total_weight != 100:
        problems["criteria"] = _("The weights add up to %(total)d%%; they must add up to 100%%.",
                                 total=challenge.total_weight)
    if not challenge.contact_email:
        problems["contact_email"] = _("Give a contact address for questions.")
    # A published challenge keeps the threshold in force on the day it was published.
    problems.update(route_problems(challenge, challenge.published_at or now or utcnow()))
    return problems


def _date_problems(challenge: Challenge, now: datetime) -> dict[str, str]:
    problems: dict[str, str] = {}
    if challenge.opens_at is None:
        problems["opens_at"] = _("Choose when the challenge opens.")
    if challenge.closes_at is None:
        problems["closes_at"] = _("Choose the deadline for proposals.")
        return problems
    if challenge.opens_at and challenge.closes_at <= challenge.opens_at:
        problems["closes_at"] = _("The deadline must come after the opening.")
    elif challenge.status == ChallengeStatus.DRAFT and challenge.closes_at <= now:
        problems["closes_at"] = _("The deadline is in the past.")
    if challenge.jury_decision_at and challenge.jury_decision_at < challenge.closes_at:
        problems["jury_decision_at"] = _("The jury decides after the deadline.")
    if challenge.results_at and challenge.results_at < challenge.closes_at:
        problems["results_at"] = _("Results are announced after the deadline.")
    return problems


def create_challenge(organisation: Organisation, data: dict, author: User) -> Challenge:
    challenge = Challenge(organisation=organisation, created_by=author,
                          slug=unique_slug(data.get("title") or ""), follow_ups=[])
    db.session.add(challenge)
    _apply(challenge, data)
    db.session.flush()
    events.record("challenge_created", challenge, actor=author, title=challenge.title)
    db.session.commit()
    return challenge


def _changed(challenge: Challenge, before: dict) -> dict:
    """The fields a save changed, for the event record: dates with old and new value, the
    other fields by name only (their texts are on the challenge page)."""
    changed: dict = {}
    for name, old in before.items():
        new = getattr(challenge, name)
        if new != old:
            changed[name] = {"old": old, "new": new} if name.endswith("_at") else True
    return changed


def _snapshot(challenge: Challenge) -> dict:
    return {
        "closes_at": challenge.closes_at,
        "audience": set(challenge.audience),
        "criteria": [(c.name, c.weight, c.minimum_score) for c in challenge.criteria],
        "rules": changes.rule_values(challenge),
    }


def _notice_texts(before: dict, after: dict) -> list[str]:
    """The announcements for rule changes, in the current locale."""
    texts = []
    if before["closes_at"] != after["closes_at"] and after["closes_at"] is not None:
        moment = format_moment(after["closes_at"])
        if before["closes_at"] and after["closes_at"] > before["closes_at"]:
            texts.append(_("The deadline was extended to %(moment)s.", moment=moment))
        else:
            texts.append(_("The deadline was moved earlier, to %(moment)s.", moment=moment))
    if before["audience"] != after["audience"]:
        kinds = ", ".join(k.label for k in ParticipantKind if k in after["audience"])
        texts.append(_("Who may take part changed. Now: %(kinds)s.", kinds=kinds))
    if before["criteria"] != after["criteria"]:
        listing = "; ".join(f"{name} ({weight}%)" for name, weight, _m in after["criteria"])
        texts.append(_("The evaluation criteria changed. Now: %(criteria)s.", criteria=listing))
    # The other rules are long texts: named here, read on the page.
    others = [str(label) for name, label in RULE_LABELS.items()
              if name not in ("audience", "criteria")
              and before["rules"][name] != after["rules"][name]]
    if others:
        texts.append(_("These rules changed: %(rules)s.", rules=", ".join(others)))
    return texts


# The dates of a challenge that its stages set, when it has stages.
STAGE_DATES = ("opens_at", "closes_at")


def _same_minutes_kept(challenge: Challenge, data: dict) -> dict:
    """The form shows times to the minute: a time sent back unchanged keeps its seconds, or
    saving any change would seem to move a deadline set to the second (by the API, the demo)."""
    data = dict(data)
    for name in DATE_FIELDS:
        stored, sent = getattr(challenge, name), data.get(name)
        if stored and sent and sent == stored.replace(second=0, microsecond=0):
            data[name] = stored
    return data


def update_challenge(challenge: Challenge, data: dict, by: User,
                     now: datetime | None = None, confirmed: str | None = None) -> list[str]:
    """Save changes. Once published, the rules must stay complete, and a change to the
    deadline or the rules is announced publicly on the challenge and emailed to everyone
    concerned (changes.people_concerned). Such a change is saved only when `confirmed`
    names it (RuleChange.digest): otherwise nothing is saved and NeedsConfirmation says
    what would change, so that the organiser sees it, with how many people are told."""
    published = challenge.status != ChallengeStatus.DRAFT
    data = _same_minutes_kept(challenge, data)
    if challenge.stages:
        # Its stages drive its opening and deadline (the stage editor keeps them in step):
        # the edit form shows them read-only, and a value posted anyway is ignored, or the
        # listing and the feeds would disagree with the stages.
        data = {name: value for name, value in data.items() if name not in STAGE_DATES}
    before = _snapshot(challenge)
    fields_before = {name: getattr(challenge, name) for name in PLAIN_FIELDS}
    _apply(challenge, data)
    db.session.flush()
    emailed = 0
    if published:
        problems = publication_problems(challenge, now)
        if problems:
            db.session.rollback()
            raise Refused(problems)
        after = _snapshot(challenge)
        change = changes.RuleChange.between(before["rules"], after["rules"],
                                            before["closes_at"], after["closes_at"])
        people = changes.people_concerned(challenge) if change else []
        if change and confirmed != change.digest:
            db.session.rollback()
            raise changes.NeedsConfirmation(replace(change, recipients=len(people)))
        texts = {}
        for language in ("nl", "en"):
            with force_locale(language):
                texts[language] = _notice_texts(before, after)
        for text_nl, text_en in zip(texts["nl"], texts["en"], strict=True):
            db.session.add(ChangeNotice(challenge=challenge, text_nl=text_nl, text_en=text_en))
        announced = texts.get(str(get_locale()), texts["nl"])
        if change:
            changes.email_people(challenge, change, people, texts)
            emailed = len(people)
    else:
        announced = []
    fields = _changed(challenge, fields_before)
    if before != _snapshot(challenge):
        fields.update({k: True for k in ("audience", "criteria")
                       if before[k] != _snapshot(challenge)[k]})
    events.record("challenge_updated", challenge, actor=by, fields=fields,
                  notices=len(announced), emailed=emailed)
    db.session.commit()
    return announced


def publish(challenge: Challenge, by: User, now: datetime | None = None) -> None:
    if challenge.status != ChallengeStatus.DRAFT:
        raise Refused({"status": _("This challenge is already published.")})
    problems = publication_problems(challenge, now)
    if problems:
        raise Refused(problems)
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.published_at = now or utcnow()
    events.record("challenge_published", challenge, actor=by, closes_at=challenge.closes_at)
    db.session.commit()


# What must hold before a challenge completes, added by the domains above this one (every
# pilot evaluated or dropped): each takes the challenge and answers {field: message}.
COMPLETION_CHECKS: list[Callable[[Challenge], dict[str, str]]] = []


def advance(challenge: Challenge, by: User, now: datetime | None = None) -> ChallengeStatus:
    """Take the next explicit step: results published, then follow-up, then completed."""
    step = challenge.next_step(now or utcnow())
    if step is None:
        raise Refused({"status": _("There is no next step in this phase.")})
    if step == ChallengeStatus.COMPLETED:
        problems: dict[str, str] = {}
        for check in COMPLETION_CHECKS:
            problems.update(check(challenge))
        if problems:
            raise Refused(problems)
    before = challenge.status
    challenge.status = step
    events.record("challenge_advanced", challenge, actor=by, old=before, new=step)
    db.session.commit()
    return step


def cancel(challenge: Challenge, reason: str, by: User) -> None:
    if not challenge.can_be_cancelled:
        raise Refused({"reason": _("This challenge can no longer be cancelled.")})
    if not reason.strip():
        raise Refused({"reason": _("Explain publicly why the challenge is cancelled.")})
    before = challenge.status
    challenge.status = ChallengeStatus.CANCELLED
    challenge.cancel_reason = reason.strip()
    challenge.cancelled_at = utcnow()
    events.record("challenge_cancelled", challenge, actor=by, old=before,
                  reason=challenge.cancel_reason)
    db.session.commit()


def delete_draft(challenge: Challenge, by: User) -> None:
    if challenge.status != ChallengeStatus.DRAFT:
        raise Refused({"status": _("Only a draft can be deleted.")})
    events.record("challenge_deleted", challenge, actor=by, title=challenge.title,
                  slug=challenge.slug)
    db.session.delete(challenge)
    db.session.commit()


def duplicate(challenge: Challenge, author: User) -> Challenge:
    """A new draft with the same framing, criteria and attachments; dates left open."""
    title = _l("Copy of %(title)s", title=challenge.title)
    copy = Challenge(organisation=challenge.organisation, created_by=author,
                     slug=unique_slug(str(title)), follow_ups=list(challenge.follow_ups or []))
    db.session.add(copy)
    for name in PLAIN_FIELDS:
        if name not in NOT_DUPLICATED:
            setattr(copy, name, getattr(challenge, name))
    copy.title = str(title)[:200]
    copy.themes = list(challenge.themes)
    copy.audience_rows = [ChallengeAudience(kind=k) for k in challenge.audience]
    copy.criteria = [Criterion(position=c.position, name=c.name, description=c.description,
                               weight=c.weight, minimum_score=c.minimum_score,
                               translations=dict(c.translations or {}))
                     for c in challenge.criteria]
    for source in challenge.translations:
        translated = ChallengeTranslation(
            language=source.language,
            **{name: getattr(source, name) for name in TRANSLATED_FIELDS})
        if translated.title:
            with force_locale(source.language):
                translated.title = str(_l("Copy of %(title)s", title=source.title))[:200]
        copy.translations.append(translated)
    # The copy names the same stored bytes: no file is read or written.
    copy.attachments = [ChallengeAttachment(filename=a.filename, content_type=a.content_type,
                                            size=a.size, file_sha256=a.file_sha256)
                        for a in challenge.attachments]
    if challenge.cover is not None:
        copy.cover = ChallengeCover(alt_text=challenge.cover.alt_text,
                                    version=challenge.cover.version, card=challenge.cover.card,
                                    detail=challenge.cover.detail)
    events.record("challenge_duplicated", copy, actor=author, source=challenge.slug)
    db.session.commit()
    return copy


def add_attachment(challenge: Challenge, file: CheckedFile, by: User) -> ChallengeAttachment:
    if len(challenge.attachments) >= MAX_ATTACHMENTS:
        raise Refused({"file": _("A challenge can have at most %(n)d attachments.",
                                            n=MAX_ATTACHMENTS)})
    attachment = ChallengeAttachment(challenge=challenge, filename=file.filename,
                                     content_type=file.content_type, size=file.size,
                                     file_sha256=storage.keep(file.data))
    db.session.add(attachment)
    events.record("attachment_added", attachment, actor=by, challenge=challenge,
                  filename=file.filename, size=file.size)
    db.session.commit()
    return attachment


def delete_attachment(attachment: ChallengeAttachment, by: User) -> None:
    events.record("attachment_removed", attachment, actor=by, challenge=attachment.challenge,
                  filename=attachment.filename)
    db.session.delete(attachment)
    db.session.commit()


def _translate_criteria(challenge: Challenge, language: str, rows: list[dict]) -> list[str]:
    """Each criterion's name and description in `language`, in their order; what changed."""
    changed = []
    for criterion, row in zip(challenge.criteria, rows, strict=False):
        texts = {key: value for key in ("name", "description")
                 if (value := (row.get(key) or "").strip())}
        translations = {k: v for k, v in (criterion.translations or {}).items() if k != language}
        if texts:
            translations[language] = texts
        if translations != (criterion.translations or {}):
            # A new dict: the JSON column notices an assignment, not a change inside it.
            criterion.translations = translations
            changed.append(f"criterion_{criterion.position}")
    return changed


def save_translation(challenge: Challenge, language: str, data: dict, by: User) -> list[str]:
    """Save the challenge's texts in its other language: `data` holds the translated fields
    (an empty one is not translated) and `criteria`, a {"name", "description"} per criterion
    in their order. Returns the names of what changed; nothing changed, nothing recorded."""
    if language not in LANGUAGES or language == challenge.language:
        raise Refused({"language": _("A translation is written in the other language than "
                                     "the challenge's own.")})
    translation = challenge.translation(language)
    if translation is None:
        translation = ChallengeTranslation(language=language)
        challenge.translations.append(translation)
    changed, confirmed = [], []
    sources = {}
    for name in TRANSLATED_FIELDS:
        value = (data.get(name) or "").strip()
        if (getattr(translation, name) or "") != value:
            setattr(translation, name, value)
            changed.append(name)
        if value:
            # Saved beside the original on the page: it translates the original as it is now.
            sources[name] = digest(getattr(challenge, name) or "")
            if name not in changed and (translation.sources or {}).get(name) != sources[name]:
                confirmed.append(name)
    if sources != (translation.sources or {}):
        translation.sources = sources
    changed += _translate_criteria(challenge, language, data.get("criteria") or [])
    if translation.is_empty:
        challenge.translations.remove(translation)
    if changed or confirmed:
        events.record("challenge_translated", challenge, actor=by, language=language,
                      fields=changed, confirmed=confirmed)
    db.session.commit()
    return changed + confirmed


def set_cover(challenge: Challenge, data: bytes, alt_text: str, by: User) -> ChallengeCover:
    """Set or replace the cover image (resized here to every size the pages show), or, with
    no image and a cover in place, change only its text alternative."""
    alt_text = (alt_text or "").strip()
    problems: dict[str, str] = {}
    if not alt_text:
        problems["alt_text"] = _("Describe the image for those who cannot see it.")
    made = None
    if data or challenge.cover is None:
        try:
            made = {r.size: r for r in renditions(data)}
        except Refused as error:
            problems.update(error.problems)
    if problems:
        raise Refused(problems)
    cover = challenge.cover or ChallengeCover()
    replaced = challenge.cover is not None
    cover.alt_text = alt_text
    if made is not None:
        cover.version = made["detail"].digest
        cover.card, cover.detail = made["card"].data, made["detail"].data
    challenge.cover = cover
    events.record("cover_set", challenge, actor=by, alt_text=alt_text, replaced=replaced,
                  image=made is not None)
    db.session.commit()
    return cover


def remove_cover(challenge: Challenge, by: User) -> None:
    if challenge.cover is None:
        return
    challenge.cover = None
    events.record("cover_removed", challenge, actor=by)
    db.session.commit()
