"""Import and concentration analysis of a synthetic supplier file (supplychain).

    PYTHONPATH=src .venv/bin/python bench/supplychain_analysis.py [--rows 1000000] [--items 20000] [--runs 3] [--loop-rows 200000]

Builds a CSV of --rows rows (items, 8,000 suppliers, 40 countries named in English, Japanese,
Hindi or by ISO code, spend, shares, lead times, cover, alternates) in CP932 as Japanese
Excel saves it, then times separately, best and median of --runs:

- import: decoding (charset-normalizer on the first 256 KiB, then the whole file), parsing
  (pandas C parser) and checking every row (supplychain.validation), no database;
- analysis: supplychain.analysis.analyse on the checked frame (goal ≤ 10 s at 1,000,000 rows);
- for comparison, the per-item HHI written as a plain Python loop over --loop-rows rows;
- with --database-rows N: the whole upload of an N-row file through supplychain.services
  (read, check, analyse, write every row in one transaction) into a throw-away SQLite database.
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
if "--database-rows" in " ".join(sys.argv):
    os.environ["KAKEHASHI_DATA_DIR"] = tempfile.mkdtemp(prefix="kk-sc-bench-")  # a throw-away SQLite database
    os.environ["TASK_BACKEND"] = "immediate"
django.setup()

from kakehashi.supplychain import analysis, columns, reading, validation  # noqa: E402

COUNTRIES = [
    "VN", "ベトナム", "Viet Nam", "Vietnam", "CN", "中国", "China", "TH", "タイ", "Thailand", "IN", "India", "インド", "IND",
    "ID", "Indonesia", "MX", "Mexico", "MY", "マレーシア", "PH", "KR", "韓国", "TW", "台湾", "US", "米国", "DE", "ドイツ", "JP",
    "日本", "BD", "LK", "TR", "PL", "CZ", "HU", "BR", "ZA", "EG",
]


def synthetic_csv(rows: int, items: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    suppliers = [(f"サプライヤー{n:05d}", rng.choice(COUNTRIES)) for n in range(8000)]
    lines = ["品目,HSコード,仕入先,国,年間調達額,通貨,リードタイム（日）,在庫日数,認定代替先数"]
    for n in range(rows):
        item = n % items
        supplier, country = suppliers[(item * 7 + n // items) % len(suppliers)]
        lines.append(f"部品{item:06d},{8708 + item % 50},{supplier},{country},{rng.randint(1000, 5_000_000)},JPY,"
                     f"{rng.randint(5, 120)},{rng.randint(0, 90)},{rng.randint(0, 3)}")
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


def timed(function, runs: int):
    """Best and median wall-clock seconds, best CPU seconds of this process, the result."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(times), statistics.median(times), min(cpu), result


def loop_hhi(frame, spend) -> dict:
    """The per-item supplier HHI with dicts, row by row: what the vectorised code replaces."""
    totals: dict = {}
    pairs: dict = {}
    for item, supplier, amount in zip(frame["item"], frame["supplier"], spend, strict=True):
        totals[item] = totals.get(item, 0.0) + amount
        pairs[(item, supplier)] = pairs.get((item, supplier), 0.0) + amount
    hhi: dict = {}
    for (item, _supplier), amount in pairs.items():
        share = 100.0 * amount / totals[item]
        hhi[item] = hhi.get(item, 0.0) + share * share
    return hhi


def database_import(rows: int) -> None:
    from django.conf import settings
    from django.core.management import call_command

    from kakehashi.supplychain import services
    from kakehashi.supplychain.models import SupplierList
    from tests.factories import MembershipFactory, OrganisationFactory

    call_command("migrate", verbosity=0)
    settings.SUPPLYCHAIN_UPLOAD_MAX_BYTES = 10**10
    user = MembershipFactory(organisation=OrganisationFactory(country="JP", region_code="JP-23", city="Nagoya")).user
    data = synthetic_csv(rows, max(rows // 50, 1))
    start, start_cpu = time.perf_counter(), time.process_time()
    supplier_list = services.upload_list(user, user.memberships.get().organisation_id, "bench", "bench.csv", data)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    supplier_list = SupplierList.objects.get(pk=supplier_list.pk)
    print(f"upload through the services into SQLite, {rows:,} rows ({len(data) / 1e6:.1f} MB): {elapsed:.2f} s, CPU {cpu:.2f} s, "
          f"status {supplier_list.status}, rows stored {supplier_list.rows.count():,}; load {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--loop-rows", type=int, default=200_000)
    parser.add_argument("--database-rows", type=int, default=0)
    args = parser.parse_args()
    if args.database_rows:
        database_import(args.database_rows)
        return
    data = synthetic_csv(args.rows, args.items)
    print(f"file: {args.rows:,} rows, {len(data) / 1e6:.1f} MB CP932, load {os.getloadavg()[0]:.1f}")

    def do_import():
        table = reading.read(data, "csv")
        return table, validation.validate(table, columns.guess_mapping(table.headers))

    best, median, cpu, (table, checked) = timed(do_import, args.runs)
    assert checked.problem_count == 0, checked.problems[:3]
    print(f"import (decode {table.encoding}, parse, check; no database): best {best:.2f} s, median {median:.2f} s, CPU {cpu:.2f} s")
    spend = validation.analysis_spend(checked)
    best, median, cpu, result = timed(lambda: analysis.analyse(checked.frame, spend, checked.currency), args.runs)
    print(f"analysis: best {best:.2f} s, median {median:.2f} s, CPU {cpu:.2f} s (goal ≤ 10 s) — {result['items']:,} items, "
          f"{result['suppliers']:,} suppliers, {result['countries']} countries, overall country HHI {result['hhi_country']}")
    part = checked.frame.head(args.loop_rows)
    best, _median, _cpu, _ = timed(lambda: loop_hhi(part, spend.head(args.loop_rows).tolist()), 1)
    print(f"plain Python loop, per-item supplier HHI only, {len(part):,} rows: {best:.2f} s "
          f"(≈ {best * args.rows / max(len(part), 1):.1f} s at {args.rows:,} rows)")


    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
