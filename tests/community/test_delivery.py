"""Comment notifications reach every follower exactly once, through a real SMTP server."""

import pytest
from django.db import transaction
from django.utils import timezone

from kakehashi.community import services
from kakehashi.community.models import Notification, PostFollow
from kakehashi.mail import services as mail
from kakehashi.mail.models import OutboxMessage

from ..factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _followers(post, n):
    users = [UserFactory(email=f"follower{i}@example.org", language=("en", "ja", "hi")[i % 3]) for i in range(n)]
    for user in users:
        PostFollow.objects.create(user=user, post=post)
    return users


def test_notifications_sent_while_smtp_is_down_arrive_exactly_once_when_it_returns(smtp):
    post = PostFactory(title="Digital Partnership")
    followers = _followers(post, 6)
    smtp.stop()

    with transaction.atomic():  # the request: after commit, fan-out and sending run (and fail)
        services.add_comment(UserFactory(), post, body="See you at the next session")

    assert Notification.objects.count() == 6
    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {("queued", 1)}
    smtp.start()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert mail.deliver_due() == 6
    assert mail.deliver_due() == 0

    assert sorted(m["To"] for m in smtp.sink.messages) == sorted(u.email for u in followers)
    japanese = next(m for m in smtp.sink.messages if m["To"] == "follower1@example.org")
    assert japanese["Subject"].strip() == "「Digital Partnership」に新しいコメント"  # a fully encoded header decodes with a leading space
    assert japanese["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_fan_out_that_died_after_its_first_batch_finishes_without_duplicates(smtp):
    """The first batch's transaction committed (notifications + mail rows) and the worker
    died; running the task again mails only the rest."""
    post = PostFactory()
    followers = _followers(post, 5)
    smtp.stop()
    with transaction.atomic():
        comment = services.add_comment(UserFactory(), post, body="hello")
    # Put the database in the state a crash after batch one leaves: keep two, drop three.
    survivors = followers[:2]
    Notification.objects.exclude(recipient__in=survivors).delete()
    OutboxMessage.objects.exclude(recipient__in=[u.email for u in survivors]).delete()
    smtp.start()

    assert services.fan_out_comment(comment.pk) == 3
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    mail.deliver_due()

    assert sorted(m["To"] for m in smtp.sink.messages) == sorted(u.email for u in followers)
