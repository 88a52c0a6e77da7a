from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import registry


class CoreConfig(AppConfig):
    name = "kakehashi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import checks  # noqa: F401, PLC0415  (registers the deploy checks once the apps are ready)

        # Tasks of a worker that died are put back on the queue (core/taskworker.py).
        registry.periodic("kakehashi.core.taskworker.requeue_lost_tasks", every="TASK_SWEEP_SECONDS")
