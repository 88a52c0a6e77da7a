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


def lp_bound(inst: Instance, time_limit: float) -> int | None:
    """The re-proved LP bound (see the module docstring), or None if GLOP did not finish in time."""
    from ortools.linear_solver import pywraplp  # noqa: PLC0415  (GLOP loads only when a bound is asked for)

    rel = Relaxation(inst)
    if not rel.free:
        return rel.fixed_weight
    solver = pywraplp.Solver.CreateSolver("GLOP")
    solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    n_p, n_s = len(inst.participants), inst.n_slots
    xs = [solver.NumVar(0.0, 1.0, "") for _ in range(len(rel.req))]
    objective = solver.Objective()
    for x, n in zip(xs, rel.req.tolist(), strict=True):
        objective.SetCoefficient(x, float(rel.w[n]))
    objective.SetMaximization()
    per_request: dict[int, list] = defaultdict(list)
    per_ps: dict[tuple[int, int], list] = defaultdict(list)
    per_p: dict[int, list] = defaultdict(list)
    per_s: dict[int, list] = defaultdict(list)
    for x, n, k, a, b in zip(xs, rel.req.tolist(), rel.slot.tolist(), rel.pa.tolist(), rel.pb.tolist(), strict=True):
        per_request[n].append(x)
        per_ps[a, k].append(x)
        per_ps[b, k].append(x)
        if not math.isinf(rel.cap[a]):
            per_p[a].append(x)
        if not math.isinf(rel.cap[b]):
            per_p[b].append(x)
        if not math.isinf(rel.tables[k]):
            per_s[k].append(x)

    def row(variables: list, rhs: float):  # a pywraplp Constraint
        constraint = solver.Constraint(-solver.infinity(), rhs)
        for x in variables:
            constraint.SetCoefficient(x, 1.0)
        return constraint

    for variables in per_request.values():
        row(variables, 1.0)
    ps_rows = {key: row(variables, 1.0) for key, variables in per_ps.items() if len(variables) > 1}
    p_rows = {p: row(variables, float(rel.cap[p])) for p, variables in per_p.items()}
    s_rows = {k: row(variables, float(rel.tables[k])) for k, variables in per_s.items()}
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    lam = np.zeros((n_p, n_s))
    for (p, k), constraint in ps_rows.items():
        lam[p, k] = abs(constraint.dual_value())
    mu = np.zeros(n_p)
    for p, constraint in p_rows.items():
        mu[p] = abs(constraint.dual_value())
    nu = np.zeros(n_s)
    for k, constraint in s_rows.items():
        nu[k] = abs(constraint.dual_value())
    return math.floor(rel.dual_value(lam, mu, nu) + 1e-6)
