"""Disruption Monte Carlo over a synthetic supplier portfolio (supplychain.simulation).

    PYTHONPATH=src DJANGO_SETTINGS_MODULE=kakehashi.settings .venv/bin/python bench/supplychain_simulation.py [--items 5000] [--draws 10000] [--runs 3]
    PYTHONPATH=src:. .venv/bin/python bench/supplychain_simulation.py --through-task [--items 5000] [--draws N]

Items have 1–4 supplier rows (mean 2.5) in 12 manufacturing countries, lead times 7–90 days,
inventory cover 0–60 days, 0–2 qualified alternates. Each run simulates the three scenarios
(hazard draws from INFORM, a 6-week closure of China, an 8-week port slowdown from LPI
timeliness) on the portfolio (timed: wall clock, and CPU seconds of the process, which a
loaded machine inflates less) and after a re-allocation (half of China's shares to India;
not timed, its figures are printed beside); best and median of --runs. It also prints the
vectorised step at float64 instead of float32 and a plain-Python loop over draws (on 20 draws,
extrapolated) to show what vectorising buys.

--through-task stores the portfolio as a supplier list in a throw-away SQLite database and
times what the task does (`planning.execute_simulation`: load the rows, both runs, the
heartbeat and progress writes after every chunk, the results' transaction), beside the
request's part (`planning.start_simulation`); draws × rows must stay within
SUPPLYCHAIN_SIMULATION_CELLS (50 M): the default is the most draws it allows.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
if "--through-task" in sys.argv:
    os.environ["KAKEHASHI_DATA_DIR"] = tempfile.mkdtemp(prefix="kk-sim-bench-")  # a throw-away SQLite database
    os.environ["TASK_BACKEND"] = "database"  # the request queues; this process then runs the task's work, timed
    os.environ.pop("DATABASE_URL", None)
django.setup()

import numpy as np  # noqa: E402

from kakehashi.supplychain import simulation  # noqa: E402
from kakehashi.supplychain.simulation import Move, Row, Scenario, build_portfolio, reallocate, run  # noqa: E402

COUNTRIES = ["CHN", "JPN", "IND", "VNM", "THA", "IDN", "MEX", "KOR", "DEU", "USA", "MYS", "PHL"]


def synthetic(items: int, seed: int = 7) -> list[Row]:
    rng = random.Random(seed)
    rows = []
    for i in range(items):
        for _ in range(rng.choice([1, 2, 2, 3, 3, 4])):
            rows.append(Row(
                item=f"item-{i}", supplier=f"supplier-{rng.randrange(items)}", country=rng.choice(COUNTRIES),
                annual_spend=rng.uniform(1e3, 1e6), share=rng.uniform(0.1, 1), lead_time_days=rng.uniform(7, 90),
                inventory_cover_days=rng.uniform(0, 60), alternates=rng.choice([0, 0, 1, 2]),
            ))
    return rows


def python_loop(portfolio, scenario: Scenario) -> float:
    """The same model draw by draw, row by row, in plain Python (the baseline numpy replaces)."""
    rng = random.Random(scenario.seed)
    codes = simulation.country_codes()
    hazard = simulation.countrydata.values("hazard_exposure")
    p = {i: scenario.hazard_rate * hazard.get(code, 0) / 10 for i, code in enumerate(codes)}
    u = simulation.Uncertainty()
    total = 0.0
    for _ in range(scenario.draws):
        hit = {c: rng.random() < p[c] for c in set(portfolio.row_country.tolist())}
        lost = [0.0] * len(portfolio.items)
        for r in range(len(portfolio.row_item)):
            weeks = scenario.weeks if hit[int(portfolio.row_country[r])] else 0.0
            k = int(portfolio.row_alternates[r])
            if k and rng.random() < 1 - (1 - u.alternate_success) ** k:
                weeks = min(weeks, float(portfolio.row_lead_weeks[r]) * rng.uniform(u.lead_low, u.lead_high))
            lost[int(portfolio.row_item[r])] += float(portfolio.row_share[r]) * weeks
        for i, weeks in enumerate(lost):
            cover = float(portfolio.item_cover_weeks[i]) * rng.uniform(u.cover_low, u.cover_high)
            total += max(0.0, weeks - cover) * float(portfolio.item_weekly_value[i])
    return total / scenario.draws


def through_task(items: int, draws: int) -> None:
    import pycountry
    from django.conf import settings
    from django.core.management import call_command

    from kakehashi.supplychain import planning
    from kakehashi.supplychain.models import SupplierRow
    from tests.factories import MembershipFactory, OrganisationFactory, SupplierListFactory

    call_command("migrate", verbosity=0)
    user = MembershipFactory(organisation=OrganisationFactory(country="JP", region_code="JP-23", city="Nagoya")).user
    supplier_list = SupplierListFactory(organisation=user.memberships.get().organisation, name="bench")
    SupplierRow.objects.bulk_create([SupplierRow(
        supplier_list=supplier_list, row_number=n + 2, item=r.item, supplier=r.supplier,
        country=pycountry.countries.get(alpha_3=r.country).alpha_2, spend=round(r.annual_spend, 2), currency="USD",
        volume_share=round(r.share * 100, 2), lead_time_days=round(r.lead_time_days),
        inventory_cover_days=round(r.inventory_cover_days), qualified_alternates=r.alternates,
    ) for n, r in enumerate(synthetic(items))], batch_size=5000)
    rows = supplier_list.rows.count()
    draws = draws or settings.SUPPLYCHAIN_SIMULATION_CELLS // rows
    start, start_cpu = time.perf_counter(), time.process_time()
    sim = planning.start_simulation(user, supplier_list, Scenario("hazard", 6, draws=draws, seed=11),
                                    [Move("IND", 0.5, from_country="CHN")])
    request, request_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    start, start_cpu = time.perf_counter(), time.process_time()
    status = planning.execute_simulation(sim.pk)
    task, task_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    sim.refresh_from_db()
    print(f"through the task, SQLite: {rows:,} rows × {draws:,} draws, hazard before and after moving half of China to India; "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"request (start_simulation: checks, queue): {request:.2f} s, CPU {request_cpu:.2f} s")
    print(f"task (execute_simulation: rows, two runs, heartbeats, results): {task:.2f} s, CPU {task_cpu:.2f} s; "
          f"status {status}, claims {sim.attempts}, expected shortfall {sim.results['before']['expected_shortfall']:,.0f} → "
          f"{sim.results['after']['expected_shortfall']:,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--draws", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--through-task", action="store_true")
    args = parser.parse_args()
    if args.through_task:
        through_task(args.items, args.draws)
        return
    args.draws = args.draws or 10_000
    start = time.perf_counter()
    before = build_portfolio(synthetic(args.items))
    after = reallocate(before, [Move("IND", 0.5, from_country="CHN")])
    print(f"{args.items:,} items, {len(before.row_item):,} supplier rows; portfolio built in "
          f"{time.perf_counter() - start:.2f} s; load {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    scenarios = [
        Scenario("hazard", 6, draws=args.draws, seed=11),
        Scenario("closure", 6, ("CHN",), draws=args.draws, seed=11),
        Scenario("slowdown", 8, draws=args.draws, seed=11),
    ]
    for scenario in scenarios:
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            first = run(before, scenario)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            second = run(after, scenario)
        print(f"{scenario.kind:9} {args.draws:,} draws × {args.items:,} items, one portfolio: best {min(times):.2f} s, "
              f"median {statistics.median(times):.2f} s (CPU {min(cpu):.2f} s); expected shortfall {first.expected_shortfall:,.0f} → "
              f"{second.expected_shortfall:,.0f}, fill rate {first.fill_rate:.4f} → {second.fill_rate:.4f}")
    few = Scenario("hazard", 6, draws=20, seed=11)
    start = time.perf_counter()
    python_loop(before, few)
    loop = (time.perf_counter() - start) / 20 * args.draws
    print(f"plain Python loop, hazard, one portfolio: {loop:.1f} s for {args.draws:,} draws (extrapolated from 20)")
    simulation.DTYPE = np.float64  # the same code at double precision, for comparison
    start = time.perf_counter()
    run(before, scenarios[0])
    print(f"float64 instead of float32, hazard, one portfolio: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
