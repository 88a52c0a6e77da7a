from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplychainConfig(AppConfig):
    name = "kakehashi.supplychain"
    label = "supplychain"
    verbose_name = _("Supply chain")
