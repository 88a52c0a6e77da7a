"""Free-text search: the cross-lingual semantic signal fused with the lexical one, and a
relevance cut-off below which nothing is returned.

**Semantic relevance.** The engine's calibrated similarity (`engine.similarity_matrix`: the
mean z-score of each encoder's cosine against its background of unrelated texts) is on one
scale for every pair of languages, but a query still sits higher, on average, against texts
of its own language and against texts of its domain. So each document's similarity is read
against the query's *own background in that document's language*: relevance = similarity −
the mean similarity of the query to the collection's documents in that language (a cached
sample of up to `SAMPLE` per language, shrunk towards the calibration's 0 by `PRIOR`
pseudo-documents when a language has few documents, and only by `SAME_LANGUAGE_PRIOR` in the
query's own language, where the calibration's 0 is no fair guess). A Japanese query's best English answer and its best Japanese answer
are then compared fairly, and a query unrelated to everything (random letters, another
domain) has no document far above its background.

**Lexical evidence** (`lexical.py`): the share of the query's terms a document contains.

**Cut-off**, in two steps. *Is there an answer at all?* Only if some document's relevance
reaches `SEMANTIC_ALONE`, or reaches `SEMANTIC_WITH_WORDS` while it contains at least
`MIN_COVERAGE` of the query's terms, or reaches `INCLUDE` while it contains every one of them
(a one-word query: single words sit closer to everything, and far from their translations);
otherwise nothing is returned (random letters, a
wedding cake recipe). *Which documents?* Then every document whose relevance reaches
`INCLUDE` (the related ones around the best answers).

**Order.** Whether and which documents answer is decided on the query as typed; their order
comes from the query moved towards its `FEEDBACK_DOCUMENTS` most relevant distinct documents
(pseudo-relevance feedback; near-copies of a chosen one are skipped), which lifts texts that
say the same in other words.

**Fusion.** score = relevance (of the moved query) + `LEXICAL_WEIGHT` × coverage. Lexical matches are nearly
always in the query's own language, so the weight is kept below the gap that separates a
good cross-lingual answer from a merely plausible one: it reorders close calls and lets a
document that contains the words pass the cut-off, but it cannot lift a same-language text
above a clearly better answer in another language, and it never counts for a document the
semantic signal does not find plausible.

**Candidates.** With at most `engine.EXACT_LIMIT` allowed ids, all are scored; otherwise the
index's nearest (`engine.candidates`), plus the documents the lexical index finds
(`lexical.matching_ids`), always intersected with the allowed ids.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from kakehashi.core.languages import CODES

from . import encoders, engine, lexical, memo, store
from .models import Embedding

# Tuned with `kakehashi eval-search` on the demo data (docs/benchmarks.md).
SEMANTIC_ALONE = 1.0  # relevance (similarity above the query's background) that answers on its own
SEMANTIC_WITH_WORDS = 0.75  # that answers when the text also contains the query's words
MIN_COVERAGE = 0.5
INCLUDE = 0.5  # once the query is answered: every document at least this relevant
LEXICAL_WEIGHT = 0.2
POOL = 300  # semantic candidates asked of the index when the allowed ids are many
SAMPLE = 400  # documents per language for the query's background
HUB_WEIGHT = 0.0
# Pseudo-relevance feedback: the order (not the cut-off) comes from the query moved towards its
# best few documents, which are mostly in other languages, so short queries find the texts
# that say the same thing in other words (eval-search: nDCG@10 0.737 → 0.761).
FEEDBACK_DOCUMENTS = 3
FEEDBACK_WEIGHT = 1.0
# Feedback documents are distinct texts: one within this cosine of an already chosen one (under
# every encoder: the same offer posted twice) is skipped, or a pair of copies would pull the
# query twice as hard towards what they share with it (eval-search: 0.772 → 0.774, within noise).
DUPLICATE = 0.97
PRIOR = 20  # pseudo-documents at the calibration's 0 mixed into a language's background
# The query's own language is shrunk far less: the calibration's 0 is what a text scores against
# unrelated texts of another language, and against its own language a query scores higher
# whatever they say (Hindi, 31 demo texts: its own background was underestimated by a third).
# Only once the language has at least PRIOR texts: in a handful, one answer is most of the mean.
SAME_LANGUAGE_PRIOR = 5


@dataclass(frozen=True)
class Scored:
    object_id: int
    score: float  # fused: relevance + LEXICAL_WEIGHT × coverage
    relevance: float  # semantic: similarity − the query's background in the document's language
    similarity: float  # calibrated similarity (the engine's z-score scale)
    coverage: float  # lexical, 0–1
    language: str


def answers(relevance: float, coverage: float) -> bool:
    """Whether a document this relevant, with this lexical coverage, shows the query has an answer."""
    return (
        relevance >= SEMANTIC_ALONE
        or (relevance >= SEMANTIC_WITH_WORDS and coverage >= MIN_COVERAGE)
        or (relevance >= INCLUDE and coverage >= 1.0)
    )


def _sample(collection: str) -> store.Vectors:
    """Up to SAMPLE documents per language (evenly spread over the ids), kept until the
    collection's vectors change (`memo.py`)."""
    encoder = encoders.active()[0].name
    return memo.kept(collection, ("sample", encoder), lambda: _read_sample(collection, encoder))


def _read_sample(collection: str, encoder: str) -> store.Vectors:
    rows = Embedding.objects.filter(collection=collection, part=0, encoder=encoder)
    chosen: list[int] = []
    for language in CODES:
        ids = list(rows.filter(language=language).order_by("object_id").values_list("object_id", flat=True))
        step = max(1, len(ids) // SAMPLE)
        chosen += ids[::step][:SAMPLE]
    return store.whole_text_vectors(collection, chosen)


def backgrounds(collection: str, query: engine.Query) -> dict[str, float]:
    """The query's mean calibrated similarity to the documents of each language."""
    sample = _sample(collection)
    out = dict.fromkeys(CODES, 0.0)
    if not sample.ids:
        return out
    similarity, _ = engine.similarity_matrix(query, sample)
    languages = np.asarray(sample.languages)
    for language in CODES:
        values = similarity[(languages == language) & np.isfinite(similarity)]
        # Own language, measured on at least PRIOR texts: trusted more (see SAME_LANGUAGE_PRIOR).
        prior = SAME_LANGUAGE_PRIOR if language == query.language and len(values) >= PRIOR else PRIOR
        out[language] = float(values.sum() / (len(values) + prior)) if len(values) + prior else 0.0
    return out


def _relevance(
    collection: str, query: engine.Query, vectors: store.Vectors, similarity: np.ndarray | None = None
) -> np.ndarray:
    """Each document's similarity to the query less the query's background in its language."""
    if similarity is None:
        similarity, _ = engine.similarity_matrix(query, vectors)
    background = backgrounds(collection, query)
    return similarity - np.array([background.get(lang, 0.0) for lang in vectors.languages])


def feedback_documents(vectors: store.Vectors, relevance: np.ndarray) -> list[int]:
    """Positions of the FEEDBACK_DOCUMENTS most relevant documents, skipping near-duplicates
    (cosine ≥ DUPLICATE under every encoder) of one already chosen."""
    chosen: list[int] = []
    for k in np.argsort(-np.where(np.isfinite(relevance), relevance, -np.inf), kind="stable"):
        if len(chosen) == FEEDBACK_DOCUMENTS:
            break
        duplicate = any(
            all(float(matrix[k] @ matrix[j]) >= DUPLICATE for matrix in vectors.by_encoder.values()) for j in chosen
        )
        if not duplicate:
            chosen.append(int(k))
    return chosen


def expanded(query: engine.Query, vectors: store.Vectors, relevance: np.ndarray) -> engine.Query:
    """The query moved towards its FEEDBACK_DOCUMENTS most relevant distinct documents
    (pseudo-relevance feedback, Rocchio): per encoder, query + FEEDBACK_WEIGHT × the mean of
    their vectors."""
    top = feedback_documents(vectors, relevance)
    moved = {}
    for name, vector in query.vectors.items():
        v = vector + FEEDBACK_WEIGHT * vectors.by_encoder[name][top].mean(axis=0)
        moved[name] = v / max(float(np.linalg.norm(v)), 1e-12)
    return engine.Query(query.language, moved)


def _worth_scoring(plausible: list[int], order: np.ndarray, limit: int) -> list[int]:
    """The plausible documents whose lexical coverage can matter: with more than `limit` of
    them, only those whose semantic order plus the most coverage can add (`LEXICAL_WEIGHT`)
    reaches the `limit`-th best semantic order; the others cannot enter the first `limit`
    whatever their words (at 100,000 documents most near-copies are plausible)."""
    if len(plausible) <= limit:
        return plausible
    values = order[plausible]
    threshold = float(np.partition(values, len(values) - limit)[len(values) - limit])
    return [k for k, value in zip(plausible, values.tolist(), strict=True) if value + LEXICAL_WEIGHT >= threshold]


def rank(collection: str, query: engine.Query, text: str, *, allowed: Collection[int], limit: int) -> list[Scored]:
    """The relevant documents among `allowed` for the query, best first, at most `limit`."""
    query_terms = lexical.terms(text)
    worded = lexical.matching_ids(collection, query_terms)
    if len(allowed) <= engine.EXACT_LIMIT:
        ids = list(allowed)
    else:
        ids = engine.candidates(collection, query, allowed=allowed, want=POOL)
        seen = set(ids)
        ids += [i for i in worded if i in allowed and i not in seen]
    vectors = store.whole_text_vectors(collection, ids)
    if not vectors.ids:
        return []
    similarity, _ = engine.similarity_matrix(query, vectors)
    relevance = _relevance(collection, query, vectors, similarity)
    order = _relevance(collection, expanded(query, vectors, relevance), vectors) if FEEDBACK_DOCUMENTS else relevance
    if HUB_WEIGHT:
        density = engine.densities(collection, vectors.ids, vectors.languages, query.language)
        stats = engine.baseline(collection)
        usual = np.array([stats.density(lang, query.language) for lang in vectors.languages])
        relevance = relevance - HUB_WEIGHT * (density - usual)
    plausible = np.flatnonzero(np.isfinite(relevance) & (relevance >= INCLUDE)).tolist()  # not a Python loop over every id
    keys = lexical.sound_keys(text)
    scoring = _worth_scoring(plausible, order, limit)
    covered = lexical.coverages(collection, query_terms, [vectors.ids[k] for k in scoring], keys)
    # A document that contains every word of the query as written (or in one of its versions)
    # answers it whatever the semantic signal says: one-word queries (ビザ, वीज़ा) sit far from
    # everything, their translations included.
    position = {object_id: k for k, object_id in enumerate(vectors.ids)}
    chosen = set(plausible)
    unsure = [position[i] for i in worded if i in position and position[i] not in chosen]
    exact = lexical.coverages(collection, query_terms, [vectors.ids[k] for k in unsure])
    worded_only = [k for k in unsure if exact.get(vectors.ids[k], 0.0) >= 1.0]
    covered.update({vectors.ids[k]: 1.0 for k in worded_only})
    scored = [
        Scored(
            vectors.ids[k], float(order[k]) + LEXICAL_WEIGHT * covered.get(vectors.ids[k], 0.0),
            float(relevance[k]), float(similarity[k]), covered.get(vectors.ids[k], 0.0), vectors.languages[k],
        )
        for k in plausible + worded_only
    ]
    if not worded_only and not any(answers(s.relevance, s.coverage) for s in scored):
        if len(scoring) == len(plausible):
            return []
        # Some coverages were skipped as unable to reach the first `limit`: the gate needs them all.
        rest = [vectors.ids[k] for k in sorted(set(plausible) - set(scoring))]
        if not any(answers(float(relevance[position[i]]), c)
                   for i, c in lexical.coverages(collection, query_terms, rest, keys).items()):
            return []
    scored.sort(key=lambda s: (-s.score, s.object_id))
    return scored[:limit]
