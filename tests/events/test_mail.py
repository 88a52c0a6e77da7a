"""The e-mails of events: once each, in the recipient's language, with the session's times in
their zone plus IST and JST, and the .ics attachment where a seat is confirmed."""

import base64
import datetime as dt
import zoneinfo

import icalendar
import pytest

from kakehashi.events import registration, services
from kakehashi.events.models import SeriesFollow
from kakehashi.mail import services as mail_services
from kakehashi.mail.models import OutboxMessage

from ..factories import EventSessionFactory, PostFactory, StaffFactory, UserFactory
from .helpers import members, outbox

pytestmark = pytest.mark.django_db

JST = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture
def ten_jst(db):
    start = dt.datetime(2031, 1, 18, 10, 0, tzinfo=JST)
    return EventSessionFactory(
        slug="ten-jst", title="Digital Partnership", starts_at=start, ends_at=start + dt.timedelta(minutes=90),
        timezone="Asia/Tokyo", online_url="https://meet.example/room-42", capacity=1,
    )


def test_confirmation_is_one_mail_in_the_registrants_language_with_times_and_the_ics(ten_jst):
    user = UserFactory(email="haruka@example.jp", language="ja", timezone="Asia/Tokyo", display_name="佐藤 遥")

    registration.register_member(user, ten_jst)

    mails = list(OutboxMessage.objects.filter(recipient="haruka@example.jp"))
    assert len(mails) == 1
    mail = mails[0]
    assert (mail.template, mail.locale) == ("events/mail/registered", "ja")
    assert mail.context["times"] == [["JST", "2031年1月18日(土) 10:00", "11:30"], ["IST", "2031年1月18日(土) 06:30", "08:00"]]
    assert "JST: 2031年1月18日(土) 10:00 – 11:30" in mail.body_text and "IST: 2031年1月18日(土) 06:30 – 08:00" in mail.body_text
    assert "https://meet.example/room-42" in mail.body_text
    assert "https://calendar.google.com/calendar/render?" in mail.body_text and "https://outlook.live.com/" in mail.body_text
    assert "/events/cancel/" in mail.body_text
    [attachment] = mail.attachments
    assert (attachment["filename"], attachment["mimetype"]) == ("ten-jst-2031-01-18.ics", "text/calendar")
    event = icalendar.Calendar.from_ical(base64.b64decode(attachment["content_b64"])).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == dt.datetime(2031, 1, 18, 10, 0, tzinfo=JST)
    assert len(event.walk("VALARM")) == 2
    assert "room-42" in str(event["LOCATION"])


def test_viewer_in_another_zone_sees_their_zone_then_ist_and_jst(ten_jst):
    registration.register_member(UserFactory(language="en", timezone="Europe/Berlin"), ten_jst)

    assert outbox("registered")[0].context["times"] == [
        ["Europe/Berlin", "Sat 18 Jan 2031 02:00", "03:30"], ["IST", "Sat 18 Jan 2031 06:30", "08:00"],
        ["JST", "Sat 18 Jan 2031 10:00", "11:30"],
    ]


def test_confirmation_in_hindi_writes_the_dates_in_hindi_with_the_weekday_in_ist_and_jst(ten_jst):
    registration.register_member(UserFactory(language="hi", timezone="Asia/Kolkata"), ten_jst)

    mail = outbox("registered")[0]
    assert mail.context["times"] == [["IST", "शनिवार, 18 जनवरी 2031 06:30", "08:00"], ["JST", "शनिवार, 18 जनवरी 2031 10:00", "11:30"]]
    assert "IST: शनिवार, 18 जनवरी 2031 06:30 – 08:00" in mail.body_text
    assert "<td>शनिवार, 18 जनवरी 2031 10:00 – 11:30</td>" in mail.body_html


def test_a_session_past_midnight_in_a_zone_gives_the_end_its_own_date():
    start = dt.datetime(2031, 1, 18, 23, 0, tzinfo=JST)
    session = EventSessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2), timezone="Asia/Tokyo")

    registration.register_member(UserFactory(language="ja", timezone="Asia/Tokyo"), session)

    assert outbox("registered")[0].context["times"][0] == ["JST", "2031年1月18日(土) 23:00", "2031年1月19日(日) 01:00"]


def test_session_in_a_third_zone_also_shows_the_venues_time():
    start = dt.datetime(2031, 3, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Singapore"))
    session = EventSessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=1), timezone="Asia/Singapore")

    registration.register_member(UserFactory(timezone="UTC"), session)

    assert [row[0] for row in outbox("registered")[0].context["times"]] == ["UTC", "IST", "JST", "Asia/Singapore"]


def test_the_delivered_message_carries_the_ics_as_text_calendar(ten_jst, smtp):
    registration.register_member(UserFactory(email="asha@example.in", language="hi"), ten_jst)
    mail_services.deliver_due()  # on_commit does not fire inside the test's transaction

    [message] = smtp.sink.messages
    parts = {part.get_content_type(): part for part in message.walk()}
    assert message["To"] == "asha@example.in"
    assert "text/calendar" in parts
    assert icalendar.Calendar.from_ical(parts["text/calendar"].get_content()).walk("VEVENT")[0]["SUMMARY"] == "Digital Partnership"


def test_waitlist_then_promotion_each_mail_once(ten_jst):
    first = UserFactory(email="first@example.org")
    second = UserFactory(email="second@example.org", language="hi")
    seat = registration.register_member(first, ten_jst)
    registration.register_member(second, ten_jst)

    registration.cancel(seat)

    assert [(m.template, m.recipient, m.locale) for m in OutboxMessage.objects.order_by("created_at")] == [
        ("events/mail/registered", "first@example.org", "en"),
        ("events/mail/waitlisted", "second@example.org", "hi"),
        ("events/mail/registered", "second@example.org", "hi"),
    ]
    assert OutboxMessage.objects.get(template="events/mail/waitlisted").attachments == []
    assert len(OutboxMessage.objects.filter(template="events/mail/registered", recipient="second@example.org").get().attachments) == 1


def test_recording_link_notifies_registrants_and_followers_once_each(ten_jst):
    registrant, both, follower, unfollowed = members(4)
    registration.register_member(registrant, ten_jst)
    ten_jst.capacity = 5
    ten_jst.save()
    registration.register_member(both, ten_jst)
    for user, active in ((both, True), (follower, True), (unfollowed, False)):
        SeriesFollow.objects.create(user=user, series=ten_jst.series, active=active)
    post = PostFactory(slug="write-up")
    staff = StaffFactory()

    services.update_session(staff, ten_jst, recording_url="https://www.youtube.com/watch?v=abcdefghijk", writeup_post=post)
    services.update_session(staff, ten_jst, recording_url="https://www.youtube.com/watch?v=abcdefghijk", title="Renamed")

    mails = outbox("recording")
    assert sorted((m.recipient, m.context["follower"]) for m in mails) == sorted(
        [(registrant.email, False), (both.email, False), (follower.email, True)]
    )
    assert "https://www.youtube.com/watch?v=abcdefghijk" in mails[0].body_text
    assert "/community/posts/write-up/" in mails[0].body_text


def test_announcement_reaches_confirmed_registrants_and_optionally_the_waiting_list(ten_jst):
    seat, waiting = members(2)
    registration.register_member(seat, ten_jst)
    registration.register_member(waiting, ten_jst)
    staff = StaffFactory()

    services.send_announcement(staff, ten_jst, subject="New room", body="We moved to <room> 2.")
    services.send_announcement(staff, ten_jst, subject="Slides", body="Slides are online.", include_waitlist=True)

    assert [(m.recipient, m.subject) for m in outbox("announcement")] == [
        (seat.email, "New room · Digital Partnership"),
        (seat.email, "Slides · Digital Partnership"),
        (waiting.email, "Slides · Digital Partnership"),
    ]
    first = outbox("announcement")[0]
    assert "We moved to <room> 2." in first.body_text and "We moved to &lt;room&gt; 2." in first.body_html
    assert "room-42" in first.body_text  # the joining link, for a seat holder
    assert "room-42" not in outbox("announcement")[2].body_text


def test_subject_is_not_html_escaped():
    session = EventSessionFactory(title="R&D <Robots> & AI")

    registration.register_member(UserFactory(), session)

    assert outbox("registered")[0].subject == "You are registered: R&D <Robots> & AI"


def test_reminder_and_confirmation_go_to_the_same_address_without_duplicates(ten_jst):
    from kakehashi.events import reminders

    user = UserFactory()
    registration.register_member(user, ten_jst)
    reminders.send_due_reminders(now=ten_jst.starts_at - dt.timedelta(hours=2))
    reminders.send_due_reminders(now=ten_jst.starts_at - dt.timedelta(minutes=50))
    reminders.send_due_reminders(now=ten_jst.starts_at - dt.timedelta(minutes=40))

    assert sorted(OutboxMessage.objects.values_list("template", flat=True)) == [
        "events/mail/registered", "events/mail/reminder", "events/mail/reminder",
    ]
