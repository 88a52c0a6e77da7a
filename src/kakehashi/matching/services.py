"""Every write of the matching engine: embeddings, neighbourhoods, index files.

Contract for apps (collections are registered in `collections.py`):
- `index_document(collection, object_id)` whenever a document is created, edited, changes
  status or is deleted: after commit, a task fetches it through the collection, re-embeds
  what changed (or forgets it when the collection no longer returns it) and runs the
  collection's `on_change` hook. Encoding never runs in the request.
- `forget(collection, ids)` when documents are deleted: their vectors and neighbourhoods go
  at once, in the caller's transaction (no encoding, so no task is needed).
- `reindex()` rebuilds everything from the database; `compact_indexes()` is the periodic job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

from . import collections, encoders, engine, index, store

log = logging.getLogger(__name__)
COMPACT_AFTER = 500  # vectors in the exact delta before the base index is rebuilt
BATCH = 200

Progress = Callable[[str, int, int], None]


def index_document(collection: str, object_id: int) -> None:
    """Re-embed (if the text changed) or forget this document, after commit, in a task."""
    from . import tasks  # noqa: PLC0415  (circular: tasks import this module)

    collections.get(collection)  # fail now, in the caller, on an unknown collection
    transaction.on_commit(lambda: tasks.index_document.enqueue(collection=collection, object_id=object_id))


def forget(collection: str, object_ids: Iterable[int]) -> None:
    """Remove these documents' vectors, passages and neighbourhoods now. The index files
    need no write: re-ranking reads vectors from the database, where they are gone."""
    store.forget(collection, object_ids)


def refresh(collection: str, object_id: int) -> bool:
    """Embed one document as the collection returns it now, or forget it when it returns
    nothing (deleted, or no longer live); then run the collection's hook. True if indexed."""
    registered = collections.get(collection)
    documents = list(registered.fetch([object_id]))
    if documents:
        store.save(collection, documents)
        engine.compute_neighbourhoods(collection, [object_id])
    else:
        store.forget(collection, [object_id])
    if registered.on_change is not None:
        registered.on_change(object_id, bool(documents))
    if documents:
        compact_if_needed()
    return bool(documents)


def _exists(ids: Iterable[int]) -> bool:
    exists = getattr(ids, "exists", None)  # a queryset answers without loading its rows
    return exists() if callable(exists) else next(iter(ids), None) is not None


def needs_reindex() -> bool:
    """A collection has live documents but no vectors (a database seeded or restored
    without them), or vectors of another encoder version than the configured one."""
    for registered in collections.registered():
        if not _exists(registered.live_ids()):
            continue
        vectors = store.Embedding.objects.filter(collection=registered.name, part=0)
        if not vectors.exists():
            return True
        if any(
            not vectors.filter(encoder=encoder.name, version=encoder.version).exists()
            or vectors.filter(encoder=encoder.name).exclude(version=encoder.version).exists()
            for encoder in encoders.active()
        ):
            return True
    return False


def compact_if_needed(threshold: int = COMPACT_AFTER) -> bool:
    """Fold the exact delta into a new base index when it has grown past `threshold`."""
    built = False
    for name in collections.names():
        for encoder in encoders.active():
            if index.delta_size(name, encoder.name, encoder.version) >= threshold:
                index.compact(name, encoder.name, encoder.version)
                built = True
    return built


def compact_indexes() -> bool:
    """Periodic job: re-embed everything after a change of encoder; otherwise fold a delta
    of 50 or more vectors into a new base index."""
    if needs_reindex():
        reindex()
        return True
    return compact_if_needed(threshold=50)


def reindex_collection(name: str, progress: Progress | None = None, threads: int = 0) -> dict[str, int]:
    """Rebuild one collection's vectors, index files and neighbourhoods from the database,
    then its app's derived data (`on_reindex`). Returns {name: documents, "encoded_parts": n, …}."""
    registered = collections.get(name)
    live = sorted(set(registered.live_ids()))
    stale = set(store.Embedding.objects.filter(collection=name).values_list("object_id", flat=True)) - set(live)
    store.forget(name, stale)
    encoded = 0
    for start in range(0, len(live), BATCH):
        encoded += store.save(name, list(registered.fetch(live[start : start + BATCH])))
        if progress:
            progress(name, min(start + BATCH, len(live)), len(live))
    for encoder in encoders.active():
        index.build(name, encoder.name, encoder.version, threads=threads)
    engine.compute_neighbourhoods(name)
    figures = {name: len(live), "encoded_parts": encoded}
    if registered.on_reindex is not None:
        figures.update(registered.on_reindex(progress))
    return figures


def reindex(progress: Progress | None = None, threads: int = 0) -> dict[str, int]:
    """Rebuild every registered collection; figures summed over them."""
    figures: dict[str, int] = {"encoded_parts": 0}
    for name in collections.names():
        for key, value in reindex_collection(name, progress, threads).items():
            figures[key] = figures.get(key, 0) + value
    return figures
