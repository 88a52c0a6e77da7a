"""Programme figures of supply-chain analyses (staff only, and never public: a supplier list
is an organisation's private data, so every table here is `public=False` and stays off the
public summary, even as counts).

A supplier list counts when it was uploaded (each version is one list); an analysis is a
list whose import finished (status ready) with its concentration analysis saved; a
simulation counts when it was run. Items by HHI band add up the saved analyses' bands
(`analysis.band`: the higher of an item's supplier and country HHI). The country filter
keeps lists of organisations of that country."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kakehashi.accounts.people import OrganisationCountry
from kakehashi.core.figures import Filters, Row, Table, counts, require_staff

from .models import ListStatus, Simulation, SupplierList

BANDS = ("high", "moderate", "unconcentrated")


def supplier_lists(viewer: Any, filters: Filters) -> QuerySet[SupplierList]:
    require_staff(viewer)
    return SupplierList.objects.filter(filters.within("created_at"), filters.in_country("organisation__country"))


def tables(viewer: Any, filters: Filters) -> list[Table]:
    lists = supplier_lists(viewer, filters)
    analysed = lists.filter(status=ListStatus.READY).exclude(analysis={})
    simulations = Simulation.objects.filter(
        filters.within("created_at"), filters.in_country("supplier_list__organisation__country"))
    uploaded = counts(lists, "organisation__country")
    done = counts(analysed, "organisation__country")
    simulated = counts(simulations, "supplier_list__organisation__country")
    bands: Counter[str] = Counter()
    for analysis in analysed.values_list("analysis", flat=True):
        found = (analysis or {}).get("band_counts") or {}
        bands.update({band: int(found.get(band) or 0) for band in BANDS})
    labels = {"high": _("High (HHI above 2,500)"), "moderate": _("Moderate (HHI 1,500 to 2,500)"),
              "unconcentrated": _("Unconcentrated (HHI below 1,500)")}
    return [
        Table("supplier_lists_by_country", _("Supplier lists and analyses by organisation country"), [
            row for code, label in OrganisationCountry.choices for row in (
                Row(f"{code}:lists", _("%(country)s: supplier lists uploaded") % {"country": label}, uploaded.get(code, 0)),
                Row(f"{code}:analyses", _("%(country)s: analyses completed") % {"country": label}, done.get(code, 0)),
                Row(f"{code}:simulations", _("%(country)s: disruption simulations run") % {"country": label},
                    simulated.get(code, 0)),
            )
        ], public=False),
        Table("items_by_concentration", _("Items in completed analyses by concentration (HHI band)"), [
            Row(band, str(labels[band]), bands[band]) for band in BANDS
        ], public=False, note=_("An item counts once per analysis it appears in.")),
    ]
