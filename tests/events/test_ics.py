"""Calendar files: valid RFC 5545 read by two independent parsers (icalendar, vobject), with
TZID and VTIMEZONE, alarms, and the joining link only for registrants."""

import datetime as dt
import io
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import vobject
from django.core.management import call_command
from django.test import Client
from django.utils.text import slugify

from kakehashi.events import ics
from kakehashi.events.models import Series

from ..factories import EventSessionFactory, SeriesFactory

pytestmark = pytest.mark.django_db

JST = zoneinfo.ZoneInfo("Asia/Tokyo")
TEN_JST = dt.datetime(2031, 1, 18, 10, 0, tzinfo=JST)


@pytest.fixture
def tokyo_session(db):
    return EventSessionFactory(
        slug="tokyo", title="Digital Partnership, Tokyo", starts_at=TEN_JST, ends_at=TEN_JST + dt.timedelta(minutes=90),
        timezone="Asia/Tokyo", format="hybrid", venue="Embassy of India,\n2-2-11 Kudan-Minami, Tokyo",
        online_url="https://meet.example/secret-room",
    )


def test_session_file_parses_with_icalendar_and_has_tzid_vtimezone_and_alarms(tokyo_session):
    cal = icalendar.Calendar.from_ical(ics.session_calendar(tokyo_session))

    event = cal.walk("VEVENT")[0]
    assert str(cal["VERSION"]) == "2.0" and str(cal["METHOD"]) == "PUBLISH"
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("DTSTART") == TEN_JST
    assert event.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(2031, 1, 18, 1, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=90)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    assert [a.decoded("TRIGGER") for a in event.walk("VALARM")] == [dt.timedelta(hours=-24), dt.timedelta(hours=-1)]
    assert [str(a["ACTION"]) for a in event.walk("VALARM")] == ["DISPLAY", "DISPLAY"]
    assert str(event["UID"]) == f"session-{tokyo_session.pk}@127.0.0.1"
    assert str(event["SUMMARY"]) == "Digital Partnership, Tokyo"


def test_session_file_parses_with_vobject_too(tokyo_session):
    text = ics.session_calendar(tokyo_session, join=True).decode()
    parsed = vobject.readOne(text)

    event = parsed.vevent
    assert "DTSTART;TZID=Asia/Tokyo:20310118T100000\r\n" in text
    assert event.dtstart.value == TEN_JST
    assert (event.dtstart.value.utcoffset(), event.dtstart.value.tzname()) == (dt.timedelta(hours=9), "JST")
    assert [a.trigger.value for a in event.valarm_list] == [dt.timedelta(hours=-24), dt.timedelta(hours=-1)]
    assert event.location.value == "Embassy of India, 2-2-11 Kudan-Minami, Tokyo · https://meet.example/secret-room"
    assert parsed.vtimezone.tzid.value == "Asia/Tokyo"


def test_public_file_never_carries_the_joining_link(tokyo_session):
    body = Client().get("/events/sessions/tokyo/calendar.ics")

    assert body["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"secret-room" not in body.content
    assert b"secret-room" in ics.session_calendar(tokyo_session, join=True)


def test_sequence_rises_when_the_time_changes(tokyo_session):
    from kakehashi.events import services

    from ..factories import StaffFactory

    later = TEN_JST + dt.timedelta(days=1)
    services.update_session(StaffFactory(), tokyo_session, starts_at=later, ends_at=later + dt.timedelta(hours=1))
    tokyo_session.refresh_from_db()

    event = icalendar.Calendar.from_ical(ics.session_calendar(tokyo_session)).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1


def test_series_feed_lists_its_sessions_with_alarms_and_refresh_interval():
    series = SeriesFactory(slug="perspectives", title="India-Japan Partnership Perspectives")
    EventSessionFactory(series=series, slug="one", timezone="Asia/Kolkata")
    EventSessionFactory(series=series, slug="two", timezone="Asia/Tokyo")
    EventSessionFactory(series=series, slug="draft", published=False)
    EventSessionFactory(slug="elsewhere")

    response = Client().get("/events/series/perspectives/calendar.ics")

    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["X-WR-CALNAME"]) == "India-Japan Partnership Perspectives"
    assert cal["REFRESH-INTERVAL"].dt == dt.timedelta(hours=6)
    assert sorted(str(e["URL"]).rsplit("/", 2)[-2] for e in cal.walk("VEVENT")) == ["one", "two"]
    assert sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")) == ["Asia/Kolkata", "Asia/Tokyo"]
    assert all(len(e.walk("VALARM")) == 2 for e in cal.walk("VEVENT"))
    assert len(list(vobject.readComponents(response.content.decode()))[0].vevent_list) == 2


def test_utc_session_carries_a_utc_tzid_and_parses(db):
    session = EventSessionFactory(timezone="UTC")

    parsed = vobject.readOne(ics.session_calendar(session).decode())

    assert parsed.vevent.dtstart.value.astimezone(dt.UTC) == session.starts_at


def test_google_and_outlook_links_carry_utc_times(tokyo_session):
    google = parse_qs(urlsplit(ics.google_url(tokyo_session)).query)
    outlook = parse_qs(urlsplit(ics.outlook_url(tokyo_session)).query)

    assert google["dates"] == ["20310118T010000Z/20310118T023000Z"]
    assert google["ctz"] == ["Asia/Tokyo"] and google["text"] == ["Digital Partnership, Tokyo"]
    assert (outlook["startdt"], outlook["enddt"]) == (["2031-01-18T01:00:00Z"], ["2031-01-18T02:30:00Z"])
    assert "secret-room" not in google["location"][0]


def test_demo_series_imports_into_both_calendar_readers():
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_events", stdout=io.StringIO())

    for series in Series.objects.all():
        body = Client().get(f"/events/series/{series.slug}/calendar.ics").content
        cal = icalendar.Calendar.from_ical(body)
        readers = list(vobject.readComponents(body.decode()))
        assert len(readers) == 1
        assert len(cal.walk("VEVENT")) == len(readers[0].vevent_list) == series.sessions.count()
        for event in readers[0].vevent_list:
            assert event.dtstart.value.tzinfo is not None


def test_calendar_file_name_keeps_the_whole_slug_and_the_date():
    title = "Perspectives from Japan: how corporate venture arms in Tokyo and Osaka meet Indian founders"
    session = EventSessionFactory(title=title, slug=slugify(f"{title} 2031-01-18"), starts_at=TEN_JST,
                                  ends_at=TEN_JST + dt.timedelta(hours=1), timezone="Asia/Tokyo")
    expected = "perspectives-from-japan-how-corporate-venture-arms-in-tokyo-and-osaka-meet-indian-founders-2031-01-18.ics"

    response = Client().get(f"/events/sessions/{session.slug}/calendar.ics")

    assert ics.attachment(session)["filename"] == expected
    assert response["Content-Disposition"] == f'inline; filename="{expected}"'


@pytest.mark.parametrize(("slug", "expected"), [
    ("ten-jst", "ten-jst-2031-01-18.ics"),
    ("ten-jst-2031-01-18-2", "ten-jst-2031-01-18.ics"),
    ("2031-01-18", "session-2031-01-18.ics"),
    ("a" * 30 + "-" + "b" * 60 + "-" + "c" * 20, "a" * 30 + "-" + "b" * 60 + "-2031-01-18.ics"),
    ("x" * 150, "x" * 100 + "-2031-01-18.ics"),
])
def test_calendar_file_name_is_cut_at_a_hyphen_and_safe(slug, expected):
    session = EventSessionFactory.build(slug=slug, starts_at=TEN_JST, timezone="Asia/Tokyo")

    assert ics.filename(session) == expected
