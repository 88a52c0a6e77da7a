"""Opt-in digests: the day's events once, only for members who asked for them."""

import datetime as dt

import pytest
from django.utils import timezone

from kakehashi.community import services
from kakehashi.community.digests import send_due_digests
from kakehashi.community.models import Notification, PostFollow
from kakehashi.mail.models import OutboxMessage

from ..factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def _comment(post, body="hi", parent=None):
    comment = services.add_comment(UserFactory(), post, body=body, parent=parent)
    services.fan_out_comment(comment.pk)
    return comment


@pytest.fixture
def day_one():
    return timezone.now() - dt.timedelta(days=2)


def test_daily_digest_collects_the_days_events_once_and_only_for_those_who_opted_in(day_one):
    post = PostFactory(title="Perspectives")
    digest_reader = UserFactory(email="digest@example.org", digest="daily", language="hi", date_joined=day_one)
    instant_reader = UserFactory(email="instant@example.org", date_joined=day_one)
    for user in (digest_reader, instant_reader):
        PostFollow.objects.create(user=user, post=post)

    _comment(post, "first")
    _comment(post, "second")
    digest_mails = OutboxMessage.objects.filter(recipient="digest@example.org")
    assert digest_mails.count() == 0  # comments on followed posts wait for the digest
    assert OutboxMessage.objects.filter(recipient="instant@example.org").count() == 2

    later = timezone.now() + dt.timedelta(hours=1)
    assert send_due_digests(later) == 1
    assert send_due_digests(later + dt.timedelta(hours=1)) == 0  # not a day since the last one

    digest = digest_mails.get()
    assert (digest.template, digest.locale) == ("community/mail/digest", "hi")
    assert [item["title"] for item in digest.context["items"]] == ["Perspectives", "Perspectives"]

    third = _comment(post, "third")
    Notification.objects.filter(comment=third).update(created_at=later + dt.timedelta(minutes=5))  # after digest one
    assert send_due_digests(later + dt.timedelta(days=1, minutes=1)) == 1
    assert [len(m.context["items"]) for m in digest_mails.order_by("created_at")] == [2, 1]


def test_a_day_without_events_sends_no_digest_but_moves_the_period_on(day_one):
    UserFactory(digest="daily", date_joined=day_one)

    assert send_due_digests(timezone.now()) == 0
    assert OutboxMessage.objects.count() == 0


def test_a_reply_is_mailed_at_once_even_to_a_digest_reader(day_one):
    post = PostFactory()
    reader = UserFactory(email="reader@example.org", digest="weekly", date_joined=day_one)
    top = services.add_comment(reader, post, body="question")

    _comment(post, "answer", parent=top)

    assert OutboxMessage.objects.filter(recipient="reader@example.org").count() == 1
    assert Notification.objects.get(recipient=reader).emailed is True


def test_digest_respects_the_no_email_switch(day_one):
    post = PostFactory()
    quiet = UserFactory(digest="daily", email_notifications=False, date_joined=day_one)
    PostFollow.objects.create(user=quiet, post=post)
    _comment(post)

    assert send_due_digests(timezone.now() + dt.timedelta(hours=1)) == 0
