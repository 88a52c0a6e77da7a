"""Thin tasks: take ids, call services."""

from django_tasks import task

from . import services


@task()
def deliver(*, message_id: str) -> str:
    return services.deliver(message_id)


@task()
def deliver_due() -> int:
    return services.deliver_due()
