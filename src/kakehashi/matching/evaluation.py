"""Cross-lingual retrieval quality of the matching pipeline on pairs of translations.

Every sentence of every pair file becomes a document of one mixed collection (English,
Japanese and Hindi together), stored, indexed and searched by the same code as
opportunities: `store.save` → `index.build` → `engine.compute_neighbourhoods` →
`engine.rank`. For a direction X→Y, each X sentence searches the mixed index as search and
matches do, with every language competing (the production regime: sentences in X itself,
and in the third language, can outrank the translation), and we record where its
translation ranks. Also reported (`filtered`): the same search restricted to documents in Y
(the search's language filter; the candidates still come from the one mixed index).
The other documents are *different* sentences, so here a same-language neighbour is never
the right answer; in real search it can be, and the ranking does not penalise it beyond
the language pair's baseline (see `engine.py`).

Runs inside a transaction that is rolled back, with the index files in a temporary
directory: the platform's data is untouched.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test import override_settings

from . import encoders, engine, index, store

COLLECTION = "eval"


@dataclass
class PairFile:
    path: Path
    source: str  # language of column 1
    target: str  # language of column 2
    pairs: list[tuple[str, str]]


def read_pairs(path: Path, limit: int | None = None) -> PairFile:
    """A two-column TSV of translations whose header names the two languages (e.g. `en\\tja`)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    if len(header) < 2 or not all(len(code) == 2 for code in header[:2]):
        raise ValueError(f"{path}: the first line must name the two languages, e.g. 'en<TAB>ja'")
    pairs = [(row[0], row[1]) for row in body if len(row) >= 2 and row[0].strip() and row[1].strip()]
    return PairFile(path, header[0], header[1], pairs[:limit] if limit else pairs)


def _metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "recall_at_1": round(sum(1 for r in ranks if r == 0) / n, 4),
        "recall_at_10": round(sum(1 for r in ranks if r is not None and r < 10) / n, 4),
        "mrr": round(sum(1 / (r + 1) for r in ranks if r is not None) / n, 4),
    }


def evaluate(files: list[PairFile], progress: Callable[[str, int, int], None] | None = None) -> dict:
    """{"ja->en": {"recall_at_1": …, "recall_at_10": …, "mrr": …}, …, "filtered": {…}, "size": n}:
    every language competing first, the same restricted to the answer's language in
    `filtered`. MRR counts the first 10 results (a translation ranked lower scores 0)."""
    documents: list[store.Document] = []
    queries: list[tuple[str, int, int, str]] = []  # (direction, query id, answer id, answer language)
    for pair_file in files:
        for left, right in pair_file.pairs:
            left_id, right_id = len(documents) + 1, len(documents) + 2
            documents.append(store.Document(left_id, pair_file.source, (left,)))
            documents.append(store.Document(right_id, pair_file.target, (right,)))
            queries.append((f"{pair_file.target}->{pair_file.source}", right_id, left_id, pair_file.source))
            queries.append((f"{pair_file.source}->{pair_file.target}", left_id, right_id, pair_file.target))
    with tempfile.TemporaryDirectory() as directory, override_settings(MATCHING_INDEX_DIR=Path(directory)):
        index.drop_cached()
        with transaction.atomic():
            for start in range(0, len(documents), 500):
                store.save(COLLECTION, documents[start : start + 500])
                if progress:
                    progress("encode", min(start + 500, len(documents)), len(documents))
            for encoder in encoders.active():
                index.build(COLLECTION, encoder.name, encoder.version)
            engine.compute_neighbourhoods(COLLECTION)
            vectors = store.whole_text_vectors(COLLECTION)
            position = {object_id: k for k, object_id in enumerate(vectors.ids)}
            ranks: dict[str, list[int | None]] = {}
            filtered: dict[str, list[int | None]] = {}
            for done, (direction, query_id, answer_id, answer_language) in enumerate(queries, 1):
                k = position[query_id]
                query = engine.Query(vectors.languages[k], {n: m[k] for n, m in vectors.by_encoder.items()})
                for bucket, languages in ((ranks, None), (filtered, {answer_language})):
                    hits = engine.rank(COLLECTION, query, exclude={query_id}, limit=10, languages=languages)
                    found = [hit.object_id for hit in hits]
                    bucket.setdefault(direction, []).append(found.index(answer_id) if answer_id in found else None)
                if progress and done % 200 == 0:
                    progress("search", done, len(queries))
            transaction.set_rollback(True)
        index.drop_cached()
    result: dict[str, Any] = {direction: _metrics(values) for direction, values in ranks.items()}
    result["filtered"] = {direction: _metrics(values) for direction, values in filtered.items()}
    result["size"] = len(documents)
    return result
