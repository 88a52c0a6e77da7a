"""The embedded default runs its background work inside the `kakehashi run` process.

Tasks go to the database queue (django-tasks-db) and a worker thread here runs them, so a
request only enqueues (a comment with 10,000 followers returns at once) and queued work
survives a restart. Production runs the same worker as separate `kakehashi worker`
processes instead.
"""

import os
import threading

from django_tasks_db.management.commands.db_worker import Worker


def start_task_worker(*, interval: float = 0.5) -> Worker:
    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"run-{os.getpid()}",
        excluded_queue_names=[],
    )
    # No configure_signals(): signal handlers belong to the main thread (runserver's).
    threading.Thread(target=worker.run, name="kakehashi-tasks", daemon=True).start()
    return worker
