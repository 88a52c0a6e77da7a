"""The dashboard's figures as CSV (one long table) and XLSX (a sheet per section), for the
filters chosen, written by `core.spreadsheets`: text cells a spreadsheet would read as a
formula get a leading apostrophe (OWASP "CSV injection"); the CSV starts with a UTF-8 BOM."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kakehashi.core import spreadsheets

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
    return [[spreadsheets.neutralise(cell) for cell in row] for row in out]


def to_csv(figures: list[Figures]) -> bytes:
    return spreadsheets.csv_bytes([header(), *rows(figures)])


def to_xlsx(figures: list[Figures]) -> bytes:
    return spreadsheets.xlsx_bytes([(str(part.section.title), [header(), *rows([part])]) for part in figures])
