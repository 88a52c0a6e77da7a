from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class OpportunitiesConfig(AppConfig):
    name = "kakehashi.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        registry.periodic("kakehashi.opportunities.services.expire_due", every="OPPORTUNITY_SWEEP_SECONDS")
        registry.periodic("kakehashi.opportunities.services.remind_expiring", every="OPPORTUNITY_SWEEP_SECONDS")
        registry.periodic("kakehashi.opportunities.interest.services.remind_unanswered", every="OPPORTUNITY_SWEEP_SECONDS")
        registry.periodic("kakehashi.opportunities.interest.services.expire_unanswered", every="OPPORTUNITY_SWEEP_SECONDS")
        registry.seeder(20, "seed_opportunities")
        registry.seeder(50, "seed_interests")
        registry.organisation_panel(10, "opportunities/_organisation_panel.html", "kakehashi.opportunities.dashboard.organisation_panel")
        registry.dashboard_panel(20, "opportunities/_dashboard.html", "kakehashi.opportunities.dashboard.dashboard_panel")
        registry.periodic("kakehashi.opportunities.matches.digests.send_match_digests", every="MATCH_DIGEST_SECONDS")
        from .matches.collection import register_collection  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)

        register_collection()
        from .translation import register_sources  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)

        register_sources()
