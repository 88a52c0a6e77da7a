"""The meeting scheduler on realistic matchmaking sessions, against its proven bound and greedy.

    PYTHONPATH=src .venv/bin/python bench/meetings_schedule.py [--sizes 200x1000x16,1000x5000x16,3000x20000x24]
        [--time-limit 60] [--seed 1] [--workers 2] [--tables both|on|off]

Instances (seeded): half the participants in India (IST), half in Japan (JST); 80 % of the
requests cross the border; the receiver of a request is drawn with Zipf-like popularity
(weight 1/rank^0.6 within each country), so a few participants receive far more requests than
they have slots; 30 % must-meet, 70 % would-like, the fit drawn from Beta(2, 2); each
participant cannot attend 25 % of the slots (drawn at random) and one in ten has a cap of 4–8
meetings. "With tables": each slot has participants / 5 tables, which binds (unlimited rooms
would hold up to participants / 2 meetings per slot).

For each size and table setting it prints the solve time, meetings placed, weight, the proven
bound (the smallest of the combinatorial, LP and CP-SAT bounds; which one in brackets), the
gap, the greedy weight and its share of the bound, and PASS when the weight is ≥ 99 % of the
bound and never below greedy. Tests never assert these times; record the output in
docs/benchmarks.md.
"""

import argparse
import os
import random
import time

from kakehashi.meetings.scheduling import LIKE, MUST, Problem, Request, greedy, solve

GOAL = 0.99


def instance(participants: int, requests: int, slots: int, *, tables: bool, seed: int) -> Problem:
    rng = random.Random(seed * 1_000_003 + participants * 7 + requests + slots)
    people = list(range(1, participants + 1))
    india, japan = people[: participants // 2], people[participants // 2 :]
    popularity = {p: 1 / (rank**0.6) for group in (india, japan) for rank, p in enumerate(rng.sample(group, len(group)), start=1)}
    weights = {id(group): [popularity[p] for p in group] for group in (india, japan)}
    pairs: set[tuple[int, int]] = set()
    out = []
    while len(out) < requests:
        a = rng.choice(people)
        home, abroad = (india, japan) if a <= participants // 2 else (japan, india)
        group = abroad if rng.random() < 0.8 else home
        b = rng.choices(group, weights=weights[id(group)])[0]
        pair = (min(a, b), max(a, b))
        if a == b or pair in pairs:
            continue
        pairs.add(pair)
        priority = MUST if rng.random() < 0.3 else LIKE
        out.append(Request(len(out) + 1, a, b, priority, round(rng.betavariate(2, 2), 3)))
    grid = list(range(1, slots + 1))
    away = max(1, round(0.25 * slots))
    unavailable = {p: frozenset(rng.sample(grid, away)) for p in people}
    caps = {p: rng.randint(4, 8) for p in people if rng.random() < 0.1}
    capacity = dict.fromkeys(grid, max(1, participants // 5)) if tables else None
    return Problem(slots=grid, requests=out, capacity=capacity, unavailable=unavailable, caps=caps)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200x1000x16,1000x5000x16,3000x20000x24", help="participants x requests x slots, comma-separated")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tables", choices=["both", "on", "off"], default="both")
    parser.add_argument("--verbose", action="store_true", help="print each progress report")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; "
          f"time limit {args.time_limit:g} s, {args.workers} workers, seed {args.seed}")
    header = "| participants | requests | slots | tables | solve s | placed | weight | bound | gap % | greedy | greedy % | status | ≥ 99 % of bound |"
    print(header)
    print("|" + "---:|" * 11 + "---|---|")
    settings = {"both": [False, True], "on": [True], "off": [False]}[args.tables]
    for size in args.sizes.split(","):
        participants, requests, slots = (int(part) for part in size.split("x"))
        for tables in settings:
            problem = instance(participants, requests, slots, tables=tables, seed=args.seed)
            started = time.perf_counter()
            report = (lambda p: print(f"    {p.seconds:7.2f} s  weight {p.weight:,}  bound {p.bound:,}", flush=True) or True) if args.verbose else None
            schedule = solve(problem, time_limit=args.time_limit, workers=args.workers, progress=report)
            seconds = time.perf_counter() - started
            baseline = greedy(problem)
            assert baseline.weight == schedule.greedy_weight
            which = min(schedule.bounds, key=lambda name: schedule.bounds[name])
            ok = schedule.weight >= GOAL * schedule.bound and schedule.weight >= schedule.greedy_weight
            table_text = str(problem.capacity[1]) if problem.capacity else "∞"
            print(
                f"| {participants:,} | {requests:,} | {slots} | {table_text} | {seconds:.1f} | {len(schedule.assignment):,} "
                f"| {schedule.weight:,} | {schedule.bound:,} ({which}) | {100 * schedule.gap:.2f} | {schedule.greedy_weight:,} "
                f"| {100 * schedule.greedy_weight / max(schedule.bound, 1):.2f} | {schedule.status} | {'PASS' if ok else 'FAIL'} |",
                flush=True,
            )
            print(f"    bounds: {schedule.bounds}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
