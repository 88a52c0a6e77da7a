"""What a process derives from a collection's stored vectors, kept until they change.

A search needs the same things every time: the collection's size, the background sample of
`hybrid.py`, and, for a small collection, every whole-text vector. Reading them from the
database on every search was most of its cost outside the encoders. Each is now kept per
process together with the collection's `CollectionStamp` token, and computed again when the
token in the database differs (one indexed read of one row per use).

`store.save` and `store.forget` give the collection a new random token after they wrote, so
the next search of any process sees the change; the token is written after the data, so a
process that read the old token with half-new data computes again on its next search. A
collection without a token (vectors written by hand, a database older than the token) has
nothing kept: everything is read each time, as before.

Nothing kept here depends on who searches: which documents a viewer may see is read anew on
every search (`queries.allowed_ids`), and vectors alone reveal nothing.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import connection
from django.utils import timezone

from .models import CollectionStamp

T = TypeVar("T")

_kept: dict[tuple[str, Hashable], tuple[str, object]] = {}
_lock = threading.Lock()
_pinned = threading.local()


def stamp(collection: str) -> str | None:
    """The collection's current token; None when it has none (nothing is then kept)."""
    pinned = getattr(_pinned, "tokens", {})
    if collection in pinned:
        return pinned[collection]
    with connection.cursor() as cursor:  # the hot path of every search: no ORM compilation
        cursor.execute(f"SELECT stamp FROM {CollectionStamp._meta.db_table} WHERE collection = %s", [collection])
        row = cursor.fetchone()
    return row[0] if row else None


@contextmanager
def one_reading(collection: str) -> Iterator[None]:
    """Read the collection's token once for everything inside (one search), not at each use."""
    tokens = getattr(_pinned, "tokens", None)
    if tokens is None:
        tokens = _pinned.tokens = {}
    if collection in tokens:
        yield
        return
    tokens[collection] = stamp(collection)
    try:
        yield
    finally:
        del tokens[collection]


def touch(collection: str) -> None:
    """Give the collection a new token: every process computes what it kept again. Call it
    after writing the collection's vectors or lexical texts."""
    CollectionStamp.objects.bulk_create(
        [CollectionStamp(collection=collection, stamp=uuid.uuid4().hex, changed_at=timezone.now())],
        update_conflicts=True, unique_fields=["collection"], update_fields=["stamp", "changed_at"],
    )


def kept(collection: str, key: Hashable, compute: Callable[[], T], token: str | None = None) -> T:
    """`compute()`, kept with the collection's token (`token` when the caller has just read
    it) until the token changes."""
    if token is None:
        token = stamp(collection)
    if token is None:
        return compute()
    with _lock:
        found = _kept.get((collection, key))
    if found is not None and found[0] == token:
        return found[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _kept[(collection, key)] = (token, value)
    return value


def clear() -> None:
    """Forget everything kept (tests and benchmarks that change data behind the store's back)."""
    with _lock:
        _kept.clear()
