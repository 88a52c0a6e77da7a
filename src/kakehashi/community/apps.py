from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "kakehashi.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from .search import register_collection

        register_collection()
