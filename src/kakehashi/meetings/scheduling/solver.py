"""Optimal scheduling with CP-SAT: the model, decomposition, the search loop and its progress.

Model: one Boolean x[r, s] per request r and slot s where both sides are available (and
neither has a locked meeting other than r); locked requests are fixed at their slot.

    at most one slot per request            Σ_s x[r, s] ≤ 1
    one meeting per participant per slot    Σ_{r ∋ p} x[r, s] ≤ 1
    participant caps                        Σ_{r ∋ p, s} x[r, s] ≤ cap_p
    tables (rooms) per slot                 Σ_r x[r, s] ≤ tables_s
    maximise  K · Σ w_r x[r, s]  +  Σ_{r in previous} x[r, previous_r]

Tables are a count per slot (rooms are interchangeable): numbering them is done afterwards
by ``assign_tables``, which keeps the model free of table symmetry. With K = |previous| + 1
the second term (meetings kept in their previous slot) can never buy a unit of weight, so
the objective is lexicographic: the heaviest schedule first, then the fewest moves.

Search: the greedy schedule is the hint; without table capacity the requests split into
connected components (participants linked by requests) solved one after another, each with
a share of the time in proportion to its size; a component the greedy already places whole
is skipped. A small component (≤ FULL_MODEL_OPTIONS) goes to CP-SAT whole, which usually
proves it optimal; a large one, or one CP-SAT leaves open, to the large-neighbourhood search
(``lns.py``), which re-solves parts of the incumbent until its share of the time is up.
CP-SAT runs in a worker thread; the caller's thread reports progress (``_run``).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping

from ortools.sat.python import cp_model

from .bounds import combinatorial_bound, lp_bound
from .greedy import fill, greedy_assignment, reasons
from .problem import Instance, Problem, Progress, Schedule

ProgressCallback = Callable[[Progress], bool]

# Above this many (request, slot) options a component goes straight to the large-neighbourhood
# search: on 2 cores, CP-SAT on a whole component of 9,000 options ends a minute at 98.5 % of
# the bound where the neighbourhood search reaches 99.9 %, and at 45,000 options CP-SAT barely
# moves from the greedy hint (bench/meetings_schedule.py). Small components are closed by CP-SAT.
FULL_MODEL_OPTIONS = 3_000

# While CP-SAT runs, the calling thread reports progress this often (on a change) and at
# least every HEARTBEAT_SECONDS, so a stop asked for through the callback is heard quickly.
POLL_SECONDS = 0.25
HEARTBEAT_SECONDS = 2.0

# Seconds kept back from the time limit for reading the solution and writing the schedule:
# 5 % of it, at most 3 s.
RESERVE_SHARE = 0.05
RESERVE_MAX = 3.0


class Search:
    """The state of one solve: deadline, incumbent, best bound and the progress callback."""

    def __init__(self, inst: Instance, time_limit: float, progress: ProgressCallback | None, start: float | None = None):
        self.inst = inst
        self.start = time.monotonic() if start is None else start
        time_limit = max(time_limit, 0.0)
        self.deadline = self.start + time_limit - min(RESERVE_MAX, time_limit * RESERVE_SHARE)
        self.progress = progress
        self.best: dict[int, int] = {}
        self.weight = 0
        self.bound = math.inf
        self.stopped = False
        self.searched = False
        self.scale = len(inst.previous) + 1  # K of the objective
        self._reported = (-1, -1)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def offer(self, assignment: dict[int, int]) -> bool:
        """Keep the assignment if it is better (weight, then fewer moves); True if kept."""
        weight = self.inst.weight(assignment)
        if (weight, self.kept(assignment)) > (self.weight, self.kept(self.best)) or not self.best:
            self.best, self.weight = assignment, weight
            self.report()
            return True
        return False

    def kept(self, assignment: Mapping[int, int]) -> int:
        return sum(1 for i, k in self.inst.previous.items() if assignment.get(i) == k)

    def tighten(self, bound: float) -> None:
        if bound < self.bound:
            self.bound = bound
            self.report()

    def report(self, weight: int | None = None, *, heartbeat: bool = False) -> None:
        """Tell the progress callback of a change (or, with ``heartbeat``, in any case); False stops.

        Called from the thread that called ``solve`` only, so the callback may use that
        thread's resources (a database connection, say).
        """
        weight = max(self.weight, weight or 0)
        bound = int(self.bound) if math.isfinite(self.bound) else max(weight, 0)
        if self.progress is None or self.stopped or ((weight, bound) == self._reported and not heartbeat):
            return
        self._reported = (weight, bound)
        if self.progress(Progress(seconds=round(time.monotonic() - self.start, 3), weight=weight, bound=bound)) is False:
            self.stopped = True


class _Callback(cp_model.CpSolverSolutionCallback):
    """Notes the weight of each solution; runs in a CP-SAT thread, so it only records."""

    def __init__(self, search: Search, offset: int):
        super().__init__()
        self.search = search
        self.offset = offset
        self.weight = 0

    def on_solution_callback(self) -> None:
        self.weight = max(self.weight, self.offset + int(self.objective_value + 0.5) // self.search.scale)


def _run(search: Search, solver: cp_model.CpSolver, model: cp_model.CpModel, callback: _Callback,
         bound: Callable[[], float]) -> cp_model.CpSolverStatus:
    """Solve in a worker thread; this thread reports progress every POLL_SECONDS and passes on a stop."""
    outcome: list[cp_model.CpSolverStatus] = []
    worker = threading.Thread(target=lambda: outcome.append(solver.solve(model, callback)), daemon=True)
    worker.start()
    last = time.monotonic()
    while True:
        worker.join(POLL_SECONDS)
        if not worker.is_alive():
            break
        if bound() < search.bound:
            search.bound = bound()
        heartbeat = time.monotonic() - last >= HEARTBEAT_SECONDS
        search.report(callback.weight, heartbeat=heartbeat)
        if heartbeat:
            last = time.monotonic()
        if search.stopped:
            solver.stop_search()
    return outcome[0]


def cpsat(
    search: Search,
    free: list[int],
    context: Mapping[int, int],
    hint: Mapping[int, int],
    *,
    workers: int,
    seconds: float,
    whole: bool,
) -> tuple[dict[int, int] | None, int | None]:
    """Optimise the requests ``free`` with the ``context`` placements fixed around them.

    Returns (best assignment of ``free``, proven bound on the weight of ``free`` + context),
    or (None, None) if there was no time. ``whole``: the sub-problem is the whole problem, so
    CP-SAT's bound is a bound of the schedule and is reported as it improves.
    """
    inst = search.inst
    busy: set[tuple[int, int]] = set()
    count: dict[int, int] = {}
    per_slot = [0] * inst.n_slots
    for i, k in context.items():
        request = inst.requests[i]
        for p in (request.a, request.b):
            busy.add((p, k))
            count[p] = count.get(p, 0) + 1
        per_slot[k] += 1
    offset = inst.weight(context)
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_ps: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    by_p: dict[int, list[cp_model.IntVar]] = {}
    by_s: dict[int, list[cp_model.IntVar]] = {}
    objective = []
    scale = search.scale
    for i in free:
        request = inst.requests[i]
        own = []
        for k in inst.options[i]:
            if (request.a, k) in busy or (request.b, k) in busy:
                continue
            var = model.new_bool_var("")
            x[i, k] = var
            own.append(var)
            by_ps.setdefault((request.a, k), []).append(var)
            by_ps.setdefault((request.b, k), []).append(var)
            if request.a in inst.caps:
                by_p.setdefault(request.a, []).append(var)
            if request.b in inst.caps:
                by_p.setdefault(request.b, []).append(var)
            by_s.setdefault(k, []).append(var)
            objective.append((scale * inst.weights[i] + (1 if inst.previous.get(i) == k else 0), var))
        if len(own) > 1:
            model.add_at_most_one(own)
        if i in hint and (i, hint[i]) in x:
            for k in inst.options[i]:
                if (i, k) in x:
                    model.add_hint(x[i, k], k == hint[i])
        else:
            for var in own:
                model.add_hint(var, False)
    for variables in by_ps.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for p, variables in by_p.items():
        room = inst.caps[p] - count.get(p, 0)
        if room < len(variables):
            model.add(sum(variables) <= room)
    if inst.capacity is not None:
        for k, variables in by_s.items():
            room = inst.capacity[k] - per_slot[k]
            if room < len(variables):
                model.add(sum(variables) <= room)
    model.maximize(sum(coef * var for coef, var in objective))
    seconds = min(seconds, search.remaining())
    if seconds <= 0.05 or search.stopped:
        return None, None
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    best_bound = [math.inf]
    if whole:
        solver.best_bound_callback = lambda value: best_bound.__setitem__(0, offset + math.floor(value + 1e-6) // scale)
    status = _run(search, solver, model, _Callback(search, offset), lambda: best_bound[0])
    search.searched = True
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, None
    result = {i: k for (i, k), var in x.items() if solver.boolean_value(var)}
    bound = offset + math.floor(solver.best_objective_bound + 1e-6) // scale
    return result, bound


def components(inst: Instance) -> list[list[int]]:
    """Request indexes (locked included) grouped by connected component of the request graph."""
    parent: dict[int, int] = {}

    def find(p: int) -> int:
        root = p
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(p, p) != root:
            parent[p], p = root, parent[p]
        return root

    for request in inst.requests:
        ra, rb = find(request.a), find(request.b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[int, list[int]] = {}
    for i, request in enumerate(inst.requests):
        groups.setdefault(find(request.a), []).append(i)
    return sorted(groups.values(), key=lambda group: (len(group), group[0]))


def schedule_of(inst: Instance, assignment: Mapping[int, int], *, bound: int, greedy_weight: int, status: str,
                seconds: float, bounds: dict[str, int]) -> Schedule:
    weight = inst.weight(assignment)
    bound = max(bound, weight)
    moved = sorted(inst.requests[i].id for i, k in inst.previous.items() if assignment.get(i) != k)
    moved += sorted(rid for rid in inst.problem.previous if rid in inst.index and inst.index[rid] not in inst.previous)
    return Schedule(
        assignment={inst.requests[i].id: inst.slots[k] for i, k in sorted(assignment.items())},
        weight=weight,
        bound=bound,
        greedy_weight=greedy_weight,
        unplaced=reasons(inst, assignment),
        moved=sorted(set(moved)),
        status=status,
        seconds=round(seconds, 3),
        bounds=bounds,
    )


def greedy(problem: Problem) -> Schedule:
    """The greedy schedule (status "greedy") with the instant combinatorial bound."""
    start = time.monotonic()
    inst = Instance(problem)
    assignment = greedy_assignment(inst)
    weight = inst.weight(assignment)
    bound = combinatorial_bound(inst)
    return schedule_of(inst, assignment, bound=bound, greedy_weight=weight, status="greedy",
                       seconds=time.monotonic() - start, bounds={"combinatorial": bound})


def solve(problem: Problem, *, time_limit: float, workers: int = 2, progress: ProgressCallback | None = None) -> Schedule:
    """The best schedule found within ``time_limit`` seconds, with a proven bound (module docstring)."""
    from . import lns  # noqa: PLC0415  (lns builds on this module's cpsat and Search)

    start = time.monotonic()
    inst = Instance(problem)
    search = Search(inst, time_limit, progress, start)
    bounds = {"combinatorial": combinatorial_bound(inst)}
    search.bound = bounds["combinatorial"]
    search.offer(greedy_assignment(inst))
    greedy_weight = search.weight
    if search.weight < search.bound and search.remaining() > 0 and not search.stopped:
        lp = lp_bound(inst, time_limit=max(search.remaining() * 0.3, 0.01))
        if lp is not None:
            bounds["lp"] = lp
            search.tighten(lp)
    groups = components(inst) if inst.capacity is None else [list(range(len(inst.requests)))]
    todo = [(n, group) for n, group in enumerate(groups) if any(i not in search.best and inst.options[i] for i in group)]
    component_bounds = {n: inst.weight({i: 0 for i in group if inst.options[i]}) for n, group in enumerate(groups)}
    sizes = [sum(len(inst.options[i]) for i in group) for _, group in todo]
    proved = True  # every component left open by greedy got a CP-SAT bound
    for n, (number, group) in enumerate(todo):
        if search.weight >= search.bound or search.stopped or search.remaining() <= 0.05:
            break
        share = search.remaining() * sizes[n] / max(sum(sizes[n:]), 1)
        until = time.monotonic() + share
        members = set(group)
        proved = proved and sizes[n] <= FULL_MODEL_OPTIONS
        if sizes[n] <= FULL_MODEL_OPTIONS:
            context = {i: k for i, k in inst.locked.items() if i in members}
            free = [i for i in group if i not in inst.locked and inst.options[i]]
            whole = len(todo) == 1 and len(groups) == 1
            result, bound = cpsat(search, free, context, search.best, workers=workers, seconds=share, whole=whole)
            if result is None or bound is None:
                proved = False
            else:
                merged = {i: k for i, k in search.best.items() if i not in members}
                merged.update(context)
                merged.update(result)
                search.offer(merged)
                component_bounds[number] = bound
        if component_bounds[number] > inst.weight({i: k for i, k in search.best.items() if i in members}):
            lns.improve(search, group, workers=workers, until=until)
    if search.searched and proved:
        bounds["cp-sat"] = sum(component_bounds.values())
        search.tighten(bounds["cp-sat"])
    final = fill(inst, search.best)
    search.offer(final)
    bound = int(min(bounds.values()))
    if search.stopped:
        status = "stopped"
    elif search.weight >= bound:
        status = "optimal"
    else:
        status = "feasible" if search.searched else "greedy"
    return schedule_of(inst, search.best, bound=bound, greedy_weight=greedy_weight, status=status,
                       seconds=time.monotonic() - search.start, bounds=bounds)
