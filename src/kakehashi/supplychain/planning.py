"""The writes of the country scores and the disruption simulation (a named service module
beside services.py, which owns the supplier lists): saving a member's weights and ratings,
and running and storing a simulation. Each owns its transaction and audit entry; views and
the API call these, nothing else saves CountryWeights or Simulation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pycountry
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.core import audit

from . import queries, scoring, simulation
from .models import CountryWeights, Simulation, SupplierList
from .simulation import Move, Row, Scenario, SimulationInputError

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

HISTOGRAM_BINS = 20
TOP_ITEMS = 20


def save_country_weights(user: User, weights: Mapping[str, object], ratings: Mapping[str, object]) -> CountryWeights:
    """Validate (scoring.ScoreInputError on bad input) and store the member's weights and ratings."""
    clean_weights = scoring.validate_weights(weights)
    clean_ratings = scoring.validate_ratings(ratings)
    with transaction.atomic():
        saved, _created = CountryWeights.objects.update_or_create(
            user=user, defaults={"weights": clean_weights, "ratings": clean_ratings}
        )
        audit.record(user, "supplychain.weights_saved", saved)
    return saved


def _iso3(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country is not None else alpha2


def portfolio_rows(supplier_list: SupplierList) -> list[Row]:
    rows = []
    for r in queries.simulation_rows(supplier_list).iterator(chunk_size=2000):
        spend = r.spend_usd if r.spend_usd is not None else r.spend
        rows.append(Row(
            item=r.item, supplier=r.supplier, country=_iso3(r.country), annual_spend=float(spend),
            share=None if r.volume_share is None else float(r.volume_share),
            lead_time_days=float(r.lead_time_days or 0), inventory_cover_days=float(r.inventory_cover_days or 0),
            alternates=int(r.qualified_alternates or 0),
        ))
    return rows


def _summary(result: simulation.Result) -> dict[str, Any]:
    return {
        "expected_shortfall": result.expected_shortfall, "cvar95": result.cvar95, "fill_rate": result.fill_rate,
        "shortfall_probability": result.shortfall_probability, "demand_value": result.demand_value,
    }


def _country_shares(portfolio: simulation.Portfolio) -> dict[str, float]:
    """Share of the list's spend by ISO3 country code (spend follows the volume shares)."""
    codes = simulation.country_codes()
    value = portfolio.row_share * portfolio.item_weekly_value[portfolio.row_item]
    total = value.sum() or 1.0
    sums = np.bincount(portfolio.row_country, weights=value, minlength=len(codes))
    return {codes[i] or "?": float(sums[i] / total) for i in np.flatnonzero(sums)}


def _histogram(before: np.ndarray, after: np.ndarray) -> dict[str, list[float]]:
    high = float(max(before.max(initial=0), after.max(initial=0))) or 1.0
    edges = np.linspace(0, high, HISTOGRAM_BINS + 1)
    return {
        "edges": edges.tolist(),
        "before": (np.histogram(before, edges)[0] / len(before)).tolist(),
        "after": (np.histogram(after, edges)[0] / len(after)).tolist(),
    }


def run_simulation(
    user: User, supplier_list: SupplierList, scenario: Scenario, moves: Sequence[Move],
) -> Simulation:
    """Simulate the scenario before and after the re-allocation with the same random numbers,
    and store the summary. SimulationInputError (translated) on bad input."""
    scenario = scenario.validated()
    moves = simulation.validated_moves(moves)
    rows = portfolio_rows(supplier_list)
    if not rows:
        raise SimulationInputError(_("This supplier list has no rows to simulate."))
    if scenario.suppliers:
        known = {row.supplier for row in rows}
        unknown = [name for name in scenario.suppliers if name not in known]
        if unknown:
            raise SimulationInputError(_("Unknown supplier: %(name)s.") % {"name": unknown[0][:100]})
    most = max(1, settings.SUPPLYCHAIN_SIMULATION_CELLS // len(rows))
    if scenario.draws > most:
        raise SimulationInputError(
            _("Too many draws for a list of this size: at most %(max)s.") % {"max": f"{most:,}"}
        )
    before = simulation.build_portfolio(rows)
    after = simulation.reallocate(before, moves)
    first, second = simulation.run(before, scenario), simulation.run(after, scenario)
    order = np.argsort(-first.item_expected_shortfall, kind="stable")[:TOP_ITEMS]
    results = {
        "before": _summary(first), "after": _summary(second),
        "items": [
            {"item": before.items[i], "before": float(first.item_expected_shortfall[i]),
             "after": float(second.item_expected_shortfall[i])}
            for i in order if first.item_expected_shortfall[i] > 0 or second.item_expected_shortfall[i] > 0
        ],
        "countries_before": _country_shares(before), "countries_after": _country_shares(after),
        "histogram": _histogram(first.draw_shortfall, second.draw_shortfall),
        "missing_countries": sorted(set(first.missing_countries) | set(second.missing_countries)),
        "horizon_weeks": simulation.HORIZON_WEEKS,
    }
    with transaction.atomic():
        saved = Simulation.objects.create(
            supplier_list=supplier_list, created_by=user, kind=scenario.kind, weeks=scenario.weeks,
            countries=list(scenario.countries), suppliers=list(scenario.suppliers), draws=scenario.draws,
            seed=scenario.seed, hazard_rate=scenario.hazard_rate,
            moves=[{"from_country": m.from_country, "from_supplier": m.from_supplier, "to_country": m.to_country,
                    "fraction": m.fraction} for m in moves],
            results=results,
        )
        audit.record(user, "supplychain.simulation_run", saved, supplier_list=supplier_list.pk, kind=scenario.kind)
    return saved
