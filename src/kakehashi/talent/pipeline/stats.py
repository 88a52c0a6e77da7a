"""Programme counts for staff: jobs by field and prefecture, candidates by field and
Japanese level, the pipeline funnel (how many applications reached each stage, from their
history) and the time from application to arrival in Japan; each as a table that exports to
CSV or XLSX through `core.spreadsheets` (cells a spreadsheet would read as a formula neutralised)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable

from django.db.models import Count
from django.utils.translation import get_language, pgettext

from kakehashi.accounts.regions import region_name
from kakehashi.talent import queries as talent_queries
from kakehashi.talent.models import CandidateProfile, Job

from . import states
from .models import Application, ApplicationEvent

Table = list[list[object]]



def _field_names() -> dict[str, str]:
    return {f.code: f.name_in(get_language() or "en") for f in talent_queries.fields_on()}


def jobs_by_field_and_prefecture() -> Table:
    names = _field_names()
    rows = (Job.objects.filter(status=Job.Status.PUBLISHED).values("field_code", "prefecture")
            .annotate(jobs=Count("pk")).order_by("field_code", "prefecture"))
    table: Table = [[pgettext("programme counts", "Field"), pgettext("programme counts", "Prefecture"), pgettext("programme counts", "Published jobs")]]
    return table + [
        [names.get(r["field_code"], r["field_code"]), region_name(r["prefecture"]) or r["prefecture"], r["jobs"]] for r in rows]


def candidates_by_field_and_level() -> Table:
    names = _field_names()
    counts: Counter[tuple[str, str]] = Counter()
    for fields, level in CandidateProfile.objects.values_list("fields_of_interest", "jlpt_level"):
        for code in fields or ["—"]:
            counts[(str(code), f"N{level}" if level else pgettext("programme counts", "no JLPT level"))] += 1
    table: Table = [[pgettext("programme counts", "Field of interest"), pgettext("programme counts", "JLPT level"), pgettext("programme counts", "Candidates")]]
    return table + [[names.get(code, code), level, n] for (code, level), n in sorted(counts.items())]


def furthest_stages() -> dict[int, int]:
    """application id -> the furthest stage of the main line it ever reached (from its history)."""
    reached: dict[int, int] = defaultdict(int)
    for application_id, target in ApplicationEvent.objects.values_list("application_id", "target"):
        reached[application_id] = max(reached[application_id], states.stage(target))
    for application_id in Application.objects.values_list("pk", flat=True):
        reached.setdefault(application_id, 0)
    return dict(reached)


def funnel() -> Table:
    stages = list(furthest_stages().values())
    total = len(stages) or 1
    rows: Table = [[pgettext("programme counts", "Stage"), pgettext("programme counts", "Applications that reached it"), pgettext("programme counts", "Share of applications (%)")]]
    for i, state in enumerate(states.LINE):
        n = sum(1 for s in stages if s >= i)
        rows.append([str(states.LABELS[state]), n, round(100 * n / total, 1)])
    return rows


def arrival_days() -> list[float]:
    """Days from the application to the arrival in Japan, per application that arrived."""
    created = dict(Application.objects.values_list("pk", "created_at"))
    out = []
    for application_id, at in ApplicationEvent.objects.filter(target=states.ARRIVED).values_list("application_id", "at"):
        if application_id in created:
            out.append((at - created[application_id]).total_seconds() / 86400)
    return out


def time_to_arrival() -> Table:
    days = arrival_days()
    rows: Table = [[pgettext("programme counts", "Measure"), pgettext("programme counts", "Days")], [pgettext("programme counts", "Applications that arrived"), len(days)]]
    if days:
        rows += [[pgettext("programme counts", "Median"), round(statistics.median(days), 1)], [pgettext("programme counts", "Shortest"), round(min(days), 1)],
                 [pgettext("programme counts", "Longest"), round(max(days), 1)]]
    return rows


TABLES: dict[str, Callable[[], Table]] = {
    "jobs": jobs_by_field_and_prefecture, "candidates": candidates_by_field_and_level, "funnel": funnel,
    "arrival": time_to_arrival,
}

