"""The interview as a calendar file (RFC 5545), in the style of events.ics: DTSTART/DTEND in
Japan time with its VTIMEZONE, a stable UID and a SEQUENCE raised each time it moves."""

from __future__ import annotations

import base64
import datetime as dt
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ..translation import title_for
from .models import Application

MIMETYPE = "text/calendar"
PRODID = "-//Kakehashi//Talent//EN"
JST = zoneinfo.ZoneInfo("Asia/Tokyo")


def uid(application: Application) -> str:
    return f"ssw-interview-{application.pk}@{urlsplit(settings.SITE_URL).hostname or 'kakehashi.localhost'}"


def summary(application: Application) -> str:
    return _("SSW interview: %(job)s") % {"job": title_for(application.job, get_language() or "en")}


def calendar(application: Application, *, url: str = "") -> bytes:
    """One VEVENT for the application's interview (which must be scheduled)."""
    if application.interview_at is None:
        raise ValueError("no interview scheduled")
    item = Event()
    item.add("uid", uid(application))
    item.add("dtstamp", timezone.now().astimezone(dt.UTC))
    item.add("sequence", application.interview_sequence)
    item.add("dtstart", application.interview_at.astimezone(JST))
    item.add("dtend", (application.interview_at + dt.timedelta(minutes=application.interview_minutes)).astimezone(JST))
    item.add("summary", summary(application))
    item.add("description", "\n\n".join(p for p in (application.job.organisation.name, url) if p))
    if application.interview_where:
        item.add("location", " ".join(application.interview_where.split()))
    if url:
        item.add("url", url)
    item.add("status", "CONFIRMED")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def filename(application: Application) -> str:
    day = timezone.localtime(application.interview_at, JST).date().isoformat() if application.interview_at else "unscheduled"
    return f"ssw-interview-{application.pk}-{day}.ics"


def attachment(application: Application, *, url: str = "") -> dict[str, str]:
    return {"filename": filename(application), "mimetype": MIMETYPE,
            "content_b64": base64.b64encode(calendar(application, url=url)).decode()}
