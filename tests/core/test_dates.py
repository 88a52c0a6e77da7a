"""Dates as each language writes them, with the weekday."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from kakehashi.core.dates import format_day, format_day_time

MONDAY = dt.date(2026, 12, 21)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Mon 21 Dec 2026"),
    ("ja", "2026年12月21日(月)"),
    ("hi", "सोमवार, 21 दिसंबर 2026"),
])
def test_format_day_writes_the_date_with_its_weekday_per_language(language, expected):
    assert format_day(MONDAY, language) == expected


def test_format_day_follows_the_active_language():
    with translation.override("ja"):
        assert format_day(dt.date(2027, 1, 3)) == "2027年1月3日(日)"


def test_every_hindi_month_and_weekday_is_spelt_with_its_nasal_sign_where_hindi_writes_one():
    months = [format_day(dt.date(2026, m, 1), "hi").split(" ")[2] for m in range(1, 13)]
    weekdays = [format_day(MONDAY + dt.timedelta(days=n), "hi").split(",")[0] for n in range(7)]

    assert months == ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"]
    assert weekdays == ["सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार"]


def test_format_day_time_adds_the_24_hour_time():
    at = dt.datetime(2026, 12, 21, 18, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Kolkata"))

    assert format_day_time(at, "hi") == "सोमवार, 21 दिसंबर 2026 18:05"


def test_day_filter_takes_a_datetime_in_the_active_time_zone():
    late_utc = dt.datetime(2026, 12, 21, 20, 0, tzinfo=dt.UTC)  # already Tuesday in Tokyo

    with translation.override("ja"), timezone.override("Asia/Tokyo"):
        html = Template("{{ d|day }} · {{ d|day_time }} · {{ none|day }}").render(Context({"d": late_utc, "none": None}))

    assert html == "2026年12月22日(火) · 2026年12月22日(火) 05:00 · "
