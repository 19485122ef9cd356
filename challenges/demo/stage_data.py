"""The demo's two-stage challenge, midway: the ideas of stage 1 were screened and decided
(three advanced, two not with feedback, one not eligible with the reason), stage 2 (the full
proposal, with a file question) is open, the advanced teams' drafts carried over and one of
them submitted; an info session with registrations, a pitch day with slots for the advanced
teams, followers and a message sent to them. All of it in Dutch and in English (the texts:
`stage_texts`). The rows are those the stage, form and deciding operations leave, dated when
the demo says it happened, with the same entries in the event record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from challenges import storage
from challenges.accounts.models import User
from challenges.announcements.models import Announcement, AnnouncementRecipient, Segment
from challenges.announcements.queries import recipients
from challenges.challenges.models import Challenge, Criterion
from challenges.challenges.stages import (
    ChallengeStage,
    EntryOutcome,
    FormQuestion,
    ProposalAnswer,
    QuestionKind,
    QuestionVisibility,
    StageEntry,
    StageKind,
)
from challenges.demo import stage_texts as texts
from challenges.demo.helpers import audit_event, brussels_at, pdf_bytes
from challenges.demo.stage_jury_data import CHAIR as STAGE_CHAIR
from challenges.demo.stage_jury_data import load_stage_jury
from challenges.extensions import db
from challenges.follows.models import Delivery, Follow
from challenges.follows.queries import latest_event_id
from challenges.sessions.models import PitchSlot, Registration, Session, SessionKind
from challenges.submissions.models import (
    CONTENT_FIELDS,
    Proposal,
    ProposalAttachment,
    ProposalSlot,
    ProposalStatus,
    ProposalVersion,
    TeamMember,
)
from challenges.timezones import BRUSSELS

SLUG = texts.SLUG


def load_stages(challenges: dict[str, Challenge], users: dict[str, User],
                now: datetime) -> None:
    """The stages and everything in them, once: a challenge that has stages or proposals
    already (loaded before, or set up by hand since) is left as it is."""
    challenge = challenges.get(SLUG)
    if challenge is None or challenge.stages or db.session.scalar(
            select(Proposal.id).where(Proposal.challenge_id == challenge.id).limit(1)):
        return
    today = now.astimezone(BRUSSELS).date()
    organiser = users[texts.AUTHOR]
    stages = [_stage(challenge, spec, today) for spec in texts.STAGES]
    db.session.flush()
    ideas, proposal_stage = stages
    decided = brussels_at(today, texts.DECIDED)
    ideas.decided_at, ideas.decided_by_id = decided, organiser.id
    advanced, by_author = [], {}
    for spec in texts.IDEAS:
        proposal = by_author[spec["author"]] = _idea(challenge, ideas, spec, users, today)
    db.session.flush()
    # The idea stage's jury scored the ideas before the city decided on them.
    load_stage_jury(challenge, ideas, by_author, users, organiser, today)
    for spec in texts.IDEAS:
        proposal = by_author[spec["author"]]
        entry = _decide(proposal, ideas, spec, organiser, decided)
        if entry.outcome == EntryOutcome.ADVANCED:
            _carry_over(proposal, proposal_stage, spec["stage2"], decided, today, now)
            advanced.append(proposal)
    audit_event(challenge, organiser, "stage_decided", decided, stage=ideas.id,
                advanced=sorted(p.id for p in advanced))
    _sessions(challenge, advanced, users, today, now)
    _followers_and_message(challenge, users, organiser, today)


def _texts_of(question_spec: tuple) -> dict[str, Any]:
    kind, label, label_en, help_nl, help_en, required, private, settings = question_spec
    if "choices" in settings:  # keyed as the form editor keys them (c1, c2, ...)
        settings = {**settings, "choices": [{"key": f"c{n}", **choice} for n, choice
                                            in enumerate(settings["choices"], start=1)]}
    return {"kind": QuestionKind(kind), "label": label, "help_text": help_nl,
            "translations": {"en": {"label": label_en, **({"help": help_en} if help_en else {})}},
            "required": required, "settings": settings,
            "visibility": QuestionVisibility.PRIVATE if private else QuestionVisibility.JURY}


def _stage(challenge: Challenge, spec: tuple, today) -> ChallengeStage:
    (position, kind, name, name_en, description, description_en, opens, closes, blind,
     builtin, questions, criteria) = spec
    stage = ChallengeStage(
        challenge=challenge, position=position, kind=StageKind(kind), name=name,
        name_translations={"en": name_en}, description=description,
        description_translations={"en": description_en}, opens_at=brussels_at(today, opens),
        closes_at=brussels_at(today, closes), blind=blind, builtin_fields=builtin,
        created_at=challenge.created_at)
    db.session.add(stage)
    db.session.flush()
    stage.questions = [FormQuestion(challenge_id=challenge.id, position=n, **_texts_of(q),
                                    created_at=challenge.created_at)
                       for n, q in enumerate(questions, start=1)]
    db.session.flush()
    for n, (criterion, description_nl, weight, name_en, description_en) in enumerate(
            criteria, start=1):
        db.session.add(Criterion(challenge_id=challenge.id, stage_id=stage.id, position=n,
                                 name=criterion, description=description_nl, weight=weight,
                                 translations={"en": {"name": name_en,
                                                      "description": description_en}}))
    return stage


def _value(question: FormQuestion, value: Any) -> Any:
    """An answer as the form saves it: a choice by its key, a number as plain text."""
    if question.kind == QuestionKind.CHOICE_ONE:
        return question.settings["choices"][value]["key"]
    if question.kind == QuestionKind.NUMBER:
        return str(value)
    return value


def _answer(proposal: Proposal, question: FormQuestion, value: Any, author: User,
            at: datetime) -> None:
    answer = ProposalAnswer(proposal_id=proposal.id, question_id=question.id, updated_at=at)
    if question.kind == QuestionKind.FILE:
        data = pdf_bytes(proposal.title, [proposal.summary[:90], "Planning en begroting"])
        attachment = ProposalAttachment(
            proposal_id=proposal.id, question_id=question.id, filename=value,
            content_type="application/pdf",
            size=len(data), file_sha256=storage.keep(data), uploaded_by_id=author.id,
            created_at=at)
        db.session.add(attachment)
        db.session.flush()
        answer.attachment_id = attachment.id
    else:
        answer.value = _value(question, value)
    db.session.add(answer)


def _idea(challenge: Challenge, stage: ChallengeStage, spec: dict, users: dict[str, User],
          today) -> Proposal:
    author = users[spec["author"]]
    submitted = brussels_at(today, spec["submitted"])
    created = submitted - timedelta(days=3)
    content = {name: spec.get(name, "") for name in CONTENT_FIELDS}
    proposal = Proposal(challenge=challenge, author=author, status=ProposalStatus.SUBMITTED,
                        language=spec.get("language", "nl"), stage_id=stage.id,
                        created_at=created, updated_at=submitted, submitted_at=submitted,
                        rules_accepted_at=submitted, version=1,
                        organisation_name=author.company_name,
                        enterprise_number=author.enterprise_number, **content)
    for email in spec.get("team", []):
        proposal.members.append(TeamMember(
            email=email, invited_by_id=author.id, invited_at=created + timedelta(hours=1),
            user=users[email], accepted_at=created + timedelta(hours=5)))
    proposal.versions.append(ProposalVersion(version=1, content=content,
                                             submitted_by_id=author.id, submitted_at=submitted))
    db.session.add(proposal)
    db.session.flush()
    proposal.reference = f"{submitted:%Y}-{challenge.id:03d}-{proposal.id:05d}"
    proposal.updated_at = submitted
    for user in [author] + [users[email] for email in spec.get("team", [])]:
        db.session.add(ProposalSlot(challenge_id=challenge.id, user_id=user.id, slot=1,
                                    proposal_id=proposal.id))
    for question, value in zip(stage.questions, spec["answers"], strict=True):
        _answer(proposal, question, value, author, submitted - timedelta(hours=1))
    db.session.add(StageEntry(proposal_id=proposal.id, stage_id=stage.id, entered_at=created,
                              submitted_at=submitted))
    audit_event(challenge, author, "proposal_submitted", submitted, proposal=proposal,
                reference=proposal.reference)
    return proposal


def _decide(proposal: Proposal, stage: ChallengeStage, spec: dict, organiser: User,
            decided: datetime) -> StageEntry:
    entry = db.session.scalars(select(StageEntry).where(
        StageEntry.proposal_id == proposal.id, StageEntry.stage_id == stage.id)).one()
    entry.outcome = EntryOutcome(spec["outcome"])
    entry.feedback = spec["feedback"]
    entry.decided_at, entry.decided_by_id = decided, organiser.id
    if entry.outcome == EntryOutcome.NOT_ADVANCED:
        proposal.status = ProposalStatus.NOT_SELECTED
    elif entry.outcome == EntryOutcome.SCREENED_OUT:
        proposal.status = ProposalStatus.INELIGIBLE
        proposal.ineligible_reason = spec["feedback"]
    proposal.updated_at = decided
    audit_event(proposal.challenge, organiser, "stage_outcome", decided, proposal=proposal,
                stage=stage.id, outcome=str(entry.outcome))
    return entry


def _carry_over(proposal: Proposal, stage: ChallengeStage, spec: dict, decided: datetime,
                today, now: datetime) -> None:
    """Into stage 2 as a draft with its texts; what the team added since; submitted there
    when the demo says so."""
    proposal.stage_id, proposal.status = stage.id, ProposalStatus.DRAFT
    entry = StageEntry(proposal_id=proposal.id, stage_id=stage.id, entered_at=decided)
    db.session.add(entry)
    for name in CONTENT_FIELDS:
        if spec.get(name):
            setattr(proposal, name, spec[name])
    written = min(decided + timedelta(days=3), now)
    for question, value in zip(stage.questions, spec["answers"], strict=False):
        _answer(proposal, question, value, proposal.author, written)
    proposal.updated_at = written
    if "submitted" in spec:
        submitted = brussels_at(today, spec["submitted"])
        proposal.status, proposal.submitted_at = ProposalStatus.SUBMITTED, submitted
        proposal.rules_accepted_at = submitted
        proposal.version = 2
        proposal.versions.append(ProposalVersion(
            version=2, content={name: getattr(proposal, name) or "" for name in CONTENT_FIELDS},
            submitted_by_id=proposal.author_id, submitted_at=submitted))
        entry.submitted_at = proposal.updated_at = submitted
        audit_event(proposal.challenge, proposal.author, "proposal_submitted", submitted,
                    proposal=proposal, reference=proposal.reference)


def _session(challenge: Challenge, kind: SessionKind, spec: dict, today) -> Session:
    starts = brussels_at(today, spec["start"])
    session = Session(challenge=challenge, kind=kind, title=spec["title"],
                      description=spec["description"], starts_at=starts,
                      ends_at=starts + timedelta(hours=spec["hours"]), place=spec["place"],
                      capacity=spec.get("capacity"), translations={"en": spec["english"]})
    db.session.add(session)
    db.session.flush()
    return session


def _sessions(challenge: Challenge, advanced: list[Proposal], users: dict[str, User], today,
              now: datetime) -> None:
    info = _session(challenge, SessionKind.INFO_SESSION, texts.INFO_SESSION, today)
    for seat, email in enumerate(texts.INFO_SESSION["registered"], start=1):
        db.session.add(Registration(session=info, user=users[email], seat=seat,
                                    created_at=now - timedelta(days=8 - seat)))
    pitch = _session(challenge, SessionKind.PITCH_DAY, texts.PITCH_DAY, today)
    minutes = texts.PITCH_DAY["minutes"]
    # The team that submitted its full proposal booked the first slot; the others are free.
    booked = next((p for p in advanced if p.status == ProposalStatus.SUBMITTED), None)
    for n in range(texts.PITCH_DAY["slots"]):
        proposal = booked if n == 0 else None
        db.session.add(PitchSlot(
            session=pitch, starts_at=pitch.starts_at + timedelta(minutes=minutes * n),
            ends_at=pitch.starts_at + timedelta(minutes=minutes * (n + 1)),
            proposal_id=proposal.id if proposal else None,
            booked_by_id=proposal.author_id if proposal else None,
            booked_at=proposal.submitted_at if proposal else None))


def _followers_and_message(challenge: Challenge, users: dict[str, User], organiser: User,
                           today) -> None:
    seen = latest_event_id()
    for email in texts.FOLLOWERS:
        db.session.add(Follow(user=users[email], challenge_id=challenge.id,
                              delivery=Delivery.EACH, seen_event_id=seen,
                              digest_sent_at=brussels_at(today, (-1, 8, 0))))
    db.session.flush()
    people = [user for user, _follow in recipients(challenge, Segment.FOLLOWERS)]
    sent = brussels_at(today, texts.ANNOUNCEMENT["sent"])
    announcement = Announcement(challenge=challenge, segment=Segment.FOLLOWERS,
                                subject=texts.ANNOUNCEMENT["subject"],
                                body=texts.ANNOUNCEMENT["body"], recipient_count=len(people),
                                sent_by=organiser, sent_at=sent)
    db.session.add(announcement)
    db.session.flush()
    db.session.add_all(AnnouncementRecipient(announcement_id=announcement.id, user_id=u.id)
                       for u in people)
    audit_event(challenge, organiser, "announcement_sent", sent, segment=Segment.FOLLOWERS,
                recipients=len(people))


def stage_lines() -> Iterator[str]:
    yield ("A challenge in two stages, midway (in Dutch and English): "
           f"/challenges/{SLUG} shows the timeline. Stage 1 'Ideeën' is decided, stage 2 "
           "'Volledig voorstel' is open.")
    yield (f"  organiser {texts.AUTHOR}: /manage/challenges/{SLUG}/edit (stages, forms, "
           "proposals, events, messages)")
    ideas = db.session.scalar(select(ChallengeStage.id).join(Challenge).where(
        Challenge.slug == SLUG, ChallengeStage.position == 1))
    if ideas is not None:
        yield (f"  the ideas' jury (chair {STAGE_CHAIR}): /jury/{SLUG}/stages/{ideas}/ranking, "
               f"and the decision: /manage/challenges/{SLUG}/stages/{ideas}/decide")
    yield ("  advanced team founder@slimparkeren.demo (submitted, pitch slot booked); "
           "hello@zonnedeel.demo (draft carried over); not advanced: info@buurtwerk.demo "
           "(feedback); not eligible: fatima.citizen@example.demo")
