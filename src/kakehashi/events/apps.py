from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class EventsConfig(AppConfig):
    name = "kakehashi.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        registry.periodic("kakehashi.events.reminders.send_due_reminders", every="EVENTS_SWEEP_SECONDS")
        registry.periodic("kakehashi.events.feedback.send_due_feedback_requests", every="EVENTS_SWEEP_SECONDS")
        registry.seeder(40, "seed_events")
        registry.dashboard_panel(30, "events/_dashboard.html", "kakehashi.events.dashboard.dashboard_panel")
        from .translation import register_sources  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)

        register_sources()
