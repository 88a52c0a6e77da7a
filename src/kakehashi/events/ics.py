"""Calendar files (RFC 5545) and "add to calendar" links for sessions.

Every event carries DTSTART/DTEND in the session's own zone (`TZID=Asia/Tokyo`) with the
matching VTIMEZONE, a stable UID, a SEQUENCE raised when the time changes, and one VALARM
per reminder offset of the session. The joining link goes only into the files e-mailed to
confirmed registrants (`join=True`), never into the public feeds.
"""

import base64
import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from kakehashi.core.links import absolute_url

from .models import Session

MIMETYPE = "text/calendar"
PRODID = "-//Kakehashi//Events//EN"
REFRESH = dt.timedelta(hours=6)


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "kakehashi.localhost"


def uid(session: Session) -> str:
    return f"session-{session.pk}@{_domain()}"


def page_url(session: Session) -> str:
    return absolute_url(session)


def location(session: Session, *, join: bool) -> str:
    parts = []
    if session.has_venue and session.venue:
        parts.append(" ".join(session.venue.split()))
    if session.is_online:
        parts.append(session.online_url if join and session.online_url else _("Online"))
    return " · ".join(parts)


def description(session: Session, *, join: bool) -> str:
    lines = [Truncator(session.abstract).chars(1500)] if session.abstract else []
    if join and session.online_url:
        lines.append(_("Join: %(url)s") % {"url": session.online_url})
    lines.append(page_url(session))
    return "\n\n".join(lines)


def event(session: Session, *, join: bool = False) -> Event:
    zone = session.zone
    item = Event()
    item.add("uid", uid(session))
    item.add("dtstamp", timezone.now().astimezone(dt.UTC))
    item.add("last-modified", session.updated_at.astimezone(dt.UTC))
    item.add("sequence", session.sequence)
    item.add("dtstart", session.starts_at.astimezone(zone))
    item.add("dtend", session.ends_at.astimezone(zone))
    item.add("summary", session.title)
    item.add("description", description(session, join=join))
    where = location(session, join=join)
    if where:
        item.add("location", where)
    item.add("url", page_url(session))
    item.add("status", "CONFIRMED")
    item.add("categories", [session.get_kind_display()])
    for minutes in sorted(session.reminder_offsets, reverse=True):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", session.title)
        alarm.add("trigger", dt.timedelta(minutes=-minutes))
        item.add_component(alarm)
    return item


def calendar(sessions: Iterable[Session], *, name: str, join: bool = False) -> bytes:
    """A VCALENDAR with one VEVENT per session and the VTIMEZONEs they use."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    for session in sessions:
        cal.add_component(event(session, join=join))
    cal.add_missing_timezones()
    return cal.to_ical()


def session_calendar(session: Session, *, join: bool = False) -> bytes:
    return calendar([session], name=session.title, join=join)


FILENAME_STEM_MAX = 100  # characters of the slug kept before the date
_TRAILING_DATE = re.compile(r"-?\d{4}-\d{2}-\d{2}(-\d+)?$")


def file_stem(slug: str, fallback: str) -> str:
    """`slug` reduced to [a-z0-9-], cut at a hyphen to at most FILENAME_STEM_MAX characters."""
    stem = re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-")
    if len(stem) > FILENAME_STEM_MAX:
        cut = stem[: FILENAME_STEM_MAX + 1]
        stem = cut.rsplit("-", 1)[0] if "-" in cut else cut[:FILENAME_STEM_MAX]
    return stem.strip("-") or fallback


def filename(session: Session) -> str:
    """The session's calendar file name: its slug (without the date it may end with) and the
    date in the session's zone, e.g. `perspectives-from-japan-meet-indian-founders-2026-12-21.ics`;
    only [a-z0-9-], never cut in the middle of a word or the date."""
    day = timezone.localtime(session.starts_at, session.zone).date().isoformat()
    return f"{file_stem(_TRAILING_DATE.sub('', session.slug), 'session')}-{day}.ics"


def attachment(session: Session) -> dict[str, str]:
    """The outbox attachment for a confirmed registrant (with the joining link)."""
    return {
        "filename": filename(session),
        "mimetype": MIMETYPE,
        "content_b64": base64.b64encode(session_calendar(session, join=True)).decode(),
    }


def _utc(value: dt.datetime, fmt: str) -> str:
    return value.astimezone(dt.UTC).strftime(fmt)


def google_url(session: Session, *, join: bool = False) -> str:
    query = {
        "action": "TEMPLATE",
        "text": session.title,
        "dates": f"{_utc(session.starts_at, '%Y%m%dT%H%M%SZ')}/{_utc(session.ends_at, '%Y%m%dT%H%M%SZ')}",
        "details": description(session, join=join)[:1500],
        "location": location(session, join=join),
        "ctz": session.timezone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_url(session: Session, *, join: bool = False) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": session.title,
        "startdt": _utc(session.starts_at, "%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(session.ends_at, "%Y-%m-%dT%H:%M:%SZ"),
        "body": description(session, join=join)[:1500],
        "location": location(session, join=join),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)
