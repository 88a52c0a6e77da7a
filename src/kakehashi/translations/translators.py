"""Who may use the desk besides staff: members staff made translators.

A translator holds the `translations.translate` permission (given here, or in the admin,
directly or through a group). Granting and revoking are audited. Only approved, active
members can be made translators: the desk and the version form ask for an approved member.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kakehashi.accounts import people
from kakehashi.core import audit

if TYPE_CHECKING:
    from kakehashi.accounts.models import User


def _permission() -> Permission:
    return Permission.objects.get(content_type__app_label="translations", codename="translate")


def translators() -> QuerySet[User]:
    """Members holding the permission (directly or through a group), by name."""
    permission = _permission()
    return (people.active_users().filter(Q(user_permissions=permission) | Q(groups__permissions=permission))
            .distinct().order_by("display_name", "email"))


def _require_staff(actor: Any) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_staff):
        raise PermissionDenied


@transaction.atomic
def grant(actor: User, email: str) -> User:
    """Make the approved member with this e-mail address a translator (staff only)."""
    _require_staff(actor)
    user = people.approved_members().filter(email__iexact=email.strip()).first() if email.strip() else None
    if user is None:
        raise ValidationError({"email": _("No approved member has this e-mail address.")})
    user.user_permissions.add(_permission())
    audit.record(actor, "translation.translator_granted", user)
    return user


@transaction.atomic
def revoke(actor: User, user_id: int) -> None:
    """Take the permission back (given directly; a group's is managed in the admin)."""
    _require_staff(actor)
    user = people.user_by_id(user_id)
    if user is None:
        raise ValidationError(_("No such member."))
    user.user_permissions.remove(_permission())
    audit.record(actor, "translation.translator_revoked", user)
