"""A participant's agenda as data: each meeting with the other side, where, and its times in
the reader's zone, IST and JST; and the calendar file (one VEVENT per meeting).

Both the page, the e-mail, the `.ics` and the API use these, so they always agree."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from kakehashi.core.dates import format_day_time
from kakehashi.core.links import absolute_url
from kakehashi.core.timezones import dual_times
from kakehashi.events.models import Session

from .models import Grid, Meeting, Participant

MIMETYPE = "text/calendar"
PRODID = "-//Kakehashi//Meetings//EN"


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname or 'kakehashi.localhost'}"


def where(meeting: Meeting, grid: Grid | None, session: Session) -> str:
    """The room link (online) or the table (at the venue)."""
    if grid is not None and grid.place == Grid.Place.ROOMS:
        return meeting.room_url(grid.room_url_template) or session.online_url or _("Online")
    if meeting.table:
        return _("Table %(n)d") % {"n": meeting.table}
    return session.venue or ""


def times(instant_from: dt.datetime, instant_to: dt.datetime, zone: str | None) -> list[list[str]]:
    """[[label, "date HH:MM", "HH:MM"], …]: the reader's zone (if any), IST, JST. Call inside the
    reader's language."""
    starts, ends = dual_times(instant_from, zone or None), dual_times(instant_to, zone or None)
    return [[label, format_day_time(s), f"{e:%H:%M}"] for (label, s), (_l, e) in zip(starts, ends, strict=False)]


def rows(meetings: list[Meeting], me: Participant, grid: Grid | None, *, zone: str | None) -> list[dict[str, Any]]:
    out = []
    for meeting in meetings:
        request = meeting.request
        other = request.receiver if request.requester_id == me.pk else request.requester
        assert meeting.slot is not None
        out.append({
            "id": meeting.pk,
            "starts_at": meeting.slot.starts_at,
            "ends_at": meeting.slot.ends_at,
            "times": times(meeting.slot.starts_at, meeting.slot.ends_at, zone),
            "with_name": other.user.display_name or other.user.email.split("@")[0],
            "with_organisation": other.organisation.name,
            "with_country": other.organisation.country,
            "where": where(meeting, grid, me.session),
            "table": meeting.table,
            "priority": request.get_priority_display(),
            "sequence": meeting.sequence,
            "outcome": meeting.outcome_requester if request.requester_id == me.pk else meeting.outcome_receiver,
            "started": meeting.slot.starts_at <= timezone.now(),
        })
    return out


def event(meeting: Meeting, me: Participant, grid: Grid | None, *, zone: str | None) -> Event:
    request = meeting.request
    other = request.receiver if request.requester_id == me.pk else request.requester
    assert meeting.slot is not None
    place = where(meeting, grid, me.session)
    item = Event()
    item.add("uid", uid(meeting))
    item.add("dtstamp", timezone.now().astimezone(dt.UTC))
    item.add("sequence", meeting.sequence)
    item.add("dtstart", meeting.slot.starts_at.astimezone(dt.UTC))
    item.add("dtend", meeting.slot.ends_at.astimezone(dt.UTC))
    item.add("summary", _("Meeting with %(organisation)s") % {"organisation": other.organisation.name})
    lines = [" · ".join(f"{label} {start}–{end}" for label, start, end in times(meeting.slot.starts_at, meeting.slot.ends_at, zone))]
    lines.append(me.session.title)
    if place:
        lines.append(place)
    lines.append(absolute_url(me.session))
    item.add("description", "\n".join(lines))
    if place:
        item.add("location", place)
    item.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    return item


def calendar(meetings: list[Meeting], me: Participant, grid: Grid | None, *, zone: str | None) -> bytes:
    """One VEVENT per meeting (cancelled ones as STATUS:CANCELLED, so calendars drop them)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", me.session.title)
    for meeting in meetings:
        cal.add_component(event(meeting, me, grid, zone=zone))
    return cal.to_ical()


def attachment(content: bytes, session: Session) -> dict[str, str]:
    return {"filename": f"meetings-{session.pk}.ics", "mimetype": MIMETYPE, "content_b64": base64.b64encode(content).decode()}
