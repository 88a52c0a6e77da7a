"""API for members and organisations. Every operation states its permission:
public (optional_auth: anonymous, or the token's or session's member), signed in (member_auth), organisation manager, or staff."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from kakehashi.core import registry
from kakehashi.core.languages import Code
from kakehashi.core.timezones import all_zones
from kakehashi.core.validation import Id, PlainText, SearchText
from kakehashi.notices import queries as notice_queries
from kakehashi.notices import services as notice_services

from . import queries, services
from .auth import MemberRequest, PublicRequest, member_auth, optional_auth, require_staff
from .models import Membership, Organisation, User

router = Router(tags=["members and organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    name_local: str
    country: str
    other_country: str
    org_type: str
    size_band: str
    region_code: str
    city: str
    website: str
    sectors: list[str]
    descriptions: dict[str, str]
    status: str
    description: str = Field(default="", description="with ?lang=: the description in that language: the organisation's own, else a version or a cached machine translation, else the original")
    shown_language: str = Field(default="", description="with ?lang=: the language of `description`")
    translated_by: str = Field(default="original", description="with ?lang=: original, author, secretariat or machine")

    @staticmethod
    def from_model(org: Organisation) -> "OrganisationOut":
        return OrganisationOut(
            slug=org.slug, name=org.name, name_local=org.name_local, country=org.country,
            other_country=org.other_country, org_type=org.org_type, size_band=org.size_band,
            region_code=org.region_code, city=org.city, website=org.website,
            sectors=[s.code for s in org.sectors.all()],
            descriptions={d.language: d.text for d in org.descriptions.all()}, status=org.status,
        )


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OrganisationOut]


class DirectoryFilters(Schema):
    q: SearchText = Field("", max_length=100)
    country: SearchText = Field("", max_length=2)
    org_type: SearchText = Field("", max_length=20)
    sector: SearchText = Field("", max_length=4)
    region: SearchText = Field("", max_length=10)
    page: int = Field(1, ge=1, le=10000)


@router.get("/organisations", response=OrganisationPage, auth=optional_auth, summary="Directory of approved organisations (public)")
def list_organisations(request: PublicRequest, filters: Query[DirectoryFilters]):
    data = filters.dict()
    page_number = data.pop("page")
    paginator = Paginator(queries.directory(request.auth, **data), 50)
    page = paginator.get_page(page_number)
    return OrganisationPage(
        count=paginator.count, page=page.number, pages=paginator.num_pages,
        results=[OrganisationOut.from_model(o) for o in page],
    )


@router.get("/organisations/{slug}", response=OrganisationOut, auth=optional_auth, summary="One organisation (public if approved)")
def get_organisation(request: PublicRequest, slug: str, lang: Code | None = None):
    """With `?lang=`: `description` in that language (`shown_language`, `translated_by`)."""
    org = queries.organisation_for(request.auth, slug)
    out = OrganisationOut.from_model(org)
    if lang is not None:
        own = next((d for d in org.descriptions.all() if d.language[:2] == lang), None)
        shown = None if own is not None else registry.in_language("organisation", [org], lang).get(org.pk)
        if own is not None:
            out.description, out.shown_language = own.text, lang
        elif shown is not None:
            out.description, out.shown_language, out.translated_by = shown["description"], shown.language, shown.origin
    return out


class MembershipOut(Schema):
    id: int
    organisation: str
    member_email: str
    member_name: str
    role: str
    status: str
    created_at: datetime


def _membership_out(m: Membership) -> MembershipOut:
    return MembershipOut(
        id=m.pk, organisation=m.organisation.slug, member_email=m.user.email, member_name=m.user.display_name,
        role=m.role, status=m.status, created_at=m.created_at,
    )


@router.get("/organisations/{slug}/members", response=list[MembershipOut], auth=member_auth, summary="Members (organisation owners/admins, staff)")
def organisation_members(request: MemberRequest, slug: str):
    org = queries.organisation_managed_by(request.auth, slug)
    return [_membership_out(m) for m in queries.memberships_of(org).select_related("organisation")]


class JoinIn(Schema):
    message: PlainText = Field("", max_length=1000)


@router.post("/organisations/{slug}/join", response={201: MembershipOut}, auth=member_auth, summary="Ask to join (signed in)")
def join_organisation(request: MemberRequest, slug: str, payload: JoinIn):
    org = queries.organisation_for(request.auth, slug)
    membership = services.request_to_join(request.auth, org, message=payload.message)
    return Status(201, _membership_out(membership))


class DecisionIn(Schema):
    accept: bool


@router.post("/memberships/{membership_id}/decide", response=MembershipOut, auth=member_auth, summary="Accept or decline a join request (owners/admins)")
def decide_membership(request: MemberRequest, membership_id: Id, payload: DecisionIn):
    membership = queries.membership_managed_by(request.auth, membership_id)
    return _membership_out(services.decide_join_request(request.auth, membership, accept=payload.accept))


class MeOut(Schema):
    email: str
    display_name: str
    job_title: str
    bio: str
    language: str
    timezone: str
    approval_status: str
    is_staff: bool
    email_notifications: bool
    digest: str


class MePatch(Schema):
    display_name: PlainText | None = Field(None, max_length=120)
    job_title: PlainText | None = Field(None, max_length=120)
    bio: PlainText | None = Field(None, max_length=2000)
    language: PlainText | None = Field(None, pattern="^(en|ja|hi)$")
    timezone: PlainText | None = Field(None, max_length=64)
    email_notifications: bool | None = None
    digest: PlainText | None = Field(None, pattern="^(off|daily|weekly)$")


def _me(user: User) -> MeOut:
    return MeOut(**{f: getattr(user, f) for f in MeOut.model_fields})


@router.get("/me", response=MeOut, auth=member_auth, summary="Your account (signed in)")
def me(request: MemberRequest):
    return _me(request.auth)


@router.patch("/me", response=MeOut, auth=member_auth, summary="Change your profile and preferences (signed in)")
def update_me(request: MemberRequest, payload: MePatch):
    changes = payload.dict(exclude_none=True)
    if "timezone" in changes and changes["timezone"] not in all_zones():
        raise ValidationError({"timezone": [_("Unknown time zone.")]})
    return _me(services.update_profile(request.auth, **changes))


@router.get("/me/export", auth=member_auth, summary="Everything held about you, as JSON (signed in)")
def export_me(request: MemberRequest):
    return queries.export_member_data(request.auth)


class PendingMemberOut(Schema):
    id: int
    email: str
    display_name: str
    date_joined: datetime
    organisations: list[str]


class PendingOut(Schema):
    members: list[PendingMemberOut]
    organisations: list[OrganisationOut]


@router.get("/staff/approvals", response=PendingOut, auth=member_auth, summary="Pending members and organisations (staff)")
def pending(request: MemberRequest):
    require_staff(request)
    return PendingOut(
        members=[
            PendingMemberOut(id=u.pk, email=u.email, display_name=u.display_name, date_joined=u.date_joined,
                             organisations=[m.organisation.slug for m in u.memberships.all()])
            for u in queries.pending_members()
        ],
        organisations=[OrganisationOut.from_model(o) for o in queries.pending_organisations()],
    )


class StaffDecisionIn(Schema):
    approve: bool
    reason: PlainText = Field("", max_length=500)


def _reason_required(payload: StaffDecisionIn) -> None:
    if not payload.approve and not payload.reason.strip():
        raise ValidationError({"reason": [_("Give a reason when you decline.")]})


@router.post("/staff/members/{member_id}/decide", response=MeOut, auth=member_auth, summary="Approve or decline a member (staff)")
def staff_decide_member(request: MemberRequest, member_id: Id, payload: StaffDecisionIn):
    require_staff(request)
    _reason_required(payload)
    member = queries.member_for_staff(request.auth, member_id)
    if payload.approve:
        member = services.approve_member(request.auth, member)
    else:
        member = services.decline_member(request.auth, member, reason=payload.reason)
    return _me(member)


@router.post("/staff/organisations/{organisation_id}/decide", response=OrganisationOut, auth=member_auth, summary="Approve or decline an organisation (staff)")
def staff_decide_organisation(request: MemberRequest, organisation_id: Id, payload: StaffDecisionIn):
    require_staff(request)
    _reason_required(payload)
    org = queries.organisation_for_staff(request.auth, organisation_id)
    if payload.approve:
        org = services.approve_organisation(request.auth, org)
    else:
        org = services.decline_organisation(request.auth, org, reason=payload.reason)
    return OrganisationOut.from_model(org)


# --- the notification centre ------------------------------------------------------------------

NOTICES_PAGE_SIZE = 30


class NoticeOut(Schema):
    id: int
    kind: str
    text: str = Field(description="The notice in the caller's language")
    url: str = Field(description="Where it leads (a path on this site)")
    actor_name: str
    created_at: datetime
    read: bool


class NoticePage(Schema):
    count: int
    unread: int
    page: int
    pages: int
    results: list[NoticeOut]


class NoticeFilters(Schema):
    unread_only: bool = False
    page: int = Field(1, ge=1, le=10000)


class NoticesReadIn(Schema):
    ids: list[Id] | None = Field(None, max_length=1000, description="Your notices to mark read; none: all of them")


class NoticesReadOut(Schema):
    marked: int
    unread: int


@router.get("/me/notifications", response=NoticePage, auth=member_auth, summary="Your notifications from every part of the site, newest first (signed in)")
def list_notices(request: MemberRequest, filters: Query[NoticeFilters]):
    rows = notice_queries.notices_of(request.auth, unread_only=filters.unread_only).select_related("actor")
    paginator = Paginator(rows, NOTICES_PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return NoticePage(
        count=paginator.count, unread=notice_queries.unread_count(request.auth), page=page.number, pages=paginator.num_pages,
        results=[
            NoticeOut(id=n.pk, kind=n.kind, text=n.text, url=n.url, actor_name=n.actor.get_full_name() if n.actor else "",
                      created_at=n.created_at, read=n.is_read)
            for n in page
        ],
    )


@router.post("/me/notifications/read", response=NoticesReadOut, auth=member_auth, summary="Mark your notifications read: those listed, or all (signed in)")
def mark_notices_read(request: MemberRequest, payload: NoticesReadIn):
    marked = notice_services.mark_read(request.auth, payload.ids)
    return NoticesReadOut(marked=marked, unread=notice_queries.unread_count(request.auth))


@router.get("/me/notifications/{notice_id}", response=NoticeOut, auth=member_auth, summary="One of your notifications (signed in; 404 for anyone else's)")
def get_notice(request: MemberRequest, notice_id: Id):
    n = notice_queries.notice_for(request.auth, notice_id)
    return NoticeOut(id=n.pk, kind=n.kind, text=n.text, url=n.url, actor_name=n.actor.get_full_name() if n.actor else "",
                     created_at=n.created_at, read=n.is_read)
