"""The scheduling problem, its result, the weights and the checks of bad input.

Weights (integers): a request weighs ``MUST_WEIGHT`` (100) if it is a must-meet, ``LIKE_WEIGHT``
(40) if it is a would-like, plus ``round(fit * 9)`` with the matcher's fit clamped to [0, 1]:

    weight = (100 if priority == "must" else 40) + round(min(max(fit, 0), 1) * 9)

so a must-meet (100–109) outweighs a would-like with the best fit (40–49), and the fit only
breaks ties between requests of one priority.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MUST = "must"
LIKE = "like"
MUST_WEIGHT = 100
LIKE_WEIGHT = 40
FIT_STEPS = 9

# Why a request could not be placed (Schedule.unplaced values).
NO_COMMON_SLOT = "no_common_slot"  # no slot where both sides are available and free of other meetings
CAP_REACHED = "cap_reached"  # one side already has as many meetings as their cap allows
NO_TABLE = "no_table"  # both sides are free at some slot, but every table of it is taken
LOCK_CONFLICT = "lock_conflict"  # every common free slot is taken by locked (published) meetings


@dataclass(frozen=True)
class Request:
    id: int
    a: int
    b: int
    priority: str = LIKE
    fit: float = 0.0


@dataclass(frozen=True)
class Problem:
    slots: Sequence[int]
    requests: Sequence[Request]
    capacity: Mapping[int, int] | None = None
    unavailable: Mapping[int, frozenset[int]] = field(default_factory=dict)
    caps: Mapping[int, int] = field(default_factory=dict)
    locked: Mapping[int, int] = field(default_factory=dict)
    previous: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ProblemError:
    """One reason a problem cannot be solved as given; ``code`` says which (see ``validate``)."""

    code: str
    request_id: int | None = None
    participant_id: int | None = None
    slot_id: int | None = None


class InvalidProblem(ValueError):
    """Raised by ``greedy`` and ``solve`` for a problem that ``validate`` rejects."""

    def __init__(self, errors: list[ProblemError]):
        super().__init__(", ".join(sorted({error.code for error in errors})))
        self.errors = errors


@dataclass(frozen=True)
class Progress:
    seconds: float
    weight: int
    bound: int


@dataclass
class Schedule:
    assignment: dict[int, int]
    weight: int
    bound: int
    greedy_weight: int
    unplaced: dict[int, str]
    moved: list[int]
    status: str  # "optimal" | "feasible" | "stopped" | "greedy"
    seconds: float
    bounds: dict[str, int] = field(default_factory=dict)  # each bound computed, by name ("lp", "cp-sat", ...)

    @property
    def gap(self) -> float:
        return (self.bound - self.weight) / self.bound if self.bound else 0.0


def weight_of(request: Request) -> int:
    base = MUST_WEIGHT if request.priority == MUST else LIKE_WEIGHT
    return base + round(min(max(request.fit, 0.0), 1.0) * FIT_STEPS)


def validate(problem: Problem) -> list[ProblemError]:
    """Every reason the problem cannot be scheduled as given, in a stable order; [] if none.

    Codes: ``no_slots``, ``duplicate_slot``, ``zero_capacity`` (a slot with capacity < 1 or
    missing from ``capacity``), ``zero_cap`` (a participant cap < 1), ``bad_priority``,
    ``self_request``, ``duplicate_request`` (a second request for the same pair, or a repeated
    id), ``lock_unknown_request``, ``lock_unknown_slot``, ``lock_unavailable`` (a side cannot
    attend the locked slot) and ``lock_conflict`` (two locks on one participant in one slot,
    more locks in a slot than tables, or more locks than a participant's cap).
    """
    errors: list[ProblemError] = []
    slots = list(problem.slots)
    slot_set = set(slots)
    if not slots:
        errors.append(ProblemError("no_slots"))
    errors += [ProblemError("duplicate_slot", slot_id=slot) for slot, n in sorted(Counter(slots).items()) if n > 1]
    if problem.capacity is not None:
        errors += [ProblemError("zero_capacity", slot_id=slot) for slot in sorted(slot_set) if problem.capacity.get(slot, 0) < 1]
    errors += [ProblemError("zero_cap", participant_id=p) for p, cap in sorted(problem.caps.items()) if cap < 1]
    seen_ids: set[int] = set()
    seen_pairs: set[tuple[int, int]] = set()
    by_id: dict[int, Request] = {}
    for request in problem.requests:
        pair = (min(request.a, request.b), max(request.a, request.b))
        if request.priority not in (MUST, LIKE):
            errors.append(ProblemError("bad_priority", request_id=request.id))
        if request.a == request.b:
            errors.append(ProblemError("self_request", request_id=request.id, participant_id=request.a))
        elif request.id in seen_ids or pair in seen_pairs:
            errors.append(ProblemError("duplicate_request", request_id=request.id))
        else:
            by_id[request.id] = request
        seen_ids.add(request.id)
        seen_pairs.add(pair)
    busy: dict[tuple[int, int], int] = defaultdict(int)
    per_slot: dict[int, int] = defaultdict(int)
    per_participant: dict[int, int] = defaultdict(int)
    for request_id, slot in sorted(problem.locked.items()):
        if request_id not in by_id:
            errors.append(ProblemError("lock_unknown_request", request_id=request_id))
            continue
        locked_request = by_id[request_id]
        if slot not in slot_set:
            errors.append(ProblemError("lock_unknown_slot", request_id=request_id, slot_id=slot))
            continue
        for p in (locked_request.a, locked_request.b):
            if slot in problem.unavailable.get(p, frozenset()):
                errors.append(ProblemError("lock_unavailable", request_id=request_id, participant_id=p, slot_id=slot))
            busy[p, slot] += 1
            per_participant[p] += 1
            if busy[p, slot] == 2:
                errors.append(ProblemError("lock_conflict", request_id=request_id, participant_id=p, slot_id=slot))
            if per_participant[p] == problem.caps.get(p, -1) + 1:
                errors.append(ProblemError("lock_conflict", request_id=request_id, participant_id=p))
        per_slot[slot] += 1
        if problem.capacity is not None and per_slot[slot] == problem.capacity.get(slot, 0) + 1:
            errors.append(ProblemError("lock_conflict", request_id=request_id, slot_id=slot))
    return errors


class Instance:
    """A validated problem in the shape the algorithms use: weights and allowed slots per request.

    ``options[i]`` are the slot indexes (0-based, time order) at which request ``i`` may be
    placed: both sides available, and not a slot where a side has a locked meeting other than
    this one (for a locked request: only its locked slot).
    """

    def __init__(self, problem: Problem):
        errors = validate(problem)
        if errors:
            raise InvalidProblem(errors)
        self.problem = problem
        self.slots = list(problem.slots)
        self.slot_index = {slot: k for k, slot in enumerate(self.slots)}
        self.requests = list(problem.requests)
        self.index = {request.id: i for i, request in enumerate(self.requests)}
        self.weights = [weight_of(request) for request in self.requests]
        n_slots = len(self.slots)
        self.capacity = [problem.capacity[slot] for slot in self.slots] if problem.capacity is not None else None
        self.caps = dict(problem.caps)
        self.locked = {self.index[rid]: self.slot_index[slot] for rid, slot in problem.locked.items()}
        self.previous = {
            self.index[rid]: self.slot_index[slot]
            for rid, slot in problem.previous.items()
            if rid in self.index and slot in self.slot_index
        }
        lock_busy: set[tuple[int, int]] = set()
        for i, k in self.locked.items():
            lock_busy.add((self.requests[i].a, k))
            lock_busy.add((self.requests[i].b, k))
        self.lock_busy = lock_busy
        free_of: dict[int, frozenset[int]] = {}

        def free(p: int) -> frozenset[int]:
            if p not in free_of:
                gone = problem.unavailable.get(p, frozenset())
                free_of[p] = frozenset(k for k, slot in enumerate(self.slots) if slot not in gone)
            return free_of[p]

        self.common: list[list[int]] = []  # both available (locks ignored): for the reasons
        self.options: list[list[int]] = []
        for i, request in enumerate(self.requests):
            common = sorted(free(request.a) & free(request.b))
            self.common.append(common)
            if i in self.locked:
                self.options.append([self.locked[i]])
            else:
                self.options.append([k for k in common if (request.a, k) not in lock_busy and (request.b, k) not in lock_busy])
        self.participants = sorted({p for r in self.requests for p in (r.a, r.b)})
        self.n_slots = n_slots

    def weight(self, assignment: Mapping[int, int]) -> int:
        """Weight of an assignment given as request index -> slot index."""
        return sum(self.weights[i] for i in assignment)

    def check(self, assignment: Mapping[int, int]) -> None:
        """Raise AssertionError if the assignment (request index -> slot index) breaks a constraint."""
        busy: set[tuple[int, int]] = set()
        count: Counter[int] = Counter()
        per_slot: Counter[int] = Counter()
        for i, k in assignment.items():
            request = self.requests[i]
            assert k in self.options[i], (request.id, k)
            for p in (request.a, request.b):
                assert (p, k) not in busy, (p, k)
                busy.add((p, k))
                count[p] += 1
            per_slot[k] += 1
        for i, k in self.locked.items():
            assert assignment.get(i) == k
        for p, n in count.items():
            assert n <= self.caps.get(p, n), p
        if self.capacity is not None:
            for k, n in per_slot.items():
                assert n <= self.capacity[k], k
