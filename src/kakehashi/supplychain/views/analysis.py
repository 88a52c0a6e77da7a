"""A list's page: its import status and progress, its problems, or its concentration analysis
(tables sortable by any column, charts, comparison with the previous version) and exports."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kakehashi.core.countries import country_name
from kakehashi.core.permissions import approved_member

from .. import charts, exports, queries
from ..models import ListStatus, SupplierList
from ..problems import message, summary

ITEM_SORTS = {
    "spend", "share", "item", "suppliers", "countries", "hhi_supplier", "hhi_country", "top_country_share", "min_cover_days", "alternates",
}
SHOWN_ITEMS = 200


def band_label(band: str) -> str:
    return {"high": _("highly concentrated"), "moderate": _("moderately concentrated"), "unconcentrated": _("unconcentrated")}.get(band, "—")


def _sorted_items(items: list[dict[str, Any]], sort: str, descending: bool) -> list[dict[str, Any]]:
    if sort not in ITEM_SORTS:
        return items
    present = [row for row in items if row.get(sort) is not None]
    missing = [row for row in items if row.get(sort) is None]
    key = (lambda row: str(row[sort]).casefold()) if sort == "item" else (lambda row: row[sort])
    return sorted(present, key=key, reverse=descending) + missing


def _context(request: HttpRequest, supplier_list: SupplierList) -> dict[str, Any]:
    result = supplier_list.analysis
    sort = request.GET.get("sort", "spend")
    descending = request.GET.get("dir", "desc") != "asc"
    items = _sorted_items(list(result.get("item_table", [])), sort, descending)
    for row in items:
        row["band_label"] = band_label(row["band"])
        row["top_country_name"] = country_name(row["top_country"]) if row["top_country"] else ""
    countries = [{**c, "name": country_name(c["country"])} for c in result.get("by_country", [])]
    suppliers = [{**s, "country_name": country_name(s["country"])} for s in result.get("by_supplier", [])[:30]]
    exposures = [{**e, "country_name": country_name(e["country"])} for e in result.get("top_exposures", [])]
    country_chart = charts.bars(
        [(c["name"], c["share"], "") for c in countries[:12]], title=_("Share of spend by supplier country"), maximum=100,
    )
    hhi_chart = charts.bars(
        [(row["item"], row["hhi_country"] or 0, row["band_country"]) for row in result.get("item_table", [])[:15]],
        title=_("HHI by supplier country of the largest items"), unit="", maximum=10000,
    )
    comparison = queries.comparison(supplier_list)
    if comparison:
        for row in comparison["countries"]:
            row["name"] = country_name(row["country"])
        for row in comparison["items_changed"]:
            row["before_label"], row["after_label"] = band_label(row["before"]), band_label(row["after"])
    return {
        "sort_columns": [
            ("item", _("Item")), ("spend", _("Spend")), ("share", _("Share (%)")), ("suppliers", _("Suppliers")),
            ("countries", _("Countries")), ("hhi_supplier", _("HHI by supplier")), ("hhi_country", _("HHI by supplier country")),
            ("min_cover_days", _("Shortest inventory cover (days)")), ("alternates", _("Qualified alternates")),
        ],
        "result": result, "items": items[:SHOWN_ITEMS], "items_total": len(items), "sort": sort, "descending": descending,
        "countries": countries, "suppliers": suppliers, "exposures": exposures, "country_chart": country_chart,
        "hhi_chart": hhi_chart, "comparison": comparison,
        "band_country": band_label(result.get("band_country", "")), "band_supplier": band_label(result.get("band_supplier", "")),
        "single_source_items": [row for row in result.get("item_table", []) if row["single_source"]][:50],
        "single_country_items": [row for row in result.get("item_table", []) if row["single_country"]][:50],
    }


@approved_member
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    supplier_list = queries.list_for(request.user, pk)
    context: dict[str, Any] = {
        "list": supplier_list, "versions": queries.versions_of(supplier_list),
        "can_upload": queries.can_upload_for(request.user, supplier_list.organisation_id),
        "working": supplier_list.status in (ListStatus.QUEUED, ListStatus.IMPORTING),
    }
    if supplier_list.status == ListStatus.FAILED:
        problems = supplier_list.errors or []
        counted = next((p["count"] for p in problems if p.get("code") == "more"), len(problems))
        context["problems"] = [{"row": p.get("row"), "text": message(p)} for p in problems]
        context["problem_summary"] = summary(counted)
    if supplier_list.status == ListStatus.READY and supplier_list.analysis:
        context.update(_context(request, supplier_list))
    return render(request, "supplychain/detail.html", context)


ITEM_COLUMNS = ("item", "hs_code", "spend", "share", "suppliers", "countries", "hhi_supplier", "band_supplier", "hhi_country",
                "band_country", "top_country", "top_country_share", "single_source", "single_country", "min_cover_days", "alternates")


@approved_member
def export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    supplier_list = queries.list_for(request.user, pk)
    if supplier_list.status != ListStatus.READY or file_format not in ("csv", "xlsx"):
        raise Http404
    result = supplier_list.analysis
    item_rows = [[row.get(c) for c in ITEM_COLUMNS] for row in result.get("item_table", [])]
    country_headers = ("country", "spend", "share", "suppliers", "items")
    country_rows = [[c[h] for h in country_headers] for c in result.get("by_country", [])]
    supplier_headers = ("supplier", "country", "spend", "share", "items")
    supplier_rows = [[s[h] for h in supplier_headers] for s in result.get("by_supplier", [])]
    stem = f"supplier-analysis-{supplier_list.pk}-v{supplier_list.version}"
    if file_format == "csv":
        response = HttpResponse(exports.to_csv(ITEM_COLUMNS, item_rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx([("items", ITEM_COLUMNS, item_rows), ("countries", country_headers, country_rows),
                             ("suppliers", supplier_headers, supplier_rows)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response
