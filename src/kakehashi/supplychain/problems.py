"""What can be wrong with a supplier file, as data.

A problem is stored as a code and its parameters ({"row": 7, "column": "country",
"code": "unknown_country", "value": "Vietnm", "suggestions": ["VN"]}) and put into words
when shown, in the reader's language, not the uploader's.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import columns
from .countries import label


class FileProblem(Exception):
    """The whole file cannot be read (as opposed to problems of single rows)."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        return {"row": None, "column": "", "code": self.code, **self.params}


def _file_messages() -> dict[str, str]:
    return {
        "empty": _("The file is empty: it has no header row or no data rows."),
        "too_large": _("The file is larger than %(limit)s MB."),
        "too_many_rows": _("The file has more than %(limit)s rows."),
        "not_xlsx": _("The file is not a readable XLSX workbook."),
        "zip_bomb": _("The workbook would unpack to an unreasonable size; it was not opened."),
        "merged_cells": _("The workbook has merged cells. Unmerge them so that every row has its own values."),
        "formula": _("Cell %(cell)s holds a formula. Paste the values instead (Paste special → Values)."),
        "unknown_encoding": _("The file's text encoding could not be recognised. Save it as CSV UTF-8 or as XLSX."),
        "mixed_encoding": _("The file does not decode as %(encoding)s throughout: it mixes encodings. Save it again as CSV UTF-8."),
        "malformed_csv": _("Line %(line)s does not have the same number of columns as the header."),
        "missing_columns": _("Some required columns are not mapped: %(columns)s."),
        "mixed_currencies": _("The list mixes currencies (%(currencies)s) and has no “Annual spend (USD)” column to compare them. Use one currency or add that column."),
    }


def _row_messages() -> dict[str, str]:
    return {
        "required": _("%(column)s is empty."),
        "unknown_country": _("“%(value)s” is not a country we know."),
        "not_a_number": _("%(column)s “%(value)s” is not a number."),
        "negative": _("%(column)s “%(value)s” is negative."),
        "not_whole_days": _("%(column)s “%(value)s” is not a whole number of 0 or more."),
        "share_range": _("%(column)s “%(value)s” is not between 0 and 100."),
        "shares_over_100": _("The volume shares of “%(item)s” add up to %(total)s %%, over 100 %%."),
        "bad_hs_code": _("HS code “%(value)s” must have 2 to 6 digits."),
        "bad_currency": _("“%(value)s” is not an ISO 4217 currency code (such as JPY, INR, USD)."),
        "duplicate": _("This row repeats row %(first)s (same item, supplier and country)."),
        "more": _("%(count)s problems in all; the first ones are listed."),
        "too_long": _("%(column)s is longer than %(limit)s characters."),
    }


def message(problem: dict[str, Any]) -> str:
    """The problem in words, in the active language."""
    params = dict(problem)
    column = params.get("column")
    if column in columns.BY_KEY:
        params["column"] = str(columns.BY_KEY[column].label)
    if params.get("code") == "missing_columns":
        params["columns"] = ", ".join(str(columns.BY_KEY[k].label) for k in params.get("keys", []))
    text = _file_messages().get(problem.get("code", "")) or _row_messages().get(problem.get("code", ""), "")
    try:
        text = text % params if text else str(problem.get("code"))
    except (KeyError, ValueError, TypeError):
        text = str(problem.get("code"))
    codes = problem.get("suggestions") or []
    if codes:
        text = " ".join([text, _("Did you mean: %(names)s?") % {"names": ", ".join(label(c) for c in codes)}])
    return text


def summary(count: int) -> str:
    return ngettext("%(count)s problem was found; nothing was imported.", "%(count)s problems were found; nothing was imported.", count) % {"count": count}
