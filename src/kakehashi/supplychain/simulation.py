"""Disruption simulation: Monte Carlo over a supplier portfolio (pure numpy, vectorised).

The model (docs/architecture.md, "Supply chain: disruption simulation"), over a horizon of
52 weeks, per scenario draw and supplier row r of item i:

* the row's supply stops for dᵣ weeks: its country's or its own closure (scenario "closure"),
  a hazard draw (scenario "hazard": the country is hit with probability
  rate × INFORM hazard & exposure / 10, then for N weeks), or a port and logistics slowdown
  (scenario "slowdown": N × (5 − LPI timeliness) / 4 weeks; timeliness 5 = no delay);
* if the row has k qualified alternates, one of them takes over with probability
  1 − (1 − p)ᵏ, after the row's lead time × a drawn factor: dᵣ becomes min(dᵣ, that time);
* the item loses Σᵣ shareᵣ × dᵣ weeks of its demand; its stock (inventory cover × a drawn
  factor, 0.5–1 by default: stock is somewhere between its reorder point and full) absorbs
  the first weeks; the rest is the item's shortfall, valued at its weekly spend.

Results: expected shortfall (mean over draws of the lost value), the expected shortfall in
the risk sense (CVaR 95 %: mean of the worst 5 % of draws), fill rate (share of the horizon's
demand value served) and the probability of any shortfall. Before and after a re-allocation
are simulated with the same random numbers (common random numbers): a row moved to another
country reuses its parent row's draws, so the difference is the re-allocation's, not noise.
A fixed seed gives the same figures on every machine (numpy's PCG64).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext_lazy as _

from kakehashi.supplychain import countrydata

HORIZON_WEEKS = 52
MAX_WEEKS = 52
MAX_DRAWS = 20_000
KINDS = ("closure", "hazard", "slowdown")
DTYPE = np.float32  # halves memory traffic; the bench compares float64
CHUNK_CELLS = 4_000_000  # rows × draws per vectorised step (≈ 16 MB per float32 array)


class SimulationInputError(ValueError):
    """Bad scenario or re-allocation input; the message is translated and safe to show."""


@dataclass(frozen=True)
class Uncertainty:
    """Ranges the Monte Carlo draws from (uniform); equal bounds make a draw deterministic."""

    cover_low: float = 0.5
    cover_high: float = 1.0
    lead_low: float = 0.8
    lead_high: float = 1.5
    alternate_success: float = 0.7  # chance that one qualified alternate can take over


@dataclass(frozen=True)
class Scenario:
    kind: str
    weeks: int
    countries: tuple[str, ...] = ()  # ISO3 codes closed (closure)
    suppliers: tuple[str, ...] = ()  # supplier names closed (closure)
    draws: int = 1000
    seed: int = 1
    hazard_rate: float = 0.25  # probability of a hit at INFORM hazard & exposure 10

    def validated(self) -> Scenario:
        if self.kind not in KINDS:
            raise SimulationInputError(_("Unknown scenario."))
        if not 1 <= self.weeks <= MAX_WEEKS:
            raise SimulationInputError(_("Weeks must be from 1 to %(max)s.") % {"max": MAX_WEEKS})
        if not 1 <= self.draws <= MAX_DRAWS:
            raise SimulationInputError(_("Draws must be from 1 to %(max)s.") % {"max": MAX_DRAWS})
        if not 0 <= self.hazard_rate <= 1:
            raise SimulationInputError(_("The hazard rate must be from 0 to 1."))
        if self.kind == "closure" and not (self.countries or self.suppliers):
            raise SimulationInputError(_("Choose a country or a supplier to close."))
        codes = []
        for code in self.countries:
            iso3 = countrydata.resolve(code)
            if iso3 is None:
                raise SimulationInputError(_("Unknown country code: %(code)s.") % {"code": str(code)[:10]})
            codes.append(iso3)
        return Scenario(self.kind, self.weeks, tuple(codes), self.suppliers, self.draws, self.seed, self.hazard_rate)


@dataclass(frozen=True)
class Move:
    """Move `fraction` (0–1) of every matching row's share to a new supplier in `to_country`."""

    to_country: str
    fraction: float
    from_country: str = ""
    from_supplier: str = ""


@dataclass
class Portfolio:
    """Supplier rows, contiguous by item. Country indices refer to `country_codes()`."""

    row_item: np.ndarray  # int64, non-decreasing
    row_country: np.ndarray  # int64
    row_supplier: np.ndarray  # int64 into `suppliers`
    row_share: np.ndarray  # float64, per item summing to 1
    row_lead_weeks: np.ndarray  # float64
    row_alternates: np.ndarray  # int64
    row_slot: np.ndarray  # int64: which row's random draws this row uses
    item_weekly_value: np.ndarray  # float64
    item_cover_weeks: np.ndarray  # float64
    items: list[str]
    suppliers: list[str]
    slots: int = 0

    @property
    def starts(self) -> np.ndarray:
        return np.flatnonzero(np.r_[True, self.row_item[1:] != self.row_item[:-1]])


@dataclass
class Result:
    expected_shortfall: float  # mean lost value per draw
    cvar95: float  # mean lost value of the worst 5 % of draws
    fill_rate: float  # 0–1
    shortfall_probability: float  # share of draws with any shortfall
    demand_value: float  # horizon demand value
    draw_shortfall: np.ndarray  # lost value per draw
    item_expected_shortfall: np.ndarray  # mean lost value per item
    missing_countries: list[str] = field(default_factory=list)  # countries the scenario has no figure for


def country_codes() -> list[str]:
    """The fixed country index: every country in the shipped data, then the unknown code "" ."""
    return [*countrydata.countries(), ""]


@dataclass(frozen=True)
class Row:
    """One supplier row as the simulator reads it (from a supplier list, the API or a test)."""

    item: str
    supplier: str
    country: str  # ISO3 (unknown codes are kept but never disrupted by country)
    annual_spend: float
    share: float | None = None  # volume share within the item, any scale; None: by spend
    lead_time_days: float = 0.0
    inventory_cover_days: float = 0.0
    alternates: int = 0


def build_portfolio(rows: Iterable[Row]) -> Portfolio:
    """Group rows by item; shares normalised within an item (by spend when no share is given);
    item stock = share-weighted mean of its rows' inventory cover; weekly value = spend / 52."""
    index = {code: i for i, code in enumerate(country_codes())}
    by_item: dict[str, list[Row]] = {}
    for row in rows:
        by_item.setdefault(row.item, []).append(row)
    items = list(by_item)
    suppliers: dict[str, int] = {}
    columns: dict[str, list[float]] = {k: [] for k in ("item", "country", "supplier", "share", "lead", "alt")}
    weekly, cover = [], []
    for number, item in enumerate(items):
        group = by_item[item]
        use_spend = any(r.share is None for r in group) or sum(r.share or 0 for r in group) <= 0
        weights = [max(r.annual_spend if use_spend else (r.share or 0.0), 0.0) for r in group]
        total = sum(weights) or 1.0
        if not any(weights):
            weights, total = [1.0] * len(group), float(len(group))
        shares = [w / total for w in weights]
        for row, share in zip(group, shares, strict=True):
            columns["item"].append(number)
            columns["country"].append(index.get(row.country, index[""]))
            columns["supplier"].append(suppliers.setdefault(row.supplier, len(suppliers)))
            columns["share"].append(share)
            columns["lead"].append(max(row.lead_time_days, 0.0) / 7)
            columns["alt"].append(max(row.alternates, 0))
        weekly.append(max(sum(r.annual_spend for r in group), 0.0) / HORIZON_WEEKS)
        cover.append(sum(s * max(r.inventory_cover_days, 0.0) for r, s in zip(group, shares, strict=True)) / 7)
    count = len(columns["item"])
    return Portfolio(
        row_item=np.asarray(columns["item"], dtype=np.int64),
        row_country=np.asarray(columns["country"], dtype=np.int64),
        row_supplier=np.asarray(columns["supplier"], dtype=np.int64),
        row_share=np.asarray(columns["share"], dtype=np.float64),
        row_lead_weeks=np.asarray(columns["lead"], dtype=np.float64),
        row_alternates=np.asarray(columns["alt"], dtype=np.int64),
        row_slot=np.arange(count, dtype=np.int64),
        item_weekly_value=np.asarray(weekly, dtype=np.float64),
        item_cover_weeks=np.asarray(cover, dtype=np.float64),
        items=items, suppliers=list(suppliers), slots=count,
    )


def reallocate(portfolio: Portfolio, moves: Sequence[Move]) -> Portfolio:
    """A copy with the moves applied: each matching row keeps (1 − fraction) of its share and a
    new row in the target country (a new supplier: same lead time, no qualified alternates,
    the parent row's random draws) takes the rest. Moves apply in order."""
    index = {code: i for i, code in enumerate(country_codes())}
    suppliers = list(portfolio.suppliers)
    arrays = {
        "item": portfolio.row_item, "country": portfolio.row_country, "supplier": portfolio.row_supplier,
        "share": portfolio.row_share.copy(), "lead": portfolio.row_lead_weeks,
        "alt": portfolio.row_alternates, "slot": portfolio.row_slot,
    }
    for move in moves:
        target = countrydata.resolve(move.to_country)
        if target is None:
            raise SimulationInputError(_("Unknown country code: %(code)s.") % {"code": str(move.to_country)[:10]})
        if not (math.isfinite(move.fraction) and 0 <= move.fraction <= 1):
            raise SimulationInputError(_("A share to move must be from 0 to 100 %."))
        mask = np.ones(len(arrays["item"]), dtype=bool)
        if move.from_country:
            source = countrydata.resolve(move.from_country)
            if source is None:
                raise SimulationInputError(_("Unknown country code: %(code)s.") % {"code": str(move.from_country)[:10]})
            mask &= arrays["country"] == index[source]
        if move.from_supplier:
            if move.from_supplier not in suppliers:
                raise SimulationInputError(_("Unknown supplier: %(name)s.") % {"name": move.from_supplier[:100]})
            mask &= arrays["supplier"] == suppliers.index(move.from_supplier)
        if not (move.from_country or move.from_supplier):
            raise SimulationInputError(_("Say which country or supplier to move shares from."))
        moved = arrays["share"][mask] * move.fraction
        arrays["share"][mask] -= moved
        name = f"→ {target}"
        if name not in suppliers:
            suppliers.append(name)
        new = {
            "item": arrays["item"][mask], "country": np.full(int(mask.sum()), index[target]),
            "supplier": np.full(int(mask.sum()), suppliers.index(name)), "share": moved,
            "lead": arrays["lead"][mask], "alt": np.zeros(int(mask.sum()), dtype=np.int64),
            "slot": arrays["slot"][mask],
        }
        arrays = {key: np.concatenate([arrays[key], new[key]]) for key in arrays}
    order = np.argsort(arrays["item"], kind="stable")
    arrays = {key: value[order] for key, value in arrays.items()}
    return Portfolio(
        row_item=arrays["item"], row_country=arrays["country"], row_supplier=arrays["supplier"],
        row_share=arrays["share"], row_lead_weeks=arrays["lead"], row_alternates=arrays["alt"],
        row_slot=arrays["slot"], item_weekly_value=portfolio.item_weekly_value,
        item_cover_weeks=portfolio.item_cover_weeks, items=portfolio.items, suppliers=suppliers,
        slots=portfolio.slots,
    )


MAX_MOVES = 10


def validated_moves(moves: Sequence[Move]) -> list[Move]:
    """The moves with ISO3 codes and fractions checked; SimulationInputError otherwise."""
    if len(moves) > MAX_MOVES:
        raise SimulationInputError(_("At most %(max)s re-allocations at a time.") % {"max": MAX_MOVES})
    result = []
    for move in moves:
        codes = []
        for code in (move.to_country, move.from_country):
            iso3 = countrydata.resolve(code) if code else ""
            if iso3 is None:
                raise SimulationInputError(_("Unknown country code: %(code)s.") % {"code": str(code)[:10]})
            codes.append(iso3)
        if not codes[0]:
            raise SimulationInputError(_("Say which country to move shares to."))
        if not (move.from_country or move.from_supplier):
            raise SimulationInputError(_("Say which country or supplier to move shares from."))
        if not (math.isfinite(move.fraction) and 0 <= move.fraction <= 1):
            raise SimulationInputError(_("A share to move must be from 0 to 100 %."))
        result.append(Move(codes[0], move.fraction, codes[1], move.from_supplier))
    return result


def _country_figure(key: str, codes: list[str]) -> tuple[np.ndarray, list[str]]:
    """The figure per country index (NaN where missing) and the ISO3 codes missing it."""
    found = countrydata.values(key)
    values = np.array([found.get(code, np.nan) for code in codes], dtype=np.float64)
    return values, [code for code in codes if code and code not in found]


class _Special:
    """The rows computed cell by cell, grouped by item into a (items × k) table of row numbers
    (k = most such rows of one item; the missing ones point at a row of zeros), which sums an
    item's rows with k gathers instead of a slower `reduceat` along the first axis."""

    def __init__(self, portfolio: Portfolio, mask: np.ndarray, closed: np.ndarray, has_alt: np.ndarray,
                 alt_slots: np.ndarray, uncertainty: Uncertainty, weeks: int) -> None:
        item = portfolio.row_item[mask]
        self.rows = len(item)
        starts = np.flatnonzero(np.r_[True, item[1:] != item[:-1]]) if self.rows else np.zeros(0, np.int64)
        self.items = item[starts]
        group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, self.rows]))
        position = np.arange(self.rows) - starts[group] if self.rows else group
        self.table = np.full((len(starts), int(position.max()) + 1 if self.rows else 0), self.rows)
        self.table[group, position] = np.arange(self.rows)
        self.country = portfolio.row_country[mask]
        self.share = portfolio.row_share[mask].astype(DTYPE)[:, None]
        self.closed = np.where(closed[mask], DTYPE(weeks), DTYPE(0))[:, None]
        self.any_closed = bool(closed[mask].any())
        self.alt = np.searchsorted(alt_slots, portfolio.row_slot[mask]).clip(0, max(len(alt_slots) - 1, 0))
        chance = np.where(has_alt[mask], 1 - (1 - uncertainty.alternate_success) ** portfolio.row_alternates[mask], 0)
        self.chance = chance.astype(DTYPE)[:, None]  # 0 for rows without alternates: never switch
        self.safe_chance = np.where(self.chance > 0, self.chance, DTYPE(1))
        self.lead = portfolio.row_lead_weeks[mask].astype(DTYPE)[:, None]
        self.lead_low, self.lead_span = DTYPE(uncertainty.lead_low), DTYPE(uncertainty.lead_high - uncertainty.lead_low)
        self.has_alternates = len(alt_slots) > 0

    def lost(self, weeks: np.ndarray, alt_draw: np.ndarray) -> np.ndarray:
        """Weeks of demand lost per item (of `self.items`) and draw."""
        contribution = np.empty((self.rows + 1, weeks.shape[1]), dtype=DTYPE)
        contribution[-1] = 0
        stopped = contribution[:-1]
        np.take(weeks, self.country, axis=0, out=stopped)
        if self.any_closed:
            np.maximum(stopped, self.closed, out=stopped)
        if self.has_alternates:
            # One uniform decides both: an alternate takes over when u < chance, and then
            # u / chance is itself uniform on 0–1 and sets the lead-time factor.
            u = alt_draw[self.alt]
            refused = u >= self.chance
            u /= self.safe_chance
            u *= self.lead_span
            u += self.lead_low
            u *= self.lead
            np.copyto(u, DTYPE(np.inf), where=refused)
            np.minimum(stopped, u, out=stopped)
        stopped *= self.share
        total = contribution[self.table[:, 0]]
        for j in range(1, self.table.shape[1]):
            total += contribution[self.table[:, j]]
        return total


def run(portfolio: Portfolio, scenario: Scenario, uncertainty: Uncertainty | None = None,
        progress: Callable[[float], None] | None = None) -> Result:
    """Simulate `scenario.draws` draws (validated scenario) and summarise them; `progress`,
    if given, is called after each chunk of draws with the share done (0–1).

    Rows without qualified alternates and not closed by name lose exactly their country's
    weeks, so their items' losses are one matrix product, (items × countries) shares times
    (countries × draws) weeks; only the other rows are computed cell by cell."""
    uncertainty = uncertainty or Uncertainty()
    codes = country_codes()
    n_countries, n_items, draws = len(codes), len(portfolio.items), scenario.draws
    used = np.unique(portfolio.row_country)
    used_codes = sorted({codes[i] for i in used} - {""})
    rng = np.random.default_rng(scenario.seed)
    fixed = np.zeros(n_countries, dtype=DTYPE)  # weeks every draw (closure, slowdown)
    probability = np.zeros(n_countries, dtype=DTYPE)  # chance of an N-week hit (hazard)
    missing: list[str] = []
    if scenario.kind == "closure":
        fixed[[codes.index(code) for code in scenario.countries]] = scenario.weeks
    elif scenario.kind == "slowdown":
        timeliness, lacking = _country_figure("lpi_timeliness", codes)
        fixed[:] = np.nan_to_num(scenario.weeks * (5 - timeliness) / 4, nan=0.0).clip(0, scenario.weeks)
        missing = sorted(set(lacking) & set(used_codes))
    else:
        hazard, lacking = _country_figure("hazard_exposure", codes)
        probability[:] = np.nan_to_num(scenario.hazard_rate * hazard / 10, nan=0.0).clip(0, 1)
        missing = sorted(set(lacking) & set(used_codes))
    names = np.asarray(portfolio.suppliers, dtype=object)
    closed = np.isin(names[portfolio.row_supplier], list(scenario.suppliers)) if len(names) else np.zeros(0, bool)
    # Rows that can never stop (closure or slowdown leaving their country alone) drop out, and
    # an alternate matters only if it can arrive before the longest stop its row can have.
    longest = (fixed + np.where(probability > 0, DTYPE(scenario.weeks), DTYPE(0)))[portfolio.row_country]
    longest = np.where(closed, np.maximum(longest, DTYPE(scenario.weeks)), longest)
    can_stop = longest > 0
    earliest_switch = portfolio.row_lead_weeks * uncertainty.lead_low
    has_alt = (portfolio.row_alternates > 0) & (earliest_switch < longest)
    special = has_alt | closed
    # The plain rows lose exactly their country's weeks: shares per item and country.
    used = np.unique(portfolio.row_country)
    column = np.searchsorted(used, portfolio.row_country)
    plain = ~special & can_stop
    shares = np.zeros((n_items, len(used)), dtype=DTYPE)
    np.add.at(shares, (portfolio.row_item[plain], column[plain]), portfolio.row_share[plain])
    # The special rows: named closures and alternates; their random numbers go by slot.
    alt_slots = np.unique(portfolio.row_slot[has_alt])
    sp = _Special(portfolio, special, closed, has_alt, alt_slots, uncertainty, scenario.weeks)
    cover = portfolio.item_cover_weeks.astype(DTYPE)[:, None]
    cover_low, cover_span = DTYPE(uncertainty.cover_low), DTYPE(uncertainty.cover_high - uncertainty.cover_low)
    weekly = portfolio.item_weekly_value.astype(DTYPE)
    per_draw = np.zeros(draws, dtype=np.float64)
    per_item = np.zeros(n_items, dtype=np.float64)
    chunk = max(1, CHUNK_CELLS // max(sp.rows, n_items, 1))
    for first in range(0, draws, chunk):
        size = min(chunk, draws - first)
        # Draw order is fixed (all countries, then the alternates' slots, then the items) so
        # the same seed gives the same numbers before and after a re-allocation.
        hits = rng.random((n_countries, size), dtype=DTYPE) < probability[:, None]
        weeks = fixed[:, None] + hits * DTYPE(scenario.weeks)
        alt_draw = rng.random((len(alt_slots), size), dtype=DTYPE)
        stock = rng.random((n_items, size), dtype=DTYPE)
        lost = shares @ weeks[used]
        if sp.rows:
            lost[sp.items] += sp.lost(weeks, alt_draw)
        stock *= cover_span
        stock += cover_low
        stock *= cover
        np.subtract(lost, stock, out=lost)
        np.maximum(lost, DTYPE(0), out=lost)  # weeks of demand short, per item and draw
        per_draw[first:first + size] = weekly @ lost
        per_item += lost.sum(axis=1, dtype=np.float64)
        if progress is not None:
            progress((first + size) / draws)
    per_item *= portfolio.item_weekly_value
    demand = float(weekly.sum() * HORIZON_WEEKS)
    worst = np.sort(per_draw)[-max(1, math.ceil(draws * 0.05)):]
    expected = float(per_draw.mean())
    return Result(
        expected_shortfall=expected, cvar95=float(worst.mean()),
        fill_rate=1.0 - expected / demand if demand else 1.0,
        shortfall_probability=float((per_draw > 0).mean()), demand_value=demand,
        draw_shortfall=per_draw, item_expected_shortfall=per_item / draws, missing_countries=missing,
    )
