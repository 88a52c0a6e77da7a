"""The owners' stated constraints in both directions of a match (target countries, ticket
sizes, technology readiness), text before sectors, and the plain strength labels."""

import math

import pytest

from kakehashi.matching.queries import Hit
from kakehashi.opportunities.matches import ranking
from kakehashi.opportunities.matches.services import refresh_opportunity
from kakehashi.opportunities.models import Match, Opportunity

from .helpers import organisation, published

pytestmark = pytest.mark.django_db

BATTERY_PITCH = ("Seed round for lithium-ion battery packs for electric three-wheelers",
                 "We assemble battery packs and battery management systems for electric rickshaws and raise a seed round.")
BATTERY_MANDATE = ("We invest in electric-vehicle battery startups",
                   "Seed investments in makers of lithium-ion battery packs and battery management systems for "
                   "electric two- and three-wheelers.")


def matched(a: Opportunity, b: Opportunity) -> bool:
    return Match.objects.filter(opportunity=a, other=b).exists()


def ranked_ids(opportunity: Opportunity) -> list[int]:
    return [other.pk for other, _, _ in ranking.rank_matches(opportunity)]


def hit(semantic: float, object_id: int = 0) -> Hit:
    """An engine hit whose calibrated similarity gives exactly this semantic score."""
    z = 2.0 + math.log(semantic / (1 - semantic))
    return Hit(object_id, "en", z, z, z)


# --- target countries --------------------------------------------------------------------------


@pytest.fixture
def cnc_request():
    """An Indian request for CNC machining that targets Japan."""
    return published(organisation("IN", "Pune Gears"), "sourcing_request", "CNC machining of gear housings wanted",
                     "We need a supplier for CNC-machined aluminium gear housings.", target_countries=["JP"])


def test_candidate_outside_my_target_countries_is_excluded_both_ways(cnc_request):
    indian_offer = published(organisation("IN", "Chennai Machining"), "manufacturing_offer", "CNC machining capacity",
                             "We machine aluminium gear housings on CNC centres.")

    assert not matched(cnc_request, indian_offer)
    assert not matched(indian_offer, cnc_request)
    assert ranking.exclusions(cnc_request, indian_offer) == ranking.exclusions(indian_offer, cnc_request) == ["country"]


def test_me_outside_their_target_countries_is_excluded_both_ways(cnc_request):
    japan_only = published(organisation("JP", "Osaka Machining"), "manufacturing_offer", "CNC machining capacity",
                           "We machine aluminium gear housings on CNC centres.", target_countries=["JP"])

    assert not matched(cnc_request, japan_only)
    assert not matched(japan_only, cnc_request)
    assert cnc_request.pk not in ranked_ids(japan_only)


def test_candidate_inside_both_target_countries_matches_both_ways(cnc_request):
    japanese_offer = published(organisation("JP", "Nagoya Machining"), "manufacturing_offer", "CNC machining capacity",
                               "We machine aluminium gear housings on CNC centres.", target_countries=["IN"])

    assert matched(cnc_request, japanese_offer)
    assert matched(japanese_offer, cnc_request)
    signals = Match.objects.get(opportunity=cnc_request, other=japanese_offer).signals
    assert signals["country"] == {"value": 1.0, "mine": "IN", "theirs": "JP", "other_country": True,
                                  "in_my_targets": True, "in_their_targets": True}
    assert signals["constraints"] == []


def test_editing_target_countries_drops_the_other_sides_match(cnc_request):
    japanese_offer = published(organisation("JP", "Nagoya Machining"), "manufacturing_offer", "CNC machining capacity",
                               "We machine aluminium gear housings on CNC centres.")
    assert matched(japanese_offer, cnc_request)

    Opportunity.objects.filter(pk=cnc_request.pk).update(target_countries=["XX"])
    refresh_opportunity(cnc_request.pk)

    assert not matched(japanese_offer, cnc_request)


# --- ticket sizes ---------------------------------------------------------------------------------


@pytest.fixture
def pitch():
    return published(organisation("IN", "Volt Packs"), "investment_sought", *BATTERY_PITCH, sectors=("27",),
                     company_stage="seed", ticket_min_usd=250_000, ticket_max_usd=1_000_000)


def test_investor_whose_tickets_do_not_overlap_is_excluded_both_ways(pitch):
    growth_fund = published(organisation("JP", "Tokyo Growth"), "investor_mandate", *BATTERY_MANDATE, sectors=("27",),
                            company_stage="seed", ticket_min_usd=5_000_000, ticket_max_usd=20_000_000)

    assert not matched(pitch, growth_fund)
    assert not matched(growth_fund, pitch)
    assert ranking.exclusions(growth_fund, pitch) == ["ticket"]


def test_investor_whose_tickets_overlap_matches_both_ways(pitch):
    seed_fund = published(organisation("JP", "Nagoya Seed"), "investor_mandate", *BATTERY_MANDATE, sectors=("27",),
                          company_stage="seed", ticket_min_usd=1_000_000, ticket_max_usd=3_000_000)  # touches at 1M

    assert matched(pitch, seed_fund)
    assert matched(seed_fund, pitch)
    assert Match.objects.get(opportunity=pitch, other=seed_fund).signals["stage"]["ticket"] == {
        "fit": 1.0, "mine": [250_000, 1_000_000], "theirs": [1_000_000, 3_000_000]}


def test_investor_without_a_ticket_range_is_not_excluded(pitch):
    open_fund = published(organisation("JP", "Open Fund"), "investor_mandate", *BATTERY_MANDATE, sectors=("27",),
                          company_stage="seed")

    assert matched(pitch, open_fund)
    assert "ticket" not in Match.objects.get(opportunity=pitch, other=open_fund).signals["stage"]


def test_company_stage_far_apart_is_a_soft_penalty_never_strong(pitch):
    later = published(organisation("JP", "Late Fund"), "investor_mandate", *BATTERY_MANDATE, sectors=("27",),
                      company_stage="growth", ticket_min_usd=500_000, ticket_max_usd=2_000_000)

    signals = Match.objects.get(opportunity=pitch, other=later).signals
    score, _ = ranking.explain(pitch, later, hit(0.95))

    assert signals["constraints"] == ["company_stage"]
    assert signals["stage"]["value"] == 0.75
    assert ranking.strength(score) == "good"


# --- technology readiness ------------------------------------------------------------------------


@pytest.fixture
def sintering_request():
    """A Japanese request for a proven die-attach process (TRL 7 or above)."""
    return published(organisation("JP", "Kariya Inverters"), "technology_request",
                     "Silver sintering for SiC die attach wanted",
                     "We need a proven silver sintering process for die attach of SiC power modules, TRL 7 or above.",
                     sectors=("27",), trl=7)


def sintering_offer(name: str, trl: int) -> Opportunity:
    return published(organisation("IN", name), "technology_offer", "Silver sintering for die attach",
                     "Pressureless silver sintering paste and process for die attach of SiC power modules.",
                     sectors=("26",), trl=trl)


def test_offer_far_below_the_requested_readiness_is_excluded_both_ways(sintering_request):
    lab = sintering_offer("Lab Institute", trl=3)

    assert not matched(sintering_request, lab)
    assert not matched(lab, sintering_request)
    assert ranking.exclusions(lab, sintering_request) == ["trl"]


def test_offer_more_mature_than_requested_matches_without_penalty(sintering_request):
    product = sintering_offer("Product Maker", trl=9)

    signals = Match.objects.get(opportunity=sintering_request, other=product).signals

    assert signals["stage"]["trl"] == [7, 9]
    assert signals["constraints"] == []
    assert matched(product, sintering_request)


def test_offer_three_levels_short_is_penalised_not_excluded(sintering_request):
    prototype = sintering_offer("Prototype Works", trl=4)

    signals = Match.objects.get(opportunity=sintering_request, other=prototype).signals

    assert signals["constraints"] == ["trl_gap"]
    assert signals["stage"]["value"] == 0.8


def test_joint_rnd_partners_far_apart_either_way_are_excluded():
    early = published(organisation("IN", "Early Lab"), "rnd_partner", "Partner for sodium-ion cathode research",
                      "Joint research on sodium-ion cathode materials.", trl=2)
    late = published(organisation("JP", "Late Lab"), "rnd_partner", "Partner for sodium-ion cathode research",
                     "Joint research on sodium-ion cathode materials.", trl=7)

    assert ranking.trl_gap(early, late) == ranking.trl_gap(late, early) == 5
    assert not matched(early, late)
    assert not matched(late, early)


# --- the text leads, sectors only break ties ---------------------------------------------------


def test_shared_sectors_never_lift_a_weaker_text_above_a_better_one(sintering_request):
    sintering = sintering_offer("Sinter Labs", trl=8)  # sector 26: adjacent to the request's 27, not shared
    sodium = published(organisation("IN", "Sodium Cells"), "technology_offer", "Licensing: sodium-ion cells",
                       "Sodium-ion cells for stationary storage.", sectors=("27",), trl=8)

    better, _ = ranking.explain(sintering_request, sintering, hit(0.49))
    weaker, weaker_signals = ranking.explain(sintering_request, sodium, hit(0.43))

    assert weaker_signals["sectors"]["shared"] == ["27"]
    assert better > weaker
    assert (better, weaker) == (0.4802, 0.43)


def test_the_text_ranks_the_offer_that_answers_the_request_first(sintering_request):
    sintering = sintering_offer("Sinter Labs", trl=8)
    sodium = published(organisation("IN", "Sodium Cells"), "technology_offer", "Licensing: sodium-ion cells",
                       "Sodium-ion cells for stationary storage of solar power.", sectors=("27",), trl=8)

    assert ranked_ids(sintering_request) == [sintering.pk, sodium.pk]


def test_same_sector_match_with_equal_text_wins_the_tie(sintering_request):
    adjacent = sintering_offer("Sinter Labs", trl=8)
    same_sector = published(organisation("IN", "Paste Makers"), "technology_offer", "Sintering paste",
                            "Silver sintering paste.", sectors=("27",), trl=8)

    shared, _ = ranking.explain(sintering_request, same_sector, hit(0.5))
    other, _ = ranking.explain(sintering_request, adjacent, hit(0.5))

    assert (shared, other) == (0.5, 0.49)


# --- labels ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "label"), [
    (1.0, "strong"), (0.62, "strong"), (0.6199, "good"), (0.45, "good"), (0.4499, "possible"), (0.0, "possible"),
])
def test_strength_labels_of_scores(score, label):
    assert ranking.strength(score) == label


def test_close_text_meeting_every_constraint_is_strong(sintering_request):
    product = sintering_offer("Product Maker", trl=8)

    score, signals = ranking.explain(sintering_request, product, hit(0.7))

    assert signals["constraints"] == []
    assert ranking.strength(score) == "strong"


def test_soft_constraint_miss_keeps_order_but_is_never_strong(sintering_request):
    prototype = sintering_offer("Prototype Works", trl=4)  # three levels short: penalised

    near_copy, _ = ranking.explain(sintering_request, prototype, hit(0.99))
    close, _ = ranking.explain(sintering_request, prototype, hit(0.9))

    assert ranking.strength(near_copy) == ranking.strength(close) == "good"
    assert near_copy > close
