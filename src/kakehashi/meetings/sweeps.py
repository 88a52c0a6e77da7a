"""Periodic jobs (registered in apps.py): remind about and expire unanswered requests; resume
schedule runs whose worker died; send agenda e-mails a crash left unsent.

Each step claims its rows with a conditional UPDATE in the same transaction as its e-mail, so
running twice at once, or again after a SIGKILL, sends nothing twice and loses nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import mails, runs, tasks
from .models import Grid, Meeting, MeetingRequest, ScheduleRun

State = MeetingRequest.State


def _closing(now: dt.datetime) -> list[tuple[int, dt.datetime, int]]:
    """(session id, close instant, remind hours) of every grid still taking requests or just closed."""
    out = []
    for session_id, close, starts, hours in Grid.objects.values_list("session_id", "requests_close_at", "session__starts_at", "remind_hours"):
        out.append((session_id, close or starts, hours))
    return out


def sweep_requests(now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    reminded = expired = 0
    for session_id, closes, hours in _closing(now):
        pending = MeetingRequest.objects.filter(session_id=session_id, state=State.PENDING)
        if closes <= now:
            for pk in pending.values_list("pk", flat=True):
                with transaction.atomic():
                    if MeetingRequest.objects.filter(pk=pk, state=State.PENDING).update(state=State.EXPIRED, answered_at=now, updated_at=now):
                        mails.request_expired(_load(pk))
                        expired += 1
        elif hours and closes - dt.timedelta(hours=hours) <= now:
            for pk in pending.filter(reminded_at__isnull=True).values_list("pk", flat=True):
                with transaction.atomic():
                    if MeetingRequest.objects.filter(pk=pk, state=State.PENDING, reminded_at__isnull=True).update(reminded_at=now):
                        mails.request_reminder(_load(pk))
                        reminded += 1
    sessions = set(Meeting.objects.filter(notified_sequence__lt=F("sequence")).values_list("request__session_id", flat=True))
    for session_id in sessions:
        mails.notify_changed_agendas(session_id)
    return {"reminded": reminded, "expired": expired, "agendas": len(sessions)}


def _load(pk: int) -> MeetingRequest:
    return MeetingRequest.objects.select_related(
        "session", "requester__user", "requester__organisation", "receiver__user", "receiver__organisation",
        "requester__session", "receiver__session",
    ).get(pk=pk)


def resume_stale_runs(now: dt.datetime | None = None) -> int:
    """Queue again the runs whose worker died (running with an old heartbeat), or that were
    never picked up; the run claims itself, so a run queued twice still runs once."""
    now = now or timezone.now()
    queued = 0
    candidates = ScheduleRun.objects.filter(
        Q(status=ScheduleRun.Status.RUNNING) | Q(status=ScheduleRun.Status.QUEUED, created_at__lt=now - runs.GRACE)
    )
    for run in candidates:
        if run.status == ScheduleRun.Status.RUNNING and run.heartbeat_at and run.heartbeat_at >= runs.stale_before(run, now):
            continue
        if run.attempts >= runs.MAX_ATTEMPTS:
            ScheduleRun.objects.filter(pk=run.pk, status=run.status).update(status=ScheduleRun.Status.FAILED, error="worker died")
            continue
        tasks.run_schedule.enqueue(run_id=run.pk)
        queued += 1
    return queued
