"""Programme figures of accounts (staff only): approved organisations by country, type and
ISIC section, and the members acting for them by their organisation's country and type.
An organisation counts from when it registered, a member from when their membership began
(both in the filters' range); the country filter is the organisation's country."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kakehashi.core.figures import Filters, Table, by_sector_section, counts, labelled, require_staff

from .models import ApprovalStatus, Membership, Organisation


def organisations(viewer: Any, filters: Filters):
    require_staff(viewer)
    return Organisation.objects.filter(status=ApprovalStatus.APPROVED).filter(
        filters.within("created_at"), filters.in_country("country")
    )


def memberships(viewer: Any, filters: Filters):
    """Active memberships of approved people in approved organisations."""
    require_staff(viewer)
    return Membership.objects.filter(
        status=Membership.Status.ACTIVE, organisation__status=ApprovalStatus.APPROVED,
        user__is_active=True, user__approval_status=ApprovalStatus.APPROVED,
    ).filter(filters.within("created_at"), filters.in_country("organisation__country"))


def tables(viewer: Any, filters: Filters) -> list[Table]:
    orgs = organisations(viewer, filters)
    members = memberships(viewer, filters)
    return [
        Table("organisations_by_country", _("Organisations by country"),
              labelled(Organisation.Country.choices, counts(orgs, "country"))),
        Table("organisations_by_type", _("Organisations by type"),
              labelled(Organisation.Type.choices, counts(orgs, "org_type"))),
        Table("organisations_by_sector", _("Organisations by sector section"),
              by_sector_section(orgs, "sectors", _("No sector"))),
        Table("members_by_country", _("Members by their organisation's country"),
              labelled(Organisation.Country.choices, counts(members, "organisation__country", "user"))),
        Table("members_by_type", _("Members by their organisation's type"),
              labelled(Organisation.Type.choices, counts(members, "organisation__org_type", "user"))),
    ]
