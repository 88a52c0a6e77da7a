from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class TalentConfig(AppConfig):
    name = "kakehashi.talent"
    label = "talent"
    verbose_name = _("Talent (Specified Skilled Worker)")

    def ready(self) -> None:
        registry.seeder(70, "seed_talent")
        from .matches import register_collections  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)

        register_collections()
        from .translation import register_sources  # noqa: PLC0415  (needs the models)

        register_sources()
        from .pipeline import signals  # noqa: PLC0415  (needs the models)

        signals.connect()
        # After the jobs and candidates of the talent demo: applications in every state.
        registry.seeder(75, "seed_applications", is_seeded="kakehashi.talent.management.commands.seed_applications.is_seeded")
