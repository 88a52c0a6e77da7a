"""Thin tasks: take ids, call services."""

from django_tasks import task

from . import services


@task()
def index_document(*, collection: str, object_id: int) -> bool:
    return services.refresh(collection, object_id)


@task()
def compact_indexes() -> bool:
    return services.compact_indexes()


@task()
def reindex_all() -> dict:
    return services.reindex()
