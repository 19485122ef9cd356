"""Tables as files people open in a spreadsheet: CSV for Belgian Excel and XLSX.

CSV: UTF-8 with a byte-order mark and semicolons between cells, which is what Excel expects
with Belgian (nl-BE, fr-BE) regional settings, where the comma is the decimal separator;
numbers are written with a decimal comma. Text that starts like a formula (=, +, -, @, a tab
or a carriage return) gets a leading single quote, so that a spreadsheet never runs text typed
by a participant (CSV injection); a number is never text and is never quoted.
XLSX: numbers are numbers, text is always text (never a formula), long text wraps.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

Cell = str | int | Decimal | None
# A sheet of a workbook: its title, its header and its rows.
Sheet = tuple[str, Sequence[str], Sequence[Sequence[Cell]]]

CSV_DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters that XML 1.0 (and so XLSX) cannot hold; a participant may have pasted one.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_CELL_MAX = 32767
WIDTH_MIN, WIDTH_MAX = 10, 60
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv"


def neutralise(value: str) -> str:
    """Text that a spreadsheet would take for a formula, made harmless with a leading quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(_CONTROL.sub("", value))


def to_csv(header: Sequence[str], body: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_csv_cell(cell) for cell in header])
    for row in body:
        writer.writerow([_csv_cell(cell) for cell in row])
    # The byte-order mark tells Excel the file is UTF-8; without it accents are garbled.
    return buffer.getvalue().encode("utf-8-sig")


def _width(values: Iterable[Cell]) -> int:
    longest = max((len(line) for value in values if value is not None
                   for line in str(value).splitlines() or [""]), default=0)
    return max(WIDTH_MIN, min(WIDTH_MAX, longest + 2))


def _sheet_name(title: str) -> str:
    # A sheet name has at most 31 characters and none of []:*?/\ .
    return re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Sheet"


def to_xlsx(sheets: Sequence[Sheet],
            wrap_columns: frozenset[int] = frozenset()) -> bytes:
    """One workbook with a sheet per (title, header, rows). Columns whose index is in
    `wrap_columns` (0-based) wrap their text; the others keep to the top of the cell."""
    # Imported here: openpyxl is large, and only exports need it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    for default in workbook.worksheets:  # the empty sheet every new workbook has
        workbook.remove(default)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for title, header, body in sheets:
        sheet = workbook.create_sheet(_sheet_name(title))
        for column, text in enumerate(header, start=1):
            sheet.cell(row=1, column=column, value=text).font = bold
        for row_number, row in enumerate(body, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, bool):
                    cell.value = str(value)
                elif isinstance(value, Decimal):
                    cell.value = float(value)
                elif isinstance(value, int):
                    cell.value = value
                elif value is not None:
                    cell.value = _CONTROL.sub("", value)[:XLSX_CELL_MAX]
                    # openpyxl takes a string that starts with "=" for a formula; keep it text.
                    cell.data_type = "s"
                cell.alignment = wrap if column - 1 in wrap_columns else top
        for column in range(1, len(header) + 1):
            values = [header[column - 1]] + [row[column - 1] for row in body]
            sheet.column_dimensions[get_column_letter(column)].width = _width(values)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{len(body) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
