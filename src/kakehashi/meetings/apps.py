from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class MeetingsConfig(AppConfig):
    name = "kakehashi.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        registry.periodic("kakehashi.meetings.sweeps.sweep_requests", every="MEETINGS_SWEEP_SECONDS")
        registry.periodic("kakehashi.meetings.sweeps.resume_stale_runs", every="MEETINGS_SWEEP_SECONDS")
        registry.seeder(70, "seed_meetings")
        registry.dashboard_panel(35, "meetings/_dashboard.html", "kakehashi.meetings.dashboard.dashboard_panel")
        registry.item_aside("meetings/_aside.html", "kakehashi.meetings.aside.session_aside")
