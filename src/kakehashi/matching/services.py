"""Every write of the matching engine: embeddings, index files, cached matches, digests.

Contract for other apps (call it from services; it defers itself to after commit):
`opportunity_changed(id)` whenever an opportunity is created, edited, changes status or is
deleted. The work (encoding, matching) runs in a task, never in the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kakehashi.opportunities.models import Opportunity, live_q

from . import encoders, engine, index, ranking, store
from .models import Match

log = logging.getLogger(__name__)
COLLECTION = ranking.COLLECTION
POSTS = "post"
COMPACT_AFTER = 500  # vectors in the exact delta before the base index is rebuilt


def opportunity_changed(opportunity_id: int) -> None:
    """Re-embed (if the text changed) and recompute the matches of this opportunity, after commit."""
    from . import tasks

    transaction.on_commit(lambda: tasks.refresh_opportunity.enqueue(opportunity_id=opportunity_id))


def opportunity_removed(opportunity_id: int) -> None:
    opportunity_changed(opportunity_id)


def post_changed(post_id: int) -> None:
    """Re-embed a community post (for cross-language search), after commit, in a task."""
    from . import tasks

    transaction.on_commit(lambda: tasks.embed_post.enqueue(post_id=post_id))


def _post_document(post) -> store.Document:
    from django.utils.html import strip_tags

    body = strip_tags(post.body_html or post.body or "")
    return store.Document(post.pk, post.language, (f"{post.title}\n{body}", *store.passages(post.title, body)))


def embed_post(post_id: int) -> bool:
    """Store the post's vectors (its visibility is checked at search time); False if gone."""
    from kakehashi.community.models import Post

    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        store.forget(POSTS, [post_id])
        return False
    store.save(POSTS, [_post_document(post)])
    engine.compute_neighbourhoods(POSTS, [post.pk])
    return True


def document_of(opportunity: Opportunity) -> store.Document:
    text = opportunity.text_for_matching
    return store.Document(
        opportunity.pk, opportunity.language,
        (text, *store.passages(opportunity.title, opportunity.summary, opportunity.details)),
    )


def _drop_matches(opportunity_id: int) -> None:
    Match.objects.filter(Q(opportunity_id=opportunity_id) | Q(other_id=opportunity_id)).delete()


def _save_matches(opportunity: Opportunity, ranked: list[tuple[Opportunity, float, dict]]) -> None:
    """Replace this opportunity's matches; add or refresh the reverse match on the other side."""
    now = timezone.now()
    keep = {other.pk for other, _, _ in ranked}
    with transaction.atomic():
        Match.objects.filter(opportunity=opportunity).exclude(other_id__in=keep).delete()
        for other, score, signals in ranked:
            Match.objects.update_or_create(
                opportunity=opportunity, other=other,
                defaults={"score": score, "signals": signals, "computed_at": now},
            )
            reverse_score, reverse_signals = ranking.explain(
                other, opportunity,
                engine.Hit(opportunity.pk, opportunity.language, 0.0, signals["similarity_z"], signals["adjusted_z"]),
            )
            Match.objects.update_or_create(
                opportunity=other, other=opportunity,
                defaults={"score": reverse_score, "signals": reverse_signals, "computed_at": now},
            )
            # The other side keeps only its best KEEP matches.
            surplus = Match.objects.filter(opportunity=other).order_by("-score", "id")[ranking.KEEP :]
            Match.objects.filter(pk__in=list(surplus.values_list("pk", flat=True))).delete()


def refresh_opportunity(opportunity_id: int) -> int:
    """Embed, index and match one opportunity; returns how many matches it has now."""
    opportunity = (
        Opportunity.objects.filter(pk=opportunity_id).select_related("organisation").prefetch_related("sectors").first()
    )
    if opportunity is None:
        store.forget(COLLECTION, [opportunity_id])
        _drop_matches(opportunity_id)
        return 0
    if not opportunity.is_live:
        _drop_matches(opportunity_id)  # the index needs no write: candidates are filtered live
        return 0
    store.save(COLLECTION, [document_of(opportunity)])
    engine.compute_neighbourhoods(COLLECTION, [opportunity.pk])
    ranked = ranking.rank_matches(opportunity)
    _save_matches(opportunity, ranked)
    compact_if_needed()
    return len(ranked)


def needs_reindex() -> bool:
    """Live opportunities but no vectors (a database seeded or restored without them), or
    vectors of another encoder version than the configured one (the encoder changed)."""
    if not Opportunity.objects.filter(live_q()).exists():
        return False
    vectors = store.Embedding.objects.filter(collection=COLLECTION, part=0)
    if not vectors.exists():
        return True
    return any(
        not vectors.filter(encoder=encoder.name, version=encoder.version).exists()
        or vectors.filter(encoder=encoder.name).exclude(version=encoder.version).exists()
        for encoder in encoders.active()
    )


def compact_if_needed(threshold: int = COMPACT_AFTER) -> bool:
    """Fold the exact delta into a new base index when it has grown past `threshold`."""
    built = False
    for collection in (COLLECTION, POSTS):
        for encoder in encoders.active():
            if index.delta_size(collection, encoder.name, encoder.version) >= threshold:
                index.compact(collection, encoder.name, encoder.version)
                built = True
    return built


def compact_indexes() -> bool:
    """Periodic job: re-embed everything after a change of encoder; otherwise fold a delta
    of 50 or more vectors into a new base index."""
    if needs_reindex():
        reindex()
        return True
    return compact_if_needed(threshold=50)


def reindex(progress: Callable[[str, int, int], None] | None = None, threads: int = 0) -> dict[str, int]:
    """Rebuild every embedding, index file, neighbourhood and match from the database."""
    live = list(
        Opportunity.objects.filter(live_q()).select_related("organisation").prefetch_related("sectors").order_by("pk")
    )
    live_ids = {o.pk for o in live}
    stale = set(store.Embedding.objects.filter(collection=COLLECTION).values_list("object_id", flat=True)) - live_ids
    store.forget(COLLECTION, stale)
    encoded = 0
    for start in range(0, len(live), 200):
        encoded += store.save(COLLECTION, [document_of(o) for o in live[start : start + 200]])
        if progress:
            progress("encode", min(start + 200, len(live)), len(live))
    for encoder in encoders.active():
        index.build(COLLECTION, encoder.name, encoder.version, threads=threads)
    engine.compute_neighbourhoods(COLLECTION)
    Match.objects.exclude(opportunity_id__in=live_ids).delete()
    for done, opportunity in enumerate(live, 1):
        _save_matches(opportunity, ranking.rank_matches(opportunity))
        if progress:
            progress("match", done, len(live))
    posts = reindex_posts(progress, threads)
    return {"opportunities": len(live), "posts": posts, "encoded_parts": encoded, "matches": Match.objects.count()}


def reindex_posts(progress: Callable[[str, int, int], None] | None = None, threads: int = 0) -> int:
    from kakehashi.community.models import Post

    posts = list(Post.objects.order_by("pk"))
    store.forget(POSTS, set(store.Embedding.objects.filter(collection=POSTS).values_list("object_id", flat=True))
                 - {p.pk for p in posts})
    for start in range(0, len(posts), 200):
        store.save(POSTS, [_post_document(p) for p in posts[start : start + 200]])
        if progress:
            progress("posts", min(start + 200, len(posts)), len(posts))
    for encoder in encoders.active():
        index.build(POSTS, encoder.name, encoder.version, threads=threads)
    engine.compute_neighbourhoods(POSTS)
    return len(posts)
