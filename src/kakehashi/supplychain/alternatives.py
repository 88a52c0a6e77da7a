"""Alternative suppliers for a list's concentrated items, from the platform's directory.

For each concentrated item (HHI by supplier or by country above 2,500, or a single country),
largest spend first, the matching engine ranks the live manufacturing-capacity offers the
viewer may see against the item's description, in any language (opportunities.queries.search:
a Japanese "ブレーキキャリパー" finds an English "brake calipers" offer); the candidates are
those of Indian and Japanese organisations other than the viewer's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kakehashi.accounts.people import Viewer
from kakehashi.opportunities import queries as opportunities

from .models import SupplierList

HOME_COUNTRIES = ("IN", "JP")
MANUFACTURING_OFFER = "manufacturing_offer"
ITEM_LIMIT = 10
PER_ITEM = 5


@dataclass
class ItemAlternatives:
    item: dict[str, Any]
    candidates: list[Any] = field(default_factory=list)  # opportunities, with shown_organisation set


def concentrated_items(supplier_list: SupplierList, limit: int = ITEM_LIMIT) -> list[dict[str, Any]]:
    rows = supplier_list.analysis.get("item_table", [])
    return [row for row in rows if row["band"] == "high" or row["single_country"]][:limit]


def alternatives_for(viewer: Viewer, supplier_list: SupplierList, limit: int = ITEM_LIMIT) -> list[ItemAlternatives]:
    """The caller has checked that `viewer` may see the list."""
    own = opportunities.member_organisation_ids(viewer) | {supplier_list.organisation_id}
    found = []
    for item in concentrated_items(supplier_list, limit):
        ids = opportunities.search(viewer, q=item["item"], kind=MANUFACTURING_OFFER)
        ranked = opportunities.in_order(list(ids)[:50]) if isinstance(ids, list) else []
        candidates = [
            o for o in ranked
            if o.organisation.country in HOME_COUNTRIES and o.organisation_id not in own
        ][:PER_ITEM]
        found.append(ItemAlternatives(item, opportunities.with_owner_display(candidates, viewer)))
    return found
