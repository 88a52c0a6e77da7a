"""The disruption simulation's report as XLSX: summary, items, country shares, sources.

Written by `exports.to_xlsx`, which neutralises every cell a spreadsheet would read as a
formula (item and supplier names come from the member's file)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from . import countrydata, exports
from .models import Simulation


def country_label(iso3: str) -> str:
    country = countrydata.countries().get(iso3)
    return f"{country.name} ({iso3})" if country else iso3


def workbook(sim: Simulation) -> bytes:
    results = sim.results
    before, after = results["before"], results["after"]
    sheets: list[tuple[str, list[str], list[list[Any]]]] = []
    metrics = [
        (_("Expected shortfall (value)"), "expected_shortfall"), (_("Expected shortfall, worst 5 % of draws (CVaR 95 %)"), "cvar95"),
        (_("Fill rate"), "fill_rate"), (_("Probability of any shortfall"), "shortfall_probability"),
        (_("Demand over the horizon (value)"), "demand_value"),
    ]
    scenario: list[list[Any]] = [
        [_("Supplier list"), str(sim.supplier_list)], [_("Scenario"), sim.get_kind_display()], [_("Weeks (N)"), sim.weeks],
        [_("Countries closed"), ", ".join(sim.countries)], [_("Suppliers closed"), ", ".join(sim.suppliers)],
        [_("Draws"), sim.draws], [_("Seed"), sim.seed], [_("Hazard rate"), sim.hazard_rate],
        [_("Horizon (weeks)"), results.get("horizon_weeks", 52)],
        [_("Run (UTC)"), sim.created_at.strftime("%Y-%m-%d %H:%M")],
    ]
    for move in sim.moves:
        source = move["from_supplier"] or move["from_country"]
        scenario.append([_("Re-allocation"), _("%(percent)s %% of %(source)s to %(target)s") % {
            "percent": f"{move['fraction'] * 100:g}", "source": source, "target": move["to_country"]}])
    if results.get("missing_countries"):
        scenario.append([_("Countries without the scenario's figure (not disrupted)"), ", ".join(results["missing_countries"])])
    sheets.append((_("Summary"), [_("Measure"), _("Before"), _("After")],
           scenario + [[]] + [[label, before[key], after[key]] for label, key in metrics]))
    sheets.append((_("Items"), [_("Item"), _("Expected shortfall before"), _("Expected shortfall after")],
           [[row["item"], row["before"], row["after"]] for row in results["items"]]))
    codes = sorted(set(results["countries_before"]) | set(results["countries_after"]))
    sheets.append((_("Spend by country"), [_("Country"), _("Share of spend before"), _("Share of spend after")],
           [[country_label(c), results["countries_before"].get(c, 0.0), results["countries_after"].get(c, 0.0)] for c in codes]))
    sheets.append((_("Sources"), [_("Source"), _("Publisher"), _("Licence"), _("Address")],
           [[s.title, s.publisher, s.licence, s.url] for s in countrydata.SOURCES.values()]))
    return exports.to_xlsx(sheets)
