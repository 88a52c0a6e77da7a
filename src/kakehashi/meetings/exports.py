"""All meetings of a session as CSV and XLSX, and the per-table print sheet's rows.

The files are written by `core.spreadsheets`: text cells that a spreadsheet would read as a
formula get a leading apostrophe (OWASP "CSV injection")."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.utils.translation import gettext as _

from kakehashi.core import spreadsheets
from kakehashi.events.models import Session

from . import queries
from .agenda import where


def table(session: Session) -> list[list[object]]:
    zones = [(label, zoneinfo.ZoneInfo(zone)) for label, zone in settings.DUAL_TIME_ZONES]
    header: list[object] = [_("Start (UTC)"), *[_("Start (%(zone)s)") % {"zone": label} for label, _z in zones], _("Minutes"),
                            _("Table or room"), _("Requester"), _("Organisation"), _("Country"), _("Receiver"), _("Organisation"), _("Country"), _("Priority")]
    grid = queries.grid_of(session)
    rows: list[list[object]] = [header]
    for meeting in queries.meetings_of(session):
        request, slot = meeting.request, meeting.slot
        assert slot is not None
        a, b = request.requester, request.receiver
        rows.append([
            f"{slot.starts_at:%Y-%m-%d %H:%M}", *[f"{slot.starts_at.astimezone(z):%Y-%m-%d %H:%M}" for _l, z in zones],
            int((slot.ends_at - slot.starts_at).total_seconds() // 60), where(meeting, grid, session),
            a.user.display_name, a.organisation.name, a.organisation.country,
            b.user.display_name, b.organisation.name, b.organisation.country, request.priority,
        ])
    return rows


def to_csv(session: Session) -> bytes:
    return spreadsheets.csv_bytes(table(session))


def to_xlsx(session: Session) -> bytes:
    return spreadsheets.xlsx_bytes([(_("Meetings"), table(session))])


def by_table(session: Session) -> list[tuple[str, list]]:
    """[(table or room, [meeting, …]), …] for the print sheet, in time order."""
    grid = queries.grid_of(session)
    tables: dict[str, list] = {}
    for meeting in queries.meetings_of(session):
        tables.setdefault(where(meeting, grid, session), []).append(meeting)
    return sorted(tables.items(), key=lambda item: (len(item[0]), item[0]))
