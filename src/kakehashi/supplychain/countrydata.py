"""Public country figures for the supply-chain scorer and simulator, with provenance per figure.

The CSV files in `data/` are copies of World Bank (LPI 2023, WGI 2024 update, WDI) and EC JRC
(INFORM Risk 2025) publications; `data/SOURCES.md` carries their attribution and licences.
Every `Figure` names its source and year. An empty cell is `None` here and stays missing in
every score and chart: nothing is estimated or filled in.

Loaded once per process (≈ 3,000 CSV rows, a few milliseconds).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pycountry
from django.utils.translation import gettext_lazy as _

from kakehashi.core.countries import country_name

from . import countries as names

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Source:
    key: str
    title: str  # the publication's own name: not translated
    publisher: str
    licence: str
    url: str


SOURCES: dict[str, Source] = {
    source.key: source
    for source in (
        Source("lpi2023", "Logistics Performance Index 2023", "World Bank", "CC BY 4.0",
               "https://lpi.worldbank.org/international/global"),
        Source("wgi2023", "Worldwide Governance Indicators, 2024 update", "World Bank", "CC BY 4.0",
               "https://www.worldbank.org/en/publication/worldwide-governance-indicators"),
        Source("wdi-labour", "World Development Indicators: Labor force, total (SL.TLF.TOTL.IN)", "World Bank",
               "CC BY 4.0", "https://data.worldbank.org/indicator/SL.TLF.TOTL.IN"),
        Source("wdi-gdp", "World Development Indicators: GDP, current US$ (NY.GDP.MKTP.CD)", "World Bank",
               "CC BY 4.0", "https://data.worldbank.org/indicator/NY.GDP.MKTP.CD"),
        Source("wdi-rents", "World Development Indicators: Total natural resources rents, % of GDP (NY.GDP.TOTL.RT.ZS)",
               "World Bank", "CC BY 4.0", "https://data.worldbank.org/indicator/NY.GDP.TOTL.RT.ZS"),
        Source("inform2025", "INFORM Risk Index 2025 (v0.7.0)", "European Commission Joint Research Centre",
               "CC BY 4.0", "https://drmkc.jrc.ec.europa.eu/inform-index/INFORM-Risk/Results-and-data"),
    )
}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: StrOrPromise  # lazy translated string
    source: str
    column: str
    file: str
    digits: int = 1


INDICATORS: dict[str, Indicator] = {
    indicator.key: indicator
    for indicator in (
        Indicator("lpi", _("Logistics Performance Index (1–5)"), "lpi2023", "lpi_score", "lpi_2023.csv"),
        Indicator("lpi_customs", _("Customs"), "lpi2023", "customs", "lpi_2023.csv"),
        Indicator("lpi_infrastructure", _("Infrastructure"), "lpi2023", "infrastructure", "lpi_2023.csv"),
        Indicator("lpi_shipments", _("International shipments"), "lpi2023", "international_shipments", "lpi_2023.csv"),
        Indicator("lpi_competence", _("Logistics competence and quality"), "lpi2023",
                  "logistics_quality_competence", "lpi_2023.csv"),
        Indicator("lpi_tracking", _("Tracking and tracing"), "lpi2023", "tracking_tracing", "lpi_2023.csv"),
        Indicator("lpi_timeliness", _("Timeliness"), "lpi2023", "timeliness", "lpi_2023.csv"),
        Indicator("regulatory_quality", _("Regulatory quality (−2.5 to 2.5)"), "wgi2023",
                  "regulatory_quality_est", "wgi_2023.csv", 2),
        Indicator("rule_of_law", _("Rule of law (−2.5 to 2.5)"), "wgi2023", "rule_of_law_est", "wgi_2023.csv", 2),
        Indicator("political_stability", _("Political stability (−2.5 to 2.5)"), "wgi2023",
                  "political_stability_est", "wgi_2023.csv", 2),
        Indicator("government_effectiveness", _("Government effectiveness (−2.5 to 2.5)"), "wgi2023",
                  "government_effectiveness_est", "wgi_2023.csv", 2),
        Indicator("labour_force", _("Labour force (people)"), "wdi-labour", "labor_force_total", "wdi_2015_2025.csv", 0),
        Indicator("gdp", _("GDP (current US$)"), "wdi-gdp", "gdp_current_usd", "wdi_2015_2025.csv", 0),
        Indicator("resource_rents", _("Natural resources rents (percent of GDP)"), "wdi-rents",
                  "natural_resources_rents_pct_gdp", "wdi_2015_2025.csv", 2),
        Indicator("inform_risk", _("INFORM Risk (0–10, higher is riskier)"), "inform2025", "inform_risk",
                  "inform_risk_2025.csv"),
        Indicator("hazard_exposure", _("INFORM hazard and exposure (0–10)"), "inform2025", "hazard_exposure",
                  "inform_risk_2025.csv"),
        Indicator("lack_of_coping_capacity", _("INFORM lack of coping capacity (0–10)"), "inform2025",
                  "lack_of_coping_capacity", "inform_risk_2025.csv"),
    )
}


@dataclass(frozen=True)
class Figure:
    value: float | None
    year: int | None
    source: str

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Country:
    iso3: str
    name_in_source: str
    figures: dict[str, Figure]

    def figure(self, key: str) -> Figure:
        return self.figures.get(key) or Figure(None, None, INDICATORS[key].source)

    @property
    def name(self) -> str:
        """The name in the active language (pycountry's translations); the sources' name otherwise."""
        country = pycountry.countries.get(alpha_3=self.iso3)
        return country_name(country.alpha_2) if country is not None else self.name_in_source


def _number(text: str) -> float | None:
    if text is None or not text.strip():
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _read(file: str) -> list[dict[str, str]]:
    with open(DATA / file, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every country of any source, by ISO3 code."""
    figures: dict[str, dict[str, Figure]] = {}
    names: dict[str, str] = {}
    panel = [i for i in INDICATORS.values() if i.file == "wdi_2015_2025.csv"]
    for file in sorted({i.file for i in INDICATORS.values()} - {"wdi_2015_2025.csv"}):
        columns = [i for i in INDICATORS.values() if i.file == file]
        for row in _read(file):
            iso3 = row["iso3"]
            names.setdefault(iso3, row["country"])
            for indicator in columns:
                value = _number(row[indicator.column])
                if value is not None:
                    figures.setdefault(iso3, {})[indicator.key] = Figure(value, int(row["year"]), indicator.source)
    # The WDI panel: the most recent non-empty year per indicator and country.
    for row in sorted(_read("wdi_2015_2025.csv"), key=lambda r: int(r["year"])):
        iso3 = row["iso3"]
        names.setdefault(iso3, row["country"])
        for indicator in panel:
            value = _number(row[indicator.column])
            if value is not None:
                figures.setdefault(iso3, {})[indicator.key] = Figure(value, int(row["year"]), indicator.source)
    return {iso3: Country(iso3, names[iso3], figures.get(iso3, {})) for iso3 in sorted(names)}


def values(key: str) -> dict[str, float]:
    """The indicator's value for every country that has one."""
    result: dict[str, float] = {}
    for iso3, country in countries().items():
        value = country.figure(key).value
        if value is not None:
            result[iso3] = value
    return result


def resolve(code: str) -> str | None:
    """ISO3 code of a country in the data, from an ISO2 or ISO3 code or a name in en/ja/hi
    ("Viet Nam", "Vietnam", "ベトナム", "वियतनाम"; `supplychain.countries`), or None."""
    text = (code or "").strip()
    if text.upper() in countries():
        return text.upper()
    alpha2 = names.resolve(text)
    country = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    return country.alpha_3 if country is not None and country.alpha_3 in countries() else None
