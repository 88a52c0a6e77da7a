"""Large-neighbourhood search around the incumbent, for components CP-SAT cannot close in time.

Each round frees a neighbourhood and re-optimises it with CP-SAT, everything else fixed:

* **slots**: the meetings of two or more slots plus (a sample of, at scale) the unplaced
  requests that could use them (re-colouring a few slots at once, which a one-move local
  search cannot do);
* **participants**: an unplaced request and the participants around it, breadth first, with
  all their requests (placed or not).

The incumbent is the hint, so a round never makes the schedule worse; a round's size grows
when it closes quickly and shrinks when it runs out of time. Rounds alternate until the time
is up, the progress callback stops them, or the incumbent reaches the bound.
"""

from __future__ import annotations

import random
import time
from collections import deque

from .solver import Search, cpsat

ROUND_SECONDS = 1.0  # per ROUND_REQUESTS freed requests
ROUND_REQUESTS = 500
START_SIZE = 300  # requests freed in a participants round
MIN_SIZE, MAX_SIZE = 100, 6000
KINDS = ("slots", "participants")  # the neighbourhoods, taken in turn


def _slots_round(search: Search, group: list[int], rng: random.Random, size: int) -> list[int]:
    inst = search.inst
    placed_per_slot = max(1, sum(1 for i in group if i in search.best) // max(inst.n_slots, 1))
    n = max(2, min(inst.n_slots, size // placed_per_slot))
    chosen = set(rng.sample(range(inst.n_slots), min(n, inst.n_slots)))
    placed = [i for i in group if i not in inst.locked and search.best.get(i) in chosen]
    waiting = [i for i in group if i not in search.best and inst.options[i] and chosen.intersection(inst.options[i])]
    if len(waiting) > max(size, len(placed)):  # at scale most requests left out could use any slot: a sample
        waiting = rng.sample(waiting, max(size, len(placed)))
    return placed + waiting


def _participants_round(search: Search, group: list[int], rng: random.Random, size: int,
                        by_participant: dict[int, list[int]]) -> list[int]:
    inst = search.inst
    unplaced = [i for i in group if i not in search.best and inst.options[i] and i not in inst.locked]
    seed = rng.choice(unplaced) if unplaced else rng.choice(group)
    start = inst.requests[seed]
    queue = deque([start.a, start.b])
    seen = {start.a, start.b}
    freed: set[int] = set()
    while queue and len(freed) < size:
        p = queue.popleft()
        for i in by_participant[p]:
            if i in inst.locked or not inst.options[i]:
                continue
            freed.add(i)
            request = inst.requests[i]
            for q in (request.a, request.b):
                if q not in seen:
                    seen.add(q)
                    queue.append(q)
    return sorted(freed)


def improve(search: Search, group: list[int], *, workers: int, until: float, seed: int = 0) -> None:
    """Run rounds on the component ``group`` until the monotonic time ``until`` (or the deadline)."""
    inst = search.inst
    rng = random.Random(seed)
    by_participant: dict[int, list[int]] = {}
    for i in group:
        by_participant.setdefault(inst.requests[i].a, []).append(i)
        by_participant.setdefault(inst.requests[i].b, []).append(i)
    size = START_SIZE
    turn = 0
    while min(search.remaining(), until - time.monotonic()) > 0.3 and not search.stopped and search.weight < search.bound:
        if KINDS[turn % len(KINDS)] == "slots":
            free = _slots_round(search, group, rng, size)
        else:
            free = _participants_round(search, group, rng, size, by_participant)
        turn += 1
        chosen = set(free)
        context = {i: k for i, k in search.best.items() if i not in chosen}
        result, bound = cpsat(search, free, context, search.best, workers=workers,
                              seconds=min(ROUND_SECONDS * max(1.0, len(free) / ROUND_REQUESTS), until - time.monotonic()),
                              whole=False)
        if result is None or bound is None:
            continue
        merged = dict(context)
        merged.update(result)
        search.offer(merged)
        closed = bound <= search.inst.weight(merged)
        size = min(MAX_SIZE, int(size * 1.3)) if closed else max(MIN_SIZE, int(size * 0.8))
