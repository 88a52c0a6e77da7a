"""The disruption Monte Carlo on small portfolios whose outcome can be computed by hand.

With `EXACT` every draw is the same (stock at its stated cover, lead time as stated, an
alternate always available), so each expected value below is the one-draw arithmetic."""

import numpy as np
import pytest

from kakehashi.supplychain.simulation import (
    Move,
    Row,
    Scenario,
    SimulationInputError,
    Uncertainty,
    build_portfolio,
    reallocate,
    run,
    validated_moves,
)

EXACT = Uncertainty(cover_low=1, cover_high=1, lead_low=1, lead_high=1, alternate_success=1.0)


def bolts(alternates: int = 0) -> list[Row]:
    # 5,200 a year = 100 a week; 60 % from China, 40 % from Japan; one week of stock
    return [
        Row("bolt", "Shanghai Fasteners", "CHN", 5200, 60, lead_time_days=14, inventory_cover_days=7, alternates=alternates),
        Row("bolt", "Osaka Screw", "JPN", 0, 40, lead_time_days=14, inventory_cover_days=7),
    ]


def test_a_country_closure_loses_its_share_beyond_the_stock():
    result = run(build_portfolio(bolts()), Scenario("closure", 4, ("CHN",), draws=5).validated(), EXACT)

    # 0.6 × 4 weeks = 2.4 weeks of demand lost, 1 week covered by stock: 1.4 × 100
    assert result.expected_shortfall == pytest.approx(140.0, rel=1e-6)
    assert result.fill_rate == pytest.approx(1 - 140 / 5200, rel=1e-8)  # float32 weeks
    assert result.shortfall_probability == 1.0
    assert result.cvar95 == pytest.approx(140.0, rel=1e-6)


def test_a_supplier_closure_hits_only_that_supplier():
    result = run(build_portfolio(bolts()), Scenario("closure", 2, suppliers=("Osaka Screw",), draws=3).validated(), EXACT)

    # 0.4 × 2 = 0.8 weeks lost, within one week of stock
    assert result.expected_shortfall == 0.0
    assert result.shortfall_probability == 0.0


def test_a_qualified_alternate_takes_over_after_the_lead_time():
    result = run(build_portfolio(bolts(alternates=1)), Scenario("closure", 4, ("CHN",), draws=3).validated(), EXACT)

    # the alternate delivers after 2 weeks: 0.6 × 2 = 1.2 weeks lost, 0.2 beyond stock
    assert result.expected_shortfall == pytest.approx(20.0, rel=1e-5)


def test_an_alternate_that_never_qualifies_changes_nothing():
    never = Uncertainty(1, 1, 1, 1, alternate_success=0.0)

    result = run(build_portfolio(bolts(alternates=2)), Scenario("closure", 4, ("CHN",), draws=3).validated(), never)

    assert result.expected_shortfall == pytest.approx(140.0, rel=1e-6)


def test_moving_half_of_china_to_india_halves_the_loss():
    before = build_portfolio(bolts())
    after = reallocate(before, validated_moves([Move("IN", 0.5, from_country="CN")]))

    result = run(after, Scenario("closure", 4, ("CHN",), draws=3).validated(), EXACT)

    # China keeps 0.3: 0.3 × 4 = 1.2 weeks, 0.2 beyond stock
    assert result.expected_shortfall == pytest.approx(20.0, rel=1e-5)
    assert sorted(np.round(after.row_share, 6).tolist()) == [0.3, 0.3, 0.4]


def test_a_port_slowdown_follows_lpi_timeliness():
    result = run(build_portfolio(bolts()), Scenario("slowdown", 8).validated(), EXACT)

    # China timeliness 3.7: 8 × 1.3 / 4 = 2.6 weeks; Japan 4.0: 8 × 1 / 4 = 2 weeks
    # 0.6 × 2.6 + 0.4 × 2 = 2.36 weeks lost, 1.36 beyond stock
    assert result.expected_shortfall == pytest.approx(136.0, rel=1e-5)


def test_hazard_draws_follow_inform_hazard_and_exposure():
    rows = [Row("chip", "Tokyo Chips", "JPN", 5200, 100, inventory_cover_days=0)]

    result = run(build_portfolio(rows), Scenario("hazard", 2, draws=20000, seed=3, hazard_rate=1.0).validated(), EXACT)

    # Japan's hazard & exposure is 5.8: hit in 58 % of draws (±5 standard errors), each hit 2 weeks
    assert result.shortfall_probability == pytest.approx(0.58, abs=0.018)
    assert result.expected_shortfall == pytest.approx(result.shortfall_probability * 200, rel=1e-6)


def test_a_zero_hazard_rate_never_disrupts():
    result = run(build_portfolio(bolts()), Scenario("hazard", 8, draws=500, hazard_rate=0).validated())

    assert result.expected_shortfall == 0.0


def test_the_same_seed_gives_the_same_draws():
    portfolio = build_portfolio(bolts(alternates=1))
    scenario = Scenario("hazard", 6, draws=2000, seed=42, hazard_rate=0.8).validated()

    first, second = run(portfolio, scenario), run(portfolio, scenario)

    assert np.array_equal(first.draw_shortfall, second.draw_shortfall)
    assert first.expected_shortfall > 0


def test_before_and_after_share_their_random_numbers():
    # Moving Japan's share to Japan changes nothing: same draws, same figures
    before = build_portfolio(bolts(alternates=1))
    after = reallocate(before, validated_moves([Move("JP", 1.0, from_supplier="Osaka Screw")]))
    scenario = Scenario("hazard", 6, draws=2000, seed=9, hazard_rate=0.8).validated()

    assert np.allclose(run(before, scenario).draw_shortfall, run(after, scenario).draw_shortfall, rtol=1e-5)


def test_shares_default_to_spend_within_an_item():
    rows = [Row("nut", "A", "CHN", 300, None), Row("nut", "B", "IND", 100, None)]

    portfolio = build_portfolio(rows)

    assert portfolio.row_share.tolist() == [0.75, 0.25]
    assert portfolio.item_weekly_value.tolist() == [400 / 52]


@pytest.mark.parametrize(("scenario", "message"), [
    (Scenario("closure", 0, ("CHN",)), "Weeks must be from 1 to 52."),
    (Scenario("closure", 53, ("CHN",)), "Weeks must be from 1 to 52."),
    (Scenario("closure", 4, ("CHN",), draws=20001), "Draws must be from 1 to 20000."),
    (Scenario("closure", 4), "Choose a country or a supplier to close."),
    (Scenario("closure", 4, ("Atlantis",)), "Unknown country code: Atlantis."),
    (Scenario("flood", 4), "Unknown scenario."),
])
def test_bad_scenarios_are_refused(scenario, message):
    with pytest.raises(SimulationInputError) as error:
        scenario.validated()

    assert str(error.value) == message


def test_a_move_to_an_unknown_country_is_refused():
    with pytest.raises(SimulationInputError) as error:
        validated_moves([Move("QQ", 0.5, from_country="CN")])

    assert str(error.value) == "Unknown country code: QQ."
