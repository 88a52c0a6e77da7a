"""The writes of the country scores and the disruption simulation (a named service module
beside services.py, which owns the supplier lists): saving a member's weights and ratings,
queuing a simulation (`start_simulation`, in the request) and running it
(`execute_simulation`, the task's work). Views, the API and the task call these; nothing
else saves CountryWeights or Simulation."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pycountry
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core import audit

from . import queries, scoring, simulation, tasks
from .models import CountryWeights, Simulation, SimulationStatus, SupplierList
from .simulation import Move, Row, Scenario, SimulationInputError

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

log = logging.getLogger(__name__)
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


@lru_cache(maxsize=512)
def _iso3(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country is not None else alpha2


def portfolio_rows(supplier_list: SupplierList) -> list[Row]:
    """The list's rows as the simulator reads them: plain values, one query, no model objects."""
    rows = []
    values = queries.simulation_rows(supplier_list).iterator(chunk_size=5000)
    for item, supplier, country, spend, spend_usd, share, lead, cover, alternates in values:
        rows.append(Row(
            item=item, supplier=supplier, country=_iso3(country),
            annual_spend=float(spend_usd if spend_usd is not None else spend),
            share=None if share is None else float(share),
            lead_time_days=float(lead or 0), inventory_cover_days=float(cover or 0), alternates=int(alternates or 0),
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


def start_simulation(
    user: User, supplier_list: SupplierList, scenario: Scenario, moves: Sequence[Move],
) -> Simulation:
    """Check the scenario and re-allocation against the list (SimulationInputError,
    translated, on bad input), store the run as QUEUED and enqueue the task that runs it
    after commit. The caller has checked that `user` may see the (ready) list."""
    scenario = scenario.validated()
    moves = simulation.validated_moves(moves)
    rows = queries.row_count(supplier_list)
    if not rows:
        raise SimulationInputError(_("This supplier list has no rows to simulate."))
    named = set(scenario.suppliers) | {m.from_supplier for m in moves if m.from_supplier}
    known = set(queries.suppliers_named(supplier_list, named))
    for name in [*scenario.suppliers, *(m.from_supplier for m in moves if m.from_supplier)]:
        if name not in known:
            raise SimulationInputError(_("Unknown supplier: %(name)s.") % {"name": name[:100]})
    most = max(1, settings.SUPPLYCHAIN_SIMULATION_CELLS // rows)
    if scenario.draws > most:
        raise SimulationInputError(
            _("Too many draws for a list of this size: at most %(max)s.") % {"max": f"{most:,}"}
        )
    with transaction.atomic():
        saved = Simulation.objects.create(
            supplier_list=supplier_list, created_by=user, kind=scenario.kind, weeks=scenario.weeks,
            countries=list(scenario.countries), suppliers=list(scenario.suppliers), draws=scenario.draws,
            seed=scenario.seed, hazard_rate=scenario.hazard_rate, status=SimulationStatus.QUEUED,
            moves=[{"from_country": m.from_country, "from_supplier": m.from_supplier, "to_country": m.to_country,
                    "fraction": m.fraction} for m in moves],
        )
        audit.record(user, "supplychain.simulation_run", saved, supplier_list=supplier_list.pk, kind=scenario.kind)
        transaction.on_commit(lambda: tasks.run_simulation.enqueue(simulation_id=saved.pk))
    return saved


# --- the task's work -------------------------------------------------------------------------

MAX_ATTEMPTS = 3  # claims of one run before it is given up (its worker died each time)
WAIT_POLL_SECONDS = 0.5


class _ClaimLost(Exception):
    """Another worker took the run over (this one was thought dead): stop, write nothing."""


def lease_seconds() -> float:
    """A run whose heartbeat is older than this lost its worker (the task worker's lease)."""
    return float(settings.TASK_LEASE_SECONDS)


def _claim(simulation_id: int) -> int | None:
    """Claim the run (queued, or running with a stale heartbeat); the claim's number or None."""
    now = timezone.now()
    stale = now - timedelta(seconds=lease_seconds())
    found = Simulation.objects.filter(pk=simulation_id).values_list("attempts", flat=True).first()
    if found is None:
        return None
    claimable = Q(status=SimulationStatus.QUEUED) | Q(status=SimulationStatus.RUNNING, heartbeat_at__lt=stale)
    taken = Simulation.objects.filter(claimable, pk=simulation_id, attempts=found, attempts__lt=MAX_ATTEMPTS).update(
        status=SimulationStatus.RUNNING, attempts=found + 1, heartbeat_at=now, progress=0, updated_at=now,
    )
    if taken:
        return found + 1
    # Given up: claimed MAX_ATTEMPTS times and its last worker is gone too.
    Simulation.objects.filter(
        pk=simulation_id, status=SimulationStatus.RUNNING, heartbeat_at__lt=stale, attempts__gte=MAX_ATTEMPTS,
    ).update(status=SimulationStatus.FAILED, error="lost", finished_at=now, updated_at=now)
    return None


def _beat(simulation_id: int, attempt: int, percent: int) -> None:
    alive = Simulation.objects.filter(pk=simulation_id, status=SimulationStatus.RUNNING, attempts=attempt).update(
        progress=percent, heartbeat_at=timezone.now(),
    )
    if not alive:
        raise _ClaimLost


def execute_simulation(simulation_id: int) -> str:
    """Run a queued simulation (the task's body) and store its results; returns its status.

    Safe to run twice and to be killed: the run is claimed by a conditional UPDATE that
    numbers the claim (`attempts`); the worker refreshes `heartbeat_at` as the draws go on,
    and writes the results only while its claim is the current one, in one transaction. A
    second delivery of the task while another worker's heartbeat is fresh waits for that
    worker to finish or fall silent (then claims the run again), so a run whose worker was
    SIGKILLed is finished by the requeued task, exactly once."""
    deadline = time.monotonic() + lease_seconds() * 2 + 5
    while True:
        attempt = _claim(simulation_id)
        if attempt is not None:
            break
        status = Simulation.objects.filter(pk=simulation_id).values_list("status", flat=True).first()
        if status != SimulationStatus.RUNNING or time.monotonic() > deadline:
            return status or "missing"
        time.sleep(WAIT_POLL_SECONDS)
    sim = Simulation.objects.select_related("supplier_list").get(pk=simulation_id)
    try:
        results = _compute(sim, attempt)
    except _ClaimLost:
        return "superseded"
    except Exception:
        Simulation.objects.filter(pk=simulation_id, status=SimulationStatus.RUNNING, attempts=attempt).update(
            status=SimulationStatus.FAILED, error="error", finished_at=timezone.now(),
        )
        log.exception("simulation %s failed", simulation_id)
        raise
    with transaction.atomic():
        locked = Simulation.objects.select_for_update().get(pk=simulation_id)
        if locked.status != SimulationStatus.RUNNING or locked.attempts != attempt:
            return "superseded"
        locked.results = results
        locked.status = SimulationStatus.DONE
        locked.progress = 100
        locked.finished_at = locked.heartbeat_at = timezone.now()
        locked.save(update_fields=["results", "status", "progress", "finished_at", "heartbeat_at", "updated_at"])
    return SimulationStatus.DONE


def _compute(sim: Simulation, attempt: int) -> dict[str, Any]:
    scenario = Scenario(sim.kind, sim.weeks, tuple(sim.countries), tuple(sim.suppliers), sim.draws, sim.seed,
                        sim.hazard_rate).validated()
    moves = simulation.validated_moves([Move(m["to_country"], m["fraction"], m["from_country"], m["from_supplier"])
                                        for m in sim.moves])
    rows = portfolio_rows(sim.supplier_list)
    _beat(sim.pk, attempt, 10)
    before = simulation.build_portfolio(rows)
    after = simulation.reallocate(before, moves)
    _beat(sim.pk, attempt, 15)
    first = simulation.run(before, scenario, progress=lambda done: _beat(sim.pk, attempt, 15 + int(40 * done)))
    second = simulation.run(after, scenario, progress=lambda done: _beat(sim.pk, attempt, 55 + int(40 * done)))
    order = np.argsort(-first.item_expected_shortfall, kind="stable")[:TOP_ITEMS]
    return {
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
