"""API of SSW jobs and the candidate's own profile, on talent's router (`talent.api`).

Published jobs are public to read; the people acting for an approved SSW employer write
its jobs; a member reads and writes only their own candidate profile and sees published
jobs ranked for it. Every write goes through the same services as the pages: bad input
is a 400 JSON body with the translated field errors, nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from kakehashi.accounts.auth import MemberRequest, PublicRequest, member_auth, optional_auth, require_approved
from kakehashi.core.apicontract import ErrorOut
from kakehashi.core.validation import Id

from . import candidate_services, matches, queries, services
from .models import CandidateProfile, Job

router = Router(tags=["talent"])
Text = Field("", max_length=200)


class SswJobIn(Schema):
    organisation_id: Id | None = Field(None, description="the employer; needed only when creating a job")
    field_code: str = Field(..., max_length=40, description="a field code from GET /talent/fields")
    level: int = Field(1, ge=1, le=2)
    category: Literal["", "bus_taxi"] = ""
    title_en: str = Text
    title_ja: str = Text
    duties_en: str = Field("", max_length=5000)
    duties_ja: str = Field("", max_length=5000)
    prefecture: str = Field(..., max_length=10, description="ISO 3166-2 code, e.g. JP-13")
    city: str = Field("", max_length=100)
    monthly_wage_jpy: int = Field(..., ge=0, le=100_000_000, description="monthly wage before tax, JPY")
    hours_per_week: int = Field(..., ge=0, le=168)
    hours_note: str = Field("", max_length=300)
    housing: Literal["provided", "help", "none"] = "help"
    housing_note: str = Field("", max_length=300)
    support_organisation: str = Text
    support_registration: str = Field("", max_length=40)
    required_jlpt: int | None = Field(None, ge=1, le=5)
    required_tests: str = Field("", max_length=300)
    openings: int = Field(1, ge=0, le=10_000)
    start_date: dt.date
    interview_mode: Literal["online", "in_person", "either"] = "online"


class SswJobOut(Schema):
    id: int
    organisation: str
    field_code: str
    level: int
    category: str
    title: str
    title_en: str
    title_ja: str
    duties_en: str
    duties_ja: str
    prefecture: str
    city: str
    monthly_wage_jpy: int
    hours_per_week: int
    housing: str
    support_organisation: str
    required_jlpt: int | None
    required_tests: str
    openings: int
    start_date: dt.date
    interview_mode: str
    status: str


class SswJobStatusIn(Schema):
    status: Literal["published", "closed"]


class SswJobFilterQuery(Schema):
    field: str = Field("", max_length=40)
    prefecture: str = Field("", max_length=10)
    min_wage: int | None = Field(None, ge=0, le=2_000_000)
    start_from: dt.date | None = None
    start_by: dt.date | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=100_000)


class CandidateProfileIn(Schema):
    fields_of_interest: list[str] = Field([], max_length=16)
    jlpt_level: int | None = Field(None, ge=1, le=5)
    jlpt_date: dt.date | None = None
    jft_score: int | None = Field(None, ge=0, le=1000)
    jft_date: dt.date | None = None
    care_test_date: dt.date | None = None
    ssw1_months: int = Field(0, ge=0, le=1000)
    work_experience: str = Field("", max_length=5000)
    education: str = Field("", max_length=2000)
    languages: str = Field("", max_length=300)
    preferred_prefectures: list[str] = Field([], max_length=47)
    available_from: dt.date | None = None
    expected_wage_jpy: int | None = Field(None, ge=0, le=100_000_000)
    discoverable: bool = False


class CandidateProfileOut(CandidateProfileIn):
    id: int
    skills_tests: list[dict[str, Any]]
    titp: list[dict[str, Any]]


class SkillsTestResultIn(Schema):
    field_code: str = Field(..., max_length=40)
    level: int = Field(1, ge=1, le=2)
    passed_on: dt.date
    score: int | None = Field(None, ge=-1000, le=1000)


class SswJobMatchOut(Schema):
    job: SswJobOut
    eligible: bool
    fit: float
    missing: list[str] = Field(description="what is missing, in the caller's language")
    notes: list[str]
    reasons: list[str]


def _language() -> str:
    return (get_language() or "en")[:2]


def _job(job: Job) -> dict:
    data = {name: getattr(job, name) for name in SswJobOut.model_fields if hasattr(job, name) and name != "organisation"}
    return {**data, "id": job.pk, "organisation": job.organisation.name, "title": job.title_in(_language())}


def _profile(profile: CandidateProfile) -> dict:
    data = {name: getattr(profile, name) for name in CandidateProfileIn.model_fields}
    return {**data, "id": profile.pk,
            "skills_tests": [{"field_code": t.field_code, "level": t.level, "passed_on": t.passed_on, "score": t.score} for t in profile.skills_tests.all()],
            "titp": [{"field_code": r.field_code, "stage": r.stage, "completed_on": r.completed_on} for r in profile.titp_records.all()]}


def _visible_job(request: PublicRequest | MemberRequest, pk: Id) -> Job:
    job = queries.job_for(request.auth, pk)
    if job is None:
        raise Http404
    return job


@router.get("/jobs", response=list[SswJobOut], auth=optional_auth, summary="Published SSW jobs, filtered by field, prefecture, wage and start date (public)")
def list_jobs(request: PublicRequest, params: Query[SswJobFilterQuery]):
    filters = queries.JobFilters(params.field, params.prefecture, params.min_wage, params.start_by, params.start_from)
    return [_job(j) for j in queries.published_jobs(filters)[params.offset : params.offset + params.limit]]


@router.get("/jobs/{pk}", response=SswJobOut, auth=optional_auth, summary="One SSW job (published ones for everyone; drafts and closed ones for their employer and staff)")
def get_job(request: PublicRequest, pk: Id):
    return _job(_visible_job(request, pk))


@router.post("/jobs", response={201: SswJobOut}, auth=member_auth, summary="Write a draft job for an approved SSW employer you act for")
def create_job(request: MemberRequest, payload: SswJobIn):
    require_approved(request)
    data = payload.dict()
    organisation_id = data.pop("organisation_id")
    if organisation_id is None:
        raise ValidationError({"organisation_id": _("Say which organisation employs.")})
    job = services.save_job(request.auth, Job(organisation_id=organisation_id, **data))
    return Status(201, _job(job))


@router.put("/jobs/{pk}", response=SswJobOut, auth=member_auth, summary="Replace a job's details (people acting for its employer)")
def update_job(request: MemberRequest, pk: Id, payload: SswJobIn):
    job = _visible_job(request, pk)
    if not queries.can_edit_job(request.auth, job):
        raise PermissionDenied
    data = payload.dict()
    data.pop("organisation_id")
    for name, value in data.items():
        setattr(job, name, value)
    return _job(services.save_job(request.auth, job))


@router.post("/jobs/{pk}/status", response=SswJobOut, auth=member_auth, summary="Publish or close a job (people acting for its employer)")
def change_job_status(request: MemberRequest, pk: Id, payload: SswJobStatusIn):
    job = _visible_job(request, pk)
    if not queries.can_edit_job(request.auth, job):
        raise PermissionDenied
    return _job(services.set_job_status(request.auth, job.pk, payload.status))


def _own_profile(request: MemberRequest) -> CandidateProfile:
    require_approved(request)
    profile = queries.profile_of(request.auth)
    if profile is None:
        raise Http404
    return profile


@router.get("/profile", response={200: CandidateProfileOut, 404: ErrorOut}, auth=member_auth, summary="Your own candidate profile (404 until you save one)")
def get_profile(request: MemberRequest):
    return _profile(_own_profile(request))


@router.put("/profile", response=CandidateProfileOut, auth=member_auth, summary="Create or replace your own candidate profile")
def put_profile(request: MemberRequest, payload: CandidateProfileIn):
    require_approved(request)
    return _profile(candidate_services.save_profile(request.auth, payload.dict()))


@router.post("/profile/tests", response={201: CandidateProfileOut}, auth=member_auth, summary="Record a field skills test you passed (certificates are uploaded on the profile page)")
def add_test(request: MemberRequest, payload: SkillsTestResultIn):
    require_approved(request)
    candidate_services.add_skills_test(request.auth, payload.field_code, payload.level, payload.passed_on, payload.score)
    return Status(201, _profile(_own_profile(request)))


@router.get("/profile/jobs", response={200: list[SswJobMatchOut], 404: ErrorOut}, auth=member_auth, summary="Published jobs ranked for your profile: eligible first, then fit, with what is missing and why each fits")
def my_jobs(request: MemberRequest, params: Query[SswJobFilterQuery]):
    profile = _own_profile(request)
    filters = queries.JobFilters(params.field, params.prefecture, params.min_wage, params.start_by, params.start_from)
    found = matches.jobs_for_candidate(profile, _language(), filters, limit=params.limit)
    return [{"job": _job(m.job), "eligible": m.eligible, "fit": m.fit, "missing": m.missing, "notes": m.notes, "reasons": m.reasons}
            for m in found]
