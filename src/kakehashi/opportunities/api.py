"""API for partnership opportunities, mounted at /api/v1/opportunities/.

Reads (`GET /opportunities`, `GET /opportunities/{reference}`) are public operations
(`optional_auth`): they show what the caller may see, the caller being the bearer token's
owner, else the session user, else an anonymous visitor (a wrong token is a 401). Writes use
`member_auth` and then the same permission checks as the pages: approved members of the
owning organisation write, submit, renew and close; staff approve and return.

The organisation of an anonymous opportunity is `null` (only its `reference` is given)
unless the caller may see it (`queries.owner_org_display`)."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from kakehashi.accounts.auth import MemberRequest, PublicRequest, member_auth, optional_auth, require_approved, require_staff
from kakehashi.accounts.people import Viewer
from kakehashi.core.languages import Code
from kakehashi.core.validation import PlainText, SearchText
from kakehashi.translations import queries as translations

from . import converters, queries, services  # noqa: F401  (converters: the kkref path converter)
from .forms import search_params
from .models import Opportunity

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation

router = Router(tags=["opportunities"])

PAGE_SIZE = 20
REF = "{kkref:reference}"


# --- output ------------------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str
    name: str
    country: str


class OpportunityOut(Schema):
    reference: str
    kind: str
    aim: str
    title: str
    summary: str
    language: str
    sectors: list[str]
    target_countries: list[str]
    trl: int | None
    company_stage: str
    ticket_min_usd: int | None
    ticket_max_usd: int | None
    visibility: str
    status: str
    expires_on: dt.date
    published_at: dt.datetime | None
    organisation: OrganisationRef | None = Field(description="null when the organisation is anonymous to you")
    organisation_country: str
    shown_language: str = Field("", description="with ?lang=: the language of title, summary (and details) as returned")
    translated_by: str = Field("original", description="with ?lang=: original, author, secretariat or machine")


class OpportunityDetailOut(OpportunityOut):
    details: str
    review_comment: str | None = Field(description="staff comments when returned; only for the owning organisation and staff")
    outcome: str
    can_manage: bool


def out_fields(o: Opportunity, shown: "Organisation | None") -> dict[str, Any]:
    """The fields of `OpportunityOut` for `o`, its organisation shown as `shown` (None:
    anonymous to the caller); also used by the matches API."""
    return {
        "reference": o.reference, "kind": o.kind, "aim": o.aim, "title": o.title, "summary": o.summary,
        "language": o.language, "sectors": [s.code for s in o.sectors.all()], "target_countries": o.target_countries,
        "trl": o.trl, "company_stage": o.company_stage, "ticket_min_usd": o.ticket_min_usd,
        "ticket_max_usd": o.ticket_max_usd, "visibility": o.visibility, "status": o.status, "expires_on": o.expires_on,
        "published_at": o.published_at,
        "organisation": OrganisationRef(slug=shown.slug, name=shown.name, country=shown.country) if shown else None,
        "organisation_country": o.organisation.country,
    }


def _detail(o: Opportunity, viewer: Viewer) -> OpportunityDetailOut:
    can_manage = queries.can_manage(viewer, o)
    insider = can_manage or bool(getattr(viewer, "is_staff", False))
    return OpportunityDetailOut(
        **out_fields(o, queries.owner_org_display(o, viewer)), details=o.details,
        review_comment=o.review_comment if insider else None, outcome=o.outcome, can_manage=can_manage,
    )


class IndexingOut(Schema):
    indexed: int = Field(description="live opportunities searchable so far")
    total: int = Field(description="live opportunities")


class OpportunityPage(Schema):
    count: int = Field(description="results on every page: with `q`, only the opportunities relevant to it")
    page: int
    pages: int
    results: list[OpportunityOut]
    indexing: IndexingOut | None = Field(
        None, description="set while search results are still being computed (opportunities without vectors yet)"
    )


def _page(
    request: HttpRequest, results, number: int, viewer: Viewer, indexing: IndexingOut | None = None, lang: str | None = None
) -> OpportunityPage:
    paginator = Paginator(results, PAGE_SIZE)
    page = paginator.get_page(number)
    items = queries.in_order(list(page.object_list)) if isinstance(results, list) else list(page.object_list)
    items = queries.with_owner_display(items, viewer)
    out = [OpportunityOut(**out_fields(o, o.shown_organisation)) for o in items]
    if lang is not None and items:  # each item as the detail's ?lang= shows it (the page's items only)
        shown = translations.shown_for(None, "opportunity", items, target=lang, original=False)
        for o, item in zip(items, out, strict=True):
            text = shown[o.pk]
            item.title, item.summary = text["title"], text["summary"]
            item.shown_language, item.translated_by = text.language, text.origin
    return OpportunityPage(count=paginator.count, page=page.number, pages=paginator.num_pages, results=out, indexing=indexing)


# --- reads ------------------------------------------------------------------------------


class SearchFilters(Schema):
    q: SearchText = Field(
        "", max_length=300,
        description="free text in any language: only the relevant opportunities, best first (none when nothing is relevant)",
    )
    kind: SearchText = Field("", max_length=40)
    aim: SearchText = Field("", max_length=40)
    sector: SearchText = Field("", max_length=4, description="ISIC section (A–U) or division (01–99)")
    country: SearchText = Field("", max_length=2, description="country of the organisation: IN or JP")
    target_country: SearchText = Field("", max_length=2)
    stage: SearchText = Field("", max_length=10, description="company stage")
    page: int = Field(1, ge=1, le=10000)


@router.get("", response=OpportunityPage, auth=optional_auth, summary="Search live opportunities you may see (public; members-only and anonymous ones for approved members; a bearer token is honoured)")
def list_opportunities(request: PublicRequest, filters: Query[SearchFilters], lang: Code | None = None):
    """With `?lang=`: each result's title and summary in that language when a version (or a
    cached machine translation) exists, else the original; `shown_language` and `translated_by` say which."""
    viewer = request.auth
    data = filters.dict()
    params = search_params(data)
    q = params.pop("q")
    progress = queries.indexing_progress() if q else None
    indexing = IndexingOut(indexed=progress.indexed, total=progress.total) if progress else None
    return _page(request, queries.search(viewer, q=q, **params), data["page"], viewer, indexing, lang)


@router.get("/mine", response=OpportunityPage, auth=member_auth, summary="Every opportunity of your organisations, in any state (approved members)")
def my_opportunities(request: MemberRequest, page: int = Query(1, ge=1, le=10000), lang: Code | None = None):
    require_approved(request)
    return _page(request, queries.of_my_organisations(request.auth), page, request.auth, lang=lang)


@router.get("/review", response=OpportunityPage, auth=member_auth, summary="Submitted opportunities waiting for review, oldest first (staff)")
def review_queue(request: MemberRequest, page: int = Query(1, ge=1, le=10000), lang: Code | None = None):
    require_staff(request)
    return _page(request, queries.review_queue(), page, request.auth, lang=lang)


@router.get("/" + REF, response=OpportunityDetailOut, auth=optional_auth, summary="One opportunity (as the search: public ones for everyone; drafts for their organisation and staff)")
def get_opportunity(request: PublicRequest, reference: str, lang: Code | None = None):
    """With `?lang=`: title, summary and details in that language when a version (or a cached
    machine translation) exists, else the original; `shown_language` and `translated_by` say which."""
    viewer = request.auth
    opportunity = queries.opportunity_for(viewer, reference)
    out = _detail(opportunity, viewer)
    if lang is not None:
        shown = translations.shown_one(None, "opportunity", opportunity, target=lang, original=False)
        out.title, out.summary, out.details = shown["title"], shown["summary"], shown["details"]
        out.shown_language, out.translated_by = shown.language, shown.origin
    return out


# --- writes by the owning organisation ----------------------------------------------------


class OpportunityIn(Schema):
    kind: str = Field(..., max_length=32)
    title: PlainText = Field(..., max_length=200)
    summary: PlainText = Field(..., max_length=600)
    details: PlainText = Field("", max_length=services.DETAILS_MAX)
    language: str = Field("", max_length=2, description="en, ja or hi; empty: detected from the text")
    sectors: list[str] = Field(default_factory=list, max_length=20, description="ISIC division codes (at most five)")
    target_countries: list[str] = Field(default_factory=list, max_length=50, description="ISO 3166 alpha-2 codes; empty: any")
    trl: int | None = Field(None, ge=0, le=99)
    company_stage: str = Field("", max_length=10)
    ticket_min_usd: int | None = Field(None, ge=0, le=10**15)
    ticket_max_usd: int | None = Field(None, ge=0, le=10**15)
    visibility: str = Field("members", max_length=10)
    expires_on: dt.date
    notify_matches: bool = True


class OpportunityCreateIn(OpportunityIn):
    organisation: str = Field("", max_length=220, description="slug of your organisation; may be left out if you have only one")


class OpportunityPatch(Schema):
    kind: str | None = Field(None, max_length=32)
    title: PlainText | None = Field(None, max_length=200)
    summary: PlainText | None = Field(None, max_length=600)
    details: PlainText | None = Field(None, max_length=services.DETAILS_MAX)
    language: str | None = Field(None, max_length=2)
    sectors: list[str] | None = Field(None, max_length=20)
    target_countries: list[str] | None = Field(None, max_length=50)
    trl: int | None = Field(None, ge=0, le=99)
    company_stage: str | None = Field(None, max_length=10)
    ticket_min_usd: int | None = Field(None, ge=0, le=10**15)
    ticket_max_usd: int | None = Field(None, ge=0, le=10**15)
    visibility: str | None = Field(None, max_length=10)
    expires_on: dt.date | None = None
    notify_matches: bool | None = None


def _organisation_for(request: MemberRequest, slug: str) -> "Organisation":
    organisations = list(queries.publishing_organisations(request.auth))
    if slug:
        chosen = [o for o in organisations if o.slug == slug]
        if not chosen:
            raise ValidationError({"organisation": [_("You cannot publish for this organisation.")]})
        return chosen[0]
    if len(organisations) == 1:
        return organisations[0]
    if not organisations:
        raise PermissionDenied
    raise ValidationError({"organisation": [_("Say which of your organisations publishes it.")]})


@router.post("", response={201: OpportunityDetailOut}, auth=member_auth, summary="Write a draft for your organisation (approved members of an approved organisation)")
def create_opportunity(request: MemberRequest, payload: OpportunityCreateIn):
    require_approved(request)
    data = payload.dict()
    organisation = _organisation_for(request, data.pop("organisation"))
    opportunity = services.create_draft(request.auth, organisation, **data)
    return Status(201, _detail(opportunity, request.auth))


@router.patch("/" + REF, response=OpportunityDetailOut, auth=member_auth, summary="Edit a draft, submitted, returned or published opportunity (members of its organisation); null fields are left as they are")
def update_opportunity(request: MemberRequest, reference: str, payload: OpportunityPatch):
    opportunity = queries.opportunity_managed_by(request.auth, reference)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k in ("trl", "ticket_min_usd", "ticket_max_usd")}
    return _detail(services.update(request.auth, opportunity, **fields), request.auth)


@router.post("/" + REF + "/submit", response=OpportunityDetailOut, auth=member_auth, summary="Submit a draft or returned opportunity for review (members of its organisation)")
def submit_opportunity(request: MemberRequest, reference: str):
    opportunity = queries.opportunity_managed_by(request.auth, reference)
    return _detail(services.submit(request.auth, opportunity), request.auth)


class RenewIn(Schema):
    expires_on: dt.date


@router.post("/" + REF + "/renew", response=OpportunityDetailOut, auth=member_auth, summary="Push back the expiry date of a published or expired opportunity (members of its organisation)")
def renew_opportunity(request: MemberRequest, reference: str, payload: RenewIn):
    opportunity = queries.opportunity_managed_by(request.auth, reference)
    return _detail(services.renew(request.auth, opportunity, expires_on=payload.expires_on), request.auth)


class CloseIn(Schema):
    outcome: str = Field(..., max_length=20)


@router.post("/" + REF + "/close", response=OpportunityDetailOut, auth=member_auth, summary="Close a published or expired opportunity with its outcome (members of its organisation)")
def close_opportunity(request: MemberRequest, reference: str, payload: CloseIn):
    opportunity = queries.opportunity_managed_by(request.auth, reference)
    return _detail(services.close(request.auth, opportunity, outcome=payload.outcome), request.auth)


# --- staff review ---------------------------------------------------------------------------


@router.post("/" + REF + "/approve", response=OpportunityDetailOut, auth=member_auth, summary="Publish a submitted opportunity (staff)")
def approve_opportunity(request: MemberRequest, reference: str):
    require_staff(request)
    opportunity = queries.opportunity_for_review(request.auth, reference)
    return _detail(services.approve(request.auth, opportunity), request.auth)


class ReturnIn(Schema):
    comment: PlainText = Field(..., max_length=2000)


@router.post("/" + REF + "/return", response=OpportunityDetailOut, auth=member_auth, summary="Return a submitted opportunity to its owner with comments (staff)")
def return_opportunity(request: MemberRequest, reference: str, payload: ReturnIn):
    require_staff(request)
    opportunity = queries.opportunity_for_review(request.auth, reference)
    return _detail(services.return_for_changes(request.auth, opportunity, comment=payload.comment), request.auth)
