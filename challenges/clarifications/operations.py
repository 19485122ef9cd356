"""Ask a team for a clarification, withdraw the request, answer it.

Each public function is one action and owns its commit; emails are outbox rows in the same
transaction; every action is in the event record."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from challenges import events, storage
from challenges.accounts.models import User
from challenges.clarifications.models import Clarification, ClarificationStatus
from challenges.db import utcnow
from challenges.errors import Refused
from challenges.extensions import db
from challenges.files import CheckedFile
from challenges.jury.models import REVIEWABLE, jury_of
from challenges.links import external_url
from challenges.notifications.operations import queue_email
from challenges.submissions.models import Proposal, ProposalAttachment

events.describe({
    "clarification_requested": _l("Clarification asked of a team"),
    "clarification_withdrawn": _l("Clarification request withdrawn"),
    "clarification_answered": _l("Clarification answered by the team"),
})

QUESTION_MAX = 4000
ANSWER_MAX = 8000
# Long enough for a team to reply; short enough not to hold up the jury.
REPLY_MIN = timedelta(hours=24)
REPLY_MAX = timedelta(days=60)


def asking_refusal(proposal: Proposal, now: datetime) -> str | None:
    """Why no clarification can be asked about this proposal now, or None. Questions come
    while the jury works: after the deadline, before the results."""
    challenge = proposal.challenge
    if proposal.status not in REVIEWABLE:
        return _("Only a proposal that takes part can be asked for a clarification.")
    if not challenge.is_closed(now):
        return _("Clarifications are asked while the jury works, after the deadline for "
                 "proposals. Until then, use the public questions and answers.")
    if challenge.results_public:
        return _("The results are published: the jury's work is over.")
    jury = jury_of(challenge)
    if jury is None:
        return _("Set up the jury first: the answers are for the jury.")
    if jury.decided:
        return _("The jury has decided: the jury's work is over.")
    return None


def ask(proposal: Proposal, question: str, reply_by: datetime | None, by: User,
        now: datetime | None = None) -> Clarification:
    now = now or utcnow()
    question = (question or "").strip()
    problems = {}
    refusal = asking_refusal(proposal, now)
    if refusal:
        problems["_"] = refusal
    if not question:
        problems["question"] = _("Write the question for the team.")
    elif len(question) > QUESTION_MAX:
        problems["question"] = _("Use at most %(n)d characters.", n=QUESTION_MAX)
    if reply_by is None:
        problems["reply_by"] = _("Give the date and time to reply by.")
    elif reply_by < now + REPLY_MIN:
        problems["reply_by"] = _("Give the team at least 24 hours to reply.")
    elif reply_by > now + REPLY_MAX:
        problems["reply_by"] = _("Ask for a reply within %(n)d days.", n=REPLY_MAX.days)
    if problems:
        raise Refused(problems)
    assert reply_by is not None
    item = Clarification(proposal=proposal, question=question, reply_by=reply_by,
                         asked_by_id=by.id, asked_at=now)
    db.session.add(item)
    db.session.flush()
    link = external_url("clarifications.answer", proposal_id=proposal.id,
                        clarification_id=item.id)
    for member in proposal.team:
        queue_email(member.email, member.language, "clarification_requested",
                    _l("The jury asks a question about your proposal: %(title)s",
                       title=proposal.title),
                    user=member, proposal=proposal, challenge=proposal.challenge,
                    question=question, reply_by=reply_by, link=link)
    events.record("clarification_requested", item, actor=by, proposal=proposal,
                  challenge=proposal.challenge, reply_by=reply_by)
    db.session.commit()
    return item


def withdraw(item: Clarification, by: User, now: datetime | None = None) -> None:
    """Take back an unanswered request (asked by mistake, or no longer needed)."""
    now = now or utcnow()
    # Conditional on the row, so that an answer arriving at the same moment wins cleanly.
    changed = db.session.execute(
        update(Clarification)
        .where(Clarification.id == item.id, Clarification.answered_at.is_(None),
               Clarification.withdrawn_at.is_(None))
        .values(withdrawn_at=now)
        .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
    if changed != 1:
        db.session.rollback()
        raise Refused({"_": _("This request was already answered or withdrawn.")})
    db.session.refresh(item)
    events.record("clarification_withdrawn", item, actor=by, proposal=item.proposal,
                  challenge=item.proposal.challenge)
    db.session.commit()


def answer(item: Clarification, text: str, file: CheckedFile | None, by: User,
           now: datetime | None = None) -> None:
    """The team's one answer: final once sent, so every juror reads the same."""
    now = now or utcnow()
    text = (text or "").strip()
    status = item.status_at(now)
    if status == ClarificationStatus.ANSWERED:
        raise Refused({"_": _("Your team already answered this question.")})
    if status == ClarificationStatus.WITHDRAWN:
        raise Refused({"_": _("The organisers withdrew this question: no answer is needed.")})
    if status == ClarificationStatus.OVERDUE:
        raise Refused({"_": _("The date to reply by has passed; the answer was not sent. "
                              "Write to the organisers if you still want to reply.")})
    if not text:
        raise Refused({"answer": _("Write your answer.")})
    if len(text) > ANSWER_MAX:
        raise Refused({"answer": _("Use at most %(n)d characters.", n=ANSWER_MAX)})
    # Conditional on the row, so a double click (or two team members at once) sends one.
    changed = db.session.execute(
        update(Clarification)
        .where(Clarification.id == item.id, Clarification.answered_at.is_(None),
               Clarification.withdrawn_at.is_(None))
        .values(answer=text, answered_at=now, answered_by_id=by.id)
        .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
    if changed != 1:
        db.session.rollback()
        raise Refused({"_": _("Your team already answered this question.")})
    db.session.refresh(item)
    proposal = item.proposal
    if file is not None:
        # A revised document joins the proposal's attachments, past the deadline, because
        # the jury asked for it; the jury reads it as any other attachment.
        attachment = ProposalAttachment(proposal=proposal, filename=file.filename,
                                        content_type=file.content_type, size=file.size,
                                        file_sha256=storage.keep(file.data),
                                        uploaded_by_id=by.id)
        db.session.add(attachment)
        db.session.flush()
        item.attachment_id = attachment.id
    asker = item.asked_by
    if asker is not None and asker.deleted_at is None:
        queue_email(asker.email, asker.language, "clarification_answered",
                    _l("A team answered your question: %(title)s", title=proposal.title),
                    user=asker, proposal=proposal, challenge=proposal.challenge, item=item,
                    link=external_url("submissions.manage_proposal", proposal_id=proposal.id,
                                      _anchor="clarifications-heading"))
    events.record("clarification_answered", item, actor=by, proposal=proposal,
                  challenge=proposal.challenge, revised_document=file is not None)
    db.session.commit()
