"""Thin tasks: take ids, call the service."""

from django_tasks import task

from . import services


@task()
def translate(*, translation_id: int) -> str:
    return services.run_translation(translation_id)


@task()
def refresh_desk_item(*, source: str, object_id: int) -> int:
    return services.refresh_desk(source, [object_id])
