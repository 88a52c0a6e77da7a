"""API of supplychain: supplier lists (upload, column mapping, status and problems), their
concentration analyses, the comparison with the previous version, and alternative suppliers.

Every operation needs a signed-in, approved member (member_auth, then require_approved). A
list is seen by the members of its organisation and staff only; anyone else gets 404. A file
that cannot be read is a 400 with the reason in the caller's language; nothing is stored.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, UploadedFile

from kakehashi.accounts.auth import MemberRequest, member_auth, require_approved
from kakehashi.core.validation import Id

from . import columns, queries, services
from .alternatives import alternatives_for
from .models import ListStatus, SupplierList
from .problems import FileProblem, message

router = Router(tags=["supply chain"], auth=member_auth)


class ProblemOut(Schema):
    row: int | None = Field(description="the row (line) of the file, or null for the whole file")
    column: str = Field(description="the column key, or empty")
    code: str
    message: str = Field(description="in the caller's language")


class ListOut(Schema):
    id: int
    organisation: str = Field(description="the organisation's slug")
    name: str
    version: int
    previous_id: int | None
    status: str = Field(description="mapping, queued, importing, ready or failed")
    progress: int = Field(description="0 to 100 while importing")
    file_name: str
    file_format: str
    encoding: str = Field(description="the text encoding detected for a CSV (e.g. cp932, utf_8, utf_16)")
    mapping: dict[str, str] = Field(description="column key -> header of the file")
    row_count: int
    created_at: str
    problems: list[ProblemOut] = Field(description="why a failed import was refused (at most 200, with a total)")


class MappingIn(Schema):
    mapping: dict[str, str] = Field(description=f"column key ({', '.join(columns.KEYS)}) -> header of the file")


class AnalysisOut(Schema):
    list_id: int
    analysis: dict[str, Any] = Field(description="spend shares by country and supplier, HHI per item and overall with bands, single-source and single-country items, top exposures")


class ComparisonOut(Schema):
    list_id: int
    previous_id: int
    comparison: dict[str, Any]


class CandidateOut(Schema):
    reference: str
    title: str
    organisation: str | None = Field(description="the owner's name, or null while the offer is anonymous to you")
    interest_url: str = Field(description="where to request an introduction (the expression-of-interest form)")


class CandidateCountryOut(Schema):
    iso3: str
    name: str = Field(description="in the caller's language")
    score: float = Field(description="0–100 with the caller's weights and investment ratings")
    coverage: float = Field(description="share of the weight that had data, 0–1")


class AlternativesOut(Schema):
    item: str
    hhi_country: float | None
    top_country: str
    countries: list[CandidateCountryOut] = Field(
        description="candidate countries the item does not come from yet, best score first")
    candidates: list[CandidateOut]


def _out(supplier_list: SupplierList) -> dict[str, Any]:
    problems = [p for p in (supplier_list.errors or []) if isinstance(p, dict)]
    return {
        "id": supplier_list.pk, "organisation": supplier_list.organisation.slug, "name": supplier_list.name,
        "version": supplier_list.version, "previous_id": supplier_list.previous_id, "status": supplier_list.status,
        "progress": supplier_list.progress, "file_name": supplier_list.file_name, "file_format": supplier_list.file_format,
        "encoding": supplier_list.encoding, "mapping": supplier_list.mapping or {}, "row_count": supplier_list.row_count,
        "created_at": supplier_list.created_at.isoformat(),
        "problems": [{"row": p.get("row"), "column": p.get("column") or "", "code": str(p.get("code", "")), "message": message(p)} for p in problems],
    }


def _ready(request: MemberRequest, list_id: int) -> SupplierList:
    supplier_list = queries.list_for(request.auth, list_id)
    if supplier_list.status != ListStatus.READY:
        raise ValidationError(_("The list has not been imported."))
    return supplier_list


@router.get("/lists", response=list[ListOut], summary="The newest version of every supplier list of your organisations (approved members; staff see all)")
def list_lists(request: MemberRequest):
    require_approved(request)
    return [_out(sl) for sl in queries.latest_versions(request.auth)]


@router.post("/lists", response={201: ListOut}, summary="Upload a supplier file (CSV or XLSX) as the next version of a list of your organisation; imported at once when its headers are recognised, else it waits for PUT …/mapping")
def upload_list(request: MemberRequest, organisation: Form[str], name: Form[str], file: File[UploadedFile]):
    require_approved(request)
    target = queries.upload_organisations(request.auth).filter(slug=organisation[:100]).first()
    if target is None:
        raise ValidationError({"organisation": _("Choose one of your organisations.")})
    if (file.size or 0) > services.max_bytes():
        raise ValidationError({"file": message(services.too_large().as_dict())})
    try:
        supplier_list = services.upload_list(request.auth, target.pk, name[:200], (file.name or "")[:255], file)
    except services.UploadRefused as refused:
        raise ValidationError({"file": message(refused.problem.as_dict())}) from None
    supplier_list.refresh_from_db()
    return 201, _out(supplier_list)


@router.get("/lists/{list_id}", response=ListOut, summary="One supplier list: status, progress, column mapping, problems (members of its organisation, staff)")
def get_list(request: MemberRequest, list_id: Id):
    require_approved(request)
    return _out(queries.list_for(request.auth, list_id))


@router.put("/lists/{list_id}/mapping", response=ListOut, summary="Confirm which header of the file holds each column, and import (members of the list's organisation)")
def put_mapping(request: MemberRequest, list_id: Id, payload: MappingIn):
    require_approved(request)
    supplier_list = queries.list_for(request.auth, list_id)
    if not queries.can_upload_for(request.auth, supplier_list.organisation_id):
        raise Http404
    if supplier_list.status not in (ListStatus.MAPPING, ListStatus.FAILED):
        raise ValidationError(_("The list's columns are already confirmed."))
    try:
        supplier_list = services.confirm_mapping(request.auth, supplier_list, {str(k)[:40]: str(v)[:300] for k, v in payload.mapping.items()})
    except FileProblem as problem:
        raise ValidationError({"mapping": message(problem.as_dict())}) from None
    return _out(supplier_list)


@router.get("/lists/{list_id}/analysis", response=AnalysisOut, summary="The saved concentration analysis of an imported list (members of its organisation, staff)")
def get_analysis(request: MemberRequest, list_id: Id):
    require_approved(request)
    supplier_list = _ready(request, list_id)
    return {"list_id": supplier_list.pk, "analysis": supplier_list.analysis}


@router.get("/lists/{list_id}/comparison", response=ComparisonOut, summary="The analysis compared with the previous imported version (members of its organisation, staff)")
def get_comparison(request: MemberRequest, list_id: Id):
    require_approved(request)
    supplier_list = _ready(request, list_id)
    compared = queries.comparison(supplier_list)
    if compared is None:
        raise Http404
    previous = compared.pop("previous")
    return {"list_id": supplier_list.pk, "previous_id": previous.pk, "comparison": compared}


@router.get("/lists/{list_id}/alternatives", response=list[AlternativesOut], summary="For the list's concentrated items: candidate countries ranked by your country scores, and Indian and Japanese manufacturing-capacity offers found across languages (members of its organisation, staff)")
def get_alternatives(request: MemberRequest, list_id: Id):
    require_approved(request)
    supplier_list = _ready(request, list_id)
    return [{
        "item": entry.item["item"], "hhi_country": entry.item["hhi_country"], "top_country": entry.item["top_country"],
        "countries": [c.__dict__ for c in entry.countries],
        "candidates": [{
            "reference": o.reference, "title": o.title,
            "organisation": o.shown_organisation.name if o.shown_organisation else None,
            "interest_url": reverse("opportunities:interest_create", args=[o.reference]),
        } for o in entry.candidates],
    } for entry in alternatives_for(request.auth, supplier_list)]
