"""Exports of an analysis (CSV and XLSX), written by `core.spreadsheets`: a text cell that a
spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return)
is written with a leading apostrophe, so opening the file runs nothing (OWASP "CSV injection")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kakehashi.core import spreadsheets


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return spreadsheets.csv_bytes([headers, *rows])


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    return spreadsheets.xlsx_bytes([(title, [headers, *rows]) for title, headers, rows in sheets])
