"""Thin tasks: take ids, call services."""

from django_tasks import task

from . import services


@task()
def refresh_opportunity(*, opportunity_id: int) -> None:
    services.refresh_opportunity(opportunity_id)


@task()
def compact_indexes() -> bool:
    return services.compact_indexes()


@task()
def embed_post(*, post_id: int) -> bool:
    return services.embed_post(post_id)


@task()
def reindex_all() -> dict:
    return services.reindex()
