"""The programme view's dismissal rates: of the matches shown, how many the organisations
dismissed as not relevant, overall, by strength label, by language and by kind pair."""

import pytest
from django.test import Client
from django.utils import translation

from kakehashi.opportunities.matches import feedback
from kakehashi.opportunities.models import Match
from kakehashi.opportunities.programme.dismissals import dismissal_rates
from tests.api import session_client
from tests.factories import MembershipFactory, StaffFactory

from .helpers import organisation, published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def rated(db):
    """A Japanese sourcing request matched by three offers (two English, one Japanese) and an
    English technology request matched by one technology offer; two matches dismissed."""
    jp, india, osaka = organisation("JP", "Tokai Motors"), organisation("IN", "Chennai Works"), organisation("JP", "Osaka")
    buyer = MembershipFactory(organisation=jp).user
    seeker = MembershipFactory(organisation=india).user
    request = published(jp, "sourcing_request", "部品の調達", "CNC加工", language="ja", refresh=False)
    en_strong = published(india, "manufacturing_offer", "Machining A", "CNC.", refresh=False)
    en_possible = published(india, "manufacturing_offer", "Machining B", "CNC.", refresh=False)
    ja_good = published(osaka, "manufacturing_offer", "切削加工", "CNC", language="ja", refresh=False)
    tech_request = published(india, "technology_request", "Sensor need", "Sensors.", refresh=False)
    tech_offer = published(osaka, "technology_offer", "Sensor offer", "Sensors.", refresh=False)
    for other, score in ((en_strong, 0.9), (en_possible, 0.3), (ja_good, 0.6)):
        Match.objects.create(opportunity=request, other=other, score=score, signals={})
    Match.objects.create(opportunity=tech_request, other=tech_offer, score=0.9, signals={})
    feedback.dismiss_match(buyer, request, en_possible)
    feedback.dismiss_match(seeker, tech_request, tech_offer)
    return {"buyer": buyer, "request": request, "en_strong": en_strong, "en_possible": en_possible}


def rows(rates) -> list[tuple[str, int, int, int | None]]:
    return [(r.key, r.shown, r.dismissed, r.percent) for r in rates]


def test_dismissal_rates_overall_and_by_strength(rated):
    rates = dismissal_rates()

    assert (rates.overall.shown, rates.overall.dismissed, rates.overall.percent) == (4, 2, 50)
    assert rows(rates.by_strength) == [("strong", 2, 1, 50), ("good", 1, 0, 0), ("possible", 1, 1, 100)]
    assert [r.label for r in rates.by_strength] == ["Strong match", "Good match", "Possible match"]


def test_dismissal_rates_by_language(rated):
    rates = dismissal_rates()

    assert rows(rates.by_language) == [("same", 2, 1, 50), ("cross", 2, 1, 50)]
    assert rows(rates.by_language_pair) == [("ja-en", 2, 1, 50), ("en-en", 1, 1, 100), ("ja-ja", 1, 0, 0)]
    assert rates.by_language_pair[0].label == "日本語 → English"


def test_dismissal_rates_by_kind_pair(rated):
    assert [(r.label, r.shown, r.dismissed) for r in dismissal_rates().by_kind_pair] == [
        ("Sourcing / supplier request → Manufacturing capacity offer", 3, 1),
        ("Technology request → Technology offer", 1, 1),
    ]


def test_a_dismissal_counts_after_its_match_is_gone(rated):
    Match.objects.filter(other=rated["en_possible"]).delete()  # recomputed away

    rates = dismissal_rates()

    assert (rates.overall.shown, rates.overall.dismissed) == (4, 2)
    assert rows(rates.by_strength)[2] == ("possible", 1, 1, 100)  # its score when it was dismissed


def test_no_matches_give_no_rate(db):
    rates = dismissal_rates()

    assert (rates.overall.shown, rates.overall.percent) == (0, None)
    assert rows(rates.by_language) == [("same", 0, 0, None), ("cross", 0, 0, None)]


def test_programme_page_shows_the_dismissal_rates_to_staff(rated):
    page = session_client(StaffFactory()).get("/opportunities/programme/").content.decode()

    assert "2 dismissed of 4 matches shown" in page
    assert 'id="dismissals-kind-pair-technology_request-technology_offer"' in page


def test_dismissal_chart_is_an_svg_for_staff_only(rated):
    staff = session_client(StaffFactory()).get("/opportunities/programme/charts/dismissals.svg")

    assert (staff.status_code, staff["Content-Type"]) == (200, "image/svg+xml")
    assert b"Possible match" in staff.content
    assert session_client(rated["buyer"]).get("/opportunities/programme/charts/dismissals.svg").status_code == 403
    assert Client().get("/opportunities/programme/charts/dismissals.svg").status_code == 302
