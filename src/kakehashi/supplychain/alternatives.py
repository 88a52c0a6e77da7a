"""Alternative countries and suppliers for a list's concentrated items.

For each concentrated item (HHI by supplier or by country above 2,500, or a single country),
largest spend first:

- candidate countries: the comparison set (India, Japan, Vietnam, Thailand, Indonesia,
  Mexico) and the countries the viewer rated for their investment strategy, less those the
  item already comes from, ranked by the viewer's country score (their weights and ratings,
  `scoring`); a country without any figure is left out;
- candidate suppliers: the matching engine ranks the live manufacturing-capacity offers the
viewer may see against the item's description, in any language (opportunities.queries.search:
a Japanese "ブレーキキャリパー" finds an English "brake calipers" offer); the candidates are
those of Indian and Japanese organisations other than the viewer's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pycountry

from kakehashi.accounts.people import Viewer
from kakehashi.opportunities import queries as opportunities

from . import countrydata, queries, scoring
from .models import SupplierList

HOME_COUNTRIES = ("IN", "JP")
MANUFACTURING_OFFER = "manufacturing_offer"
ITEM_LIMIT = 10
PER_ITEM = 5
COUNTRIES_PER_ITEM = 3


@dataclass(frozen=True)
class CandidateCountry:
    iso3: str
    name: str  # in the active language
    score: float  # 0–100, the viewer's weights
    coverage: float  # share of the weight that had data, 0–1


@dataclass
class ItemAlternatives:
    item: dict[str, Any]
    candidates: list[Any] = field(default_factory=list)  # opportunities, with shown_organisation set
    countries: list[CandidateCountry] = field(default_factory=list)  # best first
    current: list[str] = field(default_factory=list)  # ISO3 codes the item comes from now

    @property
    def compare_codes(self) -> str:
        """?countries= of the countries page: the candidates beside the item's current ones."""
        return ",".join([*(s.iso3 for s in self.countries), *self.current][: scoring.MAX_COUNTRIES])


def _iso3(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country is not None else alpha2


def ranked_countries(viewer: Viewer, current: set[str]) -> list[CandidateCountry]:
    """The candidate countries (module docstring) not in `current`, best score first."""
    weights, ratings = queries.weights_for(viewer)
    codes = list(dict.fromkeys([*scoring.DEFAULT_COUNTRIES, *sorted(ratings)]))
    data = countrydata.countries()
    scored = [CandidateCountry(s.iso3, data[s.iso3].name, s.total, s.coverage)
              for s in scoring.score_countries([c for c in codes if c not in current and c in data], weights, ratings)
              if s.total is not None]
    return sorted(scored, key=lambda c: -c.score)[:COUNTRIES_PER_ITEM]


def concentrated_items(supplier_list: SupplierList, limit: int = ITEM_LIMIT) -> list[dict[str, Any]]:
    rows = supplier_list.analysis.get("item_table", [])
    return [row for row in rows if row["band"] == "high" or row["single_country"]][:limit]


def alternatives_for(viewer: Viewer, supplier_list: SupplierList, limit: int = ITEM_LIMIT) -> list[ItemAlternatives]:
    """The caller has checked that `viewer` may see the list."""
    own = opportunities.member_organisation_ids(viewer) | {supplier_list.organisation_id}
    items = concentrated_items(supplier_list, limit)
    sources = queries.item_countries(supplier_list, [item["item"] for item in items])
    found = []
    for item in items:
        ids = opportunities.search(viewer, q=item["item"], kind=MANUFACTURING_OFFER)
        ranked = opportunities.in_order(list(ids)[:50]) if isinstance(ids, list) else []
        candidates = [
            o for o in ranked
            if o.organisation.country in HOME_COUNTRIES and o.organisation_id not in own
        ][:PER_ITEM]
        current = sorted({_iso3(c) for c in sources.get(item["item"], ())})
        found.append(ItemAlternatives(
            item, opportunities.with_owner_display(candidates, viewer), ranked_countries(viewer, set(current)), current,
        ))
    return found
