"""The dashboard's sections, one per app, in order. Each provider reads only its app's
permission-checked `figures.py` (staff only) and returns tables and monthly series.

Adding an app's figures (meetings, the SSW pipeline, supply-chain analyses) is one entry in
SECTIONS: write `figures.tables(viewer, filters) -> list[Table]` (and, if it has figures over
time, a function returning a `Series`) in that app, and list it here. The dashboard page,
charts, exports, the API and the public summary pick it up; mark tables that must never be
published `public=False`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts import figures as accounts_figures
from kakehashi.community import figures as community_figures
from kakehashi.core.figures import Filters, Series, Table
from kakehashi.events import figures as events_figures
from kakehashi.meetings import figures as meetings_figures
from kakehashi.opportunities import figures as opportunities_figures
from kakehashi.supplychain import figures as supplychain_figures
from kakehashi.talent import figures as talent_figures


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    tables: Callable[[Any, Filters], list[Table]]
    series: tuple[Callable[[Any, Filters], Series], ...] = ()
    link: tuple[str, Promise] | None = None  # (URL name, label) of the app's own detailed page


@dataclass
class Figures:
    section: Section
    tables: list[Table] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.section.key, "title": str(self.section.title),
                "tables": [t.as_dict() for t in self.tables], "series": [s.as_dict() for s in self.series]}


SECTIONS: list[Section] = [
    Section("members", _("Members and organisations"), accounts_figures.tables),
    Section("opportunities", _("Opportunities, matches and outcomes"), opportunities_figures.tables,
            series=(opportunities_figures.funnel_monthly,),
            link=("opportunities:programme", _("Opportunities in detail: status, sectors, dismissed matches, CSV lists"))),
    Section("events", _("Events"), events_figures.tables),
    Section("community", _("Community"), community_figures.tables),
    Section("talent", _("Specified Skilled Workers"), talent_figures.tables, series=(talent_figures.pipeline_monthly,)),
    Section("meetings", _("Meetings at matchmaking sessions"), meetings_figures.tables,
            series=(meetings_figures.meetings_monthly,)),
    Section("supplychain", _("Supply-chain analyses"), supplychain_figures.tables),
]


def collect(viewer: Any, filters: Filters, only: str | None = None) -> list[Figures]:
    """Every section's figures (or only the section `only`); raises PermissionDenied unless staff."""
    return [
        Figures(section, section.tables(viewer, filters), [series(viewer, filters) for series in section.series])
        for section in SECTIONS if only in (None, section.key)
    ]


def chart_source(viewer: Any, filters: Filters, key: str) -> Table | Series | None:
    """The table or series called `key` (section key and its own key: "members.organisations_by_type")."""
    section_key, _dot, name = key.partition(".")
    for figures in collect(viewer, filters, only=section_key):
        items: list[Table | Series] = [*figures.tables, *figures.series]
        for item in items:
            if item.key == name:
                return item
    return None
