"""Search-query encoding under concurrency, by native thread setting.

    .venv/bin/python bench/matching_threads.py [--queries 200] [--concurrency 4]

A search encodes its query with every active encoder. This encodes `--queries` short search
queries (en, ja, hi) with `--concurrency` threads of one process (a threaded server), then
with as many processes (gunicorn workers), and prints queries per second for:

- `every core`: what OpenBLAS and OpenMP take when no variable is set (each pool as many
  threads as cores) — the state before the platform sized the pools;
- `MATCHING_THREADS=1` (the default) and `MATCHING_THREADS=2`, through `kakehashi.threads`
  as every entry point does it.

Models are loaded and warmed before the clock starts.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
WORDS = {
    "en": ["welding", "apprenticeship", "software", "nursing", "logistics", "textile", "robotics", "farming",
           "Osaka", "Pune", "internship", "bridge", "design", "export", "language", "partner"],
    "ja": ["溶接", "研修", "ソフトウェア", "介護", "物流", "繊維", "ロボット", "農業", "大阪", "提携", "設計", "輸出"],
    "hi": ["वेल्डिंग", "प्रशिक्षण", "सॉफ्टवेयर", "नर्सिंग", "रसद", "कपड़ा", "रोबोटिक्स", "खेती", "पुणे", "साझेदार"],
}

CHILD = r"""
import json, os, sys, threading, time
sys.path.insert(0, {src!r})
if {configure!r}:
    from kakehashi import threads
    threads.configure()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
import django
django.setup()
from kakehashi.matching import encoders
encoders.PIECES_KEPT = 0  # the model's cost, not the vectors an encoder keeps for texts seen before
queries, concurrency, start_at = json.loads(sys.stdin.read())
active = encoders.active()
for encoder in active:
    encoder.encode(["warm up"])
share = queries[{part} :: {parts}]
def work(mine):
    for q in mine:
        for encoder in active:
            encoder.encode([q])
workers = [threading.Thread(target=work, args=(share[i::concurrency],)) for i in range(concurrency)]
while time.time() < start_at:
    time.sleep(0.01)
started = time.perf_counter()
for w in workers: w.start()
for w in workers: w.join()
print(json.dumps([len(share), time.perf_counter() - started]))
"""


def queries(n: int) -> list[str]:
    out = []
    for i in range(n):
        words = WORDS[("en", "ja", "hi")[i % 3]]
        out.append(" ".join(words[(i * k + k) % len(words)] for k in (1, 3, 7)))
    return out


def run(label: str, env_extra: dict[str, str], configure: bool, texts: list[str], concurrency: int, processes: int) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (*VARIABLES, "MATCHING_THREADS")}
    env.update(env_extra)
    env.setdefault("KAKEHASHI_DATA_DIR", tempfile.mkdtemp(prefix="kk-threads-"))
    env.setdefault("DEBUG", "1")
    threads_each = concurrency if processes == 1 else 1
    start_at = time.time() + 20  # every process loaded and warm before the clock starts
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD.format(src=str(ROOT / "src"), configure=configure, part=p, parts=processes)],
                         env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for p in range(processes)
    ]
    for child in children:
        child.stdin.write(json.dumps([texts, threads_each, start_at]))
        child.stdin.close()
    results = [json.loads(child.stdout.read().strip().splitlines()[-1]) for child in children]
    for child in children:
        child.wait()
    done = sum(n for n, _ in results)
    wall = max(seconds for _, seconds in results)
    kind = f"{concurrency} threads, 1 process" if processes == 1 else f"{processes} processes, 1 thread each"
    print(f"{label:<22} {kind:<28} {done / wall:7.1f} queries/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    texts = queries(args.queries)
    cores = str(os.cpu_count() or 1)
    print(f"{args.queries} search queries, every active encoder, {os.cpu_count()} cores")
    settings = (
        ("every core (before)", dict.fromkeys(VARIABLES, cores), False),
        ("MATCHING_THREADS=1", {"MATCHING_THREADS": "1"}, True),
        ("MATCHING_THREADS=2", {"MATCHING_THREADS": "2"}, True),
    )
    for processes in (1, args.concurrency):
        for label, extra, configure in settings:
            run(label, extra, configure, texts, args.concurrency, processes)


if __name__ == "__main__":
    main()
