"""Prefectural minimum wages (地域別最低賃金), hourly, in JPY: the FY2024 (令和6年度) table,
in force from October 2024 (each prefecture's own date, 1 October to 1 November 2024).

Source: the Ministry of Health, Labour and Welfare's list of regional minimum wages
(https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/koyou_roudou/roudoukijun/minimumichiran/index.html),
checked 2026-12-07 against three copies of that list (all 47 values agree).

Minimum wages are revised each fiscal year, from October at the earliest, and have only
risen; the FY2025 (令和7年度) and later tables are not here (their figures were not checked
against the ministry's list, and none is guessed). So:

- the job form refuses a wage below the newest table's floor (certainly below today's
  minimum too);
- `compare` says which table a comparison uses and whether that table is the one in force
  on the day asked: from 1 October 2025 it is not, and the minimum wage in force is shown as
  unknown, never as the FY2024 figure.

Adding a year is an edit here: a new `Table` appended to `TABLES` with its dates and source,
not a change of the code using it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

WEEKS_PER_MONTH = 52 / 12


@dataclass(frozen=True)
class Table:
    fiscal_year: str  # "FY2024"
    in_force_from: dt.date  # the first prefecture's revision took effect
    all_in_force_from: dt.date  # every prefecture's revision had taken effect
    in_force_until: dt.date  # the last day before the next year's revisions can start
    hourly: dict[str, int]  # ISO 3166-2 -> JPY an hour
    source: dict[str, str]


# JP-01 Hokkaido … JP-47 Okinawa, in the ministry's order.
_FY2024 = (
    1010, 953, 952, 973, 951, 955, 955, 1005, 1004, 985, 1078, 1076, 1163, 1162, 985, 998, 984, 984, 988, 998,
    1001, 1034, 1077, 1023, 1017, 1058, 1114, 1052, 986, 980, 957, 962, 982, 1020, 979, 980, 970, 956, 952, 992,
    956, 953, 952, 954, 952, 953, 952,
)

TABLES: tuple[Table, ...] = (
    Table(
        fiscal_year="FY2024", in_force_from=dt.date(2024, 10, 1), all_in_force_from=dt.date(2024, 11, 1),
        in_force_until=dt.date(2025, 9, 30),
        hourly={f"JP-{number:02d}": wage for number, wage in enumerate(_FY2024, start=1)},
        source={
            "url": "https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/koyou_roudou/roudoukijun/minimumichiran/index.html",
            "label": "MHLW: 地域別最低賃金の全国一覧 (令和6年度)",
            "checked_on": "2026-12-07",
        },
    ),
)
LATEST = TABLES[-1]
# Kept for the callers that name the newest table (the job form's message).
FISCAL_YEAR = LATEST.fiscal_year
VALID_FROM = LATEST.in_force_from
SOURCE = LATEST.source
HOURLY = LATEST.hourly


def hourly(prefecture: str) -> int | None:
    """The newest table's hourly minimum of a prefecture, or None when unknown."""
    return HOURLY.get(prefecture)


def monthly_floor(prefecture: str, hours_per_week: int) -> int | None:
    """The least monthly wage for these hours at the newest table's hourly minimum, or None when unknown."""
    rate = hourly(prefecture)
    if rate is None or hours_per_week <= 0:
        return None
    return round(rate * hours_per_week * WEEKS_PER_MONTH)


def table_on(day: dt.date) -> Table | None:
    """The table in force in every prefecture on `day`, or None when we do not have it (a
    later year's revisions, or a day during a revision period)."""
    return next((t for t in TABLES if t.all_in_force_from <= day <= t.in_force_until), None)


@dataclass(frozen=True)
class Comparison:
    """A monthly wage against a prefecture's minimum wage, as far as the tables know."""

    table: str  # the fiscal year of the table compared with ("FY2024")
    table_from: dt.date
    hourly: int | None  # None: the prefecture is not in the table
    floor: int | None  # the least monthly wage for these hours at that table's rate
    at_least: bool | None  # the wage is at least that floor (None when unknown)
    current: bool  # the table compared with is the one in force on the day asked
    source: dict[str, str]


def compare(prefecture: str, hours_per_week: int, monthly_wage: int, on: dt.date | None = None) -> Comparison:
    """`monthly_wage` against the table in force on `on` (today) when we have it, else against
    the newest table we have, saying that it is not the one in force (`current` False)."""
    day = on or timezone.localdate()
    table = table_on(day) or LATEST
    rate = table.hourly.get(prefecture)
    floor = round(rate * hours_per_week * WEEKS_PER_MONTH) if rate is not None and hours_per_week > 0 else None
    return Comparison(
        table=table.fiscal_year, table_from=table.in_force_from, hourly=rate, floor=floor,
        at_least=(monthly_wage >= floor) if floor is not None else None,
        current=table_on(day) is table, source=table.source,
    )
