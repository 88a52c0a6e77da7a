from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class NoticesConfig(AppConfig):
    name = "kakehashi.notices"
    label = "notices"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Every page's header counts a member's unread notices, and the dashboard lists them;
        # notices are not content (no content version covers them).
        registry.member_page_state("kakehashi.notices.queries.page_state")
