"""A Japanese member sees a session in JST and IST, registers, receives the confirmation
e-mail with the .ics, cancels, and the first member on the waiting list moves up and is told."""

import base64
import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from kakehashi.core.dates import format_day
from kakehashi.events import registration
from kakehashi.events.models import Registration
from kakehashi.mail.models import OutboxMessage

from ..factories import EventSessionFactory, MembershipFactory, UserFactory
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JST = zoneinfo.ZoneInfo("Asia/Tokyo")


def test_japanese_member_registers_cancels_and_the_waiting_list_moves_up(new_page):
    day = (timezone.now() + dt.timedelta(days=12)).astimezone(JST).date()
    start = dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=JST)
    session = EventSessionFactory(
        slug="digital-partnership", title="India-Japan Partnership Perspectives", starts_at=start,
        ends_at=start + dt.timedelta(minutes=90), timezone="Asia/Tokyo", capacity=1,
    )
    haruka = MembershipFactory(user=UserFactory(email="haruka@example.jp", display_name="佐藤 遥", language="ja", timezone="Asia/Tokyo")).user
    first_waiting = UserFactory(email="asha@example.in", language="hi", timezone="Asia/Kolkata")
    second_waiting = UserFactory(email="ravi@example.in")

    page = new_page("ja")
    sign_in(page, haruka.email)
    page.goto("/events/sessions/digital-partnership/")
    starts = page.locator("dd.starts time")
    assert [starts.nth(i).inner_text() for i in range(starts.count())] == [f"{format_day(day, 'ja')} 10:00 JST", f"{format_day(day, 'ja')} 06:30 IST"]
    assert page.locator("html").get_attribute("lang") == "ja"

    page.locator(".register-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/events/sessions/digital-partnership/$"))
    assert page.locator(".registration-status").count() == 1
    assert page.locator("a.join").get_attribute("href") == "https://meet.example/room-42"

    [confirmation] = OutboxMessage.objects.filter(recipient=haruka.email)
    assert (confirmation.template, confirmation.locale) == ("events/mail/registered", "ja")
    assert f"JST: {format_day(day, 'ja')} 10:00 – 11:30" in confirmation.body_text
    assert f"IST: {format_day(day, 'ja')} 06:30 – 08:00" in confirmation.body_text
    [attachment] = confirmation.attachments
    event = icalendar.Calendar.from_ical(base64.b64decode(attachment["content_b64"])).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == start and len(event.walk("VALARM")) == 2

    for user in (first_waiting, second_waiting):
        assert registration.register_member(user, session).status == Registration.Status.WAITLISTED

    page.reload()
    page.locator("form button.cancel").click()
    page.wait_for_url(re.compile(r"/events/sessions/digital-partnership/$"))
    assert page.locator(".register-form").count() == 1  # may register again

    assert dict(session.registrations.values_list("email", "status")) == {
        haruka.email: "cancelled", first_waiting.email: "confirmed", second_waiting.email: "waitlisted",
    }
    promoted = OutboxMessage.objects.filter(recipient=first_waiting.email, template="events/mail/registered")
    assert [(m.locale, m.context["promoted"], len(m.attachments)) for m in promoted] == [("hi", True, 1)]
    assert OutboxMessage.objects.filter(recipient=second_waiting.email, template="events/mail/registered").count() == 0
