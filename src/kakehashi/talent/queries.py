"""Reads of talent, permission-checked. The SSW fields and rules are public facts: anyone may read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kakehashi.accounts import people
from kakehashi.accounts.people import ApprovalStatus, Viewer

from . import eligibility
from .models import CandidateProfile, Job, Rule, SswEmployer, SswField


def fields_on(on: dt.date | None = None) -> QuerySet[SswField]:
    """The fields in force on a date (today by default), in their usual order."""
    return SswField.objects.filter(SswField.in_force(on or timezone.localdate()))


def rules_in_force(on: dt.date | None = None) -> QuerySet[Rule]:
    return Rule.objects.filter(Rule.in_force(on or timezone.localdate()))


def rule_values(on: dt.date | None = None) -> dict[str, str]:
    """key -> value of the rules in force (the latest start wins if two overlap)."""
    return {r.key: r.value for r in rules_in_force(on).order_by("key", "valid_from")}


def first_test_dates(on: dt.date | None = None) -> dict[str, dt.date]:
    """The earliest date a result of each test can carry: jlpt, jft, care (skills tests too)."""
    values = rule_values(on)
    defaults = {"jlpt": "1984-12-02", "jft": "2019-04-01", "care": "2019-04-01"}
    keys = {"jlpt": "jlpt_first_test", "jft": "jft_first_test", "care": "care_test_first"}
    return {name: dt.date.fromisoformat(values.get(keys[name], defaults[name])) for name in keys}


def rules_on(language: str, on: dt.date | None = None) -> eligibility.Rules:
    """The eligibility engine's rules for a date, field names in `language`."""
    values = rule_values(on)
    fields = {
        f.code: eligibility.FieldRule(
            code=f.code, name=f.name_in(language), has_ssw2=f.has_ssw2, needs_care_test=f.needs_care_test,
            ssw2_jlpt=f.ssw2_jlpt, categories=f.categories or {},
        )
        for f in fields_on(on)
    }
    return eligibility.Rules(
        fields=fields, jlpt_min=int(values.get("jlpt_min", 4)), ssw1_max_months=int(values.get("ssw1_max_months", 60)),
        titp2_language_any_field=values.get("titp2_language_any_field", "1") == "1",
    )


# --- Employers and jobs -------------------------------------------------------------------
# Published jobs are public. Drafts and closed jobs are seen by the people acting for the
# employer and by staff. Candidate profiles are seen by their owner, by staff, and by people
# acting for an approved SSW employer when the candidate lets employers find them.


def employer_status(organisation_id: int) -> str | None:
    """pending / approved / declined, or None when the organisation never asked."""
    return SswEmployer.objects.filter(organisation_id=organisation_id).values_list("status", flat=True).first()


def employer_of(organisation_id: int) -> SswEmployer | None:
    """The organisation's standing as an SSW employer (status, staff's reason), or None when it never asked."""
    return SswEmployer.objects.filter(organisation_id=organisation_id).first()


def is_ssw_employer(organisation_id: int | None) -> bool:
    return organisation_id is not None and employer_status(organisation_id) == ApprovalStatus.APPROVED


def employer_ids_for(user: Viewer | None) -> frozenset[int]:
    """Approved SSW employers the user acts for."""
    acting = people.organisation_ids_for(user)
    if not acting:
        return frozenset()
    return frozenset(SswEmployer.objects.filter(organisation_id__in=acting, status=ApprovalStatus.APPROVED)
                     .values_list("organisation_id", flat=True))


def pending_employers() -> QuerySet[SswEmployer]:
    return SswEmployer.objects.filter(status=ApprovalStatus.PENDING).select_related("organisation", "requested_by")


def approved_employers() -> QuerySet[SswEmployer]:
    return SswEmployer.objects.filter(status=ApprovalStatus.APPROVED).select_related("organisation", "decided_by").order_by("organisation__name")


def _is_staff(viewer: Viewer | None) -> bool:
    return bool(viewer is not None and people.is_approved_member(viewer) and viewer.is_staff)


def jobs_visible_to(viewer: Viewer | None) -> QuerySet[Job]:
    published = Q(status=Job.Status.PUBLISHED)
    if _is_staff(viewer):
        return Job.objects.all()
    acting = people.organisation_ids_for(viewer)
    return Job.objects.filter(published | Q(organisation_id__in=acting)) if acting else Job.objects.filter(published)


def job_for(viewer: Viewer | None, pk: int) -> Job | None:
    return jobs_visible_to(viewer).select_related("organisation").filter(pk=pk).first()


def can_edit_job(user: Viewer | None, job: Job) -> bool:
    return job.organisation_id in employer_ids_for(user)


@dataclass(frozen=True)
class JobFilters:
    field: str = ""
    prefecture: str = ""
    min_wage: int | None = None
    start_by: dt.date | None = None
    start_from: dt.date | None = None


def published_jobs(filters: JobFilters | None = None) -> QuerySet[Job]:
    jobs = Job.objects.filter(status=Job.Status.PUBLISHED).select_related("organisation")
    f = filters or JobFilters()
    if f.field:
        jobs = jobs.filter(field_code=f.field)
    if f.prefecture:
        jobs = jobs.filter(prefecture=f.prefecture)
    if f.min_wage is not None:
        jobs = jobs.filter(monthly_wage_jpy__gte=f.min_wage)
    if f.start_from is not None:
        jobs = jobs.filter(start_date__gte=f.start_from)
    if f.start_by is not None:
        jobs = jobs.filter(start_date__lte=f.start_by)
    return jobs.order_by("start_date", "-monthly_wage_jpy", "pk")


def jobs_of(organisation_id: int) -> QuerySet[Job]:
    return Job.objects.filter(organisation_id=organisation_id).order_by("status", "-updated_at")


def engine_job(job: Any) -> eligibility.Job:
    """A job (model or row with the same names) as the eligibility engine sees it."""
    return eligibility.Job(job.field_code, job.level, job.category, job.required_jlpt)


# --- Candidates ---------------------------------------------------------------------------


def profile_of(user: Viewer | None) -> CandidateProfile | None:
    if not people.is_signed_in(user):
        return None
    return CandidateProfile.objects.filter(user_id=user.pk).first()


def discoverable_profiles() -> QuerySet[CandidateProfile]:
    """Profiles of approved, active members who let employers find them."""
    return CandidateProfile.objects.filter(discoverable=True, user__in=people.approved_members())


def profiles_visible_to(viewer: Viewer | None) -> QuerySet[CandidateProfile]:
    if _is_staff(viewer):
        return CandidateProfile.objects.all()
    own = Q(user_id=viewer.pk) if people.is_signed_in(viewer) else Q(pk__in=[])
    # Employers see the candidates who applied to their organisation's jobs (pipeline).
    applied = Q(applications__job__organisation_id__in=people.organisation_ids_for(viewer)) if people.is_approved_member(viewer) else Q(pk__in=[])
    if employer_ids_for(viewer):
        return CandidateProfile.objects.filter(own | applied | Q(pk__in=discoverable_profiles().values("pk"))).distinct()
    return CandidateProfile.objects.filter(own | applied).distinct()


def profile_for(viewer: Viewer | None, pk: int) -> CandidateProfile | None:
    return profiles_visible_to(viewer).select_related("user").filter(pk=pk).first()


JFT_A2 = 200  # JFT-Basic: 200 of 250 is CEFR A2


def engine_candidate(profile: CandidateProfile, today: dt.date | None = None) -> eligibility.Candidate:
    """The eligibility engine's view of a profile (skills tests and TITP records prefetched or read)."""
    skills = frozenset((t.field_code, t.level) for t in profile.skills_tests.all())
    titp2 = frozenset(r.field_code for r in profile.titp_records.all() if r.stage >= 2 and r.completed_on)
    return eligibility.Candidate(
        jlpt=profile.jlpt_level, jft_a2=(profile.jft_score or 0) >= JFT_A2, care_test=profile.care_test_date is not None,
        skills=skills, titp2=titp2, ssw1_months=profile.ssw1_months,
    )


def with_records(profiles: QuerySet[CandidateProfile]) -> QuerySet[CandidateProfile]:
    return profiles.prefetch_related("skills_tests", "titp_records")
