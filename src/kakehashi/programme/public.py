"""The public programme summary: off until staff publish it; it shows only tables marked
public, for all time and every country (no filters: differences between filtered views
could reveal a small cell), with every count from 1 to MIN_CELL - 1 hidden as "fewer than
5". Several tables count the same population (organisations by country and by type), so
a table with exactly one hidden cell also hides its next smallest count: the hidden cell
cannot be worked out from the total of another table. Zero stays: it names no one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from kakehashi.core.figures import Filters, Table

from . import sections
from .models import SummarySetting

MIN_CELL = 5


@dataclass(frozen=True)
class Cell:
    label: str
    value: int | None  # None: hidden (fewer than MIN_CELL)


@dataclass
class PublicTable:
    key: str
    title: str
    cells: list[Cell]


def is_published() -> bool:
    return SummarySetting.objects.filter(pk=1, published=True).exists()


def set_published(staff: Any, published: bool) -> None:
    """Staff publish or withdraw the summary (the view checks staff)."""
    with transaction.atomic():
        SummarySetting.objects.update_or_create(
            pk=1, defaults={"published": published, "changed_at": timezone.now(), "changed_by": staff}
        )


def suppress(table: Table, minimum: int = MIN_CELL) -> PublicTable:
    values = [row.value for row in table.rows]
    hidden = {i for i, v in enumerate(values) if 0 < v < minimum}
    if len(hidden) == 1:
        shown = [(v, i) for i, v in enumerate(values) if i not in hidden and v > 0]
        if shown:
            hidden.add(min(shown)[1])
    cells = [Cell(row.label, None if i in hidden else row.value) for i, row in enumerate(table.rows)]
    return PublicTable(table.key, table.title, cells)


def summary(staff_view_of_figures: Any) -> list[tuple[str, list[PublicTable]]]:
    """(section title, public tables) of every section. Figures are read with staff rights
    (`staff_view_of_figures`, a staff account or the system reader) and then reduced here."""
    result = []
    for figures in sections.collect(staff_view_of_figures, Filters()):
        tables = [suppress(t) for t in figures.tables if t.public]
        if tables:
            result.append((str(figures.section.title), tables))
    return result


class SystemReader:
    """The public page's reader of figures: it acts as staff only inside `summary`, whose
    output is the suppressed tables."""

    is_authenticated = True
    is_active = True
    is_staff = True
