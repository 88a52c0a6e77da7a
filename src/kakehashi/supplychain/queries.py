"""Permission-checked reads of supplier lists and their analyses.

A list, its rows and its analysis are private: only the approved members acting for the
list's organisation (accounts.people) and staff see them. Anyone else gets a 404, never a
403, so the existence of a list is not revealed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer

from . import analysis, scoring
from .models import CountryWeights, ListStatus, Simulation, SupplierList, SupplierRow

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation


def is_staff(user: Viewer | None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)  # type: ignore[union-attr]


def lists_visible_to(user: Viewer | None) -> QuerySet[SupplierList]:
    qs = SupplierList.objects.select_related("organisation", "uploaded_by")
    if is_staff(user):
        return qs
    return qs.filter(organisation_id__in=people.organisation_ids_for(user))


def list_for(user: Viewer | None, pk: Any) -> SupplierList:
    """The list if `user` may see it; 404 otherwise (also for a malformed id)."""
    try:
        return lists_visible_to(user).get(pk=int(pk))
    except (SupplierList.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def latest_versions(user: Viewer | None) -> QuerySet[SupplierList]:
    """The newest version of each list `user` may see, newest first (one query)."""
    newest = SupplierList.objects.filter(organisation_id=OuterRef("organisation_id"), name=OuterRef("name")).order_by("-version")
    return lists_visible_to(user).filter(version=Subquery(newest.values("version")[:1])).order_by("-created_at", "-pk")


def versions_of(supplier_list: SupplierList) -> QuerySet[SupplierList]:
    """Every version of the same list (same organisation and name), newest first; the
    caller has already checked that the viewer may see `supplier_list`."""
    return SupplierList.objects.filter(organisation_id=supplier_list.organisation_id, name=supplier_list.name).order_by("-version")


def upload_organisations(user: Viewer | None) -> QuerySet[Organisation]:
    """The organisations `user` may upload lists for: those they act for."""
    return people.organisations_for(user)


def previous_ready(supplier_list: SupplierList) -> SupplierList | None:
    """The latest earlier version whose import succeeded (a failed one has no analysis)."""
    return versions_of(supplier_list).filter(version__lt=supplier_list.version, status=ListStatus.READY).first()


def comparison(supplier_list: SupplierList) -> dict[str, Any] | None:
    """The list's analysis against the previous ready version's, when both are ready."""
    previous = previous_ready(supplier_list)
    if previous is None or supplier_list.status != ListStatus.READY or not supplier_list.analysis or not previous.analysis:
        return None
    return {"previous": previous, **analysis.compare(supplier_list.analysis, previous.analysis)}


def can_upload_for(user: Viewer | None, organisation_id: int) -> bool:
    """Uploading, mapping and introductions are for those acting for the organisation."""
    return people.acts_for(user, organisation_id)


# --- country scores and disruption simulation ---------------------------------------------


def ready_list_for(user: Viewer | None, pk: int) -> SupplierList:
    """A list whose import finished (simulations need its rows); Http404 otherwise."""
    found = list_for(user, pk)
    if found.status != ListStatus.READY:
        raise Http404
    return found


def simulation_rows(supplier_list: SupplierList) -> QuerySet[SupplierRow, tuple[Any, ...]]:
    """The list's rows as tuples of the columns the simulator reads, in file order: item,
    supplier, country, spend, spend_usd, volume_share, lead_time_days, inventory_cover_days,
    qualified_alternates (already permission-checked list)."""
    return SupplierRow.objects.filter(supplier_list_id=supplier_list.pk).order_by("row_number").values_list(
        "item", "supplier", "country", "spend", "spend_usd", "volume_share", "lead_time_days",
        "inventory_cover_days", "qualified_alternates",
    )


MAX_SUPPLIER_CHOICES = 2000


def supplier_names(supplier_list: SupplierList) -> list[str]:
    """The list's distinct supplier names, sorted (at most MAX_SUPPLIER_CHOICES, for a form)."""
    names = supplier_list.rows.order_by("supplier").values_list("supplier", flat=True).distinct()
    return list(names[:MAX_SUPPLIER_CHOICES])


def item_countries(supplier_list: SupplierList, items: list[str]) -> dict[str, set[str]]:
    """The ISO alpha-2 countries each of `items` is bought from (already permission-checked list; one query)."""
    found: dict[str, set[str]] = {}
    if not items:
        return found
    for item, country in supplier_list.rows.filter(item__in=items).values_list("item", "country").distinct():
        found.setdefault(item, set()).add(country)
    return found


def row_count(supplier_list: SupplierList) -> int:
    """How many rows the list holds (already permission-checked list)."""
    return supplier_list.rows.count()


def suppliers_named(supplier_list: SupplierList, names: set[str]) -> list[str]:
    """Which of `names` are suppliers of the list (already permission-checked list)."""
    if not names:
        return []
    return list(supplier_list.rows.filter(supplier__in=names).values_list("supplier", flat=True).distinct())


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
