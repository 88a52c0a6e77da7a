from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kakehashi.core import registry


def reindex_if_needed() -> str | None:
    """Warm-up of `kakehashi run`: rebuild vectors, index files and matches in the background
    when they are missing or an encoder changed."""
    from .services import needs_reindex, reindex_pending  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)
    from .tasks import reindex_all  # noqa: PLC0415  (models load after apps.py: imported once the registry is ready)

    if not needs_reindex():
        return None
    if not reindex_pending():  # the periodic compaction may have queued it already
        reindex_all.enqueue()
    return "Computing embeddings and matches in the background (search first, then matches: a few minutes for the demo on 2 cores)…"


class MatchingConfig(AppConfig):
    name = "kakehashi.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        registry.periodic("kakehashi.matching.services.compact_indexes", every="INDEX_COMPACT_SECONDS")
        registry.warm_up(reindex_if_needed)
