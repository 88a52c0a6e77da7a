"""API of talent: the SSW fields with their requirements and sources, and the eligibility
check. Both are public (optional_auth) and store nothing. Bad input is a 400 JSON body with
the same translated messages as the page's form."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from kakehashi.accounts.auth import PublicRequest, optional_auth

from . import queries
from .eligibility import Job, Result, category_label, check
from .forms import EligibilityForm

router = Router(tags=["talent"])


class SourceOut(Schema):
    url: str
    label: str
    checked_on: str = Field(description="the date the address was last checked (YYYY-MM-DD)")


class FieldOut(Schema):
    code: str
    name: dict[str, str] = Field(description="by language: en, ja, hi")
    has_ssw2: bool
    needs_care_test: bool = Field(description="SSW (i) also needs the Care Japanese Evaluation Test")
    ssw2_jlpt: int | None = Field(description="JLPT level SSW (ii) needs (3 is N3), or null")
    categories: dict[str, dict] = Field(description='job categories with their own language rule, e.g. {"bus_taxi": {"jlpt": 3, "jft": false}}')
    valid_from: dt.date
    valid_to: dt.date | None
    sources: list[SourceOut]
    source_note: str


class JobIn(Schema):
    field: str = Field(..., max_length=40, description="a field code from GET /talent/fields")
    level: int = Field(1, ge=1, le=2, description="SSW (i) or (ii)")
    category: Literal["", "bus_taxi"] = ""


class EligibilityIn(Schema):
    jlpt_level: int | None = Field(None, ge=1, le=5, description="best JLPT level passed, 1 to 5 (4 is N4)")
    jlpt_date: dt.date | None = None
    jft_level: Literal["A2", "A1"] | None = Field(None, description="JFT-Basic result: A2 (200+ of 250) or A1 (below A2)")
    jft_date: dt.date | None = None
    care_test_date: dt.date | None = Field(None, description="when the Care Japanese Evaluation Test was passed")
    skills_ssw1: list[str] = Field([], max_length=50, description="field codes whose SSW (i) skills test was passed")
    skills_ssw2: list[str] = Field([], max_length=50, description="field codes whose SSW (ii) skills test was passed")
    titp2: list[str] = Field([], max_length=50, description="field codes related to a completed Technical Intern Training (ii)")
    ssw1_months: int = Field(0, ge=0, le=600, description="months already spent in SSW (i)")
    jobs: list[JobIn] | None = Field(None, max_length=1000, description="the jobs to check; every field at SSW (i) and (ii) when left out")


class ResultOut(Schema):
    field: str
    level: int
    category: str
    name: str = Field(description="the field (and job category) in the caller's language")
    eligible: bool
    missing: list[str] = Field(description="what is missing, in the caller's language")
    notes: list[str]


def _language() -> str:
    return (get_language() or "en")[:2]


def _field(f) -> dict:
    return {
        "code": f.code, "name": {c: getattr(f, f"name_{c}") for c in ("en", "ja", "hi")}, "has_ssw2": f.has_ssw2,
        "needs_care_test": f.needs_care_test, "ssw2_jlpt": f.ssw2_jlpt, "categories": f.categories or {},
        "valid_from": f.valid_from, "valid_to": f.valid_to, "sources": f.sources, "source_note": f.source_note,
    }


def _result(result: Result, name: str) -> dict:
    job = result.job
    if job.category:
        name = f"{name} — {category_label(job.category)}"
    return {
        "field": job.field, "level": job.level, "category": job.category, "name": name, "eligible": result.eligible,
        "missing": [m.message() for m in result.missing], "notes": [n.message() for n in result.notes],
    }


@router.get("/fields", response=list[FieldOut], auth=optional_auth, summary="The SSW fields in force today, with their requirements and sources (public)")
def list_fields(request: PublicRequest):
    return [_field(f) for f in queries.fields_on()]


@router.post("/eligibility", response=list[ResultOut], auth=optional_auth,
             summary="Check a candidate's tests against SSW jobs: eligible, or what is missing (public; nothing is stored)")
def check_eligibility(request: PublicRequest, payload: EligibilityIn):
    language = _language()
    data = payload.dict()
    jobs = data.pop("jobs")
    form = EligibilityForm({k: (v if isinstance(v, list) else "" if v is None else str(v)) for k, v in data.items()}, language=language)
    if not form.is_valid():
        raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    engine = queries.rules_on(language)
    candidate = form.candidate()
    if jobs is None:
        wanted = [Job(code, level) for code in engine.fields for level in (1, 2)]
    else:
        unknown = [j["field"] for j in jobs if j["field"] not in engine.fields]
        if unknown:
            raise ValidationError({"jobs": _("Unknown SSW field: %(code)s") % {"code": unknown[0][:40]}})
        wanted = [Job(j["field"], j["level"], j["category"]) for j in jobs]
    return [_result(check(engine, candidate, job), engine.fields[job.field].name) for job in wanted]


from .jobs_api import router as jobs_router  # noqa: E402  (jobs and profiles: their own module, on this router)

router.add_router("", jobs_router)
