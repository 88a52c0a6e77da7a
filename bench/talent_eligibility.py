"""SSW eligibility of synthetic candidates against synthetic jobs (talent.eligibility).

    PYTHONPATH=src DJANGO_SETTINGS_MODULE=kakehashi.settings .venv/bin/python bench/talent_eligibility.py [--candidates 10000] [--jobs 1000] [--runs 5]

The rules are those of talent.rules (the 16 fields, N3 for bus and taxi driving, the Care
Japanese test, the TITP (ii) waivers, the 5-year limit). Candidates draw a JLPT level, a
JFT-Basic result, the Care test, 0-3 skills tests (SSW i or ii), a TITP (ii) field for one in
five, and months in SSW (i); jobs draw a field, a level and, for one in six, bus/taxi driving.
It times `eligibility.matrix` (numpy, the whole candidates x jobs grid at once; best and median
of --runs), checks 20,000 random pairs against the one-pair `check` (must agree), and times
`check` on those pairs to show the per-pair cost of the plain function.
"""

import argparse
import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
django.setup()

from django.utils import translation  # noqa: E402

from kakehashi.talent.eligibility import Candidate, Job, check, matrix  # noqa: E402
from kakehashi.talent.rules import engine_rules  # noqa: E402


def synthetic(rules, n_candidates: int, n_jobs: int, seed: int = 42) -> tuple[list[Candidate], list[Job]]:
    rng = random.Random(seed)
    codes = list(rules.fields)
    candidates = [
        Candidate(
            jlpt=rng.choice([None, None, 1, 2, 3, 4, 4, 5, 5]), jft_a2=rng.random() < 0.4, care_test=rng.random() < 0.2,
            skills=frozenset((rng.choice(codes), rng.choice([1, 1, 1, 2])) for _ in range(rng.randint(0, 3))),
            titp2=frozenset([rng.choice(codes)] if rng.random() < 0.2 else []), ssw1_months=rng.choice([0, 0, 12, 30, 59, 60]),
        )
        for _ in range(n_candidates)
    ]
    jobs = []
    for _ in range(n_jobs):
        code = rng.choice(codes)
        category = "bus_taxi" if code == "automobile_transportation" and rng.random() < 0.5 else ""
        jobs.append(Job(code, rng.choice([1, 1, 1, 2]), category))
    return candidates, jobs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rules = engine_rules()
    candidates, jobs = synthetic(rules, args.candidates, args.jobs)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        grid = matrix(rules, candidates, jobs)
        times.append(time.perf_counter() - start)
    pairs = grid.size
    print(f"{args.candidates:,} candidates x {args.jobs:,} jobs = {pairs:,} pairs; eligible: {int(grid.sum()):,} ({grid.mean():.1%})")
    print(f"matrix: best {min(times):.2f} s, median {statistics.median(times):.2f} s ({args.runs} runs)")
    rng = random.Random(1)
    sample = [(rng.randrange(len(candidates)), rng.randrange(len(jobs))) for _ in range(20_000)]
    with translation.override("en"):
        start = time.perf_counter()
        agree = all(check(rules, candidates[i], jobs[j]).eligible == bool(grid[i, j]) for i, j in sample)
        per_pair = (time.perf_counter() - start) / len(sample)
    print(f"check (one pair at a time): {per_pair * 1e6:.1f} µs a pair, so ~{per_pair * pairs:.0f} s for the whole grid; agrees with matrix on 20,000 pairs: {agree}")
    if not agree:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
