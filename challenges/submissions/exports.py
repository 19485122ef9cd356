"""Proposals as a spreadsheet for organisers: the rows, and their CSV and XLSX encodings.

Pure functions over proposals that are already loaded; the caller gives the function that
turns an attachment into an absolute link, so nothing here needs a request.

CSV: UTF-8 with a byte-order mark and semicolons between cells, which is what Excel expects
with Belgian (nl-BE, fr-BE) regional settings, where the comma is the decimal separator. A cell
that starts with =, +, -, @ (or a tab or carriage return) gets a leading single quote, so that
a spreadsheet never runs text typed by a participant as a formula (CSV injection).
XLSX: every cell is written as text (never as a formula), so no quote is needed there.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from challenges.accounts.enterprise import format_enterprise_number
from challenges.submissions.models import Proposal, ProposalAttachment
from challenges.timezones import utc_to_brussels

CSV_DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters that XML 1.0 (and so XLSX) cannot hold; a participant may have pasted one.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_CELL_MAX = 32767
WIDTH_MIN, WIDTH_MAX = 10, 60

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


def headers() -> list[str]:
    """The column headers in the current language."""
    return [str(label) for _key, label in COLUMNS]


def _person(user) -> str:
    return f"{user.name} <{user.email}>"


def _brussels_iso(value) -> str:
    local = utc_to_brussels(value)
    return local.isoformat(timespec="seconds") if local else ""


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


def rows(proposals: Iterable[Proposal], attachment_url: AttachmentUrl) -> list[list[str]]:
    return [proposal_row(proposal, attachment_url) for proposal in proposals]


def neutralise(value: str) -> str:
    """Text that a spreadsheet would take for a formula, made harmless with a leading quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(header: list[str], body: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(_CONTROL.sub("", cell)) for cell in header])
    for row in body:
        writer.writerow([neutralise(_CONTROL.sub("", cell)) for cell in row])
    # The byte-order mark tells Excel the file is UTF-8; without it accents are garbled.
    return buffer.getvalue().encode("utf-8-sig")


def _width(values: list[str]) -> int:
    longest = max((len(line) for value in values for line in value.splitlines() or [""]),
                  default=0)
    return max(WIDTH_MIN, min(WIDTH_MAX, longest + 2))


def to_xlsx(header: list[str], body: list[list[str]], sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    # A sheet name has at most 31 characters and none of []:*?/\ .
    sheet.title = re.sub(r"[\[\]:*?/\\]", "", sheet_title)[:31] or "Sheet1"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column, value=text)
        cell.font = bold
    for row_number, row in enumerate(body, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = _CONTROL.sub("", value)[:XLSX_CELL_MAX]
            # openpyxl takes a string that starts with "=" for a formula; keep it text.
            cell.data_type = "s"
            cell.alignment = wrap if COLUMNS[column - 1][0] in LONG_COLUMNS else top
    for column in range(1, len(header) + 1):
        values = [header[column - 1]] + [row[column - 1] for row in body]
        sheet.column_dimensions[get_column_letter(column)].width = _width(values)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(body) + 1, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
