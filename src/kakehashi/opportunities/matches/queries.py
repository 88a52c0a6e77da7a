"""Permission-checked reads of opportunity matches.

- `matches_for(opportunity, viewer)`: the explained matches of an opportunity that the viewer
  may see, others' anonymous opportunities without their organisation.
- `is_embedded(opportunity)`: whether the matching engine has embedded it yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kakehashi.accounts.people import Viewer
from kakehashi.matching import queries as matching

from .. import queries as opportunity_queries
from ..models import Match, Opportunity, live_q
from . import COLLECTION, ranking


@dataclass
class ShownMatch:
    other: Opportunity
    score: float
    signals: dict
    organisation: Any  # None: anonymous to this viewer

    @property
    def strength(self) -> str:
        """"strong", "good" or "possible" (`ranking.strength`)."""
        return ranking.strength(self.score)


def matches_for(opportunity: Opportunity, viewer: Viewer, limit: int = 10) -> list[ShownMatch]:
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
    return matching.is_indexed(COLLECTION, opportunity.pk)
