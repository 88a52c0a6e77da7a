from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class SupplychainConfig(AppConfig):
    name = "kakehashi.supplychain"
    label = "supplychain"
    verbose_name = _("Supply chain")

    def ready(self) -> None:
        registry.seeder(55, "seed_supplychain")
        registry.seeder(56, "seed_simulations")
        # Supplier files may be larger than other uploads: the page's and the API's upload only.
        registry.upload_limit(r"^/supply-chain/upload/$", "SUPPLYCHAIN_UPLOAD_MAX_BYTES")
        registry.upload_limit(r"^/api/v1/supply-chain/lists/?$", "SUPPLYCHAIN_UPLOAD_MAX_BYTES")
        registry.dashboard_panel(40, "supplychain/_dashboard.html", "kakehashi.supplychain.dashboard.dashboard_panel")
