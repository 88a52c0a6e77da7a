"""The meeting scheduler as a specification: small instances whose best schedule is known."""

import itertools
import random
import subprocess
import sys
import threading

import pytest

from kakehashi.meetings.scheduling import (
    LIKE,
    MUST,
    InvalidProblem,
    Problem,
    ProblemError,
    Request,
    assign_tables,
    greedy,
    solve,
    validate,
    weight_of,
)
from kakehashi.meetings.scheduling.bounds import combinatorial_bound, lp_bound
from kakehashi.meetings.scheduling.problem import Instance


def check_feasible(problem, schedule):
    """Every hard constraint of the problem holds in the schedule (AssertionError otherwise)."""
    inst = Instance(problem)
    inst.check({inst.index[rid]: inst.slot_index[slot] for rid, slot in schedule.assignment.items()})


def brute_force_optimum(problem):
    inst = Instance(problem)
    best = 0
    for choice in itertools.product(*[[None, *options] for options in inst.options]):
        assignment = {i: k for i, k in enumerate(choice) if k is not None}
        try:
            inst.check(assignment)
        except AssertionError:
            continue
        best = max(best, inst.weight(assignment))
    return best


def random_requests(seed, people, count):
    rng = random.Random(seed)
    pairs = rng.sample(list(itertools.combinations(range(people), 2)), count)
    return [Request(n, a, b, rng.choice([MUST, LIKE]), rng.random()) for n, (a, b) in enumerate(pairs, start=1)]


def test_weight_is_priority_plus_rounded_fit():
    assert weight_of(Request(1, 1, 2, MUST, 1.0)) == 109
    assert weight_of(Request(1, 1, 2, MUST, 0.0)) == 100
    assert weight_of(Request(1, 1, 2, LIKE, 0.0)) == 40
    assert weight_of(Request(1, 1, 2, LIKE, 0.34)) == 43
    assert weight_of(Request(1, 1, 2, LIKE, 7.0)) == 49  # fit is clamped to [0, 1]


def test_validate_accepts_a_sound_problem():
    problem = Problem(slots=[1, 2], requests=[Request(1, 10, 20, MUST), Request(2, 10, 30)], capacity={1: 1, 2: 1},
                      caps={10: 1}, locked={1: 2})
    assert validate(problem) == []


def test_validate_rejects_requests_to_oneself_and_duplicates():
    problem = Problem(slots=[1], requests=[Request(1, 10, 10), Request(2, 10, 20), Request(3, 20, 10), Request(2, 30, 40)])
    assert validate(problem) == [
        ProblemError("self_request", request_id=1, participant_id=10),
        ProblemError("duplicate_request", request_id=3),
        ProblemError("duplicate_request", request_id=2),
    ]


def test_validate_rejects_zero_capacity_zero_caps_and_an_empty_grid():
    problem = Problem(slots=[1, 2], requests=[Request(1, 10, 20)], capacity={1: 0}, caps={10: 0})
    assert validate(problem) == [
        ProblemError("zero_capacity", slot_id=1),
        ProblemError("zero_capacity", slot_id=2),
        ProblemError("zero_cap", participant_id=10),
    ]
    assert validate(Problem(slots=[], requests=[])) == [ProblemError("no_slots")]


def test_validate_rejects_locks_that_cannot_all_hold():
    requests = [Request(1, 10, 20), Request(2, 10, 30), Request(3, 40, 50), Request(4, 60, 70)]
    problem = Problem(slots=[1, 2], requests=requests, capacity={1: 1, 2: 1}, locked={1: 1, 2: 1, 3: 2, 4: 2, 9: 1})
    assert validate(problem) == [
        ProblemError("lock_conflict", request_id=2, participant_id=10, slot_id=1),
        ProblemError("lock_conflict", request_id=2, slot_id=1),
        ProblemError("lock_conflict", request_id=4, slot_id=2),
        ProblemError("lock_unknown_request", request_id=9),
    ]
    unknown = Problem(slots=[1], requests=requests[:1], locked={1: 5})
    assert validate(unknown) == [ProblemError("lock_unknown_slot", request_id=1, slot_id=5)]
    capped = Problem(slots=[1, 2], requests=requests[:2], caps={10: 1}, locked={1: 1, 2: 2})
    assert validate(capped) == [ProblemError("lock_conflict", request_id=2, participant_id=10)]
    away = Problem(slots=[1, 2], requests=requests[:1], unavailable={20: frozenset({1})}, locked={1: 1})
    assert validate(away) == [ProblemError("lock_unavailable", request_id=1, participant_id=20, slot_id=1)]


def test_solve_and_greedy_refuse_an_invalid_problem():
    problem = Problem(slots=[1], requests=[Request(1, 10, 10)])
    with pytest.raises(InvalidProblem) as raised:
        solve(problem, time_limit=5)
    assert raised.value.errors == [ProblemError("self_request", request_id=1, participant_id=10)]
    with pytest.raises(InvalidProblem):
        greedy(problem)


def test_solve_places_two_of_a_triangle_in_two_slots_and_proves_it():
    # Three people who all want to meet each other need three slots; with two, the best is
    # the must-meet and the better-fitting would-like.
    requests = [Request(1, 10, 20, MUST, 0.5), Request(2, 10, 30, LIKE, 0.0), Request(3, 20, 30, LIKE, 1.0)]
    schedule = solve(Problem(slots=[1, 2], requests=requests), time_limit=10)
    assert sorted(schedule.assignment) == [1, 3]
    assert schedule.weight == 104 + 49
    assert schedule.bound == schedule.weight
    assert schedule.status == "optimal"
    assert schedule.unplaced == {2: "no_common_slot"}


def test_solve_beats_greedy_where_greedy_takes_the_wrong_slot():
    # 10-20 (must) can go at 1 or 2. Greedy puts it at its least wanted slot; the optimum
    # needs it at 2 so that the three would-likes fit around it.
    requests = [
        Request(1, 10, 20, MUST),
        Request(2, 10, 30, LIKE),
        Request(3, 20, 40, LIKE),
        Request(4, 30, 40, LIKE),
        Request(5, 10, 40, LIKE),
    ]
    unavailable = {30: frozenset({2, 3}), 40: frozenset({2})}
    problem = Problem(slots=[1, 2, 3], requests=requests, unavailable=unavailable)
    schedule = solve(problem, time_limit=10)
    check_feasible(problem, schedule)
    assert schedule.weight == brute_force_optimum(problem)
    assert schedule.weight >= schedule.greedy_weight
    assert schedule.bound == schedule.weight


@pytest.mark.parametrize("seed", range(12))
def test_solve_finds_the_brute_force_optimum_with_a_matching_bound(seed):
    rng = random.Random(seed)
    people = list(range(1, 7))
    pairs = rng.sample(list(itertools.combinations(people, 2)), 7)
    requests = [Request(n, a, b, rng.choice([MUST, LIKE]), rng.random()) for n, (a, b) in enumerate(pairs, start=1)]
    slots = [1, 2, 3]
    unavailable = {p: frozenset(s for s in slots if rng.random() < 0.3) for p in people}
    capacity = {s: rng.randint(1, 3) for s in slots} if seed % 2 else None
    caps = {rng.choice(people): rng.randint(1, 2)}
    problem = Problem(slots=slots, requests=requests, capacity=capacity, unavailable=unavailable, caps=caps)
    schedule = solve(problem, time_limit=20)
    check_feasible(problem, schedule)
    optimum = brute_force_optimum(problem)
    assert schedule.weight == optimum
    assert schedule.bound == optimum
    assert schedule.status == "optimal"
    assert greedy(problem).weight <= optimum <= greedy(problem).bound
    assert optimum <= lp_bound(Instance(problem), time_limit=10)
    assert optimum <= combinatorial_bound(Instance(problem))


def test_table_capacity_leaves_the_lightest_meetings_out_with_no_table():
    requests = [Request(1, 10, 20, MUST), Request(2, 30, 40, LIKE, 0.9), Request(3, 50, 60, LIKE), Request(4, 70, 80, LIKE)]
    problem = Problem(slots=[1], requests=requests, capacity={1: 2})
    schedule = solve(problem, time_limit=10)
    assert schedule.assignment == {1: 1, 2: 1}
    assert schedule.unplaced == {3: "no_table", 4: "no_table"}
    assert schedule.bound == 100 + 48
    assert schedule.gap == 0.0
    assert assign_tables(problem, schedule) == {1: 1, 2: 2}


def test_caps_limit_a_participants_meetings_and_say_so():
    requests = [Request(1, 10, 20, LIKE, 0.2), Request(2, 10, 30, MUST), Request(3, 10, 40, LIKE)]
    problem = Problem(slots=[1, 2, 3], requests=requests, caps={10: 2})
    schedule = solve(problem, time_limit=10)
    assert sorted(schedule.assignment) == [1, 2]
    assert schedule.unplaced == {3: "cap_reached"}
    assert schedule.status == "optimal"


def test_unavailable_slots_are_never_used():
    requests = [Request(1, 10, 20), Request(2, 30, 40)]
    unavailable = {10: frozenset({1, 2}), 20: frozenset({3}), 30: frozenset({1}), 40: frozenset({2, 3})}
    schedule = solve(Problem(slots=[1, 2, 3], requests=requests, unavailable=unavailable), time_limit=10)
    assert schedule.assignment == {}
    assert schedule.unplaced == {1: "no_common_slot", 2: "no_common_slot"}
    # A participant with no availability at all gets the same explanation, not an error.
    lonely = Problem(slots=[1, 2], requests=[Request(1, 10, 20)], unavailable={10: frozenset({1, 2})})
    assert validate(lonely) == []
    assert solve(lonely, time_limit=5).unplaced == {1: "no_common_slot"}


def test_locked_meetings_stay_even_when_the_weight_would_rise_without_them():
    # Without the lock, 10-20 would move to slot 2 and 10-30 (must) would fit at slot 1.
    requests = [Request(1, 10, 20, LIKE), Request(2, 10, 30, MUST)]
    unavailable = {30: frozenset({2})}
    problem = Problem(slots=[1, 2], requests=requests, unavailable=unavailable, locked={1: 1})
    schedule = solve(problem, time_limit=10)
    assert schedule.assignment == {1: 1}
    assert schedule.unplaced == {2: "lock_conflict"}
    assert schedule.bound == 40


def test_rescheduling_moves_the_fewest_meetings_to_fit_a_late_request():
    # The late request 10-50 is only possible at slot 1, where 10-20 sits. 20 is away at 3,
    # so 10-20 must go to 2, which pushes 10-30 from 2 to 3: two moves, and nothing else
    # (60-70 and 80-90 could move freely but stay).
    requests = [Request(1, 10, 20), Request(2, 10, 30), Request(3, 60, 70), Request(4, 10, 50), Request(5, 80, 90)]
    unavailable = {20: frozenset({3}), 50: frozenset({2, 3})}
    previous = {1: 1, 2: 2, 3: 1, 5: 3}
    problem = Problem(slots=[1, 2, 3], requests=requests, unavailable=unavailable, previous=previous)
    schedule = solve(problem, time_limit=10)
    assert schedule.assignment == {1: 2, 2: 3, 3: 1, 4: 1, 5: 3}
    assert schedule.moved == [1, 2]
    assert schedule.status == "optimal"


def test_rescheduling_without_changes_moves_nothing():
    requests = random_requests(7, 12, 30)
    first = solve(Problem(slots=[1, 2, 3, 4], requests=requests), time_limit=20)
    again = solve(Problem(slots=[1, 2, 3, 4], requests=requests, previous=first.assignment), time_limit=20)
    assert again.weight == first.weight
    assert again.moved == []
    assert again.assignment == first.assignment


def test_a_progress_callback_that_says_stop_keeps_the_best_schedule_so_far():
    requests = random_requests(3, 40, 300)
    problem = Problem(slots=list(range(6)), requests=requests, capacity=dict.fromkeys(range(6), 15))
    seen = []

    def stop_at_once(progress):
        seen.append(progress)
        return False

    schedule = solve(problem, time_limit=30, progress=stop_at_once)
    assert schedule.status == "stopped"
    assert len(seen) == 1
    assert seen[0].weight == schedule.greedy_weight
    assert schedule.weight >= schedule.greedy_weight
    check_feasible(problem, schedule)


def test_progress_reports_rising_weights_under_the_bound_in_the_callers_thread():
    requests = random_requests(4, 30, 150)
    problem = Problem(slots=list(range(5)), requests=requests, capacity=dict.fromkeys(range(5), 10))
    seen, threads = [], set()

    def note(progress):
        seen.append(progress)
        threads.add(threading.get_ident())
        return True

    schedule = solve(problem, time_limit=20, progress=note)
    assert threads == {threading.get_ident()}  # the caller's thread, never a solver thread
    assert seen[0].weight == schedule.greedy_weight
    assert [p.weight for p in seen] == sorted(p.weight for p in seen)
    assert all(p.weight <= p.bound for p in seen)
    assert seen[-1].weight == schedule.weight


def test_no_time_means_the_greedy_schedule():
    requests = random_requests(5, 30, 200)
    problem = Problem(slots=list(range(4)), requests=requests, capacity=dict.fromkeys(range(4), 9))
    schedule = solve(problem, time_limit=0)
    assert schedule.status == "greedy"
    assert schedule.weight == schedule.greedy_weight == greedy(problem).weight
    assert schedule.weight < schedule.bound
    assert schedule.gap == (schedule.bound - schedule.weight) / schedule.bound
    check_feasible(problem, schedule)


def test_a_greedy_schedule_that_meets_the_bound_is_optimal_without_search():
    requests = [Request(1, 10, 20), Request(2, 10, 30), Request(3, 20, 30)]
    schedule = solve(Problem(slots=[1, 2], requests=requests, capacity={1: 1, 2: 1}), time_limit=0)
    assert schedule.status == "optimal"
    assert schedule.weight == schedule.bound == 80


def test_components_are_solved_apart_and_their_bounds_add_up():
    triangle = [Request(1, 10, 20, MUST), Request(2, 10, 30), Request(3, 20, 30)]
    other = [Request(4, 40, 50, MUST, 1.0), Request(5, 40, 60), Request(6, 50, 60), Request(7, 60, 70)]
    problem = Problem(slots=[1, 2], requests=triangle + other)
    schedule = solve(problem, time_limit=20)
    assert schedule.weight == (100 + 40) + (109 + 40 + 40)
    assert schedule.bound == schedule.weight
    check_feasible(problem, schedule)


def test_tables_are_numbered_from_one_within_each_slot_locked_first():
    requests = [Request(5, 10, 20), Request(3, 30, 40), Request(9, 50, 60), Request(1, 70, 80)]
    problem = Problem(slots=[1, 2], requests=requests, capacity={1: 2, 2: 2}, locked={9: 1})
    schedule = solve(problem, time_limit=10)
    tables = assign_tables(problem, schedule)
    assert tables[9] == 1
    for slot in (1, 2):
        numbers = sorted(tables[rid] for rid, s in schedule.assignment.items() if s == slot)
        assert numbers == list(range(1, len(numbers) + 1))
    assert assign_tables(problem, schedule) == tables


def test_the_scheduler_loads_without_django():
    code = "import sys, kakehashi.meetings.scheduling; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_large_neighbourhood_search_keeps_locks_caps_and_never_loses_weight():
    import time

    from kakehashi.meetings.scheduling import lns
    from kakehashi.meetings.scheduling.greedy import greedy_assignment
    from kakehashi.meetings.scheduling.solver import Search

    rng = random.Random(11)
    requests = random_requests(11, 60, 400)
    slots = list(range(6))
    unavailable = {p: frozenset(rng.sample(slots, 2)) for p in range(60)}
    caps = dict.fromkeys(range(0, 60, 7), 3)
    locked = {}
    busy = set()
    for request in requests[:40]:
        common = [s for s in slots if s not in unavailable[request.a] and s not in unavailable[request.b]
                  and (request.a, s) not in busy and (request.b, s) not in busy]
        if common and request.a not in caps and request.b not in caps:
            locked[request.id] = common[0]
            busy |= {(request.a, common[0]), (request.b, common[0])}
    problem = Problem(slots=slots, requests=requests, capacity=dict.fromkeys(slots, 25), unavailable=unavailable,
                      caps=caps, locked=locked)
    assert validate(problem) == []
    inst = Instance(problem)
    search = Search(inst, time_limit=60, progress=None)
    search.bound = lp_bound(inst, time_limit=10)
    search.offer(greedy_assignment(inst))
    start = search.weight
    lns.improve(search, list(range(len(requests))), workers=2, until=time.monotonic() + 3)
    inst.check(search.best)
    assert search.weight >= start
    assert all(search.best[inst.index[rid]] == inst.slot_index[slot] for rid, slot in locked.items())


def test_a_component_too_big_for_one_model_goes_through_the_neighbourhood_search():
    from kakehashi.meetings.scheduling.solver import FULL_MODEL_OPTIONS

    requests = random_requests(12, 120, 1000)
    slots = list(range(8))
    first = greedy(Problem(slots=slots, requests=requests))
    locked = dict(list(first.assignment.items())[:50])
    problem = Problem(slots=slots, requests=requests, locked=locked, previous=first.assignment, caps={0: 2, 1: 3})
    assert len(requests) * len(slots) > FULL_MODEL_OPTIONS
    schedule = solve(problem, time_limit=8)
    check_feasible(problem, schedule)
    assert schedule.status in ("feasible", "optimal")
    assert schedule.greedy_weight <= schedule.weight <= schedule.bound
    assert all(schedule.assignment[rid] == slot for rid, slot in locked.items())
    assert schedule.moved == sorted(rid for rid, slot in first.assignment.items() if schedule.assignment.get(rid) != slot)
