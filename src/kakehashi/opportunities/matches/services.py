"""Every write of opportunity matches: the cached, explained `Match` rows.

Contract for the rest of the app (call it from services; it defers itself to after commit):
`opportunity_changed(id)` whenever an opportunity is created, edited, changes status or is
deleted. The matching engine then re-embeds (or forgets) it in a task and calls
`document_changed`, which recomputes (or drops) its matches; the translation desk brings the
opportunity's entries in line in a task of its own (a publication waits on the desk at once). `rebuild_matches` is the
engine's reindex hook for this collection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kakehashi.matching import services as matching
from kakehashi.matching.queries import Hit
from kakehashi.translations import services as translations

from ..models import Match, MatchedPair, Opportunity, live_q
from . import COLLECTION, ranking

CHUNK = 16  # opportunities whose matches a reindex computes together (one batch of passages)


def opportunity_changed(opportunity_id: int) -> None:
    """Re-embed (if the text changed) and recompute the matches of this opportunity, and bring
    its translation-desk entries in line, after commit."""
    matching.index_document(COLLECTION, opportunity_id)
    translations.item_changed("opportunity", opportunity_id)


def refresh_opportunity(opportunity_id: int) -> int:
    """Embed, index and match one opportunity now (what the task does); returns how many
    matches it has."""
    matching.refresh(COLLECTION, opportunity_id)
    return Match.objects.filter(opportunity_id=opportunity_id).count()


def document_changed(opportunity_id: int, indexed: bool) -> None:
    """The engine's hook: the opportunity was (re)embedded, or left the index (not live, deleted)."""
    if not indexed:
        _drop_matches(opportunity_id)
        return
    opportunity = (
        Opportunity.objects.filter(pk=opportunity_id).select_related("organisation").prefetch_related("sectors").first()
    )
    if opportunity is None:
        _drop_matches(opportunity_id)
        return
    _save_matches(opportunity, ranking.rank_matches(opportunity))


def _drop_matches(opportunity_id: int) -> None:
    Match.objects.filter(Q(opportunity_id=opportunity_id) | Q(other_id=opportunity_id)).delete()


def _save_matches(opportunity: Opportunity, ranked: list[tuple[Opportunity, float, dict]], *, reindex: bool = False) -> None:
    """Replace this opportunity's matches; add or refresh the reverse match on the other side."""
    now = timezone.now()
    keep = {other.pk for other, _, _ in ranked}
    with transaction.atomic():
        Match.objects.filter(opportunity=opportunity).exclude(other_id__in=keep).delete()
        _drop_excluded_reverse(opportunity, keep)
        for other, score, signals in ranked:
            Match.objects.update_or_create(
                opportunity=opportunity, other=other,
                defaults={"score": score, "signals": signals, "computed_at": now},
            )
            reverse_score, reverse_signals = ranking.explain(
                other, opportunity,
                Hit(opportunity.pk, opportunity.language, 0.0, signals["similarity_z"], signals["adjusted_z"]),
            )
            Match.objects.update_or_create(
                opportunity=other, other=opportunity,
                defaults={"score": reverse_score, "signals": reverse_signals, "computed_at": now},
            )
            # The other side keeps only its best KEEP matches.
            surplus = Match.objects.filter(opportunity=other).order_by("-score", "id")[ranking.KEEP :]
            Match.objects.filter(pk__in=list(surplus.values_list("pk", flat=True))).delete()
        remember_pairs(opportunity, [other for other, _, _ in ranked], now, reindex=reindex)


def remember_pairs(opportunity: Opportunity, others: list[Opportunity], now: dt.datetime, *, reindex: bool) -> None:
    """Note when each pair was first matched; a pair already noted keeps its date. A pair that
    a reindex finds for the first time (a new model, the demo's first run) is no new event:
    it dates from when both opportunities were live (the later `published_at`), not today."""

    def when(other: Opportunity) -> dt.datetime:
        if reindex and opportunity.published_at and other.published_at:
            return min(now, max(opportunity.published_at, other.published_at))
        return now

    MatchedPair.objects.bulk_create(
        [
            MatchedPair(low_id=min(opportunity.pk, other.pk), high_id=max(opportunity.pk, other.pk),
                        first_matched_at=when(other))
            for other in sorted(others, key=lambda o: o.pk) if other.pk != opportunity.pk
        ],
        ignore_conflicts=True,
    )


def _drop_excluded_reverse(opportunity: Opportunity, keep: set[int]) -> None:
    """Other opportunities' matches with this one that its constraints (as edited) now rule out."""
    others = (
        Opportunity.objects.filter(matches__other=opportunity).exclude(pk__in=keep)
        .select_related("organisation")
    )
    excluded = [other.pk for other in others if ranking.exclusions(other, opportunity)]
    if excluded:
        Match.objects.filter(opportunity_id__in=excluded, other=opportunity).delete()


def rebuild_matches(progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """The engine's reindex hook: recompute every live opportunity's matches."""
    live = list(
        Opportunity.objects.filter(live_q()).select_related("organisation").prefetch_related("sectors").order_by("pk")
    )
    Match.objects.exclude(opportunity_id__in=[o.pk for o in live]).delete()
    done = 0
    # The first opportunity alone (its matches show at once), then CHUNK at a time: the
    # passages their matches need are encoded in one batch per chunk.
    for start, end in [(0, 1), *((i, i + CHUNK) for i in range(1, len(live), CHUNK))]:
        chunk = live[start:end]
        ranked = [ranking.rank_matches(opportunity, passages=False) for opportunity in chunk]
        ranking.add_passages(chunk, ranked)
        for opportunity, kept in zip(chunk, ranked, strict=True):
            _save_matches(opportunity, kept, reindex=True)
            done += 1
            if progress:
                progress("match", done, len(live))
    return {"matches": Match.objects.count()}
