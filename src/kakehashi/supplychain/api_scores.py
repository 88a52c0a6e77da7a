"""API of the country scores and the disruption simulation.

Country figures and scores are public (optional_auth; nothing stored): a signed-in caller
who sends no weights gets their saved ones. Saving weights needs an approved member.
Simulations of a supplier list: approved members acting for the list's organisation and
staff (404 for anyone else). A POST queues the run (202 with its id); a task runs it, and
GET /simulations/{id} gives its status and progress, then its results. Bad input is a 400 JSON body with a translated `detail`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from kakehashi.accounts.auth import MemberRequest, PublicRequest, member_auth, optional_auth, require_approved
from kakehashi.core.apicontract import InvalidOut
from kakehashi.core.validation import DbInt, Id, PlainText

from . import countrydata, planning, queries, scoring, simulation
from .models import Simulation, SimulationStatus

router = Router(tags=["supply chain: countries and simulations"])


class ScFigureOut(Schema):
    value: float | None = Field(description="null when the source has no value (never estimated)")
    year: int | None
    source: str = Field(description="a key of GET /supplychain/countries/sources")


class ScCountryFiguresOut(Schema):
    iso3: str
    name: str = Field(description="in the caller's language")
    figures: dict[str, ScFigureOut]


class ScSourceOut(Schema):
    key: str
    title: str
    publisher: str
    licence: str
    url: str


class ScCriterionOut(Schema):
    criterion: str
    raw: float | None
    normalised: float | None = Field(description="0–1; null when missing (its weight is shared among the others)")
    weight: float
    share: float = Field(description="the weight's share among the criteria with data")
    contribution: float = Field(description="points of the 0–100 score")


class ScScoreOut(Schema):
    iso3: str
    name: str
    total: float | None = Field(description="0–100; null when no weighted criterion has data")
    coverage: float = Field(description="share of the total weight that had data, 0–1")
    criteria: list[ScCriterionOut]


class ScScoresIn(Schema):
    countries: list[PlainText] = Field(list(scoring.DEFAULT_COUNTRIES), max_length=scoring.MAX_COUNTRIES,
                                       description="ISO 3166 alpha-2 or alpha-3 codes")
    weights: dict[PlainText, float] | None = Field(
        None, description="criterion -> weight ≥ 0 (not all zero); absent: the caller's saved weights or the defaults")
    ratings: dict[PlainText, float | None] | None = Field(
        None, description="country code -> your investment-strategy rating 0–10; absent: the caller's saved ratings")


class ScWeightsIn(Schema):
    weights: dict[PlainText, float] = Field(description="criterion -> weight ≥ 0, not all zero")
    ratings: dict[PlainText, float | None] = Field({}, description="country code -> investment-strategy rating 0–10")


class ScWeightsOut(Schema):
    weights: dict[str, float]
    ratings: dict[str, float]


class ScMoveIn(Schema):
    to_country: PlainText = Field(..., max_length=3)
    fraction: float = Field(..., ge=0, le=1, description="share of each matching row moved, 0–1")
    from_country: PlainText = Field("", max_length=3)
    from_supplier: PlainText = Field("", max_length=200)


class ScSimulationIn(Schema):
    kind: str = Field(..., description="closure | hazard | slowdown")
    weeks: DbInt = Field(..., description=f"N, 1–{simulation.MAX_WEEKS}")
    countries: list[PlainText] = Field([], max_length=50, description="closure: ISO codes of the countries closed")
    suppliers: list[PlainText] = Field([], max_length=50, description="closure: supplier names closed")
    draws: DbInt = Field(1000, description=f"Monte Carlo draws, 1–{simulation.MAX_DRAWS:,}")
    seed: int = Field(1, ge=0, le=2**31 - 1)
    hazard_rate: float = Field(0.25, description="hazard: chance of an N-week hit at INFORM hazard & exposure 10")
    moves: list[ScMoveIn] = Field([], max_length=simulation.MAX_MOVES, description="the proposed re-allocation")


class ScSummaryOut(Schema):
    expected_shortfall: float
    cvar95: float
    fill_rate: float
    shortfall_probability: float
    demand_value: float


class ScSimulationOut(Schema):
    id: int
    supplier_list: int
    status: str = Field(description="queued | running | done | failed; poll GET /simulations/{id} until done or failed")
    progress: int = Field(description="0–100")
    error: str = Field(description="why a failed run stopped: lost (its workers died too often) or error; empty otherwise")
    kind: str
    weeks: int
    countries: list[str]
    suppliers: list[str]
    draws: int
    seed: int
    hazard_rate: float
    moves: list[dict[str, Any]]
    before: ScSummaryOut | None = Field(description="null until the run is done")
    after: ScSummaryOut | None = Field(description="null until the run is done")
    items: list[dict[str, Any]] = Field(description="the items with the largest expected shortfall before (empty until done)")
    countries_before: dict[str, float] = Field(description="share of spend by ISO3 country (empty until done)")
    countries_after: dict[str, float]
    missing_countries: list[str] = Field(description="countries without the scenario's figure (not disrupted)")
    created_at: datetime
    finished_at: datetime | None


def _simulation(sim: Simulation) -> dict[str, Any]:
    r = sim.results if sim.status == SimulationStatus.DONE else {}
    return {
        "id": sim.pk, "supplier_list": sim.supplier_list_id, "status": sim.status, "progress": sim.progress,
        "error": sim.error, "kind": sim.kind, "weeks": sim.weeks,
        "countries": sim.countries, "suppliers": sim.suppliers, "draws": sim.draws, "seed": sim.seed,
        "hazard_rate": sim.hazard_rate, "moves": sim.moves, "before": r.get("before"), "after": r.get("after"),
        "items": r.get("items", []), "countries_before": r.get("countries_before", {}),
        "countries_after": r.get("countries_after", {}), "missing_countries": r.get("missing_countries", []),
        "created_at": sim.created_at, "finished_at": sim.finished_at,
    }


def _invalid(error: Exception) -> ValidationError:
    return ValidationError(str(error))


@router.get("/countries/sources", response=list[ScSourceOut], auth=optional_auth,
            summary="The public sources of the country figures, with licence and address (public)")
def list_sources(request: PublicRequest):
    return [s.__dict__ for s in countrydata.SOURCES.values()]


@router.get("/countries", response={200: list[ScCountryFiguresOut], 400: InvalidOut}, auth=optional_auth,
            summary="Country figures with source and year per figure (public)")
def country_figures(request: PublicRequest, countries: Query[str] = ",".join(scoring.DEFAULT_COUNTRIES)):
    try:
        codes = scoring.resolve_countries([c for c in countries.split(",") if c.strip()])
    except scoring.ScoreInputError as error:
        raise _invalid(error) from None
    data = countrydata.countries()
    return [{"iso3": c, "name": data[c].name, "figures": {k: f.__dict__ for k, f in data[c].figures.items()}}
            for c in codes]


@router.post("/countries/scores", response=list[ScScoreOut], auth=optional_auth,
             summary="Country scores on the article's criteria, with each criterion's part (public; nothing stored)")
def country_scores(request: PublicRequest, payload: ScScoresIn):
    saved_weights, saved_ratings = queries.weights_for(request.auth)
    try:
        codes = scoring.resolve_countries(payload.countries)
        weights = scoring.validate_weights(payload.weights) if payload.weights is not None else saved_weights
        ratings = scoring.validate_ratings(payload.ratings) if payload.ratings is not None else saved_ratings
    except scoring.ScoreInputError as error:
        raise _invalid(error) from None
    data = countrydata.countries()
    return [{
        "iso3": s.iso3, "name": data[s.iso3].name, "total": s.total, "coverage": s.coverage,
        "criteria": [{"criterion": c.criterion.key, "raw": c.raw, "normalised": c.normalised, "weight": c.weight,
                      "share": c.share, "contribution": c.contribution} for c in s.criteria],
    } for s in scoring.score_countries(codes, weights, ratings)]


@router.get("/countries/weights", response=ScWeightsOut, auth=member_auth,
            summary="Your weights and investment-strategy ratings (the defaults until you save some)")
def get_weights(request: MemberRequest):
    weights, ratings = queries.weights_for(request.auth)
    return {"weights": weights, "ratings": ratings}


@router.put("/countries/weights", response=ScWeightsOut, auth=member_auth,
            summary="Save your weights and investment-strategy ratings (approved members)")
def put_weights(request: MemberRequest, payload: ScWeightsIn):
    require_approved(request)
    try:
        saved = planning.save_country_weights(request.auth, payload.weights, payload.ratings)
    except scoring.ScoreInputError as error:
        raise _invalid(error) from None
    return {"weights": saved.weights, "ratings": saved.ratings}


@router.post("/lists/{list_id}/simulations", response={202: ScSimulationOut}, auth=member_auth,
             summary="Queue a disruption simulation of a supplier list before and after a re-allocation (its organisation's "
                     "members, staff); 202 with the run's id, then poll GET /simulations/{id}")
def create_simulation(request: MemberRequest, response: HttpResponse, list_id: Id, payload: ScSimulationIn):
    require_approved(request)
    supplier_list = queries.ready_list_for(request.auth, list_id)
    scenario = simulation.Scenario(payload.kind, payload.weeks, tuple(payload.countries), tuple(payload.suppliers),
                                   payload.draws, payload.seed, payload.hazard_rate)
    moves = [simulation.Move(m.to_country, m.fraction, m.from_country, m.from_supplier) for m in payload.moves]
    try:
        sim = planning.start_simulation(request.auth, supplier_list, scenario, moves)
    except simulation.SimulationInputError as error:
        raise _invalid(error) from None
    sim.refresh_from_db()  # the immediate task backend has already run it
    response["Location"] = reverse("api:get_simulation", kwargs={"simulation_id": sim.pk})
    return Status(202, _simulation(sim))


@router.get("/lists/{list_id}/simulations", response=list[ScSimulationOut], auth=member_auth,
            summary="The simulations of a supplier list, newest first, at most 100 (its organisation's members, staff)")
def list_simulations(request: MemberRequest, list_id: Id):
    require_approved(request)
    supplier_list = queries.list_for(request.auth, list_id)
    return [_simulation(sim) for sim in queries.simulations_of(supplier_list)[:100]]


@router.get("/simulations/{simulation_id}", response=ScSimulationOut, auth=member_auth,
            summary="A simulation: its status and progress, and its results once done (its list's organisation's members, staff)")
def get_simulation(request: MemberRequest, simulation_id: Id):
    require_approved(request)
    return _simulation(queries.simulation_for(request.auth, simulation_id))
