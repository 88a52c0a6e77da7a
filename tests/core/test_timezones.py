import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from kakehashi.accounts.forms import ProfileForm
from kakehashi.core.timezones import AREAS, all_zones, default_zone_for_country, dual_times, zone_choices

from ..factories import UserFactory

TEN_JST = dt.datetime(2021, 1, 18, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))


def test_dual_times_shows_ten_jst_as_six_thirty_ist():
    parts = dual_times(TEN_JST.astimezone(dt.UTC), None)

    assert [(label, local.strftime("%H:%M")) for label, local in parts] == [("IST", "06:30"), ("JST", "10:00")]


def test_dual_times_puts_the_viewers_zone_first_and_skips_repeats():
    parts = dual_times(TEN_JST, "Europe/Berlin")
    assert [(label, local.strftime("%d %H:%M")) for label, local in parts] == [
        ("Europe/Berlin", "18 02:00"),
        ("IST", "18 06:30"),
        ("JST", "18 10:00"),
    ]
    assert [label for label, _ in dual_times(TEN_JST, "Asia/Tokyo")] == ["JST", "IST"]


def test_dual_times_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        dual_times(dt.datetime(2021, 1, 18, 10, 0), None)


def test_default_zone_follows_the_country():
    assert [default_zone_for_country(c) for c in ("IN", "JP", "DE")] == ["Asia/Kolkata", "Asia/Tokyo", "UTC"]


@pytest.mark.django_db
def test_dual_time_tag_renders_viewer_zone_then_ist_and_jst():
    request = RequestFactory().get("/")
    request.user = UserFactory(timezone="America/New_York")

    html = Template("{% dual_time t %}").render(Context({"t": TEN_JST, "request": request}))

    assert html == (
        '<span class="dual-time">'
        '<time datetime="2021-01-18T01:00:00+00:00" title="America/New York">Sun 17 Jan 2021 20:00 <abbr>America/New York</abbr></time> · '
        '<time datetime="2021-01-18T01:00:00+00:00" title="IST">Mon 18 Jan 2021 06:30 <abbr>IST</abbr></time> · '
        '<time datetime="2021-01-18T01:00:00+00:00" title="JST">Mon 18 Jan 2021 10:00 <abbr>JST</abbr></time></span>'
    )


@given(
    instant=st.datetimes(
        min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
    ),
    zone=st.sampled_from(sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})),
)
def test_dual_times_always_show_one_instant_with_jst_three_and_a_half_hours_ahead_of_ist(instant, zone):
    parts = dict(dual_times(instant, zone))

    assert all(local.astimezone(dt.UTC) == instant for local in parts.values())
    assert parts["JST"].utcoffset() - parts["IST"].utcoffset() == dt.timedelta(hours=3, minutes=30)


def test_zone_choices_put_india_and_japan_first_then_group_by_area_with_each_zone_once():
    groups = zone_choices()
    values = [zone for _group, options in groups for zone, _label in options]

    assert groups[0] == ("India and Japan", [("Asia/Kolkata", "India · Kolkata (IST)"), ("Asia/Tokyo", "Japan · Tokyo (JST)")])
    assert [group for group, _options in groups[1:]] == [*AREAS, "Other"]
    assert sorted(values) == all_zones() and len(values) == len(set(values)) == 597
    assert ("Asia/Ho_Chi_Minh", "Ho Chi Minh") in dict(groups)["Asia"]
    assert ("Etc/GMT+5", "Etc/GMT+5") in dict(groups)["Other"]


def test_the_settings_form_accepts_a_zone_from_a_group(db):
    form = ProfileForm(
        data={"display_name": "Asha", "language": "en", "timezone": "America/Argentina/Buenos_Aires"}, instance=UserFactory()
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["timezone"] == "America/Argentina/Buenos_Aires"


@pytest.mark.django_db
def test_the_current_time_is_shown_in_each_viewers_zone_and_language_in_the_same_second():
    from django.utils import translation

    from kakehashi.core.templatetags.kk import now_html

    def shown(zone: str | None, language: str) -> str:
        request = RequestFactory().get("/")
        request.user = UserFactory(timezone=zone) if zone else AnonymousUser()
        with translation.override(language):
            return now_html(request)

    views = [shown("America/New_York", "en"), shown("Europe/Berlin", "en"), shown(None, "en"), shown(None, "ja")]

    assert [v.split("</time>")[0].rsplit("<abbr>", 1)[1] for v in views] == ["America/New York</abbr>", "Europe/Berlin</abbr>", "IST</abbr>", "IST</abbr>"]
    assert len(set(views)) == 4  # the visitor's in Japanese is not the visitor's in English
