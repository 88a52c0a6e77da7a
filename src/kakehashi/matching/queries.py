"""Permission-checked reads of the matching engine.

- `rank_opportunities(text, queryset, limit)` and `rank_posts(…)`: free-text search in any
  language, restricted to the ids of `queryset` (which the caller has already filtered).
- `matches_for(opportunity, viewer)`: the explained matches of an opportunity that the viewer
  may see, others' anonymous opportunities without their organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from kakehashi.opportunities import queries as opportunity_queries
from kakehashi.opportunities.language import detect_language
from kakehashi.opportunities.models import Opportunity, live_q

from . import encoders, engine
from .models import Match
from .ranking import COLLECTION

MAX_QUERY_CHARS = 500


def _rank(collection: str, text: str, queryset: QuerySet, limit: int) -> list[tuple[int, float]]:
    text = encoders.clean(text)[:MAX_QUERY_CHARS]
    if not text:
        return []
    allowed = set(queryset.values_list("pk", flat=True))
    if not allowed:
        return []
    query = engine.Query.from_text(text, detect_language(text))
    return [(hit.object_id, round(hit.score, 4)) for hit in engine.rank(collection, query, allowed=allowed, limit=limit)]


def rank_opportunities(text: str, queryset: QuerySet[Opportunity], limit: int = 100) -> list[tuple[int, float]]:
    """[(opportunity id, score)] best first. Empty, whitespace-only or unreadable text ranks nothing."""
    return _rank(COLLECTION, text, queryset, limit)


def rank_posts(text: str, queryset: QuerySet, limit: int = 100) -> list[tuple[int, float]]:
    """[(post id, score)] best first, among the posts of `queryset` (already permission-filtered)."""
    return _rank("post", text, queryset, limit)


@dataclass
class ShownMatch:
    other: Opportunity
    score: float
    signals: dict
    organisation: Any  # None: anonymous to this viewer


def matches_for(opportunity: Opportunity, viewer: Any, limit: int = 10) -> list[ShownMatch]:
    """Live, visible matches, best first. Empty unless the viewer may see `opportunity`."""
    if not opportunity_queries.visible_to(viewer).filter(pk=opportunity.pk).exists():
        return []
    visible = opportunity_queries.visible_to(viewer).filter(live_q())
    rows = list(
        Match.objects.filter(opportunity=opportunity, other__in=visible)
        .select_related("other__organisation")
        .order_by("-score", "id")[:limit]
    )
    others = opportunity_queries.with_owner_display([row.other for row in rows], viewer)
    return [ShownMatch(other, row.score, row.signals, other.shown_organisation) for row, other in zip(rows, others, strict=True)]


def is_embedded(opportunity: Opportunity) -> bool:
    from .models import Embedding

    return Embedding.objects.filter(collection=COLLECTION, object_id=opportunity.pk, part=0).exists()
