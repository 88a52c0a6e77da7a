"""Proven upper bounds on the weight of any schedule.

Two bounds, the schedule reports the smallest of them and of CP-SAT's own:

* **combinatorial** (instant): a participant ``p`` can hold at most
  ``D_p = min(cap_p, |slots where some request of p can go|)`` meetings, so twice the weight
  is at most the sum over participants of their ``D_p`` heaviest requests; and a slot holds at
  most ``min(tables, participants free / 2)`` meetings, so the weight is at most that of the
  heaviest ``Σ_s`` of those requests.
* **lp**: the LP relaxation of the model (x_rs in [0, 1]) solved by GLOP, then *re-proved*:
  the LP's dual values (one per participant-slot, per participant cap and per slot capacity),
  clamped at zero, are put in the Lagrangian dual function

      D(λ, μ, ν) = Σ λ_ps + Σ μ_p·cap_p + Σ ν_s·tables_s
                   + Σ_r max(0, max_s (w_r − λ_as − λ_bs − μ_a − μ_b − ν_s))

  which is an upper bound on the weight for *any* λ, μ, ν ≥ 0 (weak duality), so the bound
  holds whatever the LP solver's tolerances, and equals the LP optimum when the duals are
  exact. Locked meetings are counted as fixed (their weight, their participants' slots, caps
  and tables taken) before the relaxation.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from .problem import Instance


def combinatorial_bound(inst: Instance) -> int:
    placeable = [i for i in range(len(inst.requests)) if inst.options[i]]
    total = sum(inst.weights[i] for i in placeable)
    weights_of: dict[int, list[int]] = defaultdict(list)
    slots_of: dict[int, set[int]] = defaultdict(set)
    for i in placeable:
        request = inst.requests[i]
        for p in (request.a, request.b):
            weights_of[p].append(inst.weights[i])
            slots_of[p].update(inst.options[i])
    twice = 0
    for p, weights in weights_of.items():
        limit = min(inst.caps.get(p, len(weights)), len(slots_of[p]))
        twice += sum(sorted(weights, reverse=True)[:limit])
    bound = min(total, twice // 2)
    free_at = [0] * inst.n_slots
    for slots in slots_of.values():
        for k in slots:
            free_at[k] += 1
    meetings = sum(
        min(free_at[k] // 2, inst.capacity[k] if inst.capacity is not None else free_at[k]) for k in range(inst.n_slots)
    )
    heaviest = sorted((inst.weights[i] for i in placeable), reverse=True)[:meetings]
    return min(bound, sum(heaviest))


class Relaxation:
    """The free (not locked) part of the problem as flat arrays: one row per (request, slot) option."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.fixed_weight = sum(inst.weights[i] for i in inst.locked)
        locks_of: dict[int, int] = defaultdict(int)
        locks_at = [0] * inst.n_slots
        for i, k in inst.locked.items():
            locks_of[inst.requests[i].a] += 1
            locks_of[inst.requests[i].b] += 1
            locks_at[k] += 1
        self.free = [i for i in range(len(inst.requests)) if i not in inst.locked and inst.options[i]]
        self.pindex = {p: n for n, p in enumerate(inst.participants)}
        n_p = len(inst.participants)
        req, slot, pa, pb = [], [], [], []
        for n, i in enumerate(self.free):
            request = inst.requests[i]
            for k in inst.options[i]:
                req.append(n)
                slot.append(k)
                pa.append(self.pindex[request.a])
                pb.append(self.pindex[request.b])
        self.req = np.array(req, dtype=np.int64)
        self.slot = np.array(slot, dtype=np.int64)
        self.pa = np.array(pa, dtype=np.int64)
        self.pb = np.array(pb, dtype=np.int64)
        self.w = np.array([inst.weights[i] for i in self.free], dtype=np.float64)
        self.cap = np.full(n_p, np.inf)
        for p, cap in inst.caps.items():
            if p in self.pindex:
                self.cap[self.pindex[p]] = cap - locks_of.get(p, 0)
        self.tables = (
            np.array([inst.capacity[k] - locks_at[k] for k in range(inst.n_slots)], dtype=np.float64)
            if inst.capacity is not None
            else np.full(inst.n_slots, np.inf)
        )

    def dual_value(self, lam: np.ndarray, mu: np.ndarray, nu: np.ndarray) -> float:
        """D(λ, μ, ν) of the module docstring (λ indexed [participant, slot]), plus the locked weight."""
        lam, mu, nu = np.maximum(lam, 0), np.maximum(mu, 0), np.maximum(nu, 0)
        mu = np.where(np.isinf(self.cap), 0.0, mu)
        nu = np.where(np.isinf(self.tables), 0.0, nu)
        reduced = self.w[self.req] - lam[self.pa, self.slot] - lam[self.pb, self.slot] - mu[self.pa] - mu[self.pb] - nu[self.slot]
        best = np.zeros(len(self.free))
        np.maximum.at(best, self.req, reduced)
        finite_cap = np.where(np.isinf(self.cap), 0.0, self.cap)
        finite_tables = np.where(np.isinf(self.tables), 0.0, self.tables)
        return float(self.fixed_weight + lam.sum() + mu @ finite_cap + nu @ finite_tables + best.sum())


PDLP_PARAMETERS = (
    "termination_criteria { simple_optimality_criteria { eps_optimal_relative: %g eps_optimal_absolute: %g } time_sec_limit: %g }"
    " num_threads: %d"
)


def _rows(model, keys: np.ndarray, columns: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Add one `Σ x <= rhs[key]` row per distinct key (over the given columns); the keys in row order."""
    if not len(keys):
        return keys
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
    starts = np.concatenate(([0], cuts)).tolist()
    ends = np.concatenate((cuts, [len(keys)])).tolist()
    row_keys = sorted_keys[starts]
    for a, b, key in zip(starts, ends, row_keys.tolist(), strict=True):
        row = model.constraint.add(lower_bound=-math.inf, upper_bound=float(rhs[key]))
        row.var_index.extend(columns[order[a:b]].tolist())
        row.coefficient.extend([1.0] * (b - a))
    return row_keys


def lp_bound(inst: Instance, time_limit: float, *, threads: int = 2, tolerance: float = 1e-5) -> int | None:
    """The re-proved LP bound (see the module docstring), or None if PDLP returned no duals.

    The LP goes to PDLP (OR-Tools' first-order LP solver) as a model proto built from numpy
    arrays: at 20,000 requests × 24 slots it answers in seconds where GLOP's simplex takes
    minutes. Its duals need not be exact: any non-negative ones give a valid bound.
    """
    from ortools.linear_solver import linear_solver_pb2, pywraplp  # noqa: PLC0415  (loaded only when a bound is asked for)

    rel = Relaxation(inst)
    if not rel.free:
        return rel.fixed_weight
    n_p, n_s = len(inst.participants), inst.n_slots
    model = linear_solver_pb2.MPModelProto(maximize=True)
    for weight in rel.w[rel.req].tolist():
        model.variable.add(lower_bound=0.0, upper_bound=1.0, objective_coefficient=weight)
    columns = np.arange(len(rel.req))
    both = np.concatenate((columns, columns))
    n_rows = 0
    _rows(model, rel.req, columns, np.ones(len(rel.free)))
    n_rows += len(rel.free)
    ps_keys = _rows(model, np.concatenate((rel.pa * n_s + rel.slot, rel.pb * n_s + rel.slot)), both, np.ones(n_p * n_s))
    ps_first, n_rows = n_rows, n_rows + len(ps_keys)
    ends = np.concatenate((rel.pa, rel.pb))
    capped = np.isfinite(rel.cap[ends])
    p_keys = _rows(model, ends[capped], both[capped], rel.cap)
    p_first, n_rows = n_rows, n_rows + len(p_keys)
    tabled = np.isfinite(rel.tables[rel.slot])
    s_keys = _rows(model, rel.slot[tabled], columns[tabled], rel.tables)
    s_first = n_rows
    request = linear_solver_pb2.MPModelRequest(
        model=model,
        solver_type=linear_solver_pb2.MPModelRequest.PDLP_LINEAR_PROGRAMMING,
        solver_time_limit_seconds=max(time_limit, 0.01),
        solver_specific_parameters=PDLP_PARAMETERS % (tolerance, tolerance, max(time_limit, 0.01), threads),
    )
    response = linear_solver_pb2.MPSolutionResponse()
    pywraplp.Solver.SolveWithProto(request, response)
    duals = np.abs(np.array(response.dual_value, dtype=np.float64))
    if len(duals) != len(model.constraint) or not np.all(np.isfinite(duals)):
        return None
    lam = np.zeros(n_p * n_s)
    lam[ps_keys] = duals[ps_first : ps_first + len(ps_keys)]
    mu = np.zeros(n_p)
    mu[p_keys] = duals[p_first : p_first + len(p_keys)]
    nu = np.zeros(n_s)
    nu[s_keys] = duals[s_first : s_first + len(s_keys)]
    return math.floor(rel.dual_value(lam.reshape(n_p, n_s), mu, nu) + 1e-6)
