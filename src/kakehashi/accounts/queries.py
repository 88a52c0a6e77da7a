"""Permission-checked reads about members and organisations."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from kakehashi.core.models import AuditEntry
from kakehashi.mail.models import OutboxMessage

from .models import ApprovalStatus, Membership, Organisation, User
from .people import Viewer, is_signed_in

MStatus = Membership.Status
Role = Membership.Role


def organisations_visible_to(user: Viewer) -> QuerySet[Organisation]:
    """Approved organisations for everyone; staff see all; members also see their own."""
    qs = Organisation.objects.all()
    if getattr(user, "is_staff", False):
        return qs
    visible = Q(status=ApprovalStatus.APPROVED)
    if getattr(user, "is_authenticated", False):
        visible |= Q(memberships__user=user, memberships__status=MStatus.ACTIVE)
    return qs.filter(visible).distinct()


def directory(
    user: Viewer, *, q: str = "", country: str = "", org_type: str = "", sector: str = "", region: str = ""
) -> QuerySet[Organisation]:
    """The public directory: approved organisations only (even for staff), filtered."""
    qs = Organisation.objects.filter(status=ApprovalStatus.APPROVED)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_local__icontains=q) | Q(city__icontains=q))
    if country:
        qs = qs.filter(country=country)
    if org_type:
        qs = qs.filter(org_type=org_type)
    if sector:
        qs = qs.filter(Q(sectors__code=sector) | Q(sectors__parent__code=sector))
    if region:
        qs = qs.filter(region_code=region)
    return qs.distinct().prefetch_related("sectors", "descriptions").order_by("name")


def organisation_for(user: Viewer, slug: str) -> Organisation:
    try:
        return organisations_visible_to(user).prefetch_related("sectors", "descriptions").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None


def can_manage(user: Viewer, organisation: Organisation) -> bool:
    if not is_signed_in(user):
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(
        user=user, organisation=organisation, status=MStatus.ACTIVE, role__in=[Role.OWNER, Role.ADMIN]
    ).exists()


def organisation_managed_by(user: Viewer, slug: str) -> Organisation:
    """The organisation if `user` is its owner/admin (or staff); 404 otherwise, so
    strangers cannot even learn that a pending organisation exists."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not can_manage(user, organisation):
        raise Http404
    return organisation


def membership_managed_by(user: Viewer, membership_id: int) -> Membership:
    membership = Membership.objects.select_related("organisation", "user").filter(pk=membership_id).first()
    if membership is None or not can_manage(user, membership.organisation):
        raise Http404
    return membership


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("status", "role", "created_at")


def my_memberships(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organisation").exclude(status=MStatus.DECLINED)


def api_tokens_of(user: User) -> QuerySet:
    return user.api_tokens.order_by("-created_at")


def own_api_token(user: User, token_id: int):
    token = user.api_tokens.filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token


def pending_members() -> QuerySet[User]:
    """Verified sign-ups waiting for staff, with their organisations. Left out: members of an
    organisation waiting for approval (approved with it, `pending_organisations`) and people
    asking to join an approved organisation (its owners decide, `decide_join_request`)."""
    elsewhere = Membership.objects.filter(user=OuterRef("pk")).filter(
        Q(status=MStatus.ACTIVE, organisation__status=ApprovalStatus.PENDING)
        | Q(status=MStatus.REQUESTED, organisation__status=ApprovalStatus.APPROVED)
    )
    return (
        User.objects.filter(approval_status=ApprovalStatus.PENDING, is_active=True, is_staff=False)
        .filter(emailaddress__verified=True)
        .exclude(Exists(elsewhere))
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("organisation")))
        .order_by("date_joined")
        .distinct()
    )


def pending_organisations() -> QuerySet[Organisation]:
    """Organisations waiting for staff, each with `waiting_people`: its active members whose
    approval is pending too (approving the organisation approves them)."""
    waiting = (
        Membership.objects.filter(status=MStatus.ACTIVE, user__is_active=True, user__approval_status=ApprovalStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    return (
        Organisation.objects.filter(status=ApprovalStatus.PENDING)
        .select_related("created_by")
        .prefetch_related("sectors", "descriptions", Prefetch("memberships", queryset=waiting, to_attr="waiting_people"))
        .order_by("created_at")
    )


def member_for_staff(user: Viewer, member_id: int) -> User:
    if not getattr(user, "is_staff", False):
        raise Http404
    try:
        return User.objects.get(pk=member_id)
    except User.DoesNotExist:
        raise Http404 from None


def organisation_for_staff(user: Viewer, organisation_id: int) -> Organisation:
    if not getattr(user, "is_staff", False):
        raise Http404
    try:
        return Organisation.objects.get(pk=organisation_id)
    except Organisation.DoesNotExist:
        raise Http404 from None


def export_member_data(user: User) -> dict[str, Any]:
    """Everything Kakehashi holds about the member, as JSON-ready data."""
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "job_title": user.job_title,
            "bio": user.bio,
            "language": user.language,
            "timezone": user.timezone,
            "membership_status": user.approval_status,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_notifications": user.email_notifications,
            "digest": user.digest,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in user.emailaddress_set.all()  # type: ignore[attr-defined]  # allauth's reverse relation
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_slug": m.organisation.slug,
                "role": m.role,
                "status": m.status,
                "since": m.created_at.isoformat(),
            }
            for m in user.memberships.select_related("organisation")
        ],
        "activity": [
            {"at": a.at.isoformat(), "action": a.action, "target": a.target_repr}
            for a in AuditEntry.objects.filter(actor=user).order_by("at")
        ],
        "emails_sent_to_you": [
            {"at": m.created_at.isoformat(), "subject": m.subject, "state": m.state}
            for m in OutboxMessage.objects.filter(user=user).order_by("created_at")
        ],
    }
