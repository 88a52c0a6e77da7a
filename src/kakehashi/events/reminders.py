"""Reminder e-mails: rows in the database, sent by a periodic sweep.

A confirmed registration gets one `Reminder` row per offset of its session (24 h and 1 h
before by default), due at start − offset. `send_due_reminders()` runs every
`EVENTS_SWEEP_SECONDS` in `kakehashi worker` / `kakehashi run` (registered in apps.py):

- the rows survive restarts: a reminder that fell due while no worker ran is sent when one
  comes back, as long as the session has not started; once it has, the reminder is skipped;
- each reminder is claimed by one conditional UPDATE (pending → sent) in the same
  transaction that queues its e-mail, so two workers never send it twice;
- if several reminders of one registration are due at once (the worker was down for a day),
  only the latest is sent and the older ones are skipped.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from kakehashi.mail.services import send_queued_after_commit

from . import mails
from .models import Registration, Reminder, Session

log = logging.getLogger(__name__)
State = Reminder.State
BATCH = 500


def schedule(registration: Registration) -> list[Reminder]:
    """(Re)create the pending reminders of a confirmed registration; offsets already past
    get none. Reminders already sent stay sent."""
    session = registration.session
    now = timezone.now()
    registration.reminders.exclude(state=State.SENT).delete()
    sent = set(registration.reminders.values_list("offset_minutes", flat=True))
    rows = []
    for minutes in sorted(set(session.reminder_offsets), reverse=True):
        due = session.starts_at - dt.timedelta(minutes=minutes)
        if due > now and minutes not in sent:
            rows.append(Reminder(registration=registration, offset_minutes=minutes, due_at=due))
    return Reminder.objects.bulk_create(rows)


def cancel(registration: Registration) -> int:
    return registration.reminders.filter(state=State.PENDING).update(state=State.CANCELLED)


def reschedule(session: Session) -> None:
    """After the start time or the offsets changed: new pending reminders for every
    confirmed registration."""
    for registration in session.registrations.filter(status=Registration.Status.CONFIRMED).select_related("session"):
        registration.session = session
        schedule(registration)


def _skip(reminder_id: int) -> None:
    Reminder.objects.filter(pk=reminder_id, state=State.PENDING).update(state=State.SKIPPED)


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Send the reminders due at `now`. Returns how many e-mails were queued."""
    now = now or timezone.now()
    due = list(
        Reminder.objects.filter(state=State.PENDING, due_at__lte=now)
        .select_related("registration__session__series", "registration__user")
        .order_by("registration_id", "-due_at")[:BATCH]
    )
    handled: set[int] = set()
    sent = 0
    for reminder in due:
        registration = reminder.registration
        session = registration.session
        if (
            registration.pk in handled
            or session.starts_at <= now
            or not session.published
            or registration.status != Registration.Status.CONFIRMED
        ):
            _skip(reminder.pk)
            continue
        handled.add(registration.pk)  # before the claim: another worker may hold the latest one
        with transaction.atomic():
            claimed = Reminder.objects.filter(pk=reminder.pk, state=State.PENDING).update(state=State.SENT, sent_at=now)
            if claimed:
                mails.reminder(registration, minutes=reminder.offset_minutes)
                sent += 1
    if sent:
        send_queued_after_commit()
        log.info("queued %s event reminders", sent)
    return sent
