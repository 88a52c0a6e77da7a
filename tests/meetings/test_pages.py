"""What the participants' and organisers' pages show."""

import csv
import io

import pytest
from django.test import Client
from icalendar import Calendar

from kakehashi.core.dates import format_day_time
from kakehashi.meetings.models import Meeting, MeetingRequest, Slot

from ..factories import OpportunityFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def meeting(world):
    request = MeetingRequest.objects.create(session=world.session, requester=world.seller, receiver=world.buyer, state="accepted", priority="must")
    return Meeting.objects.create(request=request, slot=Slot.objects.filter(grid=world.grid).order_by("starts_at").first(), table=2)


def test_marketplace_lists_other_participants_with_their_live_opportunities(world):
    OpportunityFactory(organisation=world.buyer.organisation, title="Looking for EV harness suppliers", kind="sourcing_request")

    page = as_user(world.seller.user).get("/meetings/ev-meet/").content.decode()

    assert "Tokyo Motors" in page and "Looking for EV harness suppliers" in page
    assert "Chennai Harness" not in page.split("Who is taking part")[1].split("</p>", 1)[1]


def test_marketplace_filters_by_country(world):
    page = as_user(world.buyer.user).get("/meetings/ev-meet/", {"country": "JP"}).content.decode()

    assert "Chennai Harness" not in page


def test_request_form_sends_and_shows_in_my_requests(world):
    client = as_user(world.seller.user)

    response = client.post("/meetings/ev-meet/request/", {"receiver": world.buyer.pk, "priority": "must", "message": "<b>hi</b>"})
    page = as_user(world.buyer.user).get("/meetings/ev-meet/requests/").content.decode()

    assert response.status_code == 302
    assert "&lt;b&gt;hi&lt;/b&gt;" in page and "<b>hi</b>" not in page


def test_agenda_shows_the_same_instant_in_ist_and_jst_in_each_language(world, meeting):
    start = meeting.slot.starts_at
    ist, jst = start.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Kolkata")), start.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))

    english = as_user(world.seller.user).get("/meetings/ev-meet/agenda/").content.decode()
    japanese = as_user(world.buyer.user).get("/meetings/ev-meet/agenda/").content.decode()

    assert f'data-zone="IST">IST {format_day_time(ist, "en")}–' in english
    assert f'data-zone="JST">JST {format_day_time(jst, "en")}–' in english
    assert f'data-zone="IST">IST {format_day_time(ist, "ja")}–' in japanese
    assert f'data-zone="JST">JST {format_day_time(jst, "ja")}–' in japanese
    assert "Chennai Harness" in japanese and "日時" in japanese
    assert "Table 2" in english and "Tokyo Motors" in english


def test_agenda_ics_has_one_event_per_meeting(world, meeting):
    response = as_user(world.buyer.user).get("/meetings/ev-meet/agenda.ics")

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [(e["DTSTART"].dt, str(e["SUMMARY"])) for e in events] == [(meeting.slot.starts_at, "Chennai Harness との面談")]  # in the buyer's language


def test_csv_export_neutralises_formula_cells(world, meeting):
    world.seller.organisation.name = "=HYPERLINK(\"http://evil\")"
    world.seller.organisation.save()

    body = as_user(world.actors["staff"]).get("/meetings/ev-meet/manage/meetings.csv").content.decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
    assert "'=HYPERLINK(\"http://evil\")" in rows[1]


def test_grid_form_refuses_overlapping_blocks_with_a_translated_error(world):
    world.actors["staff"].language = "ja"
    world.actors["staff"].save()
    response = as_user(world.actors["staff"]).post("/meetings/ev-meet/manage/grid/", {
        "zone": "Asia/Kolkata", "blocks": "2030-01-01 10:00–11:00\n2030-01-01 10:30–12:00", "slot_minutes": 15,
        "break_minutes": 5, "place": "tables", "capacity": 3, "mode": "any", "remind_hours": 24,
    }, HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 400
    assert "ブロック" in response.content.decode()


def test_grid_form_saves_blocks_given_in_the_chosen_zone(world):
    day = world.session.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    response = as_user(world.actors["org_admin"]).post("/meetings/ev-meet/manage/grid/", {
        "zone": "Asia/Tokyo", "blocks": f"{day:%Y-%m-%d} {day:%H:%M}–{day.hour + 1:02d}:{day:%M}", "slot_minutes": 20,
        "break_minutes": 0, "place": "rooms", "capacity": "", "mode": "any", "remind_hours": 24,
        "room_url_template": "https://meet.jit.si/kk-{room}",
    })

    assert response.status_code == 302
    assert list(Slot.objects.filter(grid=world.grid).values_list("starts_at", flat=True)) == [
        world.session.starts_at, world.session.starts_at + __import__("datetime").timedelta(minutes=20),
        world.session.starts_at + __import__("datetime").timedelta(minutes=40),
    ]


@pytest.mark.parametrize(("actor", "links"), [
    ("seller", ["/meetings/ev-meet/", "/meetings/ev-meet/agenda/"]),
    ("other_org_member", ["/meetings/ev-meet/join/"]),
    ("org_admin", ["/meetings/ev-meet/manage/"]),
    ("member", []),
])
def test_session_page_links_to_the_matchmaking_for_who_may_use_it(world, actor, links):
    page = as_user(world.actors[actor]).get(f"/events/sessions/{world.session.slug}/").content.decode()

    shown = [link for link in ("/meetings/ev-meet/", "/meetings/ev-meet/agenda/", "/meetings/ev-meet/join/", "/meetings/ev-meet/manage/") if f'href="{link}"' in page]
    assert shown == links


def test_dashboard_shows_requests_waiting_and_the_next_meeting(world, meeting):
    MeetingRequest.objects.create(session=world.session, requester=ParticipantFactory(session=world.session), receiver=world.buyer)

    buyer = as_user(world.buyer.user).get("/dashboard/").content.decode()
    stranger = as_user(world.actors["member"]).get("/dashboard/").content.decode()

    assert 'id="panel-meetings"' in buyer and "/meetings/ev-meet/requests/" in buyer and "/meetings/ev-meet/agenda/" in buyer
    assert 'id="panel-meetings"' not in stranger
