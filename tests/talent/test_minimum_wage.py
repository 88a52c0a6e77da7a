"""The minimum-wage comparison says which year's table it uses and never passes an old table
off as today's: after the FY2024 table's time the minimum in force is "unknown"."""

import datetime as dt

import pytest

from kakehashi.talent import minimum_wage

from ..api import api_url, bearer_client
from ..factories import SswJobFactory

OSAKA = "JP-27"  # ¥1,114 an hour in FY2024


def test_a_day_in_the_fy2024_tables_time_compares_with_the_table_in_force():
    found = minimum_wage.compare(OSAKA, 40, 200_000, on=dt.date(2025, 3, 1))

    assert (found.table, found.hourly, found.floor, found.at_least, found.current) == ("FY2024", 1114, 193_093, True, True)


def test_after_the_fy2024_tables_time_the_minimum_in_force_is_unknown():
    found = minimum_wage.compare(OSAKA, 40, 190_000, on=dt.date(2025, 10, 1))

    assert (found.table, found.floor, found.at_least, found.current) == ("FY2024", 193_093, False, False)
    assert minimum_wage.table_on(dt.date(2025, 10, 1)) is None
    assert minimum_wage.table_on(dt.date(2024, 10, 15)) is None  # some prefectures were still on FY2023 rates


def test_a_prefecture_missing_from_the_table_is_unknown_not_guessed():
    found = minimum_wage.compare("JP-99", 40, 200_000, on=dt.date(2025, 3, 1))

    assert (found.hourly, found.floor, found.at_least) == (None, None, None)


@pytest.mark.django_db
def test_the_job_page_names_the_table_and_says_todays_minimum_is_unknown(client):
    job = SswJobFactory(prefecture=OSAKA, monthly_wage_jpy=230_000, hours_per_week=40)

    html = client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "At least the prefecture's minimum wage in the FY2024 table (¥1,114 an hour: ¥193,093 a month for these hours)." in html
    assert "The minimum wage in force today is unknown here: our table stops at FY2024, and later revisions are not in it." in html
    assert "¥230,000" in html


@pytest.mark.django_db
def test_the_api_gives_the_comparison_with_its_table():
    job = SswJobFactory(prefecture=OSAKA, monthly_wage_jpy=230_000, hours_per_week=40)

    found = bearer_client(None).get(api_url(f"talent/jobs/{job.pk}")).json()["minimum_wage"]

    assert found == {"table": "FY2024", "hourly_jpy": 1114, "monthly_floor_jpy": 193_093, "at_least": True, "in_force_today": False}
