"""The e-mails of events, each rendered in the recipient's language with the session's date
and time in their zone plus IST and JST (and the venue's zone when it is another one).

Called by the services inside their transactions: `queue_mail` stores the row and sends it
after commit. Contexts hold strings only (they are kept on the outbox row)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation

from kakehashi.core.dates import format_day_time
from kakehashi.core.links import absolute_url
from kakehashi.core.timezones import dual_times
from kakehashi.mail.services import queue_mail
from kakehashi.notices import services as notices

from . import ics, tokens
from .models import Announcement, Registration, Session

FMT = "%Y-%m-%d %H:%M"


def times(session: Session, zone: str | None, *, human: bool = True) -> list[list[str]]:
    """[[label, start, end], …]: the reader's zone (if known), IST, JST, then the session's zone.

    `human`: dates as the active language writes them, with the weekday (e-mails; call inside
    `translation.override`); otherwise `YYYY-MM-DD HH:MM` (the API)."""
    starts = dual_times(session.starts_at, zone or None)
    ends = dual_times(session.ends_at, zone or None)
    fmt = format_day_time if human else _iso
    rows = [[label, fmt(start), _end(start, end, fmt)] for (label, start), (_l, end) in zip(starts, ends, strict=False)]
    shown = {zone} | {z for _label, z in settings.DUAL_TIME_ZONES}
    if session.timezone not in shown:
        start, end = session.starts_at.astimezone(session.zone), session.ends_at.astimezone(session.zone)
        rows.append([session.timezone.replace("_", " "), fmt(start), _end(start, end, fmt)])
    return rows


def _iso(value: dt.datetime) -> str:
    return value.strftime(FMT)


def _end(start: dt.datetime, end: dt.datetime, fmt: Callable[[dt.datetime], str]) -> str:
    return end.strftime("%H:%M") if end.date() == start.date() else fmt(end)


def session_context(session: Session, *, zone: str | None, join: bool) -> dict[str, Any]:
    """What every session e-mail shows. Call inside `translation.override(locale)`."""
    return {
        "session_title": session.title,
        "series_title": session.series.title,
        "kind": session.get_kind_display(),
        "format": session.get_format_display(),
        "times": times(session, zone),
        "venue": session.venue if session.has_venue else "",
        "online": session.is_online,
        "join_url": session.online_url if join and session.is_online else "",
        "page_url": ics.page_url(session),
        "recorded": session.recorded,
        "google_url": ics.google_url(session, join=join),
        "outlook_url": ics.outlook_url(session, join=join),
    }


def _to_registrant(
    registration: Registration, template: str, *, join: bool = False, attach: bool = False,
    send: bool = True, kind: str = "", **extra: Any,
) -> None:
    """`kind`: the notice kind whose e-mail switch a member may have turned off."""
    if kind and registration.user_id and not notices.wants_email(registration.user, kind):
        return
    session = registration.session
    with translation.override(registration.language):
        context = {
            "name": registration.name,
            **session_context(session, zone=registration.timezone, join=join),
            "cancel_url": tokens.url(registration, tokens.CANCEL_SALT) if registration.is_active else "",
            **extra,
        }
        attachments = [ics.attachment(session)] if attach else None
    queue_mail(
        to=registration.email, user=registration.user, template=template, context=context,
        locale=registration.language, attachments=attachments, send=send,
    )


def confirm_address(registration: Registration) -> None:
    """To a visitor: confirm your address to take a seat (or a place on the waiting list)."""
    _to_registrant(registration, "events/mail/confirm_address", confirm_url=tokens.url(registration, tokens.CONFIRM_SALT))


def registered(registration: Registration, *, promoted: bool = False) -> None:
    """Your seat is confirmed (also after moving up from the waiting list): with the .ics."""
    _to_registrant(
        registration, "events/mail/registered", join=True, attach=True, promoted=promoted,
        kind="registration_promoted" if promoted else "registration_confirmed",
    )


def waitlisted(registration: Registration) -> None:
    _to_registrant(registration, "events/mail/waitlisted")


def reminder(registration: Registration, *, minutes: int) -> None:
    hours, rest = divmod(minutes, 60)
    _to_registrant(
        registration, "events/mail/reminder", join=True, attach=True, send=False, hours=hours, minutes=rest,
    )


def announcement(registration: Registration, item: Announcement) -> None:
    _to_registrant(
        registration, "events/mail/announcement", join=registration.status == Registration.Status.CONFIRMED,
        send=False, subject=item.subject, body=item.body,
    )


def feedback_request(registration: Registration) -> None:
    _to_registrant(registration, "events/mail/feedback", send=False, feedback_url=tokens.url(registration, tokens.FEEDBACK_SALT))


def recording(session: Session, *, email: str, name: str, language: str, zone: str, user: Any, follower: bool) -> None:
    """The recording is online: to registrants and to the series' followers (a member who
    switched these e-mails off gets the notice only)."""
    if user is not None and not notices.wants_email(user, "recording_available"):
        return
    with translation.override(language):
        context = {
            "name": name, **session_context(session, zone=zone, join=False),
            "recording_url": session.recording_url, "follower": follower,
            "writeup_url": absolute_url(session.writeup_post) if session.writeup_post_id else "",
            "series_url": absolute_url(session.series),
        }
    queue_mail(to=email, user=user, template="events/mail/recording", context=context, locale=language, send=False)


def default_zone(language: str) -> str:
    """A visitor's zone, guessed from their language: IST and JST are always shown too."""
    return {"ja": "Asia/Tokyo", "hi": "Asia/Kolkata"}.get(language, "")

