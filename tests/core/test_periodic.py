"""Periodic jobs (core/periodic.py) run on threads of their own: a long job never starves
the others, and a job still running is not started again."""

import threading

import pytest

from kakehashi.core import periodic, registry

release = threading.Event()
runs = {"slow": 0, "fast": 0}


def slow_job() -> None:
    runs["slow"] += 1
    release.wait(30)


def fast_job() -> None:
    runs["fast"] += 1


@pytest.fixture
def jobs(settings, monkeypatch):
    settings.TEST_SLOW_SECONDS = 0
    settings.TEST_FAST_SECONDS = 0
    monkeypatch.setattr(registry, "_periodic", [])
    registry.periodic(slow_job, every="TEST_SLOW_SECONDS")
    registry.periodic(fast_job, every="TEST_FAST_SECONDS")
    runs.update(slow=0, fast=0)
    release.clear()
    stop = threading.Event()
    yield stop
    release.set()
    stop.set()


def _wait_until(condition, seconds: float = 20.0) -> bool:
    waited = threading.Event()
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        waited.wait(0.02)
    return condition()


def test_a_slow_periodic_job_does_not_delay_a_fast_one(jobs):
    threading.Thread(target=periodic.loop, args=(jobs, 0.01), daemon=True).start()

    assert _wait_until(lambda: runs["fast"] >= 10)
    assert runs["slow"] == 1  # still running: not started a second time


def test_a_periodic_job_runs_again_once_its_previous_run_ended(jobs):
    threading.Thread(target=periodic.loop, args=(jobs, 0.01), daemon=True).start()
    assert _wait_until(lambda: runs["slow"] == 1)

    release.set()

    assert _wait_until(lambda: runs["slow"] >= 2)
