"""API of talent: the fields and the eligibility check are public; bad input is a JSON 4xx."""

import pytest

from ..api import api_url, bearer_client, json_post
from ..factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

BUILDER = {"jlpt_level": 4, "jlpt_date": "2023-12-03", "skills_ssw1": ["construction"]}


def test_anyone_reads_the_fields_with_names_in_three_languages_and_sources():
    body = bearer_client(None).get(api_url("talent/fields")).json()

    assert len(body) == 16
    assert body[0]["code"] == "nursing_care"
    assert body[0]["name"] == {"en": "Nursing care", "ja": "介護", "hi": "नर्सिंग केयर"}
    assert (body[0]["has_ssw2"], body[0]["needs_care_test"]) == (False, True)
    assert body[0]["sources"][0] == {"url": "https://www.moj.go.jp/isa/", "label": "Immigration Services Agency of Japan: Specified Skilled Worker pages", "checked_on": "2026-12-07"}
    transport = next(f for f in body if f["code"] == "automobile_transportation")
    assert (transport["valid_from"], transport["categories"]) == ("2024-03-29", {"bus_taxi": {"jlpt": 3, "jft": False}})


@pytest.mark.parametrize("user", [None, "member", "staff"])
def test_anyone_checks_eligibility_for_given_jobs(user):
    caller = {"member": UserFactory, "staff": StaffFactory}[user]() if user else None
    jobs = [{"field": "construction"}, {"field": "automobile_transportation", "category": "bus_taxi"}, {"field": "construction", "level": 2}]

    response = json_post(bearer_client(caller), api_url("talent/eligibility"), BUILDER | {"jobs": jobs})

    assert response.status_code == 200
    assert [(r["field"], r["level"], r["eligible"], r["missing"]) for r in response.json()] == [
        ("construction", 1, True, []),
        ("automobile_transportation", 1, False, [
            "needs JLPT N3 (JFT-Basic is not enough for this job) — you have N4", "needs the Automobile transportation skills test"]),
        ("construction", 2, False, ["needs the Construction SSW (ii) skills test"]),
    ]
    assert response.json()[1]["name"] == "Automobile transportation — bus and taxi driving"


def test_without_jobs_every_field_is_checked_at_both_levels():
    body = json_post(bearer_client(None), api_url("talent/eligibility"), {"titp2": ["agriculture"]}).json()

    assert len(body) == 32
    assert [(r["field"], r["level"]) for r in body if r["eligible"]] == [("agriculture", 1)]


def test_answers_come_in_the_callers_language():
    response = json_post(bearer_client(None), api_url("talent/eligibility"), {"jobs": [{"field": "nursing_care"}]}, HTTP_ACCEPT_LANGUAGE="ja")

    assert response.json()[0]["name"] == "介護"
    assert response.json()[0]["missing"][1] == "介護分野の技能試験と介護日本語評価試験が必要です"


@pytest.mark.parametrize(("body", "field", "msg"), [
    ({"jlpt_level": 4, "jlpt_date": "2099-01-01"}, "jlpt_date", "This date is in the future."),
    ({"jlpt_level": 4, "jlpt_date": "1980-01-01"}, "jlpt_date", "JLPT did not exist before 1984-12-02."),
    ({"jft_level": "A2", "jft_date": "2018-12-31"}, "jft_date", "JFT-Basic did not exist before 2019-04-01."),
    ({"skills_ssw1": ["space_mining"]}, "skills_ssw1", "Select a valid choice. space_mining is not one of the available choices."),
    ({"jobs": [{"field": "space_mining"}]}, "jobs", "Unknown SSW field: space_mining"),
])
def test_bad_input_is_a_400_naming_the_field(body, field, msg):
    response = json_post(bearer_client(None), api_url("talent/eligibility"), body)

    assert response.status_code == 400
    assert response.json() == {"detail": [{"loc": ["body", field], "msg": msg}]}


def test_a_bad_input_message_is_translated():
    response = json_post(bearer_client(None), api_url("talent/eligibility"), {"jlpt_level": 4, "jlpt_date": "2099-01-01"}, HTTP_ACCEPT_LANGUAGE="ja")

    assert response.json()["detail"][0]["msg"] == "未来の日付です。"


@pytest.mark.parametrize("body", [
    {"jlpt_level": 7}, {"jlpt_level": "N4"}, {"jft_level": "B1"}, {"ssw1_months": -1}, {"jobs": [{"field": "construction", "level": 3}]},
    {"jobs": [{"field": "construction", "category": "\x00"}]}, {"skills_ssw1": "construction"}, {"jlpt_date": "' OR 1=1 --"},
])
def test_malformed_bodies_are_a_422(body):
    response = json_post(bearer_client(None), api_url("talent/eligibility"), body)

    assert response.status_code == 422
    assert response.json()["message"] == "Some fields are not valid."


def test_naughty_strings_as_field_codes_are_400s():
    for text in ["\x00", "<script>", "𝕿𝖍𝖊", "x" * 40, "../../etc/passwd"]:
        response = json_post(bearer_client(None), api_url("talent/eligibility"), {"titp2": [text]})

        assert response.status_code == 400, text
