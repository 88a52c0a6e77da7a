from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


class CommunityConfig(AppConfig):
    name = "kakehashi.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        registry.periodic("kakehashi.community.digests.send_due_digests", every="DIGEST_SWEEP_SECONDS")
        registry.periodic("kakehashi.community.fanout.announce_due_posts", every="ANNOUNCE_SWEEP_SECONDS")
        registry.seeder(30, "seed_community")
        from .search import register_collection  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)

        register_collection()
        from .translation import register_sources  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)

        register_sources()
