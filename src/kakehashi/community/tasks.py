"""Thin tasks: take ids, call services."""

from django_tasks import task

from . import services


@task()
def fan_out_comment(*, comment_id: int) -> int:
    return services.fan_out_comment(comment_id)
