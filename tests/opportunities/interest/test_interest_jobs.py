"""Unanswered expressions of interest: a reminder to the owner's side at 14 days (once),
expiry at 21 days with the sender's side told. The clock is moved by passing `now`."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from kakehashi.accounts.models import User
from kakehashi.core import registry
from kakehashi.opportunities.interest import services
from kakehashi.opportunities.models import Interest

from .helpers import OWNER_ORG, express, mails_to, outbox

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def sent(world):
    """An interest sent at a known instant, with the owner's e-mail about it cleared."""
    interest = express(world)
    at = timezone.now().replace(microsecond=0)
    Interest.objects.filter(pk=interest.pk).update(created_at=at)
    from kakehashi.mail.models import OutboxMessage

    OutboxMessage.objects.all().delete()
    return at


def test_no_reminder_before_14_days(world, sent):
    assert services.remind_unanswered(now=sent + 14 * DAY - dt.timedelta(seconds=1)) == 0
    assert outbox() == []


def test_reminder_at_14_days_goes_once_to_the_owner_side(world, sent):
    first = services.remind_unanswered(now=sent + 14 * DAY)
    again = services.remind_unanswered(now=sent + 15 * DAY)

    assert (first, again) == (1, 0)
    assert outbox() == [
        ("haruka@tokai.example.jp", "ja", "interest_reminder"),
        ("kenji@tokai.example.jp", "ja", "interest_reminder"),
    ]
    assert Interest.objects.get().reminder_sent_at == sent + 14 * DAY


def test_reminder_writes_the_expiry_date_in_each_recipients_language(world, sent):
    created = dt.datetime(2030, 3, 1, 3, 0, tzinfo=dt.UTC)
    Interest.objects.update(created_at=created)
    User.objects.filter(email="kenji@tokai.example.jp").update(language="hi")

    services.remind_unanswered(now=created + 14 * DAY)

    japanese, hindi = mails_to("haruka@tokai.example.jp")[0], mails_to("kenji@tokai.example.jp")[0]
    assert "2030-03-22" not in japanese.body_text + hindi.body_text
    assert "2030年3月22日(金)" in japanese.body_text and "2030年3月22日(金)" in japanese.body_html
    assert "शुक्रवार, 22 मार्च 2030" in hindi.body_text and "शुक्रवार, 22 मार्च 2030" in hindi.body_html


def test_expiry_at_21_days_tells_the_senders_side_once(world, sent):
    assert services.expire_unanswered(now=sent + 21 * DAY - dt.timedelta(seconds=1)) == 0
    expired = services.expire_unanswered(now=sent + 21 * DAY)
    again = services.expire_unanswered(now=sent + 30 * DAY)

    interest = Interest.objects.get()
    assert (expired, again, interest.state, interest.answered_at) == (1, 0, "expired", sent + 21 * DAY)
    assert outbox() == [
        ("asha@sundaram.example.in", "hi", "interest_expired"),
        ("vikram@sundaram.example.in", "en", "interest_expired"),
    ]
    for mail in mails_to("vikram@sundaram.example.in"):
        assert OWNER_ORG not in mail.body_text + mail.body_html + mail.subject


def test_no_late_reminder_for_an_interest_past_21_days(world, sent):
    assert services.remind_unanswered(now=sent + 22 * DAY) == 0


def test_answered_interests_are_neither_reminded_nor_expired(world, sent):
    services.decline_interest(world.owner, Interest.objects.get(), reason="No")

    assert (services.remind_unanswered(now=sent + 14 * DAY), services.expire_unanswered(now=sent + 21 * DAY)) == (0, 0)
    assert Interest.objects.get().state == "declined"


def test_an_expired_interest_may_be_followed_by_a_new_one(world, sent):
    services.expire_unanswered(now=sent + 21 * DAY)

    assert express(world, message="Trying again").state == "pending"


def test_jobs_are_registered_and_run_without_arguments(world, sent):
    ours = [(job.name, job.interval) for job in registry.periodic_jobs() if ".interest." in job.name]
    Interest.objects.update(created_at=timezone.now() - 15 * DAY)

    results = [import_string(path)() for path, _seconds in ours]

    assert ours == [
        ("kakehashi.opportunities.interest.services.remind_unanswered", 3600),
        ("kakehashi.opportunities.interest.services.expire_unanswered", 3600),
    ]
    assert results == [1, 0]
