"""The registry of collections: how an app plugs its documents into the engine.

The engine knows documents (an id, a language, a whole text and its passages), never the
models behind them. An app registers one `Collection` per kind of document, usually in its
`AppConfig.ready`:

    from kakehashi.matching.collections import Collection, register

    register(Collection(
        name="job",                    # stored with every vector: never rename it
        fetch=jobs_as_documents,       # ids -> Documents of those that belong in the index
        live_ids=open_job_ids,         # every id that belongs in the index (reindex)
        visible_ids=jobs_visible_to,   # viewer -> ids the viewer may see (search)
    ))

Optional hooks let the app keep derived data of its own (cached matches) in step:
`on_change(object_id, indexed)` runs after one document was indexed (True) or left the
index (False); `on_reindex(progress)` runs after the whole collection was rebuilt and may
return figures for the `reindex` command to print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .store import Document, passages

__all__ = ["Collection", "Document", "get", "names", "passages", "register", "registered", "unregister"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Collection:
    name: str
    fetch: Callable[[Sequence[int]], Iterable[Document]]
    live_ids: Callable[[], Iterable[int]]
    visible_ids: Callable[[Any], Iterable[int]] | None = None
    on_change: Callable[[int, bool], None] | None = None
    on_reindex: Callable[[Progress | None], dict[str, int]] | None = None

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 20:  # Embedding.collection is 20 characters
            raise ValueError(f"a collection name has 1–20 characters: {self.name!r}")


_registry: dict[str, Collection] = {}


def register(collection: Collection) -> Collection:
    """Add (or replace: `ready` may run twice in tests) a collection; returns it."""
    _registry[collection.name] = collection
    return collection


def unregister(name: str) -> None:
    _registry.pop(name, None)


def get(name: str) -> Collection:
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"no matching collection {name!r} is registered (registered: {names()})") from None


def names() -> list[str]:
    return sorted(_registry)


def registered() -> list[Collection]:
    return [_registry[name] for name in names()]
