"""Long documents: is a passage found wherever it sits in a text longer than one window?

    .venv/bin/python bench/matching_long_documents.py [--documents 40] [--filler 3000]

Synthetic documents from the Tatoeba pairs in ../shared/eval/parallel: each is 6 English
sentences of the en–hi file (its start), about `--filler` characters of other English
sentences (its middle), then 6 English sentences of the en–ja file (its end), ≈ 4,000
characters in all (30 documents by default). Queries: the Hindi translation of a document's start, and the Japanese
translation of its end; each searches all documents, scored like the engine (z-scores per
encoder, averaged over the encoders that cover both languages). Printed: Recall@1 and MRR
for three ways to encode a long text:
- cut: the first 2,000 characters only (before long texts were windowed);
- mean of windows (shipped, `encoders.Encoder.encode`): one vector per document;
- best window: every window kept, a document scores as its best window (needs a vector
  per window in the index and at ranking).
"""

import argparse
import csv
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT.parent / "shared" / "eval" / "parallel"
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")


def _pairs(name: str) -> list[tuple[str, str]]:
    with open(PAIRS / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    return [(row[0].strip(), row[1].strip()) for row in rows if len(row) >= 2 and row[0].strip() and row[1].strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=30)
    parser.add_argument("--filler", type=int, default=3000, help="characters of unrelated sentences in the middle")
    options = parser.parse_args()

    import django

    django.setup()
    from kakehashi.matching import encoders, engine

    en_hi, en_ja = _pairs("tatoeba_laser_en_hi.tsv"), _pairs("tatoeba_laser_en_ja.tsv")
    n = options.documents
    rng = np.random.default_rng(7)
    filler_pool = [en for en, _ in en_ja[6 * n :]]
    documents, queries = [], []  # queries: (language, text, document index)
    for d in range(n):
        start, end = en_hi[6 * d : 6 * d + 6], en_ja[6 * d : 6 * d + 6]
        middle: list[str] = []
        while sum(len(s) + 1 for s in middle) < options.filler:
            middle.append(filler_pool[int(rng.integers(len(filler_pool)))])
        documents.append(" ".join([*(en for en, _ in start), *middle, *(en for en, _ in end)]))
        queries.append(("hi", " ".join(hi for _, hi in start), d))
        queries.append(("ja", " ".join(ja for _, ja in end), d))
    print(f"{n} documents of {min(map(len, documents))}–{max(map(len, documents))} characters, "
          f"{len(encoders.windows(encoders.clean(documents[0])))} windows each (WINDOW_CHARS={encoders.WINDOW_CHARS})")

    active = encoders.active()
    windows = [encoders.windows(encoders.clean(doc)) for doc in documents]
    owner = np.repeat(np.arange(n), [len(w) for w in windows])
    encoded = {}
    for encoder in active:
        per_window = encoder.encode([piece for pieces in windows for piece in pieces])
        # What `encoder.encode(documents)` returns, from the same window vectors (one encoding pass).
        weights = np.array([len(piece) for pieces in windows for piece in pieces], dtype=np.float32)[:, None]
        mean = np.zeros((n, encoder.dim), dtype=np.float32)
        np.add.at(mean, owner, per_window * weights)
        encoded[encoder.name] = {
            "cut": encoder.encode([encoders.clean(doc)[:2000] for doc in documents]),
            "mean of windows": mean / np.linalg.norm(mean, axis=1, keepdims=True),
            "best window": per_window,
            "queries": encoder.encode([text for _, text, _ in queries]),
        }

    print(f"{'encoding':<18} {'start (hi→en) R@1':>18} {'MRR':>6}   {'end (ja→en) R@1':>16} {'MRR':>6}")
    for way in ("cut", "mean of windows", "best window"):
        ranks: dict[str, list[int]] = {"hi": [], "ja": []}
        for q, (language, _, answer) in enumerate(queries):
            total, votes = 0.0, 0
            for encoder in active:
                if not encoder.covers(language, "en"):
                    continue
                mean, spread = engine.background(encoder.name)
                total = total + (encoded[encoder.name][way] @ encoded[encoder.name]["queries"][q] - mean) / spread
                votes += 1
            scores = np.asarray(total) / votes
            if way == "best window":
                best = np.full(n, -np.inf)
                np.maximum.at(best, owner, scores)
                scores = best
            ranks[language].append(int((scores > scores[answer]).sum()))
        cells = []
        for language in ("hi", "ja"):
            r = np.asarray(ranks[language])
            cells.append(f"{np.mean(r == 0):>6.3f} {np.mean(1 / (r + 1)):>6.3f}")
        print(f"{way:<18} {cells[0]:>25}   {cells[1]:>23}")


if __name__ == "__main__":
    main()
