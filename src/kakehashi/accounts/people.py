"""Who acts for which organisation: the reads `accounts` publishes to every other app.

Other apps import this module (and `accounts.auth` for the API), never `accounts.models`,
to answer "is this person an approved member?", "which organisations do they act for?",
"who are the managers of this organisation?" and "whom do we mail about its activity?".
Foreign keys still name the models by string ("accounts.Organisation",
`settings.AUTH_USER_MODEL`) and type annotations may import them under `TYPE_CHECKING`.

The one rule:

- An **approved member** is an active account that staff approved, or a staff account
  (`is_approved_member`, the same test as the `approved_member` page decorator).
- A person **acts for** an organisation when they are an approved member, their
  membership of it is active (not requested, not declined) and the organisation is
  approved (not pending, not declined). A **manager** acts for it as owner or admin.
- The **people of an organisation** (who may act for it and who receives its e-mails:
  interest received, introductions, match digests, reminders) are exactly those who act
  for it; its managers are those of them who are owners or admins.

Staff are approved members but act only for organisations they belong to; staff powers
(review, moderation) are checked separately with `user.is_staff`.

Within one web request the organisation ids of a user are looked up once
(`organisation_ids_for` remembers them until the request ends or a membership,
organisation or account is saved), so a page that asks eight times costs one query.
"""

from __future__ import annotations

import contextvars
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from kakehashi.core.permissions import is_approved_member as _is_approved_member

from .models import ApprovalStatus, Membership, Organisation, User

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

__all__ = [
    "OrganisationCountry",
    "OrganisationType",
    "Viewer",
    "acts_for",
    "active_users",
    "approved_member_q",
    "approved_members",
    "approved_organisations",
    "forget",
    "is_approved_member",
    "is_approved_organisation",
    "is_signed_in",
    "managers_of",
    "organisation_by_slug",
    "organisation_ids_for",
    "organisations_exist",
    "organisations_for",
    "people_by_organisation",
    "people_of",
    "user_by_id",
    "users_by_ids",
]

# Whoever is looking: a signed-in account or a visitor (`request.user`, or `request.auth` on
# a public API read). Reads that also serve tasks and commands accept None (nobody).
Viewer: TypeAlias = User | AnonymousUser

# The vocabularies of an organisation's fields, for filters and labels in other apps.
OrganisationCountry = Organisation.Country
OrganisationType = Organisation.Type

MANAGER_ROLES = (Membership.Role.OWNER, Membership.Role.ADMIN)


# --- approved members ---------------------------------------------------------------------


def is_approved_member(user: Viewer | None) -> TypeGuard[User]:
    """An active account that staff approved, or staff. False for visitors and None."""
    return user is not None and _is_approved_member(user)


def is_signed_in(user: Viewer | None) -> TypeGuard[User]:
    """A signed-in account: not a visitor, not None."""
    return bool(getattr(user, "is_authenticated", False))


def approved_member_q(prefix: str = "") -> Q:
    """The same rule as a filter on users, e.g. `approved_member_q("author__")` on posts."""
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}approval_status": ApprovalStatus.APPROVED}) | Q(**{f"{prefix}is_staff": True})
    )


def approved_members() -> QuerySet[User]:
    """Every approved member (active; approved by staff, or staff)."""
    return User.objects.filter(approved_member_q())


def _acting_q(prefix: str = "", *, managing: bool = False) -> Q:
    """Memberships (at `prefix`) through which someone acts for an organisation."""
    q = Q(**{f"{prefix}status": Membership.Status.ACTIVE}) & Q(
        **{f"{prefix}organisation__status": ApprovalStatus.APPROVED}
    )
    if managing:
        q &= Q(**{f"{prefix}role__in": MANAGER_ROLES})
    return q


# --- the organisations a person acts for --------------------------------------------------

# Per-request memo: {(user id, managing): frozenset of organisation ids}. None outside a
# request (tasks, commands, tests calling services), where every call asks the database.
_memo: contextvars.ContextVar[dict[tuple[int, bool], frozenset[int]] | None] = contextvars.ContextVar(
    "kakehashi_acting_for", default=None
)


def organisation_ids_for(user: Viewer | None, *, managing: bool = False) -> frozenset[int]:
    """Ids of the organisations `user` acts for (as owner or admin with `managing`)."""
    if not is_approved_member(user):
        return frozenset()
    memo = _memo.get()
    key = (user.pk, managing)
    if memo is not None and key in memo:
        return memo[key]
    ids = frozenset(
        Membership.objects.filter(_acting_q(managing=managing), user_id=user.pk).values_list(
            "organisation_id", flat=True
        )
    )
    if memo is not None:
        memo[key] = ids
    return ids


def organisations_for(user: Viewer | None, *, managing: bool = False) -> QuerySet[Organisation]:
    """The organisations `user` acts for, by name."""
    return Organisation.objects.filter(pk__in=organisation_ids_for(user, managing=managing)).order_by("name")


def acts_for(user: Viewer | None, organisation_id: int | None, *, managing: bool = False) -> bool:
    return organisation_id is not None and organisation_id in organisation_ids_for(user, managing=managing)


def forget() -> None:
    """Drop what this request remembered (called when memberships or accounts change)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


@contextmanager
def remembering() -> Iterator[None]:
    """Remember organisation ids until the block ends (one web request)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RememberForRequestMiddleware:
    """Wraps each request in `remembering()`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with remembering():
            return self.get_response(request)


# --- the people of an organisation --------------------------------------------------------


def people_of(organisation_id: int, *, managing: bool = False) -> QuerySet[User]:
    """Who acts for the organisation (its owners and admins with `managing`), by id. The
    recipients of its e-mails; filter on `email_notifications` for activity mail."""
    return (
        approved_members()
        .filter(pk__in=Membership.objects.filter(_acting_q(managing=managing), organisation_id=organisation_id).values("user_id"))
        .order_by("pk")
    )


def managers_of(organisation_id: int) -> QuerySet[User]:
    """The organisation's owners and admins who act for it."""
    return people_of(organisation_id, managing=True)


def people_by_organisation(organisation_ids: Iterable[int], *, managing: bool = False) -> dict[int, list[User]]:
    """organisation id → the people of each organisation (one query), for fan-out mail."""
    memberships = (
        Membership.objects.filter(_acting_q(managing=managing), approved_member_q("user__"))
        .filter(organisation_id__in=list(organisation_ids))
        .select_related("user")
        .order_by("organisation_id", "user_id")
    )
    people: dict[int, list[User]] = defaultdict(list)
    for membership in memberships:
        people[membership.organisation_id].append(membership.user)
    return dict(people)


# --- small lookups for other apps ----------------------------------------------------------


def user_by_id(user_id: Any) -> User | None:
    """Any account by id (active or not), or None."""
    try:
        return User.objects.filter(pk=int(user_id)).first()
    except (TypeError, ValueError):
        return None


def users_by_ids(user_ids: Iterable[int]) -> QuerySet[User]:
    """Accounts by id, whatever their state (fan-out filters them itself)."""
    return User.objects.filter(pk__in=list(user_ids))


def active_users() -> QuerySet[User]:
    """Accounts that may sign in (approved or not)."""
    return User.objects.filter(is_active=True)


def approved_organisations() -> QuerySet[Organisation]:
    """Approved organisations by name (e.g. a form's choices)."""
    return Organisation.objects.filter(status=ApprovalStatus.APPROVED).order_by("name")


def is_approved_organisation(organisation: Organisation) -> bool:
    return organisation.status == ApprovalStatus.APPROVED


def organisation_by_slug(slug: str) -> Organisation | None:
    """An organisation by slug whatever its status, or None: callers check who may act for
    it (`acts_for`) before using it."""
    return Organisation.objects.filter(slug=slug).first()


def organisations_exist() -> bool:
    return Organisation.objects.exists()
