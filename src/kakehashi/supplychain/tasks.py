"""Thin tasks: take ids, call the service."""

from django_tasks import task

from . import services


@task()
def import_list(*, list_id: int) -> str:
    return services.run_import(list_id)


@task()
def run_simulation(*, simulation_id: int) -> str:
    from . import planning  # noqa: PLC0415  (circular: planning imports this module to enqueue)

    return str(planning.execute_simulation(simulation_id))
