"""Prefectural minimum wages (地域別最低賃金), hourly, in JPY: the FY2024 (令和6年度) table,
in force from October 2024 (each prefecture's own date, 1 October to 1 November 2024).

Source: the Ministry of Health, Labour and Welfare's list of regional minimum wages
(https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/koyou_roudou/roudoukijun/minimumichiran/index.html),
checked 2026-12-07 against three copies of that list (all 47 values agree).

Minimum wages only ever rise in October of each year, and later revisions (FY2025 onwards)
are not in this table yet: a wage below these figures is certainly below today's minimum,
while a wage above them may still be below it. So the job form refuses a wage below this
floor and the job page says "at least the FY2024 minimum", never "above today's minimum".
Updating the table is an edit here (a new dated table), not a change of the code using it."""

from __future__ import annotations

import datetime as dt

FISCAL_YEAR = "FY2024"
VALID_FROM = dt.date(2024, 10, 1)
SOURCE = {
    "url": "https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/koyou_roudou/roudoukijun/minimumichiran/index.html",
    "label": "MHLW: 地域別最低賃金の全国一覧 (令和6年度)",
    "checked_on": "2026-12-07",
}
WEEKS_PER_MONTH = 52 / 12

# JP-01 Hokkaido … JP-47 Okinawa, in the ministry's order.
_HOURLY = (
    1010, 953, 952, 973, 951, 955, 955, 1005, 1004, 985, 1078, 1076, 1163, 1162, 985, 998, 984, 984, 988, 998,
    1001, 1034, 1077, 1023, 1017, 1058, 1114, 1052, 986, 980, 957, 962, 982, 1020, 979, 980, 970, 956, 952, 992,
    956, 953, 952, 954, 952, 953, 952,
)
HOURLY: dict[str, int] = {f"JP-{number:02d}": wage for number, wage in enumerate(_HOURLY, start=1)}


def hourly(prefecture: str) -> int | None:
    return HOURLY.get(prefecture)


def monthly_floor(prefecture: str, hours_per_week: int) -> int | None:
    """The least monthly wage for these hours at the table's hourly minimum, or None when unknown."""
    rate = hourly(prefecture)
    if rate is None or hours_per_week <= 0:
        return None
    return round(rate * hours_per_week * WEEKS_PER_MONTH)
