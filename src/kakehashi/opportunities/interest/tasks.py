"""Thin tasks: the periodic sweeps, for running from the task queue (e.g. `enqueue()` after
a deploy); the periodic jobs registered in apps.py call the services directly."""

from django_tasks import task

from . import services


@task()
def remind_unanswered() -> int:
    return services.remind_unanswered()


@task()
def expire_unanswered() -> int:
    return services.expire_unanswered()
