"""Concentration of a supplier list: spend shares, Herfindahl–Hirschman indexes, single-source
and single-country items, top exposures, and the comparison of two versions.

Everything is computed with numpy over integer codes (pandas.factorize, then bincount), so a
million rows cost a few hash passes and no Python loop over rows (bench/supplychain_analysis.py).
The result is plain JSON, saved on the list when the import finishes.

HHI = Σ (share in %)², 0 to 10,000: by supplier (an item's spend across its suppliers) and by
country (across supplier countries), per item and over the whole list. Bands as the US merger
guidelines used them for years: < 1,500 unconcentrated, 1,500–2,500 moderate, > 2,500 high.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

MODERATE = 1500.0
HIGH = 2500.0
ITEM_LIMIT = 2000  # items kept in the saved table, by spend
SUPPLIER_LIMIT = 100
EXPOSURE_LIMIT = 20


def band(hhi: float | None) -> str:
    if hhi is None or np.isnan(hhi):
        return ""
    if hhi > HIGH:
        return "high"
    return "moderate" if hhi >= MODERATE else "unconcentrated"


Pairs = tuple[np.ndarray, np.ndarray]


def _hhi_of_groups(group: np.ndarray, member: np.ndarray, spend: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, Pairs]:
    """Per group (0 … groups-1): the HHI of its spend over its members and how many members it
    has; per distinct (group, member) pair: its group, and (its member, its spend)."""
    width = int(member.max()) + 1 if len(member) else 1
    pair_codes, pair_values = pd.factorize(group.astype(np.int64) * width + member)
    pair_spend = np.bincount(pair_codes, weights=spend, minlength=len(pair_values))
    pair_group = (pair_values // width).astype(np.int64)
    pair_member = (pair_values % width).astype(np.int64)
    total = np.bincount(pair_group, weights=pair_spend, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = 100.0 * pair_spend / total[pair_group]
    hhi = np.bincount(pair_group, weights=np.nan_to_num(share) ** 2, minlength=groups)
    hhi[total <= 0] = np.nan
    count = np.bincount(pair_group, minlength=groups)
    return hhi, count, pair_group, (pair_member, pair_spend)


def _num(value: float) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 2)


def analyse(frame: pd.DataFrame, spend: pd.Series, currency: str) -> dict[str, Any]:
    """The concentration of `frame` (columns item, supplier, country, hs_code,
    inventory_cover_days, qualified_alternates), weighing each row by `spend`."""
    amount = spend.fillna(0).to_numpy(dtype=np.float64)
    total = float(amount.sum())
    item_code, items = pd.factorize(frame["item"])
    country_code, country_values = pd.factorize(frame["country"])
    # A supplier is its name (case ignored) in its country.
    name_code, names = pd.factorize(frame["supplier"])
    folded_code, _folded = pd.factorize(np.array([str(n).casefold() for n in names], dtype=object))
    supplier_code, supplier_values = pd.factorize(folded_code[name_code].astype(np.int64) * max(len(country_values), 1) + country_code)
    n_items = len(items)

    item_spend = np.bincount(item_code, weights=amount, minlength=n_items)
    hhi_supplier, n_suppliers, _g, _m = _hhi_of_groups(item_code, supplier_code, amount, n_items)
    hhi_country, n_countries, pc_item, (pc_country, pc_spend) = _hhi_of_groups(item_code, country_code, amount, n_items)

    # The item's largest country and its share
    order = np.lexsort((-pc_spend, pc_item))
    first = np.ones(len(order), dtype=bool)
    first[1:] = pc_item[order][1:] != pc_item[order][:-1]
    top_pairs = order[first]
    top_country = np.full(n_items, -1, dtype=np.int64)
    top_country_spend = np.zeros(n_items)
    top_country[pc_item[top_pairs]] = pc_country[top_pairs]
    top_country_spend[pc_item[top_pairs]] = pc_spend[top_pairs]

    cover = frame["inventory_cover_days"].astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    min_cover = pd.Series(cover).groupby(item_code).min().reindex(range(n_items)).to_numpy()
    alternates = frame["qualified_alternates"].astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    alt_sum = pd.Series(alternates).groupby(item_code).sum(min_count=1).reindex(range(n_items)).to_numpy()
    hs = frame["hs_code"].where(frame["hs_code"] != "")
    hs_first = hs.groupby(item_code).first().reindex(range(n_items)).to_numpy()

    country_spend = np.bincount(country_code, weights=amount, minlength=len(country_values))
    country_share = 100.0 * country_spend / total if total > 0 else np.zeros(len(country_values))
    supplier_spend = np.bincount(supplier_code, weights=amount, minlength=len(supplier_values))
    supplier_share = 100.0 * supplier_spend / total if total > 0 else np.zeros(len(supplier_values))
    # suppliers and items per country
    sup_country = np.zeros(len(supplier_values), dtype=np.int64)
    sup_country[supplier_code] = country_code
    suppliers_per_country = np.bincount(sup_country, minlength=len(country_values))
    items_per_country = np.bincount(pc_country, minlength=len(country_values))
    supplier_names = frame["supplier"].groupby(supplier_code).first().reindex(range(len(supplier_values))).to_numpy()
    supplier_items = np.bincount(_hhi_of_groups(supplier_code, item_code, amount, len(supplier_values))[2], minlength=len(supplier_values))

    single_source = n_suppliers == 1
    single_country = n_countries == 1
    item_band = np.array([band(h) for h in np.fmax(hhi_supplier, hhi_country)]) if n_items else np.array([])

    by_spend = np.argsort(-item_spend, kind="stable")
    item_rows = []
    for i in by_spend[:ITEM_LIMIT]:
        top = int(top_country[i])
        item_rows.append({
            "item": str(items[i]), "hs_code": "" if pd.isna(hs_first[i]) else str(hs_first[i]),
            "spend": round(float(item_spend[i]), 2),
            "share": round(100.0 * item_spend[i] / total, 2) if total > 0 else 0.0,
            "suppliers": int(n_suppliers[i]), "countries": int(n_countries[i]),
            "hhi_supplier": _num(hhi_supplier[i]), "hhi_country": _num(hhi_country[i]),
            "band_supplier": band(hhi_supplier[i]), "band_country": band(hhi_country[i]),
            "band": str(item_band[i]),
            "top_country": str(country_values[top]) if top >= 0 else "",
            "top_country_share": round(100.0 * top_country_spend[i] / item_spend[i], 2) if item_spend[i] > 0 else None,
            "single_source": bool(single_source[i]), "single_country": bool(single_country[i]),
            "min_cover_days": _num(min_cover[i]), "alternates": _num(alt_sum[i]),
        })

    exposure_order = np.argsort(-pc_spend, kind="stable")[:EXPOSURE_LIMIT]
    exposures = [{
        "item": str(items[pc_item[p]]), "country": str(country_values[pc_country[p]]),
        "spend": round(float(pc_spend[p]), 2),
        "share_of_item": round(100.0 * pc_spend[p] / item_spend[pc_item[p]], 2) if item_spend[pc_item[p]] > 0 else None,
        "share_of_total": round(100.0 * pc_spend[p] / total, 2) if total > 0 else None,
        "single_country": bool(single_country[pc_item[p]]),
    } for p in exposure_order]

    overall_country = float(((country_share) ** 2).sum()) if total > 0 else float("nan")
    overall_supplier = float(((supplier_share) ** 2).sum()) if total > 0 else float("nan")
    countries = [{
        "country": str(country_values[c]), "spend": round(float(country_spend[c]), 2), "share": round(float(country_share[c]), 2),
        "suppliers": int(suppliers_per_country[c]), "items": int(items_per_country[c]),
    } for c in np.argsort(-country_spend, kind="stable")]
    suppliers = [{
        "supplier": str(supplier_names[s]), "country": str(country_values[sup_country[s]]),
        "spend": round(float(supplier_spend[s]), 2), "share": round(float(supplier_share[s]), 2), "items": int(supplier_items[s]),
    } for s in np.argsort(-supplier_spend, kind="stable")[:SUPPLIER_LIMIT]]
    bands = {name: int((item_band == name).sum()) for name in ("high", "moderate", "unconcentrated")}
    return {
        "currency": currency, "total_spend": round(total, 2), "rows": len(frame), "items": n_items,
        "suppliers": len(supplier_values), "countries": len(country_values),
        "hhi_country": _num(overall_country), "band_country": band(overall_country),
        "hhi_supplier": _num(overall_supplier), "band_supplier": band(overall_supplier),
        "single_source": int(single_source.sum()), "single_country": int(single_country.sum()),
        "band_counts": bands, "by_country": countries, "by_supplier": suppliers,
        "item_table": item_rows, "items_truncated": n_items > ITEM_LIMIT, "top_exposures": exposures,
    }


def compare(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """What changed from `previous` to `current` (two saved analyses)."""
    def delta(key: str) -> dict[str, Any]:
        before, after = previous.get(key), current.get(key)
        change = round(after - before, 2) if isinstance(before, int | float) and isinstance(after, int | float) else None
        return {"before": before, "after": after, "change": change}

    before_share = {c["country"]: c["share"] for c in previous.get("by_country", [])}
    after_share = {c["country"]: c["share"] for c in current.get("by_country", [])}
    countries = [{
        "country": code, "before": before_share.get(code, 0.0), "after": after_share.get(code, 0.0),
        "change": round(after_share.get(code, 0.0) - before_share.get(code, 0.0), 2),
    } for code in sorted(set(before_share) | set(after_share), key=lambda c: -abs(after_share.get(c, 0.0) - before_share.get(c, 0.0)))]
    before_band = {row["item"]: row["band"] for row in previous.get("item_table", [])}
    items = [{"item": row["item"], "before": before_band[row["item"]], "after": row["band"]}
             for row in current.get("item_table", []) if row["item"] in before_band and before_band[row["item"]] != row["band"]]
    return {
        "hhi_country": delta("hhi_country"), "hhi_supplier": delta("hhi_supplier"), "total_spend": delta("total_spend"),
        "single_source": delta("single_source"), "single_country": delta("single_country"),
        "countries": countries, "items_changed": items, "same_currency": current.get("currency") == previous.get("currency"),
    }
