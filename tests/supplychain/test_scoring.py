"""Country figures (with provenance) and the country scores, with hand-computed values."""

import math

import pytest

from kakehashi.supplychain import countrydata, scoring
from kakehashi.supplychain.scoring import CRITERIA_BY_KEY, ScoreInputError, aggregate, normalise


def test_figures_carry_their_source_and_year():
    india = countrydata.countries()["IND"]

    assert india.figure("lpi") == countrydata.Figure(3.4, 2023, "lpi2023")
    assert india.figure("lpi_timeliness") == countrydata.Figure(3.6, 2023, "lpi2023")
    assert india.figure("rule_of_law") == countrydata.Figure(0.188365, 2023, "wgi2023")
    assert india.figure("inform_risk") == countrydata.Figure(5.5, 2025, "inform2025")
    assert india.figure("labour_force") == countrydata.Figure(617625336.0, 2025, "wdi-labour")
    assert india.figure("resource_rents").year == 2021  # the series' last year, not the panel's


def test_a_figure_the_source_lacks_stays_missing():
    # Kosovo is in WGI and WDI but in neither LPI 2023 nor INFORM 2025; Niue has no political-stability value
    kosovo = countrydata.countries()["XKX"]

    assert kosovo.figure("lpi") == countrydata.Figure(None, None, "lpi2023")
    assert kosovo.figure("inform_risk").missing
    assert countrydata.countries()["NIU"].figure("political_stability").missing


def test_country_codes_resolve_from_iso2_and_iso3():
    assert countrydata.resolve("vn") == "VNM"
    assert countrydata.resolve("JPN") == "JPN"
    assert countrydata.resolve("ZZ") is None
    assert countrydata.resolve("Atlantis") is None


def test_countries_resolve_from_names_in_english_japanese_and_hindi():
    assert [countrydata.resolve(n) for n in ("Viet Nam", "Vietnam", "ベトナム", "वियतनाम")] == ["VNM"] * 4
    assert countrydata.resolve("インド") == "IND"
    assert countrydata.resolve("") is None


def test_min_max_reference_is_every_country_in_the_data():
    bounds = scoring.reference_bounds()

    assert bounds["logistics"] == (1.9, 4.3)  # Afghanistan, Singapore
    assert bounds["exposure"] == (0.6, 8.5)  # Singapore, South Sudan
    assert bounds["resources"][0] == 0.0


def test_normalise_reverses_cost_criteria_and_scales_ratings():
    assert normalise(CRITERIA_BY_KEY["logistics"], 3.4, (1.9, 4.3)) == pytest.approx(0.625)
    assert normalise(CRITERIA_BY_KEY["exposure"], 5.5, (0.6, 8.5)) == pytest.approx(3.0 / 7.9)
    assert normalise(CRITERIA_BY_KEY["investment"], 7, None) == 0.7
    assert normalise(CRITERIA_BY_KEY["logistics"], None, (1.9, 4.3)) is None


def test_aggregate_shares_a_missing_criterion_weight_among_the_others():
    weights = dict.fromkeys(CRITERIA_BY_KEY, 0.0) | {"logistics": 2.0, "exposure": 1.0, "investment": 1.0}
    values = dict.fromkeys(CRITERIA_BY_KEY) | {"logistics": 0.5, "exposure": 0.8}

    total, coverage, shares = aggregate(values, weights)

    # (2 × 0.5 + 1 × 0.8) / 3 = 0.6; the investment weight (1 of 4) had no rating
    assert total == pytest.approx(60.0)
    assert coverage == pytest.approx(0.75)
    assert shares["logistics"] == pytest.approx(2 / 3) and shares["investment"] == 0.0


def test_india_and_japan_with_logistics_and_exposure_only():
    weights = dict.fromkeys(CRITERIA_BY_KEY, 0.0) | {"logistics": 1.0, "exposure": 1.0}

    india, japan = scoring.score_countries(["IND", "JPN"], weights)

    # India: LPI (3.4 − 1.9) / 2.4 = 0.625; INFORM (8.5 − 5.5) / 7.9 = 0.379747 → 50.237
    assert india.total == pytest.approx(100 * (0.625 + 3 / 7.9) / 2)
    # Japan: (3.9 − 1.9) / 2.4 = 0.833333; (8.5 − 2.1) / 7.9 = 0.810127 → 82.173
    assert japan.total == pytest.approx(100 * (2 / 2.4 + 6.4 / 7.9) / 2)
    assert india.coverage == 1.0


def test_talent_and_market_are_on_a_log_scale():
    talent = scoring.raw_value(CRITERIA_BY_KEY["talent"], "JPN")

    assert talent == pytest.approx(math.log10(69386649))


def test_predictability_is_the_mean_of_the_four_wgi_estimates():
    value = scoring.raw_value(CRITERIA_BY_KEY["predictability"], "IND")

    assert value == pytest.approx((-0.13697 + 0.188365 - 0.635077 + 0.47511) / 4)


def test_investment_rating_enters_the_score():
    weights = dict.fromkeys(CRITERIA_BY_KEY, 0.0) | {"investment": 1.0}

    (vietnam,) = scoring.score_countries(["VNM"], weights, {"VNM": 8.0})

    assert vietnam.total == pytest.approx(80.0)


def test_a_country_without_any_weighted_figure_has_no_score():
    weights = dict.fromkeys(CRITERIA_BY_KEY, 0.0) | {"logistics": 1.0}

    (kosovo,) = scoring.score_countries(["XKX"], weights)

    assert kosovo.total is None
    assert kosovo.coverage == 0.0


@pytest.mark.parametrize(("weights", "message"), [
    ({"logistics": -1}, "Weights must be between 0 and 1000."),
    (dict.fromkeys(CRITERIA_BY_KEY, 0), "At least one weight must be above zero."),
    ({"luck": 1}, "Unknown criterion: luck."),
    ({"logistics": "many"}, "Weights must be numbers."),
    ({"logistics": float("nan")}, "Weights must be between 0 and 1000."),
])
def test_bad_weights_are_refused(weights, message):
    with pytest.raises(ScoreInputError) as error:
        scoring.validate_weights(weights)

    assert str(error.value) == message


def test_unknown_country_codes_are_refused():
    with pytest.raises(ScoreInputError) as error:
        scoring.resolve_countries(["IN", "XX"])

    assert str(error.value) == "Unknown country code: XX."


def test_ratings_outside_zero_to_ten_are_refused():
    with pytest.raises(ScoreInputError):
        scoring.validate_ratings({"IN": 11})
    assert scoring.validate_ratings({"in": 3, "JP": None}) == {"IND": 3.0}
