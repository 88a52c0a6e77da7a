"""Each step of an expression of interest leaves a notice for the people it concerns, in
their notification centre, linking to the place; the e-mail of a kind is not sent to those
who switched it off, and nobody gets a second e-mail for one event."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from kakehashi.notices import services as notices
from kakehashi.notices.models import Notice
from kakehashi.opportunities.interest import services
from kakehashi.opportunities.models import Interest

from .helpers import OWNER_ORG, accept, express, outbox

pytestmark = pytest.mark.django_db


def notices_of(*users):
    return sorted(
        (n.recipient.email, n.kind, n.url) for n in Notice.objects.filter(recipient__in=users).select_related("recipient")
    )


def test_interest_received_notifies_everyone_of_the_owner_side(world):
    interest = express(world)

    url = f"/opportunities/interests/{interest.pk}/"
    assert notices_of(world.owner, world.owner_colleague, world.quiet_owner, world.sender, world.third) == [
        ("haruka@tokai.example.jp", "interest_received", url),
        ("kenji@tokai.example.jp", "interest_received", url),
        ("quiet@tokai.example.jp", "interest_received", url),  # no e-mail, but a notice
    ]
    assert Notice.objects.get(recipient=world.owner).params == {
        "organisation": "Sundaram Precision Works", "title": "Precision auto parts sourcing",
    }


def test_accepted_interest_notifies_the_sender_side_with_the_thread(world):
    introduction = accept(world, express(world))

    rows = notices_of(world.sender, world.sender_colleague, world.third)
    assert rows == [
        ("asha@sundaram.example.in", "interest_accepted", f"/opportunities/introductions/{introduction.pk}/"),
        ("vikram@sundaram.example.in", "interest_accepted", f"/opportunities/introductions/{introduction.pk}/"),
    ]


def test_declined_interest_notifies_the_sender_side_without_naming_the_owner(world):
    interest = express(world)
    services.decline_interest(world.owner, interest, reason="Not now.")

    notice = Notice.objects.get(recipient=world.sender_colleague, kind="interest_declined")
    assert notice.url == f"/opportunities/interests/{interest.pk}/"
    assert OWNER_ORG not in notice.text and "Sato" not in notice.text


def test_a_thread_message_notifies_the_other_side_only(world):
    introduction = accept(world, express(world))

    message = services.post_message(world.sender, introduction, body="Shall we talk on Tuesday?")

    url = f"/opportunities/introductions/{introduction.pk}/#message-{message.pk}"
    assert sorted((n.recipient.email, n.url) for n in Notice.objects.filter(kind="thread_message").select_related("recipient")) == [
        ("haruka@tokai.example.jp", url), ("kenji@tokai.example.jp", url), ("quiet@tokai.example.jp", url),
    ]
    assert Notice.objects.filter(kind="thread_message", recipient=world.owner).get().text == (
        "Asha Rao wrote in the introduction thread about “Precision auto parts sourcing”."
    )


def test_switching_thread_emails_off_keeps_the_notice_and_drops_the_email(world):
    introduction = accept(world, express(world))
    notices.set_email_switches(world.owner_colleague, {"thread_message": False})

    services.post_message(world.sender, introduction, body="Hello")

    assert outbox("intro_message") == [("haruka@tokai.example.jp", "ja", "intro_message")]
    assert Notice.objects.filter(kind="thread_message", recipient=world.owner_colleague).count() == 1


def test_switching_received_interest_emails_off_drops_only_that_email(world):
    notices.set_email_switches(world.owner, {"interest_received": False})

    express(world)

    assert outbox("interest_received") == [("kenji@tokai.example.jp", "ja", "interest_received")]


def test_reminder_and_expiry_notify_once_each(world):
    interest = express(world)
    at = timezone.now()
    Interest.objects.filter(pk=interest.pk).update(created_at=at)

    services.remind_unanswered(now=at + dt.timedelta(days=14))
    services.remind_unanswered(now=at + dt.timedelta(days=15))
    services.expire_unanswered(now=at + dt.timedelta(days=21))
    services.expire_unanswered(now=at + dt.timedelta(days=22))

    expiring = Notice.objects.filter(kind="interest_expiring")
    expired = Notice.objects.filter(kind="interest_expired")
    assert sorted(expiring.values_list("recipient__email", flat=True)) == [
        "haruka@tokai.example.jp", "kenji@tokai.example.jp", "quiet@tokai.example.jp",
    ]
    assert expiring.first().params["date"] == (at + dt.timedelta(days=21)).date().isoformat()
    assert sorted(expired.values_list("recipient__email", flat=True)) == ["asha@sundaram.example.in", "vikram@sundaram.example.in"]


def test_the_expiring_notice_writes_its_date_in_the_readers_language(world):
    interest = express(world)
    created = dt.datetime(2030, 3, 1, 3, 0, tzinfo=dt.UTC)
    Interest.objects.filter(pk=interest.pk).update(created_at=created)

    services.remind_unanswered(now=created + dt.timedelta(days=14))

    notice = Notice.objects.filter(kind="interest_expiring").first()
    with translation.override("ja"):
        japanese = notice.text
    with translation.override("hi"):
        hindi = notice.text
    assert "2030年3月22日(金)" in japanese and "शुक्रवार, 22 मार्च 2030" in hindi


def test_opening_the_thread_reads_its_notices_only(client, world):
    introduction = accept(world, express(world))
    services.post_message(world.sender, introduction, body="Hello")
    other = accept(world, services.express_interest(world.third, world.opportunity, message="Us too."))
    services.post_message(world.third, other, body="Hi")
    client.force_login(world.owner_colleague)

    client.get(f"/opportunities/introductions/{introduction.pk}/")

    unread = Notice.objects.filter(recipient=world.owner_colleague, read_at=None)
    assert sorted(unread.values_list("kind", "url")) == sorted([
        ("interest_received", f"/opportunities/interests/{other.interest.pk}/"),
        ("interest_received", f"/opportunities/interests/{introduction.interest.pk}/"),
        ("thread_message", f"/opportunities/introductions/{other.pk}/#message-{other.messages.get().pk}"),
    ])
