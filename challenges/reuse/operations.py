"""The templates' rules: publish a challenge as a template, revise it, adopt it into a new
draft, review a newer revision field by field, curate. Each public function is one user
action: it records an event and owns its commit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from challenges import events
from challenges.accounts.models import Organisation, ParticipantKind, User
from challenges.challenges.legal import LegalRoute
from challenges.challenges.models import (
    Challenge,
    ChallengeAudience,
    ChallengeStatus,
    Criterion,
    ProposalVisibility,
    Theme,
)
from challenges.challenges.operations import unique_slug
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.jury.models import Jury, RankingView, jury_of
from challenges.links import external_url
from challenges.notifications.operations import queue_email
from challenges.pilots.models import Kpi, Pilot, brussels_today
from challenges.reuse import content
from challenges.reuse.models import ACTION_LABELS, Adoption, ChallengeTemplate, TemplateRevision
from challenges.reuse.queries import adoption_by_key, template_of, waiting_adoptions
from challenges.timezones import utc_to_brussels

events.describe(ACTION_LABELS)

MAX_NOTE = 2000


def snapshot_of(challenge: Challenge) -> dict:
    """The template content of a challenge as it is now: three queries."""
    kpis = db.session.scalars(select(Kpi).where(Kpi.challenge_id == challenge.id)
                              .order_by(Kpi.id)).all()
    pilots = db.session.scalars(select(Pilot).where(Pilot.challenge_id == challenge.id)
                                .order_by(Pilot.id)).all()
    return content.snapshot(challenge, jury_of(challenge), kpis, pilots)


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise Refused({"change_note": _("At most %(count)s characters.", count=MAX_NOTE)})
    return note


def _copy_columns(template: ChallengeTemplate, data: dict) -> None:
    """The library's filters read these, copied from the latest revision."""
    template.title = (data.get("title") or template.title or "")[:200]
    template.summary = (data.get("summary") or "")[:500]
    template.legal_route = LegalRoute(data.get("legal_route") or LegalRoute.PRIZE)
    template.themes = list(db.session.scalars(
        select(Theme).where(Theme.slug.in_(data.get("themes") or [""]))))


def _add_revision(template: ChallengeTemplate, data: dict, note: str, by: User,
                  number: int) -> TemplateRevision:
    revision = TemplateRevision(template=template, number=number, content=data,
                                change_note=note, published_by=by, published_at=utcnow())
    db.session.add(revision)
    template.revision = number
    template.revised_at = revision.published_at
    _copy_columns(template, data)
    return revision


def new_template(challenge: Challenge, by: User, note: str = "") -> ChallengeTemplate:
    """The template of a challenge as it is now, revision 1 (flushed, not committed)."""
    template = ChallengeTemplate(slug=challenge.slug, source=challenge,
                                 organisation=challenge.organisation, created_by_id=by.id,
                                 title=challenge.title, legal_route=challenge.legal_route,
                                 revision=1)
    db.session.add(template)
    _add_revision(template, snapshot_of(challenge), note or str(_l("First version")), by, 1)
    events.record("template_published", template, actor=by, challenge=challenge, revision=1)
    return template


def publish_from_challenge(challenge: Challenge, by: User, note: str) -> ChallengeTemplate:
    """Publish the challenge as a template, or, when it is one already, publish its current
    state as the template's next revision."""
    if challenge.is_draft:
        raise Refused({"_": _("Publish the challenge before publishing it as a template: a "
                              "template shows where it comes from.")})
    note = _note(note)
    template = template_of(challenge)
    if template is None:
        template = new_template(challenge, by, note)
    else:
        _revise(template, snapshot_of(challenge), note, by)
    db.session.commit()
    return template


def _revise(template: ChallengeTemplate, data: dict, note: str, by: User,
            tell: bool = True) -> TemplateRevision:
    """The next revision, told to the drafts made from the template (flushed only)."""
    if not note:
        raise Refused({"change_note": _("Say what changed: the adopters read it.")})
    changed = content.changed_fields(template.latest.content, data)
    if not changed:
        raise Refused({"_": _("Nothing changed since revision %(n)s.", n=template.revision)})
    revision = _add_revision(template, data, note, by, template.revision + 1)
    waiting = waiting_adoptions(template)
    events.record("template_revised", template, actor=by, organisation=template.organisation,
                  revision=revision.number, fields=changed, drafts_told=len(waiting))
    if tell:
        _tell_adopters(template, revision, waiting)
    return revision


def revise(template: ChallengeTemplate, by: User, changes: dict, note: str) -> TemplateRevision:
    """A new revision from the template's edit form: the latest content with the fields the
    form changes."""
    note = _note(note)
    data = {**template.latest.content, **changes}
    revision = _revise(template, data, note, by)
    db.session.commit()
    return revision


def revise_in_place(template: ChallengeTemplate, by: User, changes: dict,
                    note: str) -> TemplateRevision:
    """As `revise`, without committing or emailing (the demo)."""
    return _revise(template, {**template.latest.content, **changes}, note, by, tell=False)


def _tell_adopters(template: ChallengeTemplate, revision: TemplateRevision,
                   adoptions: list[Adoption]) -> None:
    """An email to the editors of each draft made from the template: a change waits."""
    subject = _l("The template of your draft changed: %(title)s", title=template.title)
    for adoption in adoptions:
        link = external_url("reuse.review", slug=adoption.challenge.slug)
        for membership in adoption.challenge.organisation.memberships:
            person = membership.user
            if person.email and not person.suspended_at:
                queue_email(person.email, person.language, "template_revised", subject,
                            user=person, template=template, revision=revision,
                            challenge=adoption.challenge, link=link)


def set_recommended(template: ChallengeTemplate, by: User, recommended: bool) -> None:
    if template.recommended == recommended:
        return
    template.recommended = recommended
    template.recommended_at = utcnow() if recommended else None
    events.record("template_recommended" if recommended else "template_unrecommended",
                  template, actor=by, organisation=template.organisation)
    db.session.commit()


# Adopting ---------------------------------------------------------------------------------------

def _decimal(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


def _apply_text(challenge: Challenge, name: str, value) -> None:
    limit = {"title": 200, "summary": 500, "reward_text": 500}.get(name)
    text = value or ""
    setattr(challenge, name, text[:limit] if limit else text)


def _apply_themes(challenge: Challenge, value) -> None:
    challenge.themes = list(db.session.scalars(select(Theme).where(
        Theme.slug.in_(value or [""]), Theme.active.is_(True))))


def _apply_audience(challenge: Challenge, value) -> None:
    kinds = [ParticipantKind(k) for k in value or [] if k in set(ParticipantKind)]
    challenge.audience_rows.clear()
    db.session.flush()
    challenge.audience_rows.extend(ChallengeAudience(kind=k) for k in kinds)


def _apply_criteria(challenge: Challenge, value) -> None:
    challenge.criteria.clear()
    db.session.flush()  # the old rows go before the new ones take their positions
    challenge.criteria.extend(
        Criterion(position=i, name=c["name"][:200], description=c.get("description") or "",
                  weight=int(c.get("weight") or 0),
                  minimum_score=_decimal(c.get("minimum_score")))
        for i, c in enumerate(value or [], start=1))


def _apply_rules(challenge: Challenge, value) -> None:
    value = value or {}
    challenge.max_proposals_per_participant = max(
        1, int(value.get("max_proposals_per_participant") or 1))
    challenge.public_support_enabled = bool(value.get("public_support_enabled"))
    challenge.proposal_visibility = ProposalVisibility(
        value.get("proposal_visibility") or ProposalVisibility.AFTER_RESULTS)
    challenge.estimate_includes_follow_up = bool(value.get("estimate_includes_follow_up"))


def _apply_kpis(challenge: Challenge, value) -> None:
    """The KPI definitions as the draft's planned KPIs (a draft has no measured values)."""
    for kpi in db.session.scalars(select(Kpi).where(Kpi.challenge_id == challenge.id)):
        db.session.delete(kpi)
    for k in value or []:
        db.session.add(Kpi(challenge=challenge, name=k["name"][:200],
                           unit=(k.get("unit") or "")[:60],
                           baseline=_decimal(k.get("baseline")) or Decimal(0),
                           target=_decimal(k.get("target")) or Decimal(0),
                           method=k.get("method") or ""))


def _apply_timeline(challenge: Challenge, value) -> None:
    """The deadline, jury and results moved to the template's lengths from the draft's
    own opening."""
    if challenge.opens_at is None:
        return
    opens_on = utc_to_brussels(challenge.opens_at).date()
    for key, moment in content.dates_from(opens_on, value).items():
        if key != "opens_at" and moment is not None:
            setattr(challenge, key, moment)


def _apply_route(challenge: Challenge, value) -> None:
    challenge.legal_route = LegalRoute(value)


def _apply_follow_ups(challenge: Challenge, value) -> None:
    challenge.follow_ups = list(value or [])


def _apply(challenge: Challenge, name: str, value) -> None:
    """Put one field of a template into a draft."""
    if name in content.TEXTS:
        _apply_text(challenge, name, value)
    else:
        APPLY[name](challenge, value)


def _apply_jury(challenge: Challenge, value: dict | None) -> None:
    """The jury's working method, never its members (a draft has no scores yet)."""
    if not value:
        return
    jury = jury_of(challenge)
    if jury is None:
        jury = Jury(challenge=challenge, level_descriptions={})
        db.session.add(jury)
    jury.blind = bool(value.get("blind", True))
    jury.scale_min, jury.scale_max = int(value.get("scale_min", 0)), int(value.get("scale_max", 5))
    jury.authoritative_view = RankingView(value.get("authoritative_view") or RankingView.WEIGHTED)
    jury.assignment_mode = "assigned" if value.get("assignment_mode") == "assigned" else "all"
    jury.reviewers_per_proposal = max(1, int(value.get("reviewers_per_proposal") or 3))


APPLY = {"themes": _apply_themes, "audience": _apply_audience, "criteria": _apply_criteria,
         "legal_route": _apply_route, "follow_ups": _apply_follow_ups, "rules": _apply_rules,
         "kpis": _apply_kpis, "jury": _apply_jury, "timeline": _apply_timeline}


def adoption_problems(organisation: Organisation | None, opens_on: date | None,
                      today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if organisation is None:
        problems["organisation"] = _("Choose the organisation the new challenge is for.")
    if opens_on is None:
        problems["opens_on"] = _("Choose the day the new challenge opens.")
    elif opens_on < today:
        problems["opens_on"] = _("The opening day is today or later.")
    return problems


def adopt(template: ChallengeTemplate, organisation: Organisation, by: User,
          opens_on: date | None, request_key: str | None = None) -> Challenge:
    """A new draft for the organisation from the template's latest revision: framing,
    criteria, jury set-up, legal route, terms, rules, KPIs as planned KPIs, and the dates
    from the relative timeline starting on `opens_on`. The same form sent twice (a double
    click) makes one draft."""
    if request_key:
        done = adoption_by_key(request_key)
        if done is not None:
            return done.challenge
    problems = adoption_problems(organisation, opens_on, brussels_today())
    if problems or opens_on is None:
        raise Refused(problems)
    challenge = draft_from(template, organisation, by, opens_on, request_key)
    db.session.commit()
    return challenge


def draft_from(template: ChallengeTemplate, organisation: Organisation, by: User,
               opens_on: date, request_key: str | None = None) -> Challenge:
    """The draft and its adoption (flushed, not committed)."""
    revision = template.latest
    data = revision.content
    challenge = Challenge(organisation=organisation, created_by=by,
                          slug=unique_slug(data.get("title") or template.title),
                          status=ChallengeStatus.DRAFT, follow_ups=[],
                          language=data.get("language") if data.get("language") in ("nl", "en")
                          else "nl",
                          contact_name=(by.display_name or "")[:120],
                          contact_email=organisation.contact_email or by.email or "")
    db.session.add(challenge)
    for name in content.FIELDS:
        if name not in ("timeline", "kpis", "jury") and name in data:
            _apply(challenge, name, data[name])
    for key, moment in content.dates_from(opens_on, data.get("timeline")).items():
        setattr(challenge, key, moment)
    db.session.flush()
    _apply(challenge, "kpis", data.get("kpis"))
    _apply(challenge, "jury", data.get("jury"))
    adoption = Adoption(challenge=challenge, template=template, adopted_revision=revision.number,
                        revision=revision.number, request_key=request_key, adopted_by_id=by.id)
    db.session.add(adoption)
    db.session.flush()
    events.record("template_adopted", challenge, actor=by, template=template.slug,
                  revision=revision.number, source_organisation=template.organisation.slug)
    return challenge


# Reviewing a newer revision ----------------------------------------------------------------------

def review(adoption: Adoption, by: User, take: list[str]) -> list[str]:
    """Take over the chosen fields of the template's latest revision into the draft (none:
    the changes are dismissed); the draft then reflects that revision."""
    template = adoption.template
    if not adoption.challenge.is_draft:
        raise Refused({"_": _("The challenge is published: it keeps its own rules now.")})
    if adoption.revision >= template.revision:
        raise Refused({"_": _("There is no change of the template to review.")})
    old = template.revision_number(adoption.revision)
    new = template.latest
    changed = content.changed_fields(old.content if old else {}, new.content)
    taken = [name for name in changed if name in take]
    for name in taken:
        _apply(adoption.challenge, name, new.content.get(name))
    before = adoption.revision
    adoption.revision = new.number
    adoption.challenge.updated_at = utcnow()
    events.record("template_changes_taken" if taken else "template_changes_dismissed",
                  adoption.challenge, actor=by, template=template.slug, old=before,
                  new=new.number, fields=taken)
    db.session.commit()
    return taken
