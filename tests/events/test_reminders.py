"""Reminders are rows swept by a periodic job: sent once, late if the worker was down, never
after the start. The clock is moved by passing `now`."""

import datetime as dt

import pytest
from django.utils import timezone

from kakehashi.core import registry
from kakehashi.events import registration, reminders, services
from kakehashi.events.models import Reminder

from ..factories import EventSessionFactory, StaffFactory, UserFactory
from .helpers import outbox

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)


def test_reminder_sweep_is_a_periodic_job():
    assert ("kakehashi.events.reminders.send_due_reminders", 60) in [(job.name, job.interval) for job in registry.periodic_jobs()]


def test_nothing_is_sent_before_a_reminder_is_due(session):
    registration.register_member(UserFactory(), session)

    assert reminders.send_due_reminders(now=session.starts_at - 25 * H) == 0
    assert outbox("reminder") == []


def test_24h_then_1h_reminders_are_each_sent_once(session):
    user = UserFactory(language="ja", timezone="Asia/Tokyo")
    registration.register_member(user, session)

    first = reminders.send_due_reminders(now=session.starts_at - 23 * H)
    repeat = reminders.send_due_reminders(now=session.starts_at - 22 * H)
    second = reminders.send_due_reminders(now=session.starts_at - dt.timedelta(minutes=30))

    assert (first, repeat, second) == (1, 0, 1)
    mails = outbox("reminder")
    assert [(m.recipient, m.locale, m.context["hours"]) for m in mails] == [(user.email, "ja", 24), (user.email, "ja", 1)]
    assert [a["filename"] for a in mails[0].attachments] == [f"{session.slug}-{session.starts_at.astimezone(session.zone):%Y-%m-%d}.ics"]


def test_reminder_due_while_the_worker_was_down_is_sent_when_it_comes_back(session):
    registration.register_member(UserFactory(), session)

    # The worker was down from 30 h before the start until 20 h before.
    sent = reminders.send_due_reminders(now=session.starts_at - 20 * H)

    assert sent == 1
    assert list(Reminder.objects.values_list("offset_minutes", "state")) == [(1440, "sent"), (60, "pending")]


def test_only_the_latest_of_several_due_reminders_is_sent(session):
    registration.register_member(UserFactory(), session)

    # Down for a whole day: both the 24 h and the 1 h reminders are due.
    sent = reminders.send_due_reminders(now=session.starts_at - dt.timedelta(minutes=20))

    assert sent == 1
    assert outbox("reminder")[0].context["hours"] == 1
    assert sorted(Reminder.objects.values_list("offset_minutes", "state")) == [(60, "sent"), (1440, "skipped")]


def test_reminders_are_skipped_once_the_session_has_started(session):
    registration.register_member(UserFactory(), session)

    sent = reminders.send_due_reminders(now=session.starts_at + dt.timedelta(minutes=1))

    assert sent == 0
    assert outbox("reminder") == []
    assert sorted(Reminder.objects.values_list("state", flat=True)) == ["skipped", "skipped"]


def test_a_cancelled_registration_gets_no_reminder(session):
    reg = registration.register_member(UserFactory(), session)
    registration.cancel(reg)

    assert reminders.send_due_reminders(now=session.starts_at - 10 * H) == 0
    assert sorted(Reminder.objects.values_list("state", flat=True)) == ["cancelled", "cancelled"]


def test_two_sweeps_at_the_same_time_send_once(session):
    registration.register_member(UserFactory(), session)
    now = session.starts_at - 2 * H
    due = list(Reminder.objects.filter(due_at__lte=now))

    # A second worker claims between our read and our claim: the conditional UPDATE loses.
    Reminder.objects.filter(pk=due[0].pk).update(state="sent", sent_at=now)
    sent = reminders.send_due_reminders(now=now)

    assert sent == 0
    assert outbox("reminder") == []


def test_offsets_are_configurable_per_session():
    session = EventSessionFactory(reminder_offsets=[2 * 24 * 60, 15])
    reg = registration.register_member(UserFactory(), session)

    assert sorted(reg.reminders.values_list("offset_minutes", flat=True)) == [15, 2880]


def test_moving_the_session_moves_its_pending_reminders(session):
    reg = registration.register_member(UserFactory(), session)
    later = session.starts_at + dt.timedelta(days=2)

    services.update_session(StaffFactory(), session, starts_at=later, ends_at=later + 2 * H)

    assert sorted(reg.reminders.filter(state="pending").values_list("due_at", flat=True)) == [later - 24 * H, later - H]
    assert type(session).objects.get(pk=session.pk).sequence == 1


def test_registering_less_than_an_hour_before_schedules_no_reminder():
    soon = EventSessionFactory(starts_at=timezone.now() + dt.timedelta(minutes=30))

    reg = registration.register_member(UserFactory(), soon)

    assert reg.reminders.count() == 0
