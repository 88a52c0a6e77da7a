"""Thin tasks: take ids, call the meetings' code."""

from django_tasks import task


@task()
def run_schedule(*, run_id: int) -> str:
    from . import runs  # noqa: PLC0415  (the solver loads OR-Tools: only in the worker that runs it)

    return runs.execute(run_id)


@task()
def notify_agendas(*, session_id: int) -> int:
    from . import mails  # noqa: PLC0415  (mails imports services' models; tasks is imported by services)

    return mails.notify_changed_agendas(session_id)
