"""Two participants of a matchmaking session request and accept a meeting, one marks a slot
unavailable, the organiser schedules and publishes; both read their agenda (English and
Japanese) with the same instant in IST and JST and a valid calendar file; a late request is
then scheduled in without moving the published meeting."""

import re
import zoneinfo

import icalendar
import pytest

from kakehashi.core.dates import format_day_time
from kakehashi.mail.models import OutboxMessage
from kakehashi.meetings import services
from kakehashi.meetings.models import Meeting, MeetingRequest, Slot

from ..factories import OrganisationFactory, ParticipantFactory
from ..meetings.helpers import build_world
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IST, JST = zoneinfo.ZoneInfo("Asia/Kolkata"), zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def world(transactional_db):
    return build_world()


def agenda_times(page) -> list[str]:
    cells = page.locator("table.agenda tbody tr").first.locator(".zone-time")
    return [cells.nth(i).inner_text() for i in range(cells.count())]


def test_request_accept_schedule_agendas_and_a_late_request(world, new_page):
    slots = list(Slot.objects.filter(grid=world.grid).order_by("starts_at"))

    seller = new_page("en")
    sign_in(seller, world.seller.user.email)
    seller.goto("/meetings/ev-meet/")
    card = seller.locator(f"#participant-{world.buyer.pk}")
    card.locator("summary").click()
    card.locator("select[name=priority]").select_option("must")
    card.locator("textarea[name=message]").fill("Could we show you our EV harness samples?")
    card.locator("button[type=submit]").click()
    seller.wait_for_url(re.compile(r"/meetings/ev-meet/requests/$"))
    request = MeetingRequest.objects.get()
    assert (request.requester_id, request.receiver_id, request.priority, request.state) == (world.seller.pk, world.buyer.pk, "must", "pending")

    buyer = new_page("ja")
    sign_in(buyer, world.buyer.user.email)
    buyer.goto("/meetings/ev-meet/requests/")
    buyer.locator(f"#request-{request.pk} button[value=accept]").click()
    buyer.wait_for_url(re.compile(r"/meetings/ev-meet/requests/$"))
    assert buyer.locator(f"#request-{request.pk} .state").inner_text() == "承認済み"
    buyer.goto("/meetings/ev-meet/availability/")
    buyer.locator(f"input[name=unavailable][value='{slots[0].pk}']").check()
    buyer.locator("main form button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/meetings/ev-meet/availability/$"))
    assert list(world.buyer.unavailable.values_list("slot_id", flat=True)) == [slots[0].pk]

    organiser = new_page("en")
    sign_in(organiser, world.actors["org_admin"].email)
    organiser.goto("/meetings/ev-meet/manage/")
    organiser.locator("input[name=time_limit]").fill("5")
    organiser.get_by_role("button", name="Schedule").click()
    organiser.wait_for_url(re.compile(r"/meetings/ev-meet/manage/runs/\d+/$"))
    assert organiser.locator("dd.placed").inner_text() == "1 / 1"
    assert organiser.locator("dd.gap").inner_text() == "0.0 %"
    organiser.get_by_role("button", name="Publish this schedule").click()
    organiser.wait_for_url(re.compile(r"/meetings/ev-meet/manage/runs/\d+/$"))
    meeting = Meeting.objects.get(request=request)
    assert meeting.slot_id != slots[0].pk

    start, end = meeting.slot.starts_at, meeting.slot.ends_at
    seller.goto("/meetings/ev-meet/agenda/")
    assert agenda_times(seller) == [
        f"IST {format_day_time(start.astimezone(IST), 'en')}–{end.astimezone(IST):%H:%M}",
        f"JST {format_day_time(start.astimezone(JST), 'en')}–{end.astimezone(JST):%H:%M}",
    ]
    buyer.goto("/meetings/ev-meet/agenda/")
    assert agenda_times(buyer) == [
        f"JST {format_day_time(start.astimezone(JST), 'ja')}–{end.astimezone(JST):%H:%M}",
        f"IST {format_day_time(start.astimezone(IST), 'ja')}–{end.astimezone(IST):%H:%M}",
    ]
    ics = buyer.request.get("/meetings/ev-meet/agenda.ics")
    [event] = icalendar.Calendar.from_ical(ics.body()).walk("VEVENT")
    assert (event.decoded("DTSTART"), str(event["SUMMARY"]), int(event["SEQUENCE"])) == (start, "Chennai Harness との面談", 0)
    mails = {m.recipient: m for m in OutboxMessage.objects.filter(template="meetings/mail/agenda")}
    assert {(m.recipient, m.locale) for m in mails.values()} == {("buyer@example.jp", "ja"), ("seller@example.in", "en")}
    assert f"JST {format_day_time(start.astimezone(JST), 'ja')}" in mails["buyer@example.jp"].body_text

    late = ParticipantFactory(session=world.session, organisation=OrganisationFactory(name="Kariya Drive Systems", country="JP", region_code="JP-23", city="Kariya"))
    services.answer_request(world.seller.user, services.send_request(late.user, world.session, receiver_id=world.seller.pk), accept=True)
    organiser.goto("/meetings/ev-meet/manage/")
    organiser.locator("input[name=time_limit]").fill("5")
    organiser.get_by_role("button", name="Schedule").click()
    organiser.wait_for_url(re.compile(r"/meetings/ev-meet/manage/runs/\d+/$"))
    assert organiser.locator("dd.placed").inner_text() == "2 / 2"
    assert organiser.locator("ul.moved").count() == 0
    organiser.get_by_role("button", name="Publish this schedule").click()
    organiser.wait_for_url(re.compile(r"/meetings/ev-meet/manage/runs/\d+/$"))
    meeting.refresh_from_db()
    assert (meeting.slot.starts_at, meeting.sequence) == (start, 0)
    seller.goto("/meetings/ev-meet/agenda/")
    assert seller.locator("table.agenda tbody tr").count() == 2
