"""Embeddings in the database: written only when a text or an encoder changed, read in bulk.

A document is (collection, object_id, language, parts): part 0 is the whole text, parts 1…
its passages. Each part is stored once per active encoder with the text's hash and the
encoder's version, so an unchanged text is never encoded twice and a new encoder version
re-encodes everything on the next `reindex`.

Passages are encoded when needed: `refresh` (one document) encodes them with the whole text,
a bulk reindex (`save(passages=False)`) only the whole texts, which is all that search,
ranking and neighbourhoods read, and drops passages whose text or encoder version changed;
`save_passages` encodes them for the documents a match shows (`services.ensure_passages`).
On the demo, passages are five in six of the texts to encode.

Part 0 is one vector however long the text: past `encoders.WINDOW_CHARS` it is the
length-weighted mean of overlapping windows cut at sentence ends (`encoders.windows`), so
the end of a long text counts as much as its start. The hash covers the whole cleaned text
(up to `encoders.MAX_CHARS`): a text that used to be cut at 2,000 characters is re-encoded
once by the next save or reindex, and never again while it is unchanged.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone

from . import encoders, lexical
from .models import Embedding, Neighbourhood

MAX_PASSAGES = 8
_SENTENCE_END = re.compile(r"(?<=[.!?。！？।])\s*|\n+")


@dataclass(frozen=True)
class Document:
    object_id: int
    language: str
    parts: tuple[str, ...]  # whole text first, then passages (may be none)


def passages(*fields: str) -> list[str]:
    """Title, summary, and the sentences of the details, as the passages a match can point to."""
    out: list[str] = []
    for field in fields:
        for piece in _SENTENCE_END.split(field or ""):
            piece = encoders.clean(piece)
            if len(piece) >= 12 and piece not in out:
                out.append(piece)
    return out[:MAX_PASSAGES]


def _hash(text: str) -> str:
    return hashlib.sha256(encoders.clean(text).encode()).hexdigest()


def save(
    collection: str, documents: list[Document], progress: Callable[[int], None] | None = None, *,
    passages: bool = True,
) -> int:
    """Encode and store what changed for these documents (pass at most ~500 at a time);
    returns how many parts were encoded. `passages=False` (the bulk reindex) encodes only the
    whole texts and drops the passages whose text changed: `save_passages` encodes them
    when a match needs them (`services.ensure_passages`)."""
    count = _save_parts(collection, documents, progress, passages=passages, whole=True)
    lexical.save(collection, {document.object_id: document.parts[0] for document in documents if document.parts})
    return count


def save_passages(collection: str, documents: list[Document]) -> int:
    """Encode and store the passages (parts ≥ 1) of these documents that are missing or
    changed, nothing else; returns how many were encoded."""
    return _save_parts(collection, documents, None, passages=True, whole=False)


def _save_parts(
    collection: str, documents: list[Document], progress: Callable[[int], None] | None, *, passages: bool, whole: bool,
) -> int:
    ids = [d.object_id for d in documents]
    current: dict[tuple[int, int, str], tuple[str, str, str]] = {
        (row.object_id, row.part, row.encoder): (row.text_hash, row.version, row.language)
        for row in Embedding.objects.filter(collection=collection, object_id__in=ids).only(
            "object_id", "part", "encoder", "text_hash", "version", "language"
        )
    }
    encoded = 0
    for encoder in encoders.active():
        stale: list[tuple[Document, int, str]] = []
        for document in documents:
            for part, text in enumerate(document.parts):
                if (part == 0 and not whole) or (part > 0 and not passages):
                    continue
                if current.get((document.object_id, part, encoder.name)) != (_hash(text), encoder.version, document.language):
                    stale.append((document, part, text))
        if not stale:
            continue
        vectors = encoder.encode([text for _, _, text in stale])
        # Stamped after encoding, just before the write: a compaction on any node that starts
        # meanwhile counts its file as built through a moment before its start (index.py), so
        # a row committed a little after its stamp is still in every node's delta.
        now = timezone.now()
        rows = [
            Embedding(
                collection=collection, object_id=document.object_id, part=part, encoder=encoder.name,
                version=encoder.version, language=document.language, text=text if part else "",
                text_hash=_hash(text), vector=vectors[i].tobytes(), updated_at=now,
            )
            for i, (document, part, text) in enumerate(stale)
        ]
        by_part: dict[int, list[int]] = {}
        for document, part, _ in stale:
            by_part.setdefault(part, []).append(document.object_id)
        with transaction.atomic():
            for part, part_ids in by_part.items():
                Embedding.objects.filter(
                    collection=collection, encoder=encoder.name, part=part, object_id__in=part_ids
                ).delete()
            Embedding.objects.bulk_create(rows, batch_size=500)
        encoded += len(stale)
        if progress:
            progress(len(stale))
    # Passages a shorter text no longer has; without `passages`, also those whose text changed
    # (they are encoded again when shown, never shown stale).
    last: dict[int, int] = {}
    for object_id, part, _ in current:
        last[object_id] = max(part, last.get(object_id, 0))
    for document in documents:
        keep = len(document.parts)
        if not passages:
            hashes = [_hash(text) for text in document.parts]
            keep = next(
                (part for part in range(1, len(document.parts)) for encoder in encoders.active()
                 if (key := (document.object_id, part, encoder.name)) in current
                 and current[key] != (hashes[part], encoder.version, document.language)),
                keep,
            )
        if last.get(document.object_id, -1) >= keep:
            Embedding.objects.filter(collection=collection, object_id=document.object_id, part__gte=keep).delete()
    return encoded


def forget(collection: str, object_ids: Iterable[int]) -> None:
    ids = list(object_ids)
    Embedding.objects.filter(collection=collection, object_id__in=ids).delete()
    Neighbourhood.objects.filter(collection=collection, object_id__in=ids).delete()
    lexical.forget(collection, ids)


@dataclass
class Vectors:
    """Whole-text vectors of some documents: per encoder a matrix, rows in `ids` order."""

    ids: list[int]
    languages: list[str]
    by_encoder: dict[str, np.ndarray]


def whole_text_vectors(collection: str, object_ids: Iterable[int] | None = None) -> Vectors:
    rows = Embedding.objects.filter(collection=collection, part=0)
    if object_ids is not None:
        rows = rows.filter(object_id__in=list(object_ids))
    names = [encoder.name for encoder in encoders.active()]
    found: dict[int, dict[str, bytes]] = {}
    languages: dict[int, str] = {}
    for object_id, encoder_name, language, vector in rows.filter(encoder__in=names).values_list(
        "object_id", "encoder", "language", "vector"
    ).iterator(chunk_size=2000):
        found.setdefault(object_id, {})[encoder_name] = bytes(vector)
        languages[object_id] = language
    ids = sorted(i for i, by in found.items() if len(by) == len(names))  # fully embedded only
    by_encoder = {
        name: (np.frombuffer(b"".join(found[i][name] for i in ids), dtype=np.float32).reshape(len(ids), -1)
               if ids else np.zeros((0, 1), dtype=np.float32))
        for name in names
    }
    return Vectors(ids=ids, languages=[languages[i] for i in ids], by_encoder=by_encoder)


def passage_vectors(collection: str, object_id: int) -> tuple[list[str], str, dict[str, np.ndarray]]:
    """(passages, language, {encoder: matrix}) of one document's parts ≥ 1."""
    names = [encoder.name for encoder in encoders.active()]
    rows = list(
        Embedding.objects.filter(collection=collection, object_id=object_id, part__gte=1, encoder__in=names)
        .order_by("part")
        .values_list("part", "encoder", "language", "text", "vector")
    )
    texts: dict[int, str] = {}
    language = ""
    per: dict[str, dict[int, np.ndarray]] = {name: {} for name in names}
    for part, encoder_name, lang, text, vector in rows:
        texts[part] = text
        language = lang
        per[encoder_name][part] = np.frombuffer(bytes(vector), dtype=np.float32)
    parts = sorted(p for p in texts if all(p in per[name] for name in names))
    return (
        [texts[p] for p in parts],
        language,
        {name: np.vstack([per[name][p] for p in parts]) if parts else np.zeros((0, 1), np.float32) for name in names},
    )
