"""Thin tasks: take ids, call the service."""

from django_tasks import task

from . import services


@task()
def import_list(*, list_id: int) -> str:
    return services.run_import(list_id)
