"""The outbox delivers every message exactly once, through a real SMTP server that goes away."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from kakehashi.mail import services
from kakehashi.mail.models import OutboxMessage

from ..factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(user, n: int) -> list[OutboxMessage]:
    return [
        services.queue_mail(
            to=user.email,
            user=user,
            template="accounts/mail/member_approved",
            context={"name": user.display_name},
            locale=user.language,
        )
        for _ in range(n)
    ]


def _make_due() -> None:
    OutboxMessage.objects.filter(state="queued").update(next_attempt_at=timezone.now())


def test_outbox_delivers_each_message_exactly_once_when_the_smtp_server_was_down(smtp, settings):
    user = UserFactory(email="priya@example.in", language="ja")
    smtp.stop()

    messages = _queue(user, 5)  # sent after commit: the server is down, so every send fails

    assert set(OutboxMessage.objects.values_list("state", "attempts")) == {("queued", 1)}
    assert all("Connection refused" in m.last_error or "Errno" in m.last_error for m in OutboxMessage.objects.all())
    _make_due()
    assert services.deliver_due() == 0  # still down: attempt 2 fails too
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {2}

    smtp.start()
    _make_due()
    assert services.deliver_due() == 5
    assert services.deliver_due() == 0  # nothing left: a second sweep sends nothing again

    assert sorted(smtp.sink.message_ids) == sorted(m.message_id for m in messages)
    assert len(set(smtp.sink.message_ids)) == 5
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}
    assert smtp.sink.messages[0]["Subject"] == "Kakehashi へようこそ"


def test_outbox_retries_with_exponential_backoff(smtp, settings):
    settings.MAIL_RETRY_BASE_SECONDS = 30
    smtp.stop()
    message = _queue(UserFactory(), 1)[0]
    message.refresh_from_db()
    first_delay = (message.next_attempt_at - message.claimed_at).total_seconds()

    assert 29 <= first_delay <= 31
    assert services.deliver_due() == 0  # not due yet: no attempt made
    message.refresh_from_db()
    assert message.attempts == 1

    _make_due()
    services.deliver_due()
    message.refresh_from_db()
    assert message.attempts == 2
    assert 59 <= (message.next_attempt_at - message.claimed_at).total_seconds() <= 61


def test_outbox_gives_up_after_max_attempts(smtp, settings):
    settings.MAIL_MAX_ATTEMPTS = 3
    smtp.stop()
    message = _queue(UserFactory(), 1)[0]
    for _ in range(2):
        _make_due()
        services.deliver_due()
    message.refresh_from_db()

    assert (message.state, message.attempts) == ("failed", 3)


def test_outbox_does_not_retry_a_permanent_refusal(smtp):
    user = UserFactory(email="nobody@example.org")
    smtp.sink.refuse.add("nobody@example.org")

    message = _queue(user, 1)[0]
    message.refresh_from_db()

    assert (message.state, message.attempts) == ("failed", 1)
    assert "550" in message.last_error
    assert smtp.sink.messages == []


def test_outbox_resends_a_message_whose_sender_died_mid_send(smtp, settings):
    """A worker claimed the row (state 'sending') and died before SMTP: the lease expires
    and the next sweep sends it, once."""
    user = UserFactory()
    smtp.stop()
    message = _queue(user, 1)[0]
    OutboxMessage.objects.filter(pk=message.pk).update(
        state="sending", claimed_at=timezone.now() - dt.timedelta(seconds=settings.MAIL_SENDING_LEASE_SECONDS + 1),
        next_attempt_at=timezone.now(),
    )
    smtp.start()

    assert services.deliver_due() == 1
    assert services.deliver_due() == 0
    assert smtp.sink.message_ids == [message.message_id]


def test_outbox_does_not_touch_a_message_another_worker_is_sending(smtp):
    message = _queue(UserFactory(), 1)[0]
    OutboxMessage.objects.filter(pk=message.pk).update(state="sending", claimed_at=timezone.now())

    assert services.deliver(message.pk) == "skipped"
    assert services.deliver_due() == 0
    assert len(smtp.sink.messages) == 1  # only the first, after-commit send


def test_database_queue_worker_delivers_the_outbox(smtp, settings):
    """Production shape: TASK_BACKEND=database, the request only queues, `db_worker` sends."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    messages = _queue(UserFactory(), 3)

    assert smtp.sink.messages == []
    assert DBTaskResult.objects.count() == 3
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    assert sorted(smtp.sink.message_ids) == sorted(m.message_id for m in messages)
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}


def test_rendered_mail_is_in_the_recipients_language_with_text_and_html(smtp):
    user = UserFactory(language="hi", display_name="Rohit")

    _queue(user, 1)

    sent = smtp.sink.messages[0]
    parts = {part.get_content_type(): part.get_content() for part in sent.walk() if not part.is_multipart()}
    assert set(parts) == {"text/plain", "text/html"}
    assert "Rohit" in parts["text/plain"]
    assert '<html lang="hi">' in parts["text/html"]
