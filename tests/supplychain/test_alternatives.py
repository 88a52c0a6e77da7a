"""Alternative suppliers: the matching engine finds Indian and Japanese manufacturing offers
for a concentrated item described in another language; "request an introduction" opens the
opportunities' expression-of-interest form."""

import pytest

from kakehashi.matching import store
from kakehashi.opportunities.matches import COLLECTION
from kakehashi.opportunities.matches.collection import document_of
from kakehashi.supplychain import planning, scoring, services
from kakehashi.supplychain.alternatives import alternatives_for
from tests.factories import OpportunityFactory, OrganisationFactory

from .conftest import ja_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(maker):
    pune = OrganisationFactory(name="Pune Brake Systems", country="IN")
    made = {
        "brakes_in": OpportunityFactory(organisation=pune, title="Brake calipers and disc brake parts for cars",
                                        summary="Casting and machining of brake calipers for automotive OEMs.", details=""),
        "harness_jp": OpportunityFactory(
            organisation=OrganisationFactory(name="Kyushu Densou", country="JP", region_code="JP-40", city="Fukuoka"),
            title="ワイヤーハーネスの製造を承ります", summary="自動車用ワイヤーハーネスの受託製造。", details="", language="ja"),
        "brakes_other": OpportunityFactory(organisation=OrganisationFactory(name="Elsewhere Brakes", country="XX", other_country="VN"),
                                           title="Brake calipers made to order", summary="Brake caliper casting.", details=""),
        "brakes_own": OpportunityFactory(organisation=maker, title="Spare brake caliper capacity",
                                         summary="Brake calipers for cars.", details=""),
        "cotton": OpportunityFactory(organisation=pune, title="Organic cotton apparel sourcing",
                                     summary="Knitted T-shirts for retail chains.", details=""),
        "brakes_request": OpportunityFactory(organisation=pune, kind="business_request", title="Looking for brake caliper buyers",
                                             summary="Brake calipers.", details=""),
    }
    store.save(COLLECTION, [document_of(o) for o in made.values()])
    return made


@pytest.fixture
def brake_list(buyer, maker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        supplier_list = services.upload_list(buyer, maker.pk, "Brakes", "s.csv", ja_csv())
    supplier_list.refresh_from_db()
    return supplier_list


def test_japanese_item_finds_indian_and_japanese_offers_only(buyer, brake_list, offers):
    found = {entry.item["item"]: [o.reference for o in entry.candidates] for entry in alternatives_for(buyer, brake_list)}

    assert [found["ブレーキキャリパー"][0], found["ワイヤーハーネス"][0]] == [offers["brakes_in"].reference, offers["harness_jp"].reference]
    # never a request, an offer outside India and Japan, the buyer's own offer, or an unrelated one
    assert set(found["ブレーキキャリパー"]) | set(found["ワイヤーハーネス"]) == {offers["brakes_in"].reference, offers["harness_jp"].reference}


def test_alternatives_page_links_to_the_expression_of_interest_form(client, buyer, brake_list, offers):
    client.force_login(buyer)
    page = client.get(f"/supply-chain/lists/{brake_list.pk}/alternatives/").content.decode()

    reference = offers["brakes_in"].reference
    assert f'href="/opportunities/{reference}/interest/">Request an introduction</a>' in page
    form = client.get(f"/opportunities/{reference}/interest/")
    assert form.status_code == 200


def test_alternatives_api_gives_the_interest_url(client, buyer, brake_list, offers):
    from tests.api import api_url, bearer_client

    body = bearer_client(buyer).get(api_url(f"supply-chain/lists/{brake_list.pk}/alternatives")).json()
    brakes = next(entry for entry in body if entry["item"] == "ブレーキキャリパー")
    reference = offers["brakes_in"].reference
    assert brakes["candidates"][0] == {
        "reference": reference, "title": "Brake calipers and disc brake parts for cars", "organisation": "Pune Brake Systems",
        "interest_url": f"/opportunities/{reference}/interest/",
    }


def test_each_concentrated_item_ranks_candidate_countries_it_does_not_come_from(buyer, brake_list, offers):
    """ブレーキキャリパー comes from Vietnam and India, ワイヤーハーネス from Thailand."""
    found = {entry.item["item"]: entry for entry in alternatives_for(buyer, brake_list)}
    expected = {
        item: sorted(((s.iso3, s.total) for s in scoring.score_countries(
            [c for c in scoring.DEFAULT_COUNTRIES if c not in current])), key=lambda pair: -pair[1])[:3]
        for item, current in {"ブレーキキャリパー": {"VNM", "IND"}, "ワイヤーハーネス": {"THA"}}.items()
    }

    assert {item: [(c.iso3, c.score) for c in entry.countries] for item, entry in found.items()} == expected
    assert found["ワイヤーハーネス"].current == ["THA"]
    assert found["ワイヤーハーネス"].compare_codes == ",".join([*(c for c, _ in expected["ワイヤーハーネス"]), "THA"])


def test_candidate_countries_follow_the_members_weights_and_ratings(buyer, brake_list, offers):
    planning.save_country_weights(buyer, dict.fromkeys(scoring.DEFAULT_WEIGHTS, 0) | {"investment": 1},
                                  {"MEX": 10, "JPN": 2, "IDN": 1, "DEU": 9})

    harness = next(e for e in alternatives_for(buyer, brake_list) if e.item["item"] == "ワイヤーハーネス")

    assert [(c.iso3, c.score) for c in harness.countries] == [("MEX", 100.0), ("DEU", 90.0), ("JPN", 20.0)]


def test_alternatives_page_shows_candidate_countries_in_the_readers_language(client, buyer, brake_list, offers):
    buyer.language = "ja"
    buyer.save(update_fields=["language"])
    client.force_login(buyer)

    page = client.get(f"/supply-chain/lists/{brake_list.pk}/alternatives/", headers={"accept-language": "ja"}).content.decode()

    harness = alternatives_for(buyer, brake_list)[1]
    assert "候補国" in page
    assert f'?countries={harness.compare_codes.replace(",", "%2C")}' in page
