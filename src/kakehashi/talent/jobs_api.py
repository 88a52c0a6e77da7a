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
from kakehashi.core.languages import Code
from kakehashi.core.validation import Id

from . import candidate_services, matches, minimum_wage, queries, services, translation
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


class MinimumWageOut(Schema):
    table: str = Field(description="the fiscal year of the minimum-wage table compared with, e.g. FY2024")
    hourly_jpy: int | None = Field(description="the prefecture's hourly minimum in that table; null when unknown")
    monthly_floor_jpy: int | None = Field(description="the least monthly wage for the job's hours at that rate")
    at_least: bool | None = Field(description="the job's wage is at least that floor; null when unknown")
    in_force_today: bool = Field(description="false when the table is older than the one in force today, which is then unknown")


class SswJobOut(Schema):
    id: int
    organisation: str
    field_code: str
    level: int
    category: str
    title: str = Field(description="the employer's text in the caller's language (Japanese, else English), or in `?lang=` (see `translated_by`)")
    duties: str = Field(description="as `title`")
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
    minimum_wage: MinimumWageOut
    shown_language: str = Field("", description="with ?lang=: the language of title and duties as returned")
    translated_by: str = Field(
        "original", description="with ?lang=: original (the employer wrote it in that language), author, secretariat or machine")


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


def _job(job: Job, text: translation.JobText | None = None) -> dict:
    """A job for the API; `text` (from `?lang=`) replaces the title and duties of the caller's language."""
    data = {name: getattr(job, name) for name in SswJobOut.model_fields if hasattr(job, name) and name != "organisation"}
    wage = minimum_wage.compare(job.prefecture, job.hours_per_week, job.monthly_wage_jpy)
    out = {**data, "id": job.pk, "organisation": job.organisation.name, "title": job.title_in(_language()),
           "duties": job.duties_in(_language()),
           "minimum_wage": {"table": wage.table, "hourly_jpy": wage.hourly, "monthly_floor_jpy": wage.floor,
                            "at_least": wage.at_least, "in_force_today": wage.current}}
    if text is not None:
        out.update(title=text.title, duties=text.duties, shown_language=text.language, translated_by=text.origin)
    return out


def _jobs(jobs: list[Job], lang: str | None) -> list[dict]:
    texts = translation.texts_for(None, jobs, target=lang) if lang is not None else {}
    return [_job(job, texts.get(job.pk)) for job in jobs]


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
def list_jobs(request: PublicRequest, params: Query[SswJobFilterQuery], lang: Code | None = None):
    """With `?lang=`: each job's title and duties in that language when the employer wrote them in
    it, or a version (or a cached machine translation) exists, else the original;
    `shown_language` and `translated_by` say which."""
    filters = queries.JobFilters(params.field, params.prefecture, params.min_wage, params.start_by, params.start_from)
    return _jobs(list(queries.published_jobs(filters)[params.offset : params.offset + params.limit]), lang)


@router.get("/jobs/{pk}", response=SswJobOut, auth=optional_auth, summary="One SSW job (published ones for everyone; drafts and closed ones for their employer and staff)")
def get_job(request: PublicRequest, pk: Id, lang: Code | None = None):
    """With `?lang=`: title and duties as in `GET /talent/jobs`."""
    return _jobs([_visible_job(request, pk)], lang)[0]


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
def my_jobs(request: MemberRequest, params: Query[SswJobFilterQuery], lang: Code | None = None):
    """With `?lang=`: each job's title and duties as in `GET /talent/jobs`."""
    profile = _own_profile(request)
    filters = queries.JobFilters(params.field, params.prefecture, params.min_wage, params.start_by, params.start_from)
    found = matches.jobs_for_candidate(profile, _language(), filters, limit=params.limit)
    texts = translation.texts_for(None, [m.job for m in found], target=lang) if lang is not None else {}
    return [{"job": _job(m.job, texts.get(m.job.pk)), "eligible": m.eligible, "fit": m.fit, "missing": m.missing, "notes": m.notes, "reasons": m.reasons}
            for m in found]
