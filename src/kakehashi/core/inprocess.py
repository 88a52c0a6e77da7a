"""The embedded default runs its background work inside the `kakehashi run` process.

Tasks go to the database queue (django-tasks-db) and a worker thread here runs them, so a
request only enqueues (a comment with 10,000 followers returns at once) and queued work
survives a restart: the worker beats a heartbeat, and a task left RUNNING by a killed
process is put back in the queue when the next one starts (`core/taskworker.py`).
Production runs the same worker as separate `kakehashi worker` processes instead.
"""

import threading

from .taskworker import Worker


def start_task_worker(*, interval: float = 0.5) -> Worker:
    worker = Worker(prefix="run", interval=interval)
    # No configure_signals(): signal handlers belong to the main thread (runserver's).
    threading.Thread(target=worker.run, name="kakehashi-tasks", daemon=True).start()
    return worker
