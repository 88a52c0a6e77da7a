"""Running the scheduler for one `ScheduleRun`: build the problem from the database, call
`scheduling.solve` with the run's time limit, keep its progress on the row, store the result.

Safe to run twice and to be killed: a run is claimed by one conditional UPDATE (queued →
running, or running with a heartbeat older than its time limit plus a grace: its worker
died); a second call for a claimed, live or finished run does nothing. The periodic
`sweeps.resume_stale_runs` queues runs whose worker died again (at most `MAX_ATTEMPTS`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Grid, Meeting, MeetingRequest, Participant, ScheduleRun, Slot, Unavailability
from .scheduling import LIKE, MUST, Problem, Progress, Request, assign_tables, solve, validate

log = logging.getLogger(__name__)
Status = ScheduleRun.Status
GRACE = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 3
# Locks that cannot all hold are released (the meeting then keeps its slot only if it can, as
# the fewest-moves objective prefers) and listed on the run; any other problem stops the run.
LOCK_PROBLEMS = {"lock_conflict", "lock_unknown_slot", "lock_unavailable", "lock_unknown_request"}


def stale_before(run: ScheduleRun, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=run.time_limit) - GRACE


def _claim(run_id: int) -> ScheduleRun | None:
    run = ScheduleRun.objects.filter(pk=run_id).first()
    if run is None or run.is_finished or run.status == Status.FAILED:
        return None
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | Q(status=Status.RUNNING, heartbeat_at__lt=stale_before(run, now))
    taken = ScheduleRun.objects.filter(claimable, pk=run_id, attempts__lt=MAX_ATTEMPTS).update(
        status=Status.RUNNING, started_at=now, heartbeat_at=now, attempts=run.attempts + 1, progress=[],
    )
    return ScheduleRun.objects.get(pk=run_id) if taken else None


def build_problem(run: ScheduleRun) -> Problem:
    """The session's accepted requests, slots, tables, availability, caps and published meetings."""
    grid = Grid.objects.get(session_id=run.session_id)
    slots = list(Slot.objects.filter(grid=grid).order_by("starts_at").values_list("pk", "starts_at"))
    requests = list(
        MeetingRequest.objects.filter(session_id=run.session_id, state=MeetingRequest.State.ACCEPTED, requester__active=True, receiver__active=True)
        .order_by("pk").values_list("pk", "requester_id", "receiver_id", "priority", "fit")
    )
    people = {pk for _r, a, b, _p, _f in requests for pk in (a, b)}
    unavailable: dict[int, set[int]] = {}
    for participant_id, slot_id in Unavailability.objects.filter(participant_id__in=people).values_list("participant_id", "slot_id"):
        unavailable.setdefault(participant_id, set()).add(slot_id)
    published = dict(
        Meeting.objects.filter(request__session_id=run.session_id, cancelled=False, slot__isnull=False).values_list("request_id", "slot_id")
    )
    started = {pk for pk, starts in slots if starts <= timezone.now()}
    locked = {r: s for r, s in published.items() if run.lock_published or s in started}
    return Problem(
        slots=[pk for pk, _s in slots],
        requests=[Request(id=pk, a=a, b=b, priority=MUST if p == MeetingRequest.Priority.MUST else LIKE, fit=float(f)) for pk, a, b, p, f in requests],
        capacity=None if grid.capacity is None else dict.fromkeys((pk for pk, _s in slots), grid.capacity),
        unavailable={p: frozenset(s) for p, s in unavailable.items()},
        caps=dict.fromkeys(people, grid.cap) if grid.cap is not None else {},
        locked=locked,
        previous=published,
    )


def execute(run_id: int) -> str:
    """Run the scheduler for the run (the task's body). Returns the run's status."""
    run = _claim(run_id)
    if run is None:
        found = ScheduleRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
        return found or "missing"
    problem = build_problem(run)
    problems = validate(problem)
    released = {p.request_id for p in problems if p.code in LOCK_PROBLEMS}
    if released:
        problem = replace(problem, locked={r: s for r, s in problem.locked.items() if r not in released})
    fatal = validate(problem)
    if fatal:
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=Status.FAILED, finished_at=timezone.now(), requests_total=len(problem.requests),
            problems=[[p.code, _detail(p)] for p in fatal],
        )
        return Status.FAILED
    trail: list[list[float]] = []

    def progress(step: Progress) -> bool:
        trail.append([round(step.seconds, 2), int(step.weight), int(step.bound)])
        ScheduleRun.objects.filter(pk=run.pk).update(progress=trail[-50:], heartbeat_at=timezone.now())
        return not ScheduleRun.objects.filter(pk=run.pk, stop_requested=True).exists()

    schedule = solve(problem, time_limit=float(run.time_limit), workers=settings.MEETINGS_SOLVER_WORKERS, progress=progress)
    tables = assign_tables(problem, schedule) if problem.capacity is not None else {}
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=schedule.status, finished_at=timezone.now(), heartbeat_at=timezone.now(),
        weight=schedule.weight, bound=schedule.bound, greedy_weight=schedule.greedy_weight,
        requests_total=len(problem.requests),
        assignment={str(k): v for k, v in schedule.assignment.items()},
        tables={str(k): v for k, v in tables.items()},
        unplaced={str(k): v for k, v in schedule.unplaced.items()},
        moved=sorted(schedule.moved), problems=[[p.code, _detail(p)] for p in problems], progress=trail[-50:],
    )
    log.info("schedule run %s: %s, weight %s of bound %s", run.pk, schedule.status, schedule.weight, schedule.bound)
    return str(schedule.status)


def _detail(problem: object) -> str:
    for name in ("request_id", "participant_id", "slot_id"):
        value = getattr(problem, name, None)
        if value is not None:
            return f"{name}={value}"
    return ""


def participants_by_id(session_id: int) -> dict[int, Participant]:
    return {p.pk: p for p in Participant.objects.filter(session_id=session_id).select_related("organisation", "user")}
