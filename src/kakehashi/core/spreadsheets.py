"""CSV and XLSX files for spreadsheet programs, shared by every app's exports.

Every text cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab
or a carriage return) gets a leading apostrophe, in both formats (OWASP "CSV injection");
openpyxl would otherwise store a string starting with "=" as a formula. Numbers, dates and
empty cells (None) stay what they are. A CSV starts with a UTF-8 byte-order mark, so that
spreadsheet programs read Japanese and Hindi; an XLSX has one sheet per (title, rows) pair,
its first row in bold, and titles fit Excel's rules (at most 31 characters, none of
[ ] : * ? / \\, unique regardless of case)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
MAX_TITLE = 31
TITLE_FORBIDDEN = "[]:*?/\\"

Rows = Iterable[Sequence[object]]


def neutralise(value: object) -> object:
    """`value` with an apostrophe in front if it is text a spreadsheet would run as a formula.
    Idempotent: a neutralised cell starts with the apostrophe and is left as it is. A lazy
    translation becomes its text in the active language first."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Rows) -> Iterator[str]:
    """The CSV text line by line (for a streamed response); the first line starts with the BOM."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    prefix = BOM
    for row in rows:
        yield prefix + writer.writerow([neutralise(cell) for cell in row])
        prefix = ""
    if prefix:  # no rows at all: still a UTF-8 file a spreadsheet recognises
        yield prefix


def csv_bytes(rows: Rows) -> bytes:
    """The rows (the first one is the header) as a UTF-8 CSV file with a BOM."""
    return "".join(csv_lines(rows)).encode("utf-8")


def sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """`title` as Excel accepts it: without [ ] : * ? / \\, at most 31 characters and, with a
    number added, different from the titles already `taken`."""
    clean = "".join(c for c in str(title) if c not in TITLE_FORBIDDEN).strip("'")[:MAX_TITLE] or "Sheet"
    used = {t.lower() for t in taken}
    name, n = clean, 2
    while name.lower() in used:
        suffix = f" {n}"
        name, n = clean[: MAX_TITLE - len(suffix)] + suffix, n + 1
    return name


def xlsx_bytes(sheets: Iterable[tuple[str, Rows]]) -> bytes:
    """A workbook with one sheet per (title, rows); each sheet's first row is its bold header."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title=sheet_title(title, book.sheetnames))
        for number, row in enumerate(rows):
            cells = [neutralise(cell) for cell in row]
            if number == 0:
                header = []
                for value in cells:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.font = bold
                    header.append(cell)
                sheet.append(header)
            else:
                sheet.append(cells)
    if not book.sheetnames:  # a workbook needs a sheet to open
        book.create_sheet(title="Sheet")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
