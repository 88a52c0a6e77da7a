"""Page and API latency under gunicorn (2 sync workers) on the demo data, SQLite.

    .venv/bin/python bench/pages.py [--requests 400] [--concurrency 4]

Prints, per URL: requests/s, p50 and p99 latency. The load generator runs on the same
2-core machine as the server, so figures are conservative.
"""

import argparse
import http.client
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from _server import serve

PATHS = [
    "/",
    "/organisations/",
    "/organisations/?country=JP&sector=C",
    "/organisations/?q=precision",
    "/api/v1/organisations?country=IN",
    "/api/v1/sectors",
    "/healthz",
]


def _worker(base: str, path: str, n: int) -> list[float]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        conn.request("GET", path, headers={"Accept-Language": "ja"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        timings.append(time.perf_counter() - start)
    conn.close()
    return timings


def measure(base: str, path: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    _worker(base, path, 5)  # warm up
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: _worker(base, path, requests // concurrency), range(concurrency)))
    elapsed = time.perf_counter() - start
    timings = sorted(t for r in results for t in r)
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return len(timings) / elapsed, statistics.median(timings) * 1000, p99 * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with serve(gunicorn=True, workers=2) as base:
        print(f"{'path':44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for path in PATHS:
            rps, p50, p99 = measure(base, path, args.requests, args.concurrency)
            print(f"{path:44} {rps:8.0f} {p50:8.1f} {p99:8.1f}")


if __name__ == "__main__":
    main()
