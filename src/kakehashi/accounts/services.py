"""Every write about members and organisations: one named function per action.

Each owns its transaction, its audit entry and the e-mails it causes (queued in the
recipient's language, sent after commit). Views, the API, admin actions and commands call
these; nothing else saves these models.
"""

import hashlib
import secrets
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core import audit
from kakehashi.core.languages import supported
from kakehashi.core.models import Sector
from kakehashi.core.slugs import unique_slug
from kakehashi.core.timezones import default_zone_for_country
from kakehashi.mail.services import queue_mail
from kakehashi.notices import services as notices

from .models import ApiToken, ApprovalStatus, Membership, Organisation, OrganisationDescription, User, handle_base

Role = Membership.Role
MStatus = Membership.Status


# --- mail helpers -------------------------------------------------------------------------


def _mail(user: User, template: str, **context: Any) -> None:
    queue_mail(
        to=user.email,
        user=user,
        template=f"accounts/mail/{template}",
        context={"name": user.get_short_name(), **context},
        locale=user.language,
    )


def _staff_recipients() -> list[User]:
    return list(User.objects.filter(is_staff=True, is_active=True))


def _managers(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in organisation.memberships.select_related("user").filter(
            status=MStatus.ACTIVE, role__in=[Role.OWNER, Role.ADMIN], user__is_active=True
        )
    ]


# --- sign-up and profile -----------------------------------------------------------------


def prepare_new_user(user: User, *, language: str, display_name: str = "") -> None:
    """Defaults for an account being created by sign-up (called by the allauth adapter)."""
    user.language = supported(language)
    user.timezone = {"ja": "Asia/Tokyo", "hi": "Asia/Kolkata"}.get(user.language, "UTC")
    user.display_name = display_name
    user.approval_status = ApprovalStatus.PENDING


@transaction.atomic
def update_profile(user: User, *, email_switches: dict[str, bool] | None = None, **fields: Any) -> User:
    """Change profile fields and, with `email_switches` ({notice kind: on?}), the e-mails of
    each kind of notice."""
    if email_switches is not None:
        notices.set_email_switches(user, email_switches)
    allowed = {"display_name", "job_title", "bio", "language", "timezone", "email_notifications", "digest", "handle"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    changed = {k: v for k, v in fields.items() if getattr(user, k) != v}
    for key, value in changed.items():
        setattr(user, key, value)
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=list(changed))
        audit.record(user, "member.profile_updated", user, fields=sorted(changed))
    return user


# --- handles (@mentions) -------------------------------------------------------------------


def suggest_handle(user: User) -> str:
    """A free handle from the member's name (or e-mail address), with a numeric suffix when
    the name is taken: asha_rao, asha_rao2, asha_rao3 …"""
    base = handle_base(user.display_name, user.email)
    taken = set(
        User.objects.filter(handle__startswith=base).exclude(pk=user.pk).values_list("handle", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def ensure_handle(user: User) -> str:
    """The member's handle, generated on first need (they can change it in their settings)."""
    if user.handle:
        return user.handle
    for _attempt in range(5):
        candidate = suggest_handle(user)
        try:
            with transaction.atomic():
                claimed = User.objects.filter(pk=user.pk, handle=None).update(handle=candidate)
        except IntegrityError:  # someone took it at the same moment: try the next number
            continue
        if claimed:
            user.handle = candidate
        else:
            user.handle = User.objects.filter(pk=user.pk).values_list("handle", flat=True).get()
        return cast(str, user.handle)  # claimed now, or already set by someone else
    raise RuntimeError("no free handle")  # pragma: no cover - five collisions in a row


# --- organisations -----------------------------------------------------------------------


def _set_descriptions(organisation: Organisation, descriptions: dict[str, str]) -> None:
    texts = {lang: text.strip() for lang, text in descriptions.items() if text and text.strip()}
    organisation.descriptions.exclude(language__in=list(texts)).delete()
    for lang, text in texts.items():
        OrganisationDescription.objects.update_or_create(organisation=organisation, language=lang, defaults={"text": text})


@transaction.atomic
def create_organisation(
    creator: User, *, sectors: list[Sector], descriptions: dict[str, str], **fields: Any
) -> Organisation:
    """A member registers a new organisation; it waits for staff approval with them as owner."""
    organisation = Organisation(slug=unique_slug(Organisation, fields["name"], fallback="organisation"), created_by=creator, **fields)
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    organisation.sectors.set(sectors)
    _set_descriptions(organisation, descriptions)
    Membership.objects.create(user=creator, organisation=organisation, role=Role.OWNER, status=MStatus.ACTIVE)
    if creator.timezone == "UTC":
        creator.timezone = default_zone_for_country(organisation.country)
        creator.save(update_fields=["timezone"])
    audit.record(creator, "organisation.created", organisation)
    for staff in _staff_recipients():
        _mail(staff, "staff_new_application", organisation=organisation.name, applicant=creator.email)
    return organisation


@transaction.atomic
def update_organisation(
    actor: User, organisation: Organisation, *, sectors: list[Sector], descriptions: dict[str, str], **fields: Any
) -> Organisation:
    for key, value in fields.items():
        setattr(organisation, key, value)
    organisation.full_clean()
    organisation.save()
    organisation.sectors.set(sectors)
    _set_descriptions(organisation, descriptions)
    audit.record(actor, "organisation.updated", organisation, fields=sorted(fields))
    return organisation


@transaction.atomic
def approve_organisation(staff: User, organisation: Organisation) -> Organisation:
    """Staff approve an organisation, and with it, in the same step, everyone waiting for
    approval who is an active member of it: its managers get "organisation approved", the
    other people "membership approved"."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == ApprovalStatus.APPROVED:
        return organisation
    organisation.status = ApprovalStatus.APPROVED
    organisation.status_note = ""
    organisation.status_decided_at = timezone.now()
    organisation.save(update_fields=["status", "status_note", "status_decided_at", "updated_at"])
    audit.record(staff, "organisation.approved", organisation)
    managers = _managers(organisation)
    for person in _people_waiting_with(organisation):
        if person not in managers:
            approve_member(staff, person)
    for owner in managers:
        if owner.approval_status == ApprovalStatus.PENDING:
            approve_member(staff, owner, notify=False)
        _mail(owner, "organisation_approved", organisation=organisation.name, url=organisation.get_absolute_url())
    return organisation


def _people_waiting_with(organisation: Organisation) -> list[User]:
    """Active members of the organisation whose own approval is still pending."""
    return [
        m.user
        for m in organisation.memberships.select_related("user")
        .filter(status=MStatus.ACTIVE, user__is_active=True, user__approval_status=ApprovalStatus.PENDING)
        .order_by("created_at", "pk")
    ]


@transaction.atomic
def decline_organisation(staff: User, organisation: Organisation, *, reason: str) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.status = ApprovalStatus.DECLINED
    organisation.status_note = reason
    organisation.status_decided_at = timezone.now()
    organisation.save(update_fields=["status", "status_note", "status_decided_at", "updated_at"])
    audit.record(staff, "organisation.declined", organisation, reason=reason)
    for owner in _managers(organisation):
        _mail(owner, "organisation_declined", organisation=organisation.name, reason=reason)
    return organisation


# --- members -------------------------------------------------------------------------------


@transaction.atomic
def approve_member(staff: User, member: User, *, notify: bool = True) -> User:
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.approval_status == ApprovalStatus.APPROVED:
        return member
    member.approval_status = ApprovalStatus.APPROVED
    member.approval_note = ""
    member.approval_decided_at = timezone.now()
    member.save(update_fields=["approval_status", "approval_note", "approval_decided_at"])
    audit.record(staff, "member.approved", member)
    if notify:
        _mail(member, "member_approved")
    return member


@transaction.atomic
def decline_member(staff: User, member: User, *, reason: str) -> User:
    member = User.objects.select_for_update().get(pk=member.pk)
    member.approval_status = ApprovalStatus.DECLINED
    member.approval_note = reason
    member.approval_decided_at = timezone.now()
    member.save(update_fields=["approval_status", "approval_note", "approval_decided_at"])
    audit.record(staff, "member.declined", member, reason=reason)
    _mail(member, "member_declined", reason=reason)
    return member


# --- memberships ---------------------------------------------------------------------------


@transaction.atomic
def request_to_join(user: User, organisation: Organisation, *, message: str = "") -> Membership:
    if organisation.status != ApprovalStatus.APPROVED:
        raise ValidationError(_("This organisation cannot take members yet."))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"message": message, "status": MStatus.REQUESTED}
    )
    if not created:
        if membership.status == MStatus.ACTIVE:
            raise ValidationError(_("You are already a member of this organisation."))
        if membership.status == MStatus.REQUESTED:
            raise ValidationError(_("You have already asked to join this organisation."))
        membership.status, membership.message, membership.role = MStatus.REQUESTED, message, Role.MEMBER
        membership.save(update_fields=["status", "message", "role", "updated_at"])
    if user.timezone == "UTC":
        user.timezone = default_zone_for_country(organisation.country)
        user.save(update_fields=["timezone"])
    audit.record(user, "membership.requested", membership)
    for manager in _managers(organisation):
        _mail(manager, "join_request", applicant=user.get_full_name(), organisation=organisation.name, message=message)
    return membership


def _ensure_manager(actor: User, organisation: Organisation) -> None:
    if actor.is_staff:
        return
    if not Membership.objects.filter(
        user=actor, organisation=organisation, status=MStatus.ACTIVE, role__in=[Role.OWNER, Role.ADMIN]
    ).exists():
        raise PermissionDenied


@transaction.atomic
def decide_join_request(actor: User, membership: Membership, *, accept: bool) -> Membership:
    _ensure_manager(actor, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MStatus.REQUESTED:
        raise ValidationError(_("This request has already been answered."))
    membership.status = MStatus.ACTIVE if accept else MStatus.DECLINED
    membership.save(update_fields=["status", "updated_at"])
    audit.record(actor, "membership.accepted" if accept else "membership.declined", membership)
    if accept and membership.user.approval_status == ApprovalStatus.PENDING:
        # The organisation vouches for the person: staff do not decide a join request a second time.
        approve_member(actor, membership.user, notify=False)
    _mail(
        membership.user,
        "membership_accepted" if accept else "membership_declined",
        organisation=membership.organisation.name,
    )
    return membership


def _owner_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=Role.OWNER, status=MStatus.ACTIVE).count()


@transaction.atomic
def change_role(actor: User, membership: Membership, *, role: str) -> Membership:
    _ensure_manager(actor, membership.organisation)
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MStatus.ACTIVE:
        raise ValidationError(_("Only active members have a role."))
    if (role == Role.OWNER or membership.role == Role.OWNER) and not actor.is_staff and not Membership.objects.filter(
        user=actor, organisation=membership.organisation, role=Role.OWNER, status=MStatus.ACTIVE
    ).exists():
        raise PermissionDenied
    if membership.role == Role.OWNER and role != Role.OWNER and _owner_count(membership.organisation) == 1:
        raise ValidationError(_("An organisation needs at least one owner. Make someone else owner first."))
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit.record(actor, "membership.role_changed", membership, old=old, new=role)
    return membership


@transaction.atomic
def remove_member(actor: User, membership: Membership) -> None:
    if actor != membership.user:
        _ensure_manager(actor, membership.organisation)
        if membership.role == Role.OWNER and not actor.is_staff and not Membership.objects.filter(
            user=actor, organisation=membership.organisation, role=Role.OWNER, status=MStatus.ACTIVE
        ).exists():
            raise PermissionDenied
    if membership.role == Role.OWNER and membership.status == MStatus.ACTIVE and _owner_count(membership.organisation) == 1:
        raise ValidationError(_("An organisation needs at least one owner. Make someone else owner first."))
    audit.record(actor, "membership.removed", membership, user=membership.user_id)
    membership.delete()


# --- the member's own data -------------------------------------------------------------------


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete the account. Organisations of which they are the only member go with it.

    Refused while they are the last owner of an organisation that has other members.
    """
    memberships = list(user.memberships.select_related("organisation").filter(status=MStatus.ACTIVE))
    for membership in memberships:
        org = membership.organisation
        others = org.memberships.filter(status=MStatus.ACTIVE).exclude(user=user)
        if membership.role == Role.OWNER and others.exists() and _owner_count(org) == 1:
            raise ValidationError(
                _("You are the only owner of %(organisation)s. Make another member owner before you leave.")
                % {"organisation": org.name}
            )
    for membership in memberships:
        org = membership.organisation
        if not org.memberships.exclude(user=user).exists():
            audit.record(user, "organisation.deleted_with_account", org)
            org.delete()
    audit.record(None, "member.deleted", user, email_domain=user.email.rsplit("@", 1)[-1])
    user.delete()


# --- API tokens ----------------------------------------------------------------------------


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_api_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Returns the stored token row and the secret, which is never shown again."""
    secret = "kk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[3:11], digest=_token_digest(secret))
    audit.record(user, "api_token.created", token)
    return token, secret


@transaction.atomic
def revoke_api_token(user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied
    audit.record(user, "api_token.revoked", token)
    token.delete()


def authenticate_token(secret: str) -> User | None:
    """The active user owning `secret`, or None. Records when the token was last used."""
    if not secret.startswith("kk_") or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_token_digest(secret)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
