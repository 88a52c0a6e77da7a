from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import registry


class CoreConfig(AppConfig):
    name = "kakehashi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Imported for their effects: checks registers the deploy checks once the apps are ready; flags connects
        # the signals that clear its cache (its models load after apps.py)
        from . import checks, flags, pagecache  # noqa: F401, PLC0415  (see above)

        # Every database connection bumps the content version when it writes content.
        pagecache.install()

        # Tasks of a worker that died are put back on the queue (core/taskworker.py).
        registry.periodic("kakehashi.core.taskworker.requeue_lost_tasks", every="TASK_SWEEP_SECONDS")
