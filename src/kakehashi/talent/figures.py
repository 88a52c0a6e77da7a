"""Programme figures of talent (staff only).

- The Specified Skilled Worker fields in force at the end of the range (today without one).
  They are rules, not people, so the country filter does not apply.
- The SSW pipeline: jobs by field and by prefecture (published in the range), candidates by
  field of interest and Japanese level (profiles made in the range), applications (made in
  the range) by the furthest stage of the funnel they reached, from their history, and by
  their state now; applications and employment starts per month. The country filter keeps
  jobs and applications of employers of that country, and candidates who applied to one.
  The field × Japanese level table could single out a candidate: it is for staff only."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kakehashi.accounts.regions import region_name
from kakehashi.core.figures import Filters, Row, Series, Table, counts, labelled, monthly, per_month, require_staff

from . import queries
from .models import CandidateProfile, Job
from .pipeline import states
from .pipeline.models import Application, ApplicationEvent

EMPLOYER_COUNTRY = "job__organisation__country"


def tables(viewer: Any, filters: Filters) -> list[Table]:
    require_staff(viewer)
    fields = queries.fields_on(filters.end or timezone.localdate())
    return [
        Table("ssw_fields", _("Specified Skilled Worker fields in force"), [
            Row("fields", _("Fields"), fields.count()),
            Row("ssw2", _("Fields with SSW (ii)"), fields.filter(has_ssw2=True).count()),
            Row("care_test", _("Fields that need the care test"), fields.filter(needs_care_test=True).count()),
        ]),
        *pipeline_tables(viewer, filters),
    ]


def _field_names() -> dict[str, str]:
    return {f.code: f.name_in(get_language() or "en") for f in queries.fields_on()}


def jobs(viewer: Any, filters: Filters) -> QuerySet[Job]:
    require_staff(viewer)
    qs = Job.objects.filter(filters.within("published_at"), published_at__isnull=False)
    return qs.filter(organisation__country=filters.country) if filters.country else qs


def candidates(viewer: Any, filters: Filters) -> QuerySet[CandidateProfile]:
    require_staff(viewer)
    qs = CandidateProfile.objects.filter(filters.within("created_at"))
    if filters.country:
        # a subquery, not DISTINCT: two candidates with the same fields and level are two
        applied = Application.objects.filter(**{EMPLOYER_COUNTRY: filters.country}).values("candidate")
        qs = qs.filter(pk__in=applied)
    return qs


def applications(viewer: Any, filters: Filters) -> QuerySet[Application]:
    require_staff(viewer)
    qs = Application.objects.filter(filters.within("created_at"))
    return qs.filter(**{EMPLOYER_COUNTRY: filters.country}) if filters.country else qs


def _furthest(apps: QuerySet[Application]) -> dict[int, int]:
    """application id -> the furthest stage of the main line it ever reached (its history)."""
    reached = {pk: max(states.stage(state), 0) for pk, state in apps.values_list("pk", "state")}
    for pk, target in ApplicationEvent.objects.filter(application__in=apps).values_list("application_id", "target"):
        reached[pk] = max(reached[pk], states.stage(target))
    return reached


def pipeline_tables(viewer: Any, filters: Filters) -> list[Table]:
    names = _field_names()
    job_qs = jobs(viewer, filters)
    people = candidates(viewer, filters)
    by_field: Counter[str] = Counter()
    by_level: Counter[str] = Counter()
    by_both: Counter[tuple[str, str]] = Counter()
    for fields, level in people.values_list("fields_of_interest", "jlpt_level"):
        jlpt = f"N{level}" if level else ""
        by_level[jlpt] += 1
        for code in set(fields or [""]):
            by_field[str(code)] += 1
            by_both[(str(code), jlpt)] += 1
    none, no_level = _("No field chosen"), _("No JLPT level")
    apps = applications(viewer, filters)
    stages = list(_furthest(apps).values())
    now = counts(apps, "state")
    return [
        Table("ssw_jobs_by_field", _("SSW jobs published by field"), [
            Row(code, names.get(code, code), n) for code, n in sorted(counts(job_qs, "field_code").items())]),
        Table("ssw_jobs_by_prefecture", _("SSW jobs published by prefecture"), [
            Row(code, region_name(code) or code, n) for code, n in sorted(counts(job_qs, "prefecture").items())]),
        Table("ssw_candidates_by_field", _("SSW candidates by field of interest"), [
            Row(code, names.get(code, code) if code else none, n) for code, n in sorted(by_field.items())]),
        Table("ssw_candidates_by_level", _("SSW candidates by Japanese level (JLPT)"), [
            Row(level, level or no_level, by_level.get(level, 0)) for level in ("N1", "N2", "N3", "N4", "N5", "")]),
        Table("ssw_candidates_by_field_and_level", _("SSW candidates by field of interest and Japanese level"), [
            Row(f"{code}:{level}", f"{names.get(code, code) if code else none} · {level or no_level}", n)
            for (code, level), n in sorted(by_both.items())], public=False),
        Table("ssw_applications_funnel", _("SSW applications by the furthest stage reached"), [
            Row(state, str(states.LABELS[state]), sum(1 for s in stages if s >= i)) for i, state in enumerate(states.LINE)
        ], note=_("Each application counts at every stage it reached.")),
        Table("ssw_applications_by_state", _("SSW applications by state now"), labelled(states.CHOICES, now)),
    ]


def pipeline_monthly(viewer: Any, filters: Filters) -> Series:
    apps = applications(viewer, filters.__class__(country=filters.country))
    started = ApplicationEvent.objects.filter(filters.within("at"), application__in=apps, target=states.EMPLOYMENT_STARTED)
    return monthly("ssw_pipeline_monthly", _("SSW applications and employment starts per month"), [
        (_("Applications"), per_month(applications(viewer, filters), "created_at")),
        (_("Employment started"), per_month(started, "at", distinct="application")),
    ], filters)
