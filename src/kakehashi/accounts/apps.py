from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class AccountsConfig(AppConfig):
    name = "kakehashi.accounts"
    label = "accounts"
    verbose_name = _("Members and organisations")

    def ready(self) -> None:
        registry.seeder(10, "seed_accounts", is_seeded="kakehashi.accounts.management.commands.seed_accounts.is_seeded")
        from . import people  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)
        from .models import Membership, Organisation, User  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)

        # Whatever a request remembered about who acts for which organisation is stale
        # once a membership, an organisation or an account is saved or deleted.
        def forget(**_kwargs: object) -> None:
            people.forget()

        for model in (Membership, Organisation, User):
            post_save.connect(forget, sender=model, weak=False, dispatch_uid=f"people.forget.save.{model.__name__}")
            post_delete.connect(forget, sender=model, weak=False, dispatch_uid=f"people.forget.delete.{model.__name__}")
