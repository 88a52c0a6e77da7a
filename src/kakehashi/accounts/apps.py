from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class AccountsConfig(AppConfig):
    name = "kakehashi.accounts"
    label = "accounts"
    verbose_name = _("Members and organisations")

    def ready(self) -> None:
        registry.seeder(10, "seed_accounts", is_seeded="kakehashi.accounts.management.commands.seed_accounts.is_seeded")
