"""The shapes of programme figures, shared by every app's `figures.py` and the `programme`
app that shows them: the filters (a date range in UTC days and an organisation country),
a labelled count table, a monthly series, and the staff check every figures function makes.

An app's `figures.py` is its permission-checked read of aggregate figures: each function
takes the viewer first and raises PermissionDenied unless the viewer is staff, so figures
that would name an anonymous opportunity's owner never reach anyone else. The public
summary (`programme.public`) is built from the same tables after small cells are hidden.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth

from .models import Sector


@dataclass(frozen=True)
class Filters:
    """`start` and `end` are days (UTC), both included; `country` an organisation country
    code ("IN", "JP", "XX") or "" for every country."""

    start: dt.date | None = None
    end: dt.date | None = None
    country: str = ""

    def within(self, path: str) -> Q:
        """`path` (a datetime field) falls within the range."""
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{path}__gte": dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC)})
        if self.end is not None:
            q &= Q(**{f"{path}__lt": dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)})
        return q

    def in_country(self, *paths: str) -> Q:
        """Any of the organisation-country `paths` is the chosen country (no condition without one)."""
        if not self.country:
            return Q()
        q = Q()
        for path in paths:
            q |= Q(**{path: self.country})
        return q


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    value: int


@dataclass
class Table:
    """Counts by one breakdown. `public` tables may appear (with small cells hidden) on the
    public summary; the others are for staff only."""

    key: str
    title: str
    rows: list[Row]
    public: bool = True
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "note": self.note,
                "rows": [{"code": r.code, "label": r.label, "value": r.value} for r in self.rows]}


@dataclass
class Series:
    """Counts per calendar month (UTC), one line per thing counted, every month of the range."""

    key: str
    title: str
    months: list[dt.date]
    lines: list[tuple[str, list[int]]] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[dt.date, list[int]]]:
        """(month, the lines' values that month), for tables."""
        return [(month, [values[i] for _label, values in self.lines]) for i, month in enumerate(self.months)]

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "months": [m.strftime("%Y-%m") for m in self.months],
                "lines": [{"label": label, "values": values} for label, values in self.lines]}


def require_staff(viewer: Any) -> None:
    if not (getattr(viewer, "is_authenticated", False) and getattr(viewer, "is_active", False) and viewer.is_staff):
        raise PermissionDenied


def counts(qs: QuerySet, path: str, distinct: str = "pk") -> dict[Any, int]:
    rows = qs.values(path).annotate(n=Count(distinct, distinct=True)).order_by()
    return {row[path]: row["n"] for row in rows}


def labelled(choices: Iterable[tuple[Any, Any]], found: Mapping[Any, int]) -> list[Row]:
    """A row for every choice, in the choices' order, zeros included."""
    return [Row(str(code), str(label), found.get(code, 0)) for code, label in choices]


def per_month(qs: QuerySet, path: str, distinct: str = "pk") -> dict[dt.date, int]:
    rows = (
        qs.filter(**{f"{path}__isnull": False})
        .annotate(month=TruncMonth(path, tzinfo=dt.UTC))
        .values("month")
        .annotate(n=Count(distinct, distinct=True))
        .order_by("month")
    )
    return {_as_date(r["month"]): r["n"] for r in rows}


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def monthly(key: str, title: str, lines: list[tuple[str, dict[dt.date, int]]], filters: Filters) -> Series:
    """Fill the months from the range's start (or the first activity) to its end (or the last)."""
    found = sorted({m for _label, by_month in lines for m in by_month})
    first = filters.start.replace(day=1) if filters.start else (found[0] if found else None)
    last = filters.end.replace(day=1) if filters.end else (found[-1] if found else None)
    months: list[dt.date] = []
    if first is not None and last is not None:
        month = first
        while month <= last and len(months) < 240:  # twenty years at most
            months.append(month)
            month = next_month(month)
    return Series(key, title, months, [(label, [by_month.get(m, 0) for m in months]) for label, by_month in lines])


def by_sector_section(qs: QuerySet, sectors: str, no_sector: str) -> list[Row]:
    """Rows of `qs` per ISIC section (A–U) its `sectors` (a many-to-many of divisions or
    sections) touch, each row counted once per section; sections with none left out, then
    the rows without a sector (labelled `no_sector`)."""
    rows = (
        qs.filter(**{f"{sectors}__isnull": False})
        .annotate(section=Coalesce(f"{sectors}__parent", f"{sectors}__code"))
        .values("section")
        .annotate(n=Count("pk", distinct=True))
        .order_by("section")
    )
    found = {r["section"]: r["n"] for r in rows}
    names = {s.code: s.name for s in Sector.objects.filter(code__in=found)}
    result = [Row(code, f"{code} · {names.get(code, code)}", n) for code, n in found.items()]
    without = qs.filter(**{f"{sectors}__isnull": True}).count()
    if without:
        result.append(Row("", no_sector, without))
    return result
