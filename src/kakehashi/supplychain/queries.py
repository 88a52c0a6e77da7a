"""Permission-checked reads of the supply-chain app.

A supplier list, and everything computed from it (simulations, reports), is visible to the
approved members acting for its organisation and to staff; to anyone else it does not exist
(404, never 403, so that its existence is not revealed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from kakehashi.accounts.people import is_approved_member, organisation_ids_for

from . import scoring
from .models import CountryWeights, ListStatus, Simulation, SupplierList, SupplierRow

if TYPE_CHECKING:
    from kakehashi.accounts.people import Viewer


def lists_visible_to(user: Viewer | None) -> QuerySet[SupplierList]:
    if not is_approved_member(user):
        return SupplierList.objects.none()
    if user.is_staff:
        return SupplierList.objects.all()
    return SupplierList.objects.filter(organisation_id__in=organisation_ids_for(user))


def list_for(user: Viewer | None, pk: int) -> SupplierList:
    """The list if `user` may see it; Http404 otherwise."""
    found = lists_visible_to(user).filter(pk=pk).select_related("organisation").first()
    if found is None:
        raise Http404
    return found


def ready_list_for(user: Viewer | None, pk: int) -> SupplierList:
    """A list whose import finished (simulations need its rows); Http404 otherwise."""
    found = list_for(user, pk)
    if found.status != ListStatus.READY:
        raise Http404
    return found


def simulation_rows(supplier_list: SupplierList) -> QuerySet[SupplierRow]:
    """The list's rows, only the columns the simulator reads (already permission-checked list)."""
    return supplier_list.rows.order_by("row_number").only(
        "item", "supplier", "country", "spend", "spend_usd", "volume_share", "lead_time_days",
        "inventory_cover_days", "qualified_alternates",
    )


def simulations_of(supplier_list: SupplierList) -> QuerySet[Simulation]:
    return supplier_list.simulations.select_related("created_by").order_by("-created_at")


def simulation_for(user: Viewer | None, pk: int) -> Simulation:
    found = Simulation.objects.filter(pk=pk, supplier_list__in=lists_visible_to(user)).select_related(
        "supplier_list", "supplier_list__organisation").first()
    if found is None:
        raise Http404
    return found


def weights_for(user: Viewer | None) -> tuple[dict[str, float], dict[str, float]]:
    """(weights, investment ratings) of a signed-in member; the defaults and none otherwise."""
    if user is None or user.pk is None or not user.is_authenticated:
        return dict(scoring.DEFAULT_WEIGHTS), {}
    saved = CountryWeights.objects.filter(user_id=int(user.pk)).first()
    if saved is None:
        return dict(scoring.DEFAULT_WEIGHTS), {}
    return scoring.validate_weights(saved.weights), scoring.validate_ratings(saved.ratings)
