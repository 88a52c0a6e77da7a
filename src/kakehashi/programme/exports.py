"""The dashboard's figures as CSV (one long table) and XLSX (a sheet per section), for the
filters chosen. Text cells a spreadsheet would read as a formula get a leading apostrophe
(`events.exports.safe`, OWASP "CSV injection"); the CSV starts with a UTF-8 BOM."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kakehashi.events.exports import safe

from .sections import Figures


def header() -> list[str]:
    return [_("Section"), _("Table"), _("Month"), _("Item"), _("Count")]


def rows(figures: list[Figures]) -> list[list[object]]:
    out: list[list[object]] = []
    for part in figures:
        section = str(part.section.title)
        for table in part.tables:
            out += [[section, table.title, "", row.label, row.value] for row in table.rows]
        for series in part.series:
            for label, values in series.lines:
                out += [[section, series.title, m.strftime("%Y-%m"), label, n]
                        for m, n in zip(series.months, values, strict=True)]
    return [[safe(cell) for cell in row] for row in out]


def to_csv(figures: list[Figures]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    writer.writerows(rows(figures))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(figures: list[Figures]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for part in figures:
        sheet = book.create_sheet(_sheet_title(str(part.section.title), book.sheetnames))
        sheet.append(header())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows([part]):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, taken: list[str]) -> str:
    clean = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "Sheet"
    name, n = clean, 2
    while name in taken:
        name, n = f"{clean[:26]} {n}", n + 1
    return name
