"""Periodic jobs (e.g. sending mail that is due) run by `kakehashi worker` and `kakehashi run`.

Each app registers its jobs in `AppConfig.ready()` (`core.registry.periodic`), with the setting
that holds the interval in seconds. Each job must be safe to run in several processes at once
(they claim rows before acting).
"""

import logging
import threading
import time

from django.db import close_old_connections

from . import registry

log = logging.getLogger(__name__)


def run_due(last_run: dict[str, float], now: float) -> list[str]:
    """Run every job whose interval has passed; returns the names run."""
    ran = []
    for job in registry.periodic_jobs():
        if now - last_run.get(job.name, 0.0) < job.interval:
            continue
        last_run[job.name] = now
        close_old_connections()
        try:
            job()
        except Exception:  # one failing job must not stop the others; it is logged
            log.exception("periodic job %s failed", job.name)
        finally:
            close_old_connections()
        ran.append(job.name)
    return ran


def loop(stop: threading.Event, tick: float = 1.0) -> None:
    last_run: dict[str, float] = {}
    while not stop.is_set():
        run_due(last_run, time.monotonic())
        stop.wait(tick)


def start_in_background() -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=loop, args=(stop,), name="kakehashi-periodic", daemon=True).start()
    return stop
