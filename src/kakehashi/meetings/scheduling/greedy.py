"""The greedy baseline, the reasons a request stays unplaced, and table numbers.

Greedy: locked meetings first, then requests by weight (heaviest first), fewest possible
slots first among equals, then id. Each goes to its previous slot if that is still free,
else to the free slot that the two sides' requests still waiting want least (so a slot is
left to the requests that have no other), then the earliest. One pass, O(requests × slots).
"""

from __future__ import annotations

from collections.abc import Mapping

from .problem import CAP_REACHED, LOCK_CONFLICT, NO_COMMON_SLOT, NO_TABLE, Instance, Problem, Schedule


class _Board:
    """Who is busy when, meetings per participant and per slot, for one assignment."""

    def __init__(self, inst: Instance, assignment: Mapping[int, int]):
        self.inst = inst
        self.busy: set[tuple[int, int]] = set()
        self.count: dict[int, int] = {}
        self.per_slot = [0] * inst.n_slots
        for i, k in assignment.items():
            self.put(i, k)

    def put(self, i: int, k: int) -> None:
        request = self.inst.requests[i]
        for p in (request.a, request.b):
            self.busy.add((p, k))
            self.count[p] = self.count.get(p, 0) + 1
        self.per_slot[k] += 1

    def capped(self, p: int) -> bool:
        return p in self.inst.caps and self.count.get(p, 0) >= self.inst.caps[p]

    def table_free(self, k: int) -> bool:
        return self.inst.capacity is None or self.per_slot[k] < self.inst.capacity[k]

    def fits(self, i: int, k: int) -> bool:
        request = self.inst.requests[i]
        return (request.a, k) not in self.busy and (request.b, k) not in self.busy and self.table_free(k)


def fill(inst: Instance, assignment: Mapping[int, int]) -> dict[int, int]:
    """The assignment plus, greedily, every unplaced request that still fits (locks first)."""
    result = dict(assignment)
    for i, k in inst.locked.items():
        result[i] = k
    board = _Board(inst, result)
    pending = [i for i in range(len(inst.requests)) if i not in result and inst.options[i]]
    demand: dict[int, list[int]] = {}
    for i in pending:
        request = inst.requests[i]
        for p in (request.a, request.b):
            row = demand.setdefault(p, [0] * inst.n_slots)
            for k in inst.options[i]:
                row[k] += 1
    pending.sort(key=lambda i: (-inst.weights[i], len(inst.options[i]), inst.requests[i].id))
    for i in pending:
        request = inst.requests[i]
        row_a, row_b = demand[request.a], demand[request.b]
        for k in inst.options[i]:
            row_a[k] -= 1
            row_b[k] -= 1
        if board.capped(request.a) or board.capped(request.b):
            continue
        previous = inst.previous.get(i)
        if previous is not None and previous in inst.options[i] and board.fits(i, previous):
            best = previous
        else:
            free = [k for k in inst.options[i] if board.fits(i, k)]
            if not free:
                continue
            best = min(free, key=lambda k: (row_a[k] + row_b[k], k))
        result[i] = best
        board.put(i, best)
    return result


def greedy_assignment(inst: Instance) -> dict[int, int]:
    return fill(inst, {})


def reasons(inst: Instance, assignment: Mapping[int, int]) -> dict[int, str]:
    """Why each request left out of the assignment is out (request id -> reason)."""
    board = _Board(inst, assignment)
    lock_board = _Board(inst, inst.locked)
    out: dict[int, str] = {}
    for i, request in enumerate(inst.requests):
        if i in assignment:
            continue
        common = inst.common[i]
        if not common:
            reason = NO_COMMON_SLOT
        elif all(not lock_board.fits(i, k) for k in common):
            reason = LOCK_CONFLICT
        elif board.capped(request.a) or board.capped(request.b):
            reason = CAP_REACHED
        elif any((request.a, k) not in board.busy and (request.b, k) not in board.busy for k in inst.options[i]):
            reason = NO_TABLE
        else:
            reason = NO_COMMON_SLOT
        out[request.id] = reason
    return out


def assign_tables(problem: Problem, schedule: Schedule) -> dict[int, int]:
    """Table (or virtual room) number per placed request, 1-based within its slot.

    Deterministic: in each slot, locked meetings first, then by request id.
    """
    by_slot: dict[int, list[int]] = {}
    for request_id, slot in schedule.assignment.items():
        by_slot.setdefault(slot, []).append(request_id)
    tables: dict[int, int] = {}
    for ids in by_slot.values():
        ids.sort(key=lambda rid: (rid not in problem.locked, rid))
        for number, rid in enumerate(ids, start=1):
            tables[rid] = number
    return tables
