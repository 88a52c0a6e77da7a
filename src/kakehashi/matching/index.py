"""The vector index: one usearch HNSW file per (collection, encoder) under the data directory,
plus an exact "delta" of the vectors written since that file was built.

- The base file is memory-mapped (`Index.restore(view=True)`), so every web process on a
  node shares one copy in the page cache. It is written to a temporary name and renamed over
  the old one (atomic on POSIX): a reader sees the old index or the new one, never half.
- Vectors written after the base was built (`Embedding.updated_at > built_through`) are
  searched exactly, with numpy, and override the base for their ids. `compact()` folds them
  into a new base when there are many (a periodic job) and `kakehashi reindex` rebuilds all.
- Several nodes share one database, each with its own files (its data directory): the delta
  is read from the database, so a vector written through any node is searched by every node
  as soon as it is committed. Each node folds its own delta: the indexing task and the
  periodic job on the nodes that run them, and any process whose search reads a delta of
  `INDEX_DELTA_LIMIT` vectors or more, in a background thread (one process per node at a
  time: a lock file), so a node that runs only web processes keeps a bounded delta too.
- A file built at t counts as built through t − `INDEX_SETTLE_SECONDS`: a vector stamped just
  before t and committed just after is then in the delta (and harmlessly in the file too).
- Deleting or expiring a document needs no index write: callers pass the ids they allow,
  and the re-ranking reads vectors from the database, where a deleted document has none.
- Vectors are indexed with their language's centroid subtracted (centroids computed at build
  time and kept in the metadata): multilingual encoders place every text of one language a
  little apart, and without this a Hindi query's nearest neighbours are mostly Hindi, so its
  English translation can fall out of the candidates (measured: e5 hi→en recall@200 0.965
  raw, 0.999 centred). The final ranking uses the raw vectors.
- Deterministic: the same vectors give the same file and the same search results in every
  run. HNSW insertion with several threads races (which node links to which depends on
  timing: measured, half of 300 queries got a different top-100 from two builds of the same
  6,000 vectors), so vectors are added by one thread, in id order, with usearch's fixed
  level generator. `search` breaks equal distances by id.
- Scores are cosine similarities; usearch stores int8-quantised vectors (≈ 1 byte per
  dimension, plus ≈ 0.4 KB of graph links and bookkeeping at M=16), the exact re-ranking
  uses the float32 vectors in the database: the index only proposes candidates.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

import numpy as np
from django.conf import settings
from django.db import connections
from django.utils import timezone
from usearch.index import Index

from .models import Embedding

log = logging.getLogger(__name__)

DTYPE = "i8"
CONNECTIVITY = 16  # chosen by bench/matching_index.py at 100,000 and 200,000 vectors (docs/benchmarks.md)
EXPANSION_ADD = 128
EXPANSION_SEARCH = 512  # at least (usearch searches with max(this, the count asked for)); at 1,000,000 topical
# vectors: recall@10 0.985 at p99 4.7 ms, against 0.940 at 128 (docs/benchmarks.md)


def _paths(collection: str, encoder_name: str) -> tuple[str, str]:
    directory = settings.MATCHING_INDEX_DIR
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in encoder_name)
    return str(directory / f"{collection}.{safe}.usearch"), str(directory / f"{collection}.{safe}.json")


@dataclass
class _Base:
    index: Index | None
    built_through: datetime | None
    version: str
    mtime: int
    centroids: dict[str, np.ndarray]


_loaded: dict[str, _Base] = {}
_lock = threading.Lock()


def _base(collection: str, encoder_name: str) -> _Base:
    """The base index as last written (re-opened when another process replaced the file)."""
    index_path, meta_path = _paths(collection, encoder_name)
    try:
        mtime = os.stat(meta_path).st_mtime_ns
    except FileNotFoundError:
        return _Base(None, None, "", 0, {})
    with _lock:
        cached = _loaded.get(meta_path)
        if cached and cached.mtime == mtime:
            return cached
        with open(meta_path, encoding="utf-8") as handle:
            meta = json.load(handle)
        # `restore` opens a file with usearch's default search expansion (64), not the one it
        # was built with: the expansion is a search setting, given here each time.
        index = Index.restore(index_path, view=True, expansion_search=EXPANSION_SEARCH) if meta["size"] else None
        centroids = {lang: np.asarray(c, dtype=np.float32) for lang, c in meta.get("centroids", {}).items()}
        base = _Base(index, datetime.fromisoformat(meta["built_through"]), meta["version"], mtime, centroids)
        _loaded[meta_path] = base
        return base


def _settled(started: datetime) -> datetime:
    """What a file built from the rows stamped up to `started` is counted as built through."""
    return started - timedelta(seconds=settings.INDEX_SETTLE_SECONDS)


def _atomic_write_json(path: str, data: dict) -> None:
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _centred(matrix: np.ndarray, languages: list[str], centroids: dict[str, np.ndarray]) -> np.ndarray:
    out = matrix.astype(np.float32, copy=True)
    for lang, centroid in centroids.items():
        rows = np.array([code == lang for code in languages], dtype=bool)
        if rows.any():
            out[rows] -= centroid
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def _centroids(rows) -> dict[str, np.ndarray]:
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    for language, vector in rows:
        v = np.frombuffer(bytes(vector), dtype=np.float32)
        sums[language] = sums.get(language, 0) + v
        counts[language] = counts.get(language, 0) + 1
    return {lang: (sums[lang] / counts[lang]).astype(np.float32) for lang in sums}


def build(collection: str, encoder_name: str, version: str) -> int:
    """Write a new base index from every whole-text vector of this encoder; returns its size.
    Single-threaded, in id order: the same vectors always give the same graph."""
    os.makedirs(settings.MATCHING_INDEX_DIR, exist_ok=True)
    index_path, meta_path = _paths(collection, encoder_name)
    started = timezone.now()
    rows = Embedding.objects.filter(
        collection=collection, encoder=encoder_name, version=version, part=0, updated_at__lte=started
    ).order_by("object_id")
    centroids = _centroids(rows.values_list("language", "vector").iterator(chunk_size=5000))
    index: Index | None = None
    keys: list[int] = []
    languages: list[str] = []
    chunk: list[np.ndarray] = []

    def flush() -> None:
        nonlocal index
        if not keys:
            return
        matrix = _centred(np.vstack(chunk), languages, centroids)
        if index is None:
            index = Index(ndim=matrix.shape[1], metric="cos", dtype=DTYPE, connectivity=CONNECTIVITY,
                          expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)
        index.add(np.asarray(keys, dtype=np.uint64), matrix, threads=1)
        keys.clear()
        languages.clear()
        chunk.clear()

    for object_id, language, vector in rows.values_list("object_id", "language", "vector").iterator(chunk_size=5000):
        keys.append(object_id)
        languages.append(language)
        chunk.append(np.frombuffer(bytes(vector), dtype=np.float32))
        if len(keys) >= 5000:
            flush()
    flush()
    size = len(index) if index is not None else 0
    if index is not None:
        tmp = f"{index_path}.tmp-{os.getpid()}"
        index.save(tmp)
        os.replace(tmp, index_path)
    # The index file first, then the metadata that names it: a reader with the old metadata
    # and the new file searches a delta that is larger than needed, which is harmless.
    _atomic_write_json(meta_path, {
        "built_through": _settled(started).isoformat(), "size": size, "version": version,
        "centroids": {lang: [round(float(x), 6) for x in c] for lang, c in centroids.items()},
    })
    log.info("built %s/%s index with %d vectors", collection, encoder_name, size)
    return size


def compact(collection: str, encoder_name: str, version: str) -> int:
    """Fold the delta into the base without rebuilding it: load the base file, replace the
    vectors of updated documents, add the new ones (one thread, in id order), write it under
    a temporary name and rename it over the old one. O(delta), where `build` is O(everything)."""
    base = _base(collection, encoder_name)
    if base.index is None or base.version != version:
        return build(collection, encoder_name, version)
    index_path, meta_path = _paths(collection, encoder_name)
    started = timezone.now()
    rows = list(
        Embedding.objects.filter(
            collection=collection, encoder=encoder_name, version=version, part=0,
            updated_at__gt=base.built_through, updated_at__lte=started,
        ).order_by("object_id").values_list("object_id", "language", "vector")
    )
    centroids = dict(base.centroids)
    for language, centroid in _centroids((lang, v) for _, lang, v in rows).items():
        centroids.setdefault(language, centroid)  # a language the base had never seen
    # A private, writable copy (the base file was just loaded); links keep the file's M.
    index = cast(Index, Index.restore(index_path, expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH))
    if rows:
        keys = np.asarray([object_id for object_id, _, _ in rows], dtype=np.uint64)
        present = keys[np.asarray(index.contains(keys), dtype=bool)]
        if len(present):
            index.remove(present)
        matrix = np.frombuffer(b"".join(bytes(v) for _, _, v in rows), dtype=np.float32).reshape(len(rows), -1)
        index.add(keys, _centred(matrix, [lang for _, lang, _ in rows], centroids), threads=1)
    tmp = f"{index_path}.tmp-{os.getpid()}"
    index.save(tmp)
    os.replace(tmp, index_path)
    _atomic_write_json(meta_path, {
        "built_through": _settled(started).isoformat(), "size": len(index), "version": version,
        "centroids": {lang: [round(float(x), 6) for x in c] for lang, c in centroids.items()},
    })
    log.info("compacted %s/%s index: %d vectors folded in, %d in all", collection, encoder_name, len(rows), len(index))
    return len(index)


def delta_size(collection: str, encoder_name: str, version: str) -> int:
    base = _base(collection, encoder_name)
    rows = Embedding.objects.filter(collection=collection, encoder=encoder_name, part=0)
    if base.built_through is None or base.version != version:
        return rows.count()
    return rows.filter(updated_at__gt=base.built_through).count()


def search(collection: str, encoder_name: str, version: str, query: np.ndarray, language: str, count: int) -> list[int]:
    """Ids of the `count` nearest whole-text vectors to `query` (written in `language`):
    approximate for the base, exact for the delta, nearest first."""
    base = _base(collection, encoder_name)
    rows = Embedding.objects.filter(collection=collection, encoder=encoder_name, version=version, part=0)
    usable_base = base.index is not None and base.version == version
    if usable_base:
        rows = rows.filter(updated_at__gt=base.built_through)
    delta = list(rows.order_by("object_id").values_list("object_id", "language", "vector")[:20000])
    centroids = base.centroids if usable_base else _centroids((lang, v) for _, lang, v in delta)
    centred_query = _centred(query[None, :], [language], centroids)[0]
    scored: dict[int, float] = {}
    if len(delta) >= settings.INDEX_DELTA_LIMIT:
        compact_in_background(collection, encoder_name, version)
    if delta:
        matrix = np.frombuffer(b"".join(bytes(v) for _, _, v in delta), dtype=np.float32).reshape(len(delta), -1)
        sims = _centred(matrix, [lang for _, lang, _ in delta], centroids) @ centred_query
        for (object_id, _, _), sim in zip(delta, sims, strict=True):
            scored[object_id] = float(sim)
    if usable_base and base.index is not None:
        matches = base.index.search(centred_query, count=count)
        for key, distance in zip(matches.keys, matches.distances, strict=True):
            key = int(key)
            if key not in scored:  # a newer vector in the delta wins
                scored[key] = 1.0 - float(distance)
    return [key for key, _ in sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:count]]


_compacting: set[str] = set()


def compact_in_background(collection: str, encoder_name: str, version: str) -> threading.Thread | None:
    """Fold this node's delta into its file on a thread of this process, unless this process
    is already doing so. Another process of the node (same index directory) holding the lock
    file means it is being done there: the thread then returns without work."""
    key = f"{collection}/{encoder_name}"
    with _lock:
        if key in _compacting:
            return None
        _compacting.add(key)
    thread = threading.Thread(
        target=_compact_once, args=(collection, encoder_name, version), name=f"compact {key}", daemon=True
    )
    thread.start()
    return thread


def _compact_once(collection: str, encoder_name: str, version: str) -> None:
    try:
        os.makedirs(settings.MATCHING_INDEX_DIR, exist_ok=True)
        with open(_paths(collection, encoder_name)[1] + ".lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            if delta_size(collection, encoder_name, version) >= settings.INDEX_DELTA_LIMIT:
                compact(collection, encoder_name, version)
    except Exception:  # a search must never fail for this; the periodic job tries again
        log.exception("background compaction of %s/%s failed", collection, encoder_name)
    finally:
        connections.close_all()  # this thread's own connections; the thread ends here
        with _lock:
            _compacting.discard(f"{collection}/{encoder_name}")


def drop_cached() -> None:
    """Forget opened files (tests point MATCHING_INDEX_DIR somewhere new)."""
    with _lock:
        _loaded.clear()
