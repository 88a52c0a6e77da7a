"""The public country comparison page, the member's weights form and the country API."""

import json
import re

import pytest
from django.test import Client
from django.utils import translation

from kakehashi.supplychain.models import CountryWeights

pytestmark = pytest.mark.django_db

URL = "/supply-chain/countries/"
WEIGHTS = "/supply-chain/countries/weights/"


def test_the_compare_page_shows_the_six_default_countries_to_a_visitor():
    response = Client().get(URL)

    assert response.status_code == 200
    text = response.content.decode()
    for name in ("India", "Japan", "Vietnam", "Thailand", "Indonesia", "Mexico"):
        assert name in text
    assert "https://lpi.worldbank.org/international/global" in text
    assert "(2023)" in text and "(2025)" in text


def test_the_compare_page_takes_any_set_of_countries_and_shows_missing_figures():
    response = Client().get(URL, {"countries": "JP,XKX"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "Japan <small>(JPN)</small>" in text and "Kosovo <small>(XKX)</small>" in text
    assert "India" not in text.split("<table")[1]  # only the chosen countries in the table
    assert '<span class="missing">missing</span>' in text


def test_unknown_country_codes_are_a_translated_400_on_the_page():
    with translation.override("ja"):
        response = Client(headers={"accept-language": "ja"}).get(URL, {"countries": "IN,ZZ"})

    assert response.status_code == 400
    assert "不明な国コード: ZZ。" in response.content.decode()


def test_the_compare_page_reads_in_hindi():
    response = Client(headers={"accept-language": "hi"}).get(URL, {"countries": "IN,JP"})

    assert "भारत" in response.content.decode()
    assert "जापान" in response.content.decode()


def test_a_visitor_is_sent_to_sign_in_for_weights():
    response = Client().get(WEIGHTS)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_an_unapproved_account_may_not_save_weights(unapproved):
    client = Client()
    client.force_login(unapproved)

    response = client.post(WEIGHTS, {"weight_logistics": 1})

    assert response.status_code == 302
    assert CountryWeights.objects.count() == 0


def test_a_member_saves_weights_and_ratings_and_the_scores_follow(member):
    client = Client()
    client.force_login(member)
    data = {f"weight_{k}": 0 for k in ("logistics", "predictability", "talent", "market", "resources", "exposure")}
    data |= {"weight_investment": 1, "rating_IND": 9, "rating_JPN": 4}

    response = client.post(WEIGHTS + "?countries=IN,JP", data)

    assert response.status_code == 302
    saved = CountryWeights.objects.get(user=member)
    assert saved.ratings == {"IND": 9.0, "JPN": 4.0}
    text = client.get(URL, {"countries": "IN,JP"}).content.decode()
    assert re.findall(r"<strong>([\d.]+)</strong>", text) == ["90.0", "40.0"]


def test_all_zero_weights_are_refused_with_a_message(member):
    client = Client()
    client.force_login(member)
    data = {f"weight_{k}": 0 for k in ("logistics", "predictability", "talent", "market", "resources", "exposure", "investment")}

    response = client.post(WEIGHTS, data)

    assert response.status_code == 400
    assert "At least one weight must be above zero." in response.content.decode()
    assert CountryWeights.objects.count() == 0


def test_a_negative_weight_is_refused(member):
    client = Client()
    client.force_login(member)

    response = client.post(WEIGHTS, {"weight_logistics": -3})

    assert response.status_code == 400
    assert CountryWeights.objects.count() == 0


def test_the_scores_api_is_public_and_hand_checkable():
    weights = {"logistics": 1, "exposure": 1, "predictability": 0, "talent": 0, "market": 0, "resources": 0, "investment": 0}

    response = Client().post("/api/v1/supply-chain/countries/scores", json.dumps({"countries": ["IN"], "weights": weights}),
                             content_type="application/json")

    assert response.status_code == 200
    (india,) = response.json()
    assert india["iso3"] == "IND"
    assert india["total"] == pytest.approx(100 * (0.625 + 3 / 7.9) / 2)


@pytest.mark.parametrize(("body", "detail"), [
    ({"countries": ["IN", "XX"]}, "Unknown country code: XX."),
    ({"weights": {"logistics": -1}}, "Weights must be between 0 and 1000."),
    ({"weights": dict.fromkeys(("logistics", "predictability", "talent", "market", "resources", "exposure", "investment"), 0)},
     "At least one weight must be above zero."),
])
def test_the_scores_api_refuses_bad_input_with_a_400(body, detail):
    response = Client().post("/api/v1/supply-chain/countries/scores", json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": detail}


def test_the_figures_api_gives_source_and_year():
    response = Client().get("/api/v1/supply-chain/countries", {"countries": "JP"})

    (japan,) = response.json()
    assert japan["figures"]["lpi"] == {"value": 3.9, "year": 2023, "source": "lpi2023"}


def test_saving_weights_through_the_api_needs_an_approved_member(unapproved, member):
    body = json.dumps({"weights": {"logistics": 2}, "ratings": {"VN": 7}})
    assert Client().put("/api/v1/supply-chain/countries/weights", body, content_type="application/json").status_code == 401
    client = Client()
    client.force_login(unapproved)
    assert client.put("/api/v1/supply-chain/countries/weights", body, content_type="application/json").status_code == 403
    client.force_login(member)

    response = client.put("/api/v1/supply-chain/countries/weights", body, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["ratings"] == {"VNM": 7.0}
    assert response.json()["weights"]["logistics"] == 2.0
