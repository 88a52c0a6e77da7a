"""Country scores on the article's criteria (pure functions; no database).

The method (docs/architecture.md, "Supply chain: country scores"):

1. Each criterion has one raw value per country: logistics = LPI 2023 overall score;
   predictability and trust = the mean of the four WGI estimates (regulatory quality, rule of
   law, political stability, government effectiveness; all four needed); talent pool =
   log10(labour force); domestic market = log10(GDP, current US$); natural resources = resource
   rents % of GDP; disruption exposure = INFORM Risk 2025 (lower is better); investment strategy =
   the user's own 0–10 rating of the country.
2. Min–max normalisation to 0–1 against **every country in the shipped data** that has the value
   (not the comparison set), so a country's score never changes because another country was
   added to or removed from the comparison. Cost criteria are reversed: (max − x) / (max − min).
   The investment rating is divided by 10.
3. Weighted sum: score = 100 × Σ wᵢ·nᵢ / Σ wᵢ over the criteria the country has a value for.
   A missing value is shown as missing; its weight is left out and the rest re-normalised, and
   `coverage` (share of the weight that had data) is shown next to the score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from kakehashi.supplychain import countrydata

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

INVESTMENT = "investment"
MAX_WEIGHT = 1000


@dataclass(frozen=True)
class Criterion:
    key: str
    label: StrOrPromise
    indicators: tuple[str, ...]  # empty for the user's own input
    log: bool = False
    benefit: bool = True  # False: lower raw values are better
    default_weight: int = 0


CRITERIA: tuple[Criterion, ...] = (
    Criterion("logistics", _("Logistics capacity and quality"), ("lpi",), default_weight=20),
    Criterion("predictability", _("Predictability and trust"),
              ("regulatory_quality", "rule_of_law", "political_stability", "government_effectiveness"),
              default_weight=20),
    Criterion("talent", _("Talent pool"), ("labour_force",), log=True, default_weight=15),
    Criterion("market", _("Domestic market"), ("gdp",), log=True, default_weight=15),
    Criterion("resources", _("Natural resources"), ("resource_rents",), default_weight=5),
    Criterion("exposure", _("Disruption exposure"), ("inform_risk",), benefit=False, default_weight=15),
    Criterion(INVESTMENT, _("Investment strategy (your rating)"), (), default_weight=10),
)
CRITERIA_BY_KEY = {criterion.key: criterion for criterion in CRITERIA}
DEFAULT_WEIGHTS: dict[str, float] = {c.key: float(c.default_weight) for c in CRITERIA}
DEFAULT_COUNTRIES = ("IND", "JPN", "VNM", "THA", "IDN", "MEX")
MAX_COUNTRIES = 30


class ScoreInputError(ValueError):
    """Bad weights, ratings or country codes; the message is translated and safe to show."""


@dataclass(frozen=True)
class CriterionScore:
    criterion: Criterion
    raw: float | None
    normalised: float | None  # 0–1, None when missing
    weight: float  # the user's weight
    share: float  # the weight's share among the criteria this country has data for (0 when missing)

    @property
    def missing(self) -> bool:
        return self.normalised is None

    @property
    def contribution(self) -> float:
        """Points (0–100 scale) this criterion adds to the total."""
        return 0.0 if self.normalised is None else 100 * self.share * self.normalised


@dataclass(frozen=True)
class CountryScore:
    iso3: str
    total: float | None  # 0–100; None when no weighted criterion has data
    coverage: float  # share of the total weight that had data, 0–1
    criteria: tuple[CriterionScore, ...]


def validate_weights(weights: Mapping[str, object]) -> dict[str, float]:
    """Every criterion's weight as a float; raises ScoreInputError on unknown keys, negative,
    non-numeric or too large weights, or all weights zero. Missing keys take the default."""
    unknown = sorted(set(weights) - set(CRITERIA_BY_KEY))
    if unknown:
        raise ScoreInputError(_("Unknown criterion: %(name)s.") % {"name": unknown[0]})
    result = dict(DEFAULT_WEIGHTS)
    for key, value in weights.items():
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ScoreInputError(_("Weights must be numbers.")) from None
        if not math.isfinite(number) or number < 0 or number > MAX_WEIGHT:
            raise ScoreInputError(_("Weights must be between 0 and %(max)s.") % {"max": MAX_WEIGHT})
        result[key] = number
    if not any(result.values()):
        raise ScoreInputError(_("At least one weight must be above zero."))
    return result


def validate_ratings(ratings: Mapping[str, object]) -> dict[str, float]:
    """The user's investment-strategy ratings (0–10) by ISO3 code."""
    result: dict[str, float] = {}
    for code, value in ratings.items():
        iso3 = countrydata.resolve(code)
        if iso3 is None:
            raise ScoreInputError(_("Unknown country code: %(code)s.") % {"code": str(code)[:10]})
        if value is None or value == "":
            continue
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ScoreInputError(_("Ratings must be numbers from 0 to 10.")) from None
        if not math.isfinite(number) or not 0 <= number <= 10:
            raise ScoreInputError(_("Ratings must be numbers from 0 to 10."))
        result[iso3] = number
    return result


def resolve_countries(codes: list[str]) -> list[str]:
    """ISO3 codes for ISO2/ISO3 input codes, in order, without repeats; raises on unknown codes."""
    result: list[str] = []
    for code in codes:
        iso3 = countrydata.resolve(code)
        if iso3 is None:
            raise ScoreInputError(_("Unknown country code: %(code)s.") % {"code": str(code)[:10]})
        if iso3 not in result:
            result.append(iso3)
    if not result:
        raise ScoreInputError(_("Choose at least one country."))
    if len(result) > MAX_COUNTRIES:
        raise ScoreInputError(_("Compare at most %(max)s countries at a time.") % {"max": MAX_COUNTRIES})
    return result


def raw_value(criterion: Criterion, iso3: str) -> float | None:
    """The criterion's raw value from the shipped data (None if any input figure is missing)."""
    country = countrydata.countries().get(iso3)
    if country is None or not criterion.indicators:
        return None
    parts = [country.figure(key).value for key in criterion.indicators]
    if any(part is None for part in parts):
        return None
    value = sum(parts) / len(parts)  # type: ignore[arg-type]
    if criterion.log:
        return math.log10(value) if value > 0 else None
    return value


@lru_cache(maxsize=1)
def reference_bounds() -> dict[str, tuple[float, float]]:
    """(min, max) of each data criterion's raw value over every country in the shipped data."""
    bounds: dict[str, tuple[float, float]] = {}
    for criterion in CRITERIA:
        if not criterion.indicators:
            continue
        found = [v for iso3 in countrydata.countries() if (v := raw_value(criterion, iso3)) is not None]
        bounds[criterion.key] = (min(found), max(found))
    return bounds


def normalise(criterion: Criterion, raw: float | None, bounds: tuple[float, float] | None) -> float | None:
    if raw is None:
        return None
    if criterion.key == INVESTMENT:
        return raw / 10
    assert bounds is not None
    low, high = bounds
    if high == low:
        return 1.0
    share = (raw - low) / (high - low)
    share = min(1.0, max(0.0, share))
    return share if criterion.benefit else 1.0 - share


def aggregate(
    normalised: Mapping[str, float | None], weights: Mapping[str, float],
) -> tuple[float | None, float, dict[str, float]]:
    """(total 0–100, coverage 0–1, weight share per criterion) of one country's normalised values."""
    total_weight = sum(weights[c.key] for c in CRITERIA)
    present = {c.key: weights[c.key] for c in CRITERIA if normalised.get(c.key) is not None}
    present_weight = sum(present.values())
    if present_weight == 0:
        return None, 0.0, {c.key: 0.0 for c in CRITERIA}
    shares = {c.key: present.get(c.key, 0.0) / present_weight for c in CRITERIA}
    total = 100 * sum(shares[key] * value for key, value in normalised.items() if value is not None)
    return total, present_weight / total_weight, shares


def score_countries(
    codes: list[str], weights: Mapping[str, float] | None = None, ratings: Mapping[str, float] | None = None,
) -> list[CountryScore]:
    """Scores of the given ISO3 codes (validated already), in the given order."""
    weights = dict(weights or DEFAULT_WEIGHTS)
    ratings = ratings or {}
    bounds = reference_bounds()
    result = []
    for iso3 in codes:
        raws = {c.key: (ratings.get(iso3) if c.key == INVESTMENT else raw_value(c, iso3)) for c in CRITERIA}
        normalised = {c.key: normalise(c, raws[c.key], bounds.get(c.key)) for c in CRITERIA}
        total, coverage, shares = aggregate(normalised, weights)
        result.append(CountryScore(iso3, total, coverage, tuple(
            CriterionScore(c, raws[c.key], normalised[c.key], weights[c.key], shares[c.key]) for c in CRITERIA
        )))
    return result
