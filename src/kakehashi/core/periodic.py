"""Periodic jobs (e.g. sending mail that is due) run by `kakehashi worker` and `kakehashi run`.

Each app registers its jobs in `AppConfig.ready()` (`core.registry.periodic`), with the setting
that holds the interval in seconds. Each job must be safe to run in several processes at once
(they claim rows before acting).

Each due job runs on a thread of its own, so a long one (a compaction) never delays the others
(the 15-second mail sweep); a job still running when it is due again is not started twice.
"""

import logging
import threading
import time

from django.db import close_old_connections, connections

from . import registry

log = logging.getLogger(__name__)


def _run_one(job: registry.PeriodicJob) -> None:
    close_old_connections()
    try:
        job()
    except Exception:  # one failing job must not stop the others; it is logged
        log.exception("periodic job %s failed", job.name)
    finally:
        connections.close_all()  # this thread's connections; the thread ends here


class Scheduler:
    """Starts each due job on its own thread, unless its previous run is still going."""

    def __init__(self) -> None:
        self.last_run: dict[str, float] = {}
        self.in_flight: dict[str, threading.Thread] = {}

    def run_due(self, now: float) -> list[str]:
        """Start every job whose interval has passed and that is not running; returns their names."""
        started = []
        for job in registry.periodic_jobs():
            running = self.in_flight.get(job.name)
            if running is not None and running.is_alive():
                continue
            if now - self.last_run.get(job.name, 0.0) < job.interval:
                continue
            self.last_run[job.name] = now
            thread = threading.Thread(target=_run_one, args=(job,), name=f"periodic {job.name}", daemon=True)
            self.in_flight[job.name] = thread
            thread.start()
            started.append(job.name)
        return started


def loop(stop: threading.Event, tick: float = 1.0) -> None:
    scheduler = Scheduler()
    while not stop.is_set():
        scheduler.run_due(time.monotonic())
        stop.wait(tick)


def start_in_background() -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=loop, args=(stop,), name="kakehashi-periodic", daemon=True).start()
    return stop
