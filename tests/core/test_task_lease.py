"""The heartbeat of task workers and the sweep that puts back the tasks of dead ones
(core/taskworker.py). Killing real worker processes: tests/core/test_crash_recovery.py."""

import datetime as dt
import os
import socket
import subprocess

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from kakehashi.core import taskworker
from kakehashi.core.models import TaskWorker

pytestmark = pytest.mark.django_db
Status = TaskResultStatus


@pytest.fixture(autouse=True)
def _lease(settings):
    settings.TASK_LEASE_SECONDS = 30
    settings.TASK_MAX_ATTEMPTS = 3


def _worker(worker_id: str, *, beat_ago: float, pid: int | None = None, host: str | None = None) -> TaskWorker:
    at = timezone.now() - dt.timedelta(seconds=beat_ago)
    return TaskWorker.objects.create(
        worker_id=worker_id, host=host or socket.gethostname(), pid=pid or os.getpid(), started_at=at, heartbeat_at=at
    )


def _running(*worker_ids: str, started_ago: float = 120) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="kakehashi.mail.tasks.deliver_due", backend_name="default",
        run_after=get_date_max(), status=Status.RUNNING, worker_ids=list(worker_ids),
        started_at=timezone.now() - dt.timedelta(seconds=started_ago),
    )


def _status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_sweep_requeues_a_running_task_whose_worker_stopped_beating():
    _worker("gone", beat_ago=31)
    task = _running("gone")

    assert taskworker.requeue_lost_tasks() == 1

    assert _status(task) == Status.READY
    assert DBTaskResult.objects.ready().get() == task


def test_sweep_leaves_the_task_of_a_worker_that_beats():
    _worker("alive", beat_ago=1)
    task = _running("alive", started_ago=3600)

    assert taskworker.requeue_lost_tasks() == 0

    assert _status(task) == Status.RUNNING


def test_sweep_gives_a_task_claimed_less_than_a_lease_ago_its_lease():
    task = _running("unregistered", started_ago=5)

    assert taskworker.requeue_lost_tasks() == 0

    assert _status(task) == Status.RUNNING


def test_sweep_requeues_a_task_of_an_unknown_worker_after_the_lease():
    task = _running("unregistered", started_ago=31)

    assert taskworker.requeue_lost_tasks() == 1

    assert _status(task) == Status.READY


def test_sweep_judges_a_task_by_its_last_worker():
    _worker("first", beat_ago=1)
    _worker("second", beat_ago=40)
    task = _running("first", "second")

    assert taskworker.requeue_lost_tasks() == 1

    assert _status(task) == Status.READY


def test_sweep_fails_a_task_whose_workers_died_max_attempts_times():
    _worker("third", beat_ago=40)
    task = _running("first", "second", "third")

    assert taskworker.requeue_lost_tasks() == 0

    task.refresh_from_db()
    assert task.status == Status.FAILED
    assert task.exception_class_path == "kakehashi.core.taskworker.WorkerLost"
    assert "died 3 times (last: third)" in task.traceback
    assert task.task_result.errors[0].exception_class is taskworker.WorkerLost


def test_sweep_forgets_workers_silent_for_a_day():
    _worker("old", beat_ago=86_401)
    _worker("recent", beat_ago=40)

    taskworker.requeue_lost_tasks()

    assert list(TaskWorker.objects.values_list("worker_id", flat=True)) == ["recent"]


def test_reclaim_puts_back_at_once_the_tasks_of_a_dead_process_of_this_host():
    gone = subprocess.Popen(["true"])
    gone.wait()
    _worker("dead-here", beat_ago=1, pid=gone.pid)
    _worker("alive-here", beat_ago=1)
    _worker("elsewhere", beat_ago=1, pid=gone.pid, host="another-host")
    lost = _running("dead-here", started_ago=1)
    kept = [_running("alive-here", started_ago=1), _running("elsewhere", started_ago=1)]

    assert taskworker.reclaim_dead_local_workers(exclude="me") == 1

    assert _status(lost) == Status.READY
    assert [_status(task) for task in kept] == [Status.RUNNING, Status.RUNNING]
    assert set(TaskWorker.objects.values_list("worker_id", flat=True)) == {"alive-here", "elsewhere"}


def test_heartbeat_registers_again_a_worker_forgotten_by_the_sweep():
    taskworker.beat("came-back")

    row = TaskWorker.objects.get()
    assert (row.worker_id, row.pid, row.host) == ("came-back", os.getpid(), socket.gethostname())


def test_worker_registers_once_the_database_is_no_longer_locked():
    worker = taskworker.Worker(interval=0.01)
    refused = []

    def locked_twice(execute, sql, params, many, context):
        if "core_taskworker" in sql and len(refused) < 2:
            refused.append(sql)
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(locked_twice):
        worker.register()

    assert len(refused) == 2
    assert list(TaskWorker.objects.values_list("worker_id", "pid")) == [(worker.worker_id, os.getpid())]


def test_worker_registration_raises_an_error_other_than_a_locked_database():
    worker = taskworker.Worker(interval=0.01)

    def down(execute, sql, params, many, context):
        raise OperationalError("no such table: core_taskworker")

    with connection.execute_wrapper(down), pytest.raises(OperationalError, match="no such table"):
        worker.register()

    assert TaskWorker.objects.count() == 0
