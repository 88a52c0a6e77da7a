"""Every write of the matching engine: embeddings, neighbourhoods, index files.

Contract for apps (collections are registered in `collections.py`):
- `index_document(collection, object_id)` whenever a document is created, edited, changes
  status or is deleted: after commit, a task fetches it through the collection, re-embeds
  what changed (or forgets it when the collection no longer returns it) and runs the
  collection's `on_change` hook. Encoding never runs in the request.
- `forget(collection, ids)` when documents are deleted: their vectors and neighbourhoods go
  at once, in the caller's transaction (no encoding, so no task is needed).
- `ensure_passages(collection, ids)` before showing which passages of two documents match
  (`queries.best_passages`): `refresh` encodes a document's passages with it, but a bulk
  `reindex` encodes only whole texts (half of the encoding work, and all that search and
  ranking read), so passages are encoded for the documents a match shows, when it is
  computed.
- `reindex()` rebuilds everything from the database, one at a time across processes (the
  `matching.reindex` lease); `compact_indexes()` is the periodic job: it never reindexes
  inline, it queues `reindex_all` unless one is queued or running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction

from kakehashi.core import leases

from . import collections, encoders, engine, index, store

log = logging.getLogger(__name__)
REINDEX_LEASE = "matching.reindex"
LEASE_SECONDS = 900  # renewed after every batch: a dead reindex frees the lease within 15 minutes
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


def ensure_passages(collection: str, object_ids: Iterable[int]) -> int:
    """Encode the passages of these documents that are missing or changed (a bulk reindex
    encodes only whole texts): call it before `queries.best_passages` shows a pair, in a
    task, never in a request. Returns how many passages were encoded (0 when all are there)."""
    documents = list(collections.get(collection).fetch(sorted(set(object_ids))))
    return store.save_passages(collection, documents) if documents else 0


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


def compact_if_needed(threshold: int | None = None) -> bool:
    """Fold this node's exact delta into its base index files when it has reached
    `threshold` vectors (default `INDEX_DELTA_LIMIT`)."""
    threshold = settings.INDEX_DELTA_LIMIT if threshold is None else threshold
    built = False
    for name in collections.names():
        for encoder in encoders.active():
            if index.delta_size(name, encoder.name, encoder.version) >= threshold:
                index.compact(name, encoder.name, encoder.version)
                built = True
    return built


def reindex_pending() -> bool:
    """A reindex runs now (the lease is held) or `reindex_all` waits in the task queue."""
    from django_tasks.base import TaskResultStatus  # noqa: PLC0415  (kept next to the model import it serves)
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415  (models load after this module)

    from .tasks import reindex_all  # noqa: PLC0415  (circular: tasks import this module)

    queued = DBTaskResult.objects.filter(
        task_path=reindex_all.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    return leases.held(REINDEX_LEASE) or queued.exists()


def compact_indexes() -> bool:
    """Periodic job: queue a full reindex after a change of encoder (unless one is queued or
    running: never inline, so other periodic jobs keep their turn); otherwise fold a delta
    of 50 or more vectors into a new base index (on this node: each node has its own files)."""
    from .tasks import reindex_all  # noqa: PLC0415  (circular: tasks import this module)

    if needs_reindex():
        if reindex_pending():
            log.info("compact_indexes: a reindex is queued or running; not starting another")
            return False
        reindex_all.enqueue()
        return True
    return compact_if_needed(threshold=min(50, settings.INDEX_DELTA_LIMIT))


def reindex_collection(name: str, progress: Progress | None = None) -> dict[str, int]:
    """Rebuild one collection's vectors, index files and neighbourhoods from the database,
    then its app's derived data (`on_reindex`). Returns {name: documents, "encoded_parts": n, …}."""
    registered = collections.get(name)
    live = sorted(set(registered.live_ids()))
    stale = set(store.Embedding.objects.filter(collection=name).values_list("object_id", flat=True)) - set(live)
    store.forget(name, stale)
    encoded = 0
    for start in range(0, len(live), BATCH):
        encoded += store.save(name, list(registered.fetch(live[start : start + BATCH])), passages=False)
        if progress:
            progress(name, min(start + BATCH, len(live)), len(live))
    for encoder in encoders.active():
        index.build(name, encoder.name, encoder.version)
    engine.compute_neighbourhoods(name)
    figures = {name: len(live), "encoded_parts": encoded}
    if registered.on_reindex is not None:
        figures.update(registered.on_reindex(progress))
    return figures


def reindex(progress: Progress | None = None) -> dict[str, int]:
    """Rebuild every registered collection; figures summed over them. Only one reindex runs
    at a time across processes: while another holds the lease this one is skipped and
    returns {"skipped": 1}."""
    holder = leases.claim(REINDEX_LEASE, seconds=LEASE_SECONDS)
    if holder is None:
        log.warning("reindex skipped: another reindex is running")
        return {"skipped": 1}

    def renewing(stage: str, done: int, total: int) -> None:
        leases.renew(REINDEX_LEASE, holder, seconds=LEASE_SECONDS)
        if progress:
            progress(stage, done, total)

    figures: dict[str, int] = {"encoded_parts": 0}
    try:
        for name in collections.names():
            for key, value in reindex_collection(name, renewing).items():
                figures[key] = figures.get(key, 0) + value
    finally:
        leases.release(REINDEX_LEASE, holder)
    return figures
