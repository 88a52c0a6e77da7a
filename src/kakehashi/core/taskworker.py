"""Crash-proof background work: workers that say they are alive, and a sweep that puts
back the tasks of a worker that died.

django-tasks-db marks a task RUNNING when a worker claims it (appending the worker's id to
`worker_ids`) and never looks at a RUNNING task again, so a worker killed mid-task (SIGKILL,
out of memory, a lost machine) left its task unfinished for good. Here:

- every worker process (`kakehashi worker`, the worker thread of `kakehashi run`) registers
  a `TaskWorker` row before it claims anything, and a thread of its own refreshes
  `heartbeat_at` every `TASK_LEASE_SECONDS / 4`, whatever the task it runs;
- `requeue_lost_tasks()`, a periodic job of every worker (registered by core in its AppConfig), puts a
  RUNNING task back to READY when its worker (the last of its `worker_ids`) has not beaten
  for `TASK_LEASE_SECONDS` and the task was claimed longer ago than that. The UPDATE is
  conditional on the row still being RUNNING with the same `started_at` (a new claim
  changes it), so several sweeps at once put a task back once;
- a task already claimed `TASK_MAX_ATTEMPTS` times is marked FAILED (`WorkerLost`) instead,
  so a task that kills its worker every time does not loop;
- at start-up a worker puts back at once the tasks of the workers of its own host whose
  process is gone (hosts must have distinct names, as containers and machines do).

A rerun must be harmless: every task is idempotent (docs/architecture.md, "Tasks and
periodic jobs").
"""

import datetime as dt
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Collection
from types import FrameType

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

from .models import TaskWorker

log = logging.getLogger(__name__)
Status = TaskResultStatus
FORGET_AFTER = dt.timedelta(days=1)  # rows of workers silent this long are deleted


class WorkerLost(Exception):
    """The workers running this task died `TASK_MAX_ATTEMPTS` times; it is not tried again."""


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TASK_LEASE_SECONDS)


def new_worker_id(prefix: str) -> str:
    return f"{prefix}-{socket.gethostname()[:32]}-{os.getpid()}-{get_random_string(6)}"[:64]


def register(worker_id: str) -> None:
    now = timezone.now()
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "heartbeat_at": now},
        create_defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "heartbeat_at": now, "started_at": now},
    )


def beat(worker_id: str) -> None:
    if not TaskWorker.objects.filter(pk=worker_id).update(heartbeat_at=timezone.now()):
        register(worker_id)  # forgotten after a very long silence: say hello again


def _heartbeat(worker_id: str, stop: threading.Event) -> None:
    interval = max(settings.TASK_LEASE_SECONDS / 4, 0.2)
    try:
        while not stop.wait(interval):
            try:
                close_old_connections()
                beat(worker_id)
            except Exception:  # e.g. the database is briefly locked or down: try again next tick
                log.warning("heartbeat of task worker %s failed", worker_id, exc_info=True)
    finally:
        connection.close()


def requeue_lost_tasks(*, dead: Collection[str] = ()) -> int:
    """Periodic job: put back the RUNNING tasks whose worker stopped beating (or is in
    `dead`); a task claimed `TASK_MAX_ATTEMPTS` times fails instead. Returns how many were
    put back. Safe in several processes at once."""
    now = timezone.now()
    cutoff = now - lease()
    alive = set(TaskWorker.objects.filter(heartbeat_at__gte=cutoff).values_list("worker_id", flat=True)) - set(dead)
    requeued = 0
    running = DBTaskResult.objects.filter(status=Status.RUNNING).values_list("pk", "task_path", "worker_ids", "started_at")
    for pk, path, worker_ids, started_at in list(running):
        owner = worker_ids[-1] if worker_ids else ""
        if owner in alive or (owner not in dead and started_at is not None and started_at >= cutoff):
            continue
        same_claim = DBTaskResult.objects.filter(pk=pk, status=Status.RUNNING, started_at=started_at)
        if len(worker_ids) >= settings.TASK_MAX_ATTEMPTS:
            reason = (
                f"{WorkerLost.__module__}.{WorkerLost.__qualname__}: the worker running this task died "
                f"{len(worker_ids)} times (last: {owner or 'unknown'}); it is not tried again.\n"
            )
            if same_claim.update(
                status=Status.FAILED, finished_at=now, return_value=None,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}", traceback=reason,
            ):
                log.error("task %s (%s) given up: %s", pk, path, reason.strip())
        elif same_claim.update(status=Status.READY):
            requeued += 1
            log.warning("task %s (%s) of lost worker %s put back in the queue (attempt %s of %s)",
                        pk, path, owner or "unknown", len(worker_ids), settings.TASK_MAX_ATTEMPTS)
    TaskWorker.objects.filter(heartbeat_at__lt=now - FORGET_AFTER).delete()
    return requeued


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's live process
        return False
    return False


def reclaim_dead_local_workers(*, exclude: str) -> int:
    """Put back at once the tasks of workers of this host whose process no longer exists."""
    rows = TaskWorker.objects.filter(host=socket.gethostname()[:255]).exclude(pk=exclude)
    dead = [worker_id for worker_id, pid in rows.values_list("worker_id", "pid") if _process_gone(pid)]
    if not dead:
        return 0
    requeued = requeue_lost_tasks(dead=dead)
    TaskWorker.objects.filter(pk__in=dead).delete()
    return requeued


class Worker(DatabaseWorker):
    """django-tasks-db's worker, registered with a heartbeat while it runs."""

    def __init__(self, *, prefix: str = "worker", queue_names: list[str] | None = None, interval: float = 1.0):
        super().__init__(
            queue_names=queue_names or ["default"], interval=interval, batch=False, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id=new_worker_id(prefix), excluded_queue_names=[],
        )
        self.stop_beating = threading.Event()

    def run(self) -> None:
        self.register()
        try:
            reclaimed = reclaim_dead_local_workers(exclude=self.worker_id)
        except Exception:  # the periodic sweep will do it after the lease
            log.exception("could not reclaim the tasks of dead workers")
        else:
            if reclaimed:
                log.warning("put back %s task(s) of dead workers of this host", reclaimed)
        threading.Thread(
            target=_heartbeat, args=(self.worker_id, self.stop_beating), name="kakehashi-heartbeat", daemon=True
        ).start()
        try:
            # The library's loop dies when SQLite stays locked longer than its busy timeout
            # while it begins its claim; go on polling instead.
            self._while_locked(super().run, "polling again")
        finally:
            self.stop_beating.set()
            close_old_connections()
            TaskWorker.objects.filter(pk=self.worker_id).delete()  # a clean stop: nothing left running

    def register(self) -> None:
        """Say hello, waiting out a database that stays locked longer than SQLite's busy
        timeout (a reindex writing at start-up): a worker thread that died here would leave
        every task of the process queued for good."""
        self._while_locked(lambda: register(self.worker_id), "registering again")

    def _while_locked(self, call: Callable[[], object], again: str) -> None:
        """`call()`, called again every `interval` while it fails on a locked database and
        the worker is running; any other error is raised."""
        while True:
            try:
                call()
                return
            except OperationalError as exc:
                if not (self.running and is_locked_database_exception(exc)):
                    raise
                log.warning("task worker %s: the database is locked; %s", self.worker_id, again)
                time.sleep(self.interval)

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if not self.running and self.running_task:
            # A second Ctrl+C mid-task: stop now and leave the task RUNNING, to be put back
            # (at once by the next worker started on this host), instead of marking it failed.
            log.warning("Received %s again - stopping; the current task will run again.", signal.strsignal(signum))
            os._exit(1)
        super().shutdown(signum, frame)
