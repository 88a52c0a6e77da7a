from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "kakehashi.talent"
    label = "talent"
    verbose_name = _("Talent (Specified Skilled Worker)")

    def ready(self) -> None:
        from .matches import register_collections  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)

        register_collections()
