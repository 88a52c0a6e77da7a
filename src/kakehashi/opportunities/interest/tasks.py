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


@task()
def mail_translated(*, template: str, user_ids: list[int], context: dict, quote: str, countries: dict) -> int:
    from . import translated_mail  # noqa: PLC0415  (circular: translated_mail enqueues this task)

    return translated_mail.send_translated(template, user_ids, context, quote, countries)
