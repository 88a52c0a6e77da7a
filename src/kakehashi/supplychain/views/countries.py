"""Country scores on the article's criteria: the public comparison page and the member's
own weights and investment-strategy ratings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kakehashi.accounts.auth import SignedInRequest
from kakehashi.core.permissions import approved_member, public

from .. import countrydata, planning, queries, scoring, simcharts
from ..forms import WeightsForm


def requested_countries(request: HttpRequest) -> tuple[list[str], str]:
    """The ISO3 codes asked for (?countries=IN,JP,VNM; the default six when absent) and an
    error message for unknown codes (then the default six)."""
    text = request.GET.get("countries", "").strip()
    if not text:
        return list(scoring.DEFAULT_COUNTRIES), ""
    try:
        return scoring.resolve_countries([c for c in text.replace("、", ",").split(",") if c.strip()]), ""
    except scoring.ScoreInputError as error:
        return list(scoring.DEFAULT_COUNTRIES), str(error)


def _number(value: float | None, digits: int) -> str:
    if value is None:
        return ""
    if digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def comparison(codes: list[str], weights: dict[str, float], ratings: dict[str, float]) -> dict:
    """Everything the page and the API show: scores, and the figures behind each criterion."""
    data = countrydata.countries()
    scores = scoring.score_countries(codes, weights, ratings)
    figures = []
    for criterion in scoring.CRITERIA:
        keys = list(criterion.indicators)
        if criterion.key == "logistics":
            keys += ["lpi_customs", "lpi_infrastructure", "lpi_shipments", "lpi_competence", "lpi_tracking", "lpi_timeliness"]
        for key in keys:
            indicator = countrydata.INDICATORS[key]
            cells = []
            for iso3 in codes:
                figure = data[iso3].figure(key)
                cells.append({"value": _number(figure.value, indicator.digits), "year": figure.year,
                              "missing": figure.missing})
            figures.append({"criterion": criterion, "indicator": indicator, "source": countrydata.SOURCES[indicator.source],
                            "cells": cells, "main": key in criterion.indicators})
    chart = simcharts.bars(
        [(data[s.iso3].name, s.total, _("missing") if s.total is None else f"{s.total:.1f}") for s in scores],
        _("Score (0–100)"), 100.0,
    )
    return {"countries": [data[c] for c in codes], "scores": scores, "figures": figures, "chart": chart,
            "criteria": scoring.CRITERIA, "weights": weights, "sources": countrydata.SOURCES.values()}


@public
def compare(request: HttpRequest) -> HttpResponse:
    codes, error = requested_countries(request)
    weights, ratings = queries.weights_for(request.user)
    context = comparison(codes, weights, ratings)
    context.update({
        "error": error, "codes": ",".join(codes),
        "all_countries": sorted(((c.iso3, c.name) for c in countrydata.countries().values()), key=lambda x: x[1]),
        "weights_url": reverse("supplychain:country_weights") + "?" + urlencode({"countries": ",".join(codes)}),
    })
    return render(request, "supplychain/countries.html", context, status=400 if error else 200)


@approved_member
def weights(request: SignedInRequest) -> HttpResponse:
    codes, error = requested_countries(request)
    saved_weights, saved_ratings = queries.weights_for(request.user)
    codes = list(dict.fromkeys([*codes, *saved_ratings]))[: scoring.MAX_COUNTRIES]
    initial = {f"weight_{k}": v for k, v in saved_weights.items()} | {f"rating_{k}": v for k, v in saved_ratings.items()}
    form = WeightsForm(request.POST or None, countries=codes, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            planning.save_country_weights(request.user, form.weights(), form.ratings())
        except scoring.ScoreInputError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Your weights were saved."))
            return redirect(reverse("supplychain:countries") + "?" + urlencode({"countries": ",".join(codes)}))
    status = 400 if request.method == "POST" or error else 200
    return render(request, "supplychain/country_weights.html", {
        "form": form, "error": error, "codes": ",".join(codes), "defaults": scoring.CRITERIA,
    }, status=status)
