"""The public "Am I eligible?" page, the fields page, the seeded rules and their admin."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from kakehashi.talent import queries, services
from kakehashi.talent.models import Rule, SswField

from ..factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/talent/eligibility/"


def test_the_migration_loads_sixteen_fields_and_the_rules_with_sources_checked_on_the_review_date():
    fields = list(queries.fields_on(dt.date(2026, 12, 7)))

    assert len(fields) == 16
    assert sum(f.has_ssw2 for f in fields) == 11
    assert {s["checked_on"] for f in fields for s in f.sources} == {"2026-12-07"}
    assert queries.rule_values(dt.date(2026, 12, 7))["ssw1_max_months"] == "60"


def test_before_the_2024_cabinet_decision_twelve_fields_were_in_force():
    assert queries.fields_on(dt.date(2024, 3, 28)).count() == 12
    assert queries.fields_on(dt.date(2019, 3, 31)).count() == 0


def test_a_rule_change_is_an_edit_a_new_row_takes_over_from_its_start():
    staff = StaffFactory()
    old = Rule.objects.get(key="ssw1_max_months")
    old.valid_to = dt.date(2030, 3, 31)
    services.save_rule(staff, old)
    services.save_rule(staff, Rule(key="ssw1_max_months", value="72", valid_from=dt.date(2030, 4, 1), sources=[{"url": "https://www.moj.go.jp/isa/"}]))

    assert queries.rules_on("en", dt.date(2030, 3, 31)).ssw1_max_months == 60
    assert queries.rules_on("en", dt.date(2030, 4, 1)).ssw1_max_months == 72


def test_a_rule_without_an_https_source_is_refused():
    with pytest.raises(ValidationError) as error:
        services.save_rule(StaffFactory(), Rule(key="jlpt_min", value="3", valid_from=dt.date(2030, 1, 1), sources=[{"url": "http://x.example"}]))

    assert error.value.message_dict == {"sources": ["Each source must be an https:// address."]}


def test_a_rule_with_a_value_of_the_wrong_kind_is_refused():
    with pytest.raises(ValidationError) as error:
        services.save_rule(StaffFactory(), Rule(key="jlpt_min", value="N3", valid_from=dt.date(2030, 1, 1), sources=[{"url": "https://www.ssw.go.jp/"}]))

    assert list(error.value.message_dict) == ["value"]


def test_only_staff_change_rules():
    with pytest.raises(PermissionDenied):
        services.save_field(UserFactory(), SswField.objects.first())


def test_staff_edit_a_field_in_the_admin():
    client = Client()
    client.force_login(StaffFactory(is_superuser=True))
    field = SswField.objects.get(code="railway")

    response = client.get(f"/admin/talent/sswfield/{field.pk}/change/")

    assert response.status_code == 200


def test_anyone_sees_the_form():
    response = Client().get(URL)

    assert response.status_code == 200
    assert "Am I eligible?" in response.content.decode()


def test_the_page_lists_per_field_what_is_missing():
    today = timezone.localdate().isoformat()

    response = Client().get(URL, {"jlpt_level": "5", "jlpt_date": today, "skills_ssw1": ["construction"], "ssw1_months": "44"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "needs JLPT N4 or JFT-Basic A2 — you have N5" in page
    assert "5-year SSW (i) limit: 1 year(s) 4 month(s) left" in page
    assert 'id="field-automobile_transportation-bus_taxi"' in page


def test_the_page_answers_in_japanese():
    response = Client().get(URL, {"jlpt_level": "4", "jlpt_date": "2020-07-05", "skills_ssw1": ["construction"]}, HTTP_ACCEPT_LANGUAGE="ja")

    page = response.content.decode()
    assert "建設" in page and "対象です" in page


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"jlpt_level": "4", "jlpt_date": "2099-01-01"}, "jlpt_date", "This date is in the future."),
    ({"jlpt_level": "4", "jlpt_date": "1984-01-01"}, "jlpt_date", "JLPT did not exist before 1984-12-02."),
    ({"jft_level": "A2", "jft_date": "2018-06-01"}, "jft_date", "JFT-Basic did not exist before 2019-04-01."),
    ({"jlpt_level": "4"}, "jlpt_date", "Give the date of your JLPT result."),
    ({"skills_ssw1": ["space_mining"]}, "skills_ssw1", "Select a valid choice. space_mining is not one of the available choices."),
    ({"skills_ssw2": ["nursing_care"]}, "skills_ssw2", "Select a valid choice. nursing_care is not one of the available choices."),
    ({"jlpt_level": "N9"}, "jlpt_level", "Select a valid choice. N9 is not one of the available choices."),
    ({"ssw1_months": "-1"}, "ssw1_months", "Ensure this value is greater than or equal to 0."),
    ({"jlpt_date": "2020-13-45"}, "jlpt_date", "Enter a valid date."),
])
def test_bad_input_is_a_400_with_the_message_by_the_field(query, field, message):
    response = Client().get(URL, query)

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]


def test_a_future_date_error_is_translated():
    response = Client().get(URL, {"jlpt_level": "4", "jlpt_date": "2099-01-01"}, HTTP_ACCEPT_LANGUAGE="hi")

    assert response.status_code == 400
    assert response.context["form"].errors["jlpt_date"] == ["यह तारीख़ भविष्य में है।"]


@pytest.mark.parametrize("text", ["\x00", "' OR 1=1 --", "<script>alert(1)</script>", "𝕿𝖍𝖊", "\u202e", "-" * 5000, "1e309", "Ω≈ç√"])
def test_naughty_strings_in_every_field_are_400s_never_500s(text):
    for name in ("jlpt_level", "jlpt_date", "jft_level", "jft_date", "care_test_date", "skills_ssw1", "titp2", "ssw1_months"):
        response = Client().get(URL, {name: text})

        assert response.status_code == 400, name
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_fields_page_lists_each_field_with_its_sources_and_names_in_hindi():
    response = Client().get("/talent/fields/", HTTP_ACCEPT_LANGUAGE="hi")

    page = response.content.decode()
    assert response.status_code == 200
    assert "नर्सिंग केयर" in page and "https://www.ssw.go.jp/" in page and "2026-12-07" in page
    assert "https://nsdcindia.org/" in page
