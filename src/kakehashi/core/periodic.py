"""Periodic jobs (e.g. sending mail that is due) run by `kakehashi worker` and `kakehashi run`.

The jobs are listed in settings.PERIODIC_JOBS as (dotted path, interval in seconds). Each job
must be safe to run in several processes at once (they claim rows before acting).
"""

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def run_due(last_run: dict[str, float], now: float) -> list[str]:
    """Run every job whose interval has passed; returns the names run."""
    ran = []
    for path, interval in settings.PERIODIC_JOBS:
        if now - last_run.get(path, 0.0) < interval:
            continue
        last_run[path] = now
        job: Callable[[], object] = import_string(path)
        close_old_connections()
        try:
            job()
        except Exception:  # one failing job must not stop the others; it is logged
            log.exception("periodic job %s failed", path)
        finally:
            close_old_connections()
        ran.append(path)
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
