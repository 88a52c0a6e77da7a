"""Registrant lists as CSV and XLSX for organisers, and attendance imported from a CSV.

The files are written by `core.spreadsheets`, which prefixes every text cell that a
spreadsheet would read as a formula with an apostrophe, in both formats (OWASP "CSV
injection"), and starts the CSV with a UTF-8 BOM.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kakehashi.core import spreadsheets

from . import queries
from .models import Session

MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 20_000
YES = {"1", "yes", "y", "true", "x", "attended", "present"}
NO = {"0", "no", "n", "false", "absent", ""}


def _attended(value: bool | None) -> str:
    return {True: "yes", False: "no", None: ""}[value]


def table(session: Session) -> list[list[object]]:
    """Header and one row per registration (confirmed, waiting list, pending, cancelled)."""
    questions = list(session.questions.all())
    header: list[object] = [_("Name"), _("E-mail"), _("Status"), _("Registered (UTC)"), _("Language"), _("Attended")]
    header += [q.text for q in questions]
    rows: list[list[object]] = [header]
    for reg in queries.registrants(session):
        answers = {a.question_id: a.text for a in reg.answers.all()}
        row: list[object] = [reg.name, reg.email, reg.status, reg.created_at.strftime("%Y-%m-%d %H:%M"), reg.language, _attended(reg.attended)]
        rows.append(row + [answers.get(q.pk, "") for q in questions])
    return rows


def to_csv(session: Session) -> bytes:
    return spreadsheets.csv_bytes(table(session))


def to_xlsx(session: Session) -> bytes:
    return spreadsheets.xlsx_bytes([(_("Registrants"), table(session))])


def parse_attendance(data: bytes) -> list[tuple[str, bool]]:
    """(e-mail, attended) pairs from a CSV with the columns `email` and `attended`
    (yes/no, 1/0, true/false; the export's own file works). Clear errors, never a 500."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is too large (at most 1 MB)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Save the file as CSV in UTF-8.")) from None
    if "\x00" in text:
        raise ValidationError(_("Save the file as CSV in UTF-8."))
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise ValidationError(_("The file is empty.")) from None
    email_col = _column(header, ("email", "e-mail", _("E-mail").lower()))
    attended_col = _column(header, ("attended", _("Attended").lower()))
    if email_col is None or attended_col is None:
        raise ValidationError(_("The first row must name the columns “email” and “attended”."))
    rows = []
    try:
        for number, row in enumerate(reader, start=2):
            if number > MAX_IMPORT_ROWS:
                raise ValidationError(_("The file has too many rows (at most %(n)d).") % {"n": MAX_IMPORT_ROWS})
            if not any(cell.strip() for cell in row):
                continue
            if len(row) <= max(email_col, attended_col):
                raise ValidationError(_("Row %(n)d has too few columns.") % {"n": number})
            value = row[attended_col].strip().lower()
            if value not in YES | NO:
                raise ValidationError(_("Row %(n)d: write yes or no in the “attended” column.") % {"n": number})
            rows.append((row[email_col].strip().lower(), value in YES))
    except csv.Error:
        raise ValidationError(_("The file is not a valid CSV file.")) from None
    return rows


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for index, name in enumerate(header):
        if name in names:
            return index
    return None
