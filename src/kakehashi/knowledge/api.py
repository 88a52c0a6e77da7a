"""API of knowledge: the agreements timeline and the glossary. Reading is public (optional_auth; the tagged
items listed are those the caller may see); creating, editing and tagging need staff
(member_auth, then 403 for anyone else). Bad input is a 400/422 JSON body."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Router, Schema, Status

from kakehashi.accounts.auth import MemberRequest, PublicRequest, member_auth, optional_auth, require_staff
from kakehashi.core.links import absolute_url
from kakehashi.core.validation import Id, PlainText

from . import glossary, queries, services
from .models import Agreement, Term

router = Router(tags=["knowledge"])

Kind = Literal["agreement", "memorandum", "initiative"]
ItemKind = Literal["session", "opportunity", "post"]


class SourceIn(Schema):
    url: PlainText = Field(..., max_length=500, description="an https:// address of the official page")
    label: PlainText = Field("", max_length=200)


class SourceOut(Schema):
    url: str
    label: str
    checked_on: str = Field(description="the date the address was last checked (YYYY-MM-DD)")


class TaggedOut(Schema):
    kind: str
    reference: str
    title: str
    url: str


class AgreementOut(Schema):
    slug: str
    kind: str
    date: dt.date
    signed: bool
    parties: str
    title: dict[str, str] = Field(description="by language: en, ja, hi (empty when not written)")
    summary: dict[str, str]
    sources: list[SourceOut]
    url: str


class AgreementDetailOut(AgreementOut):
    tagged: list[TaggedOut]


class AgreementIn(Schema):
    kind: Kind
    date: dt.date
    signed: bool = True
    parties: PlainText = Field(..., max_length=200)
    title_en: PlainText = Field(..., max_length=200)
    title_ja: PlainText = Field("", max_length=200)
    title_hi: PlainText = Field("", max_length=200)
    summary_en: PlainText = Field(..., max_length=1000)
    summary_ja: PlainText = Field("", max_length=1000)
    summary_hi: PlainText = Field("", max_length=1000)
    sources: list[SourceIn] = Field(..., description="at least one official source")


class AgreementPatch(Schema):
    kind: Kind | None = None
    date: dt.date | None = None
    signed: bool | None = None
    parties: PlainText | None = Field(None, max_length=200)
    title_en: PlainText | None = Field(None, max_length=200)
    title_ja: PlainText | None = Field(None, max_length=200)
    title_hi: PlainText | None = Field(None, max_length=200)
    summary_en: PlainText | None = Field(None, max_length=1000)
    summary_ja: PlainText | None = Field(None, max_length=1000)
    summary_hi: PlainText | None = Field(None, max_length=1000)
    sources: list[SourceIn] | None = None


class TagIn(Schema):
    kind: ItemKind
    reference: PlainText = Field(..., max_length=100, description="a session's or post's slug, an opportunity's KK- reference")


def _out(agreement: Agreement) -> dict:
    return {
        "slug": agreement.slug, "kind": agreement.kind, "date": agreement.date, "signed": agreement.signed,
        "parties": agreement.parties,
        "title": {code: getattr(agreement, f"title_{code}") for code in ("en", "ja", "hi")},
        "summary": {code: getattr(agreement, f"summary_{code}") for code in ("en", "ja", "hi")},
        "sources": agreement.sources, "url": absolute_url(agreement),
    }


def _detail(agreement: Agreement, viewer) -> dict:
    tagged = [
        {"kind": t["kind"], "reference": t["reference"], "title": t["title"], "url": absolute_url(t["url"])}
        for t in queries.tagged_items(agreement, viewer)
    ]
    return {**_out(agreement), "tagged": tagged}


def _fields(payload: Schema, *, partial: bool) -> dict:
    fields = payload.dict(exclude_unset=partial)
    if partial:
        fields = {k: v for k, v in fields.items() if v is not None}
    if "sources" in fields:
        fields["sources"] = [dict(s) for s in fields["sources"]]
    return fields


@router.get("/agreements", response=list[AgreementOut], auth=optional_auth, summary="The agreements timeline, newest first (public)")
def list_agreements(request: PublicRequest):
    return [_out(a) for a in queries.timeline()]


@router.get("/agreements/{slug}", response=AgreementDetailOut, auth=optional_auth, summary="One agreement with the items tagged with it that the caller may see (public)")
def get_agreement(request: PublicRequest, slug: str):
    return _detail(queries.agreement_for(slug), request.auth)


@router.post("/agreements", response={201: AgreementDetailOut}, auth=member_auth, summary="Add an agreement (staff)")
def create_agreement(request: MemberRequest, payload: AgreementIn):
    require_staff(request)
    agreement = services.create_agreement(request.auth, **_fields(payload, partial=False))
    return Status(201, _detail(agreement, request.auth))


@router.patch("/agreements/{slug}", response=AgreementDetailOut, auth=member_auth, summary="Change an agreement (staff)")
def update_agreement(request: MemberRequest, slug: str, payload: AgreementPatch):
    require_staff(request)
    agreement = queries.agreement_for(slug)
    services.update_agreement(request.auth, agreement, **_fields(payload, partial=True))
    return _detail(agreement, request.auth)


@router.post("/agreements/{slug}/items", response={201: AgreementDetailOut}, auth=member_auth, summary="Tag a session, opportunity or post with an agreement (staff)")
def tag_item(request: MemberRequest, slug: str, payload: TagIn):
    require_staff(request)
    agreement = queries.agreement_for(slug)
    services.tag_item(request.auth, agreement, payload.kind, payload.reference)
    return Status(201, _detail(agreement, request.auth))


class TermOut(Schema):
    id: int
    en: str
    ja: str
    hi: str
    definition: dict[str, str] = Field(description="by language: en, ja, hi (empty when not written)")


class TermIn(Schema):
    en: PlainText = Field(..., min_length=1, max_length=120)
    ja: PlainText = Field("", max_length=120)
    hi: PlainText = Field("", max_length=120)
    definition_en: PlainText = Field("", max_length=500)
    definition_ja: PlainText = Field("", max_length=500)
    definition_hi: PlainText = Field("", max_length=500)


class TermPatch(Schema):
    en: PlainText | None = Field(None, min_length=1, max_length=120)
    ja: PlainText | None = Field(None, max_length=120)
    hi: PlainText | None = Field(None, max_length=120)
    definition_en: PlainText | None = Field(None, max_length=500)
    definition_ja: PlainText | None = Field(None, max_length=500)
    definition_hi: PlainText | None = Field(None, max_length=500)


def _term(term: Term) -> dict:
    return {
        "id": term.pk, "en": term.en, "ja": term.ja, "hi": term.hi,
        "definition": {code: getattr(term, f"definition_{code}") for code in ("en", "ja", "hi")},
    }


@router.get("/glossary", response=list[TermOut], auth=optional_auth, summary="The glossary of partnership terms in en/ja/hi (public)")
def list_terms(request: PublicRequest):
    return [_term(t) for t in glossary.terms()]


@router.post("/glossary", response={201: TermOut}, auth=member_auth, summary="Add a term; a term already in the glossary, in any language, is a 400 (staff)")
def create_term(request: MemberRequest, payload: TermIn):
    require_staff(request)
    return Status(201, _term(glossary.create_term(request.auth, **payload.dict())))


@router.patch("/glossary/{term_id}", response=TermOut, auth=member_auth, summary="Change a term (staff)")
def update_term(request: MemberRequest, term_id: Id, payload: TermPatch):
    require_staff(request)
    term = glossary.term_for(term_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return _term(glossary.update_term(request.auth, term, **fields))
