"""Proposals as a spreadsheet for organisers: one row per proposal, every cell text.

Pure functions over proposals that are already loaded; the caller gives the function that
turns an attachment into an absolute link, so nothing here needs a request. The encodings
(CSV for Belgian Excel, XLSX) and their guard against formulas are challenges.spreadsheets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from flask_babel import lazy_gettext as _l

from challenges.accounts.enterprise import format_enterprise_number
from challenges.challenges.stages import FormQuestion
from challenges.submissions import answers
from challenges.submissions.models import Proposal, ProposalAttachment
from challenges.timezones import utc_to_brussels

COLUMNS = (
    ("reference", _l("Reference")),
    ("status", _l("Status")),
    ("title", _l("Title")),
    ("summary", _l("Summary")),
    ("description", _l("Description")),
    ("approach", _l("Approach")),
    ("impact", _l("Expected impact")),
    ("cost_estimate", _l("Cost estimate")),
    ("timeline", _l("Timeline")),
    ("team_description", _l("Team description")),
    ("author_name", _l("Author")),
    ("author_email", _l("Author's email")),
    ("co_authors", _l("Co-authors")),
    ("organisation_name", _l("Organisation")),
    ("enterprise_number", _l("Enterprise number")),
    ("submitted_at", _l("Submitted at")),
    ("ineligible_reason", _l("Reason for ineligibility")),
    ("attachments", _l("Attachments")),
)
# Free text and lists, one item a line: wrapped in XLSX.
LONG_COLUMNS = frozenset({"summary", "description", "approach", "impact", "cost_estimate",
                          "timeline", "team_description", "co_authors", "ineligible_reason",
                          "attachments"})

AttachmentUrl = Callable[[Proposal, ProposalAttachment], str]


def headers(questions: Sequence[FormQuestion] = ()) -> list[str]:
    """The column headers in the current language; then one per question of the forms
    (the organisation's export has the private ones too, marked)."""
    own = [str(label) for _key, label in COLUMNS]
    for question in questions:
        label = answers.question_text(question, "label")
        own.append(f"{label} ({_l('private')})" if question.is_private else label)
    return own


def _person(user) -> str:
    return f"{user.name} <{user.email}>"


def _brussels_iso(value) -> str:
    """Brussels time as spreadsheets read it ("2026-12-05 17:00"): sortable, and without
    the seconds and the offset that people do not need."""
    local = utc_to_brussels(value)
    return local.strftime("%Y-%m-%d %H:%M") if local else ""


def proposal_row(proposal: Proposal, attachment_url: AttachmentUrl) -> list[str]:
    co_authors = [m.user for m in proposal.members
                  if m.accepted_at is not None and m.user is not None]
    values = {
        "reference": proposal.reference or "",
        "status": proposal.status.label,
        "author_name": proposal.author.name,
        "author_email": proposal.author.email,
        # One person per line: readable in a cell, and easy to split again.
        "co_authors": "\n".join(_person(user) for user in co_authors),
        "organisation_name": proposal.organisation_name or "",
        "enterprise_number": (format_enterprise_number(proposal.enterprise_number)
                              if proposal.enterprise_number else ""),
        "submitted_at": _brussels_iso(proposal.submitted_at),
        "ineligible_reason": proposal.ineligible_reason or "",
        "attachments": "\n".join(attachment_url(proposal, a) for a in proposal.attachments),
    }
    return [values[key] if key in values else (getattr(proposal, key) or "")
            for key, _label in COLUMNS]


def answer_cells(proposal: Proposal, questions: Sequence[FormQuestion],
                 attachment_url: AttachmentUrl) -> list[str]:
    given = {item.question.id: item
             for item in answers.shown_answers(proposal, include_private=True)}
    return [answers.answer_as_text(given[q.id], lambda a: attachment_url(proposal, a))
            if q.id in given else "" for q in questions]


def rows(proposals: Iterable[Proposal], attachment_url: AttachmentUrl,
         questions: Sequence[FormQuestion] = ()) -> list[list[str]]:
    return [proposal_row(proposal, attachment_url)
            + answer_cells(proposal, questions, attachment_url) for proposal in proposals]


def jury_sheet(proposals: Iterable[Proposal], questions: Sequence[FormQuestion],
               attachment_url: AttachmentUrl, blind: bool) -> tuple[list[str], list[list[str]]]:
    """The answers as the jury reads them: never a private question, and for a blind jury
    no title (which may name the team), only the reference."""
    shown = [q for q in questions if not q.is_private]
    header = [str(_l("Reference"))] + ([] if blind else [str(_l("Title"))]) + [
        answers.question_text(q, "label") for q in shown]
    body = []
    for proposal in proposals:
        given = {item.question.id: item
                 for item in answers.shown_answers(proposal, include_private=False)}
        cells = [answers.answer_as_text(given[q.id], lambda a, p=proposal: attachment_url(p, a))
                 if q.id in given else "" for q in shown]
        body.append([proposal.reference or ""] + ([] if blind else [proposal.title]) + cells)
    return header, body


# The columns of long texts, which wrap in a workbook.
WRAPPED_COLUMNS = frozenset(i for i, (key, _label) in enumerate(COLUMNS) if key in LONG_COLUMNS)
