"""Every write to the outbox: queue a message, deliver one, deliver what is due.

Rendering happens when the message is queued, in the recipient's language, so the row holds
exactly what will be sent. Delivery is claimed by one conditional UPDATE (queued → sending),
so a message is never sent by two workers; transient SMTP failures put it back in the queue
with exponential backoff; a worker that died mid-send leaves a `sending` row whose lease
expires and `deliver_due()` queues it again.
"""

import base64
import datetime as dt
import logging
import smtplib
import socket
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxMessage

log = logging.getLogger(__name__)
State = OutboxMessage.State


def render(template: str, context: dict[str, Any], locale: str) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `locale`."""
    ctx = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, "locale": locale, **context}
    with translation.override(locale):
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        text = render_to_string(f"{template}.txt", ctx).strip() + "\n"
        html = render_to_string(f"{template}.html", ctx)
    return subject, text, html


def queue_mail(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    locale: str,
    user: Any = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict[str, str]] | None = None,
    send: bool = True,
) -> OutboxMessage:
    """Store one rendered message and send it once the surrounding transaction commits.

    `context` must be JSON-serialisable (ids and strings, never model instances): it is kept
    on the row so a message can be inspected and re-rendered later. Bulk senders pass
    `send=False` and call `send_queued_after_commit()` once for the whole batch.
    """
    subject, text, html = render(template, context, locale)
    return store_rendered(
        to=to,
        user=user,
        template=template,
        context=context,
        locale=locale,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=headers,
        attachments=attachments,
        send=send,
    )


def send_queued_after_commit() -> None:
    """After commit, one task sends every due message (over one SMTP connection)."""
    from . import tasks  # noqa: PLC0415  (circular: tasks import this module)

    def enqueue() -> None:
        try:
            tasks.deliver_due.enqueue()
        except Exception:  # the rows are safe in the outbox; the periodic sweep sends them
            log.exception("could not enqueue deliver_due; the periodic sweep will send the mail")

    transaction.on_commit(enqueue)


def store_rendered(
    *,
    to: str,
    template: str,
    locale: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    user: Any = None,
    context: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict[str, str]] | None = None,
    send: bool = True,
) -> OutboxMessage:
    """Store a message rendered elsewhere (allauth's mails) and send it after commit."""
    message = OutboxMessage.objects.create(
        recipient=to,
        user=user,
        locale=locale,
        template=template,
        context=context or {},
        subject=" ".join(subject.split())[:300],
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        attachments=attachments or [],
    )
    if send:
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: Any, run_after: dt.datetime | None = None) -> None:
    from . import tasks  # noqa: PLC0415  (circular: tasks import this module)

    task = tasks.deliver
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic sweep (`deliver_due`) picks it up when it is due
        task = task.using(run_after=run_after)
    try:
        task.enqueue(message_id=str(message_id))
    except Exception:  # the row is safe in the outbox; the sweep will send it
        log.exception("could not enqueue delivery of %s; it stays queued", message_id)


def _claim(message_id: Any) -> OutboxMessage | None:
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(pk=message_id, state=State.QUEUED, next_attempt_at__lte=now).update(
        state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=message_id)


def _build(message: OutboxMessage, connection: Any) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message.message_id, **message.headers},
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], base64.b64decode(attachment["content_b64"]), attachment["mimetype"])
    return email


def _is_transient(exc: BaseException) -> bool:
    """Worth retrying: network trouble, 4xx replies, and authentication (an operator can fix it)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, (smtplib.SMTPException, OSError, socket.timeout))


def backoff(attempts: int) -> dt.timedelta:
    seconds = settings.MAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, 3600))


def deliver(message_id: Any, connection: Any = None) -> str:
    """Send one queued message if it is due. Returns the state it ends in, or 'skipped'."""
    message = _claim(message_id)
    if message is None:
        return "skipped"
    try:
        _build(message, connection or get_connection(fail_silently=False)).send()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if _is_transient(exc) and message.attempts < settings.MAIL_MAX_ATTEMPTS:
            retry_at = timezone.now() + backoff(message.attempts)
            OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING).update(
                state=State.QUEUED, next_attempt_at=retry_at, last_error=error
            )
            log.warning("mail %s attempt %s failed, retry at %s: %s", message.pk, message.attempts, retry_at, error)
            _enqueue(message.pk, run_after=retry_at)
            return State.QUEUED
        OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING).update(state=State.FAILED, last_error=error)
        log.error("mail %s failed for good: %s", message.pk, error)
        return State.FAILED
    OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.SENT, sent_at=timezone.now(), last_error=""
    )
    return State.SENT


def release_stale_claims() -> int:
    """Put back messages whose sender died mid-send (claimed longer ago than the lease)."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.MAIL_SENDING_LEASE_SECONDS)
    return OutboxMessage.objects.filter(state=State.SENDING, claimed_at__lt=cutoff).update(state=State.QUEUED)


def deliver_due(limit: int = 200) -> int:
    """Send every queued message that is due (oldest first), over one SMTP connection.

    Returns how many were sent. Run periodically by `kakehashi worker` and `kakehashi run`.
    """
    release_stale_claims()
    due = list(
        OutboxMessage.objects.filter(state=State.QUEUED, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    if not due:
        return 0
    sent = 0
    connection: Any = get_connection(fail_silently=False)
    try:
        # Opened here, the connection stays open across messages (the backend closes only
        # connections it opened itself). If the server is down, each message records its
        # own failed attempt below.
        connection.open()
    except Exception:  # logged per message by deliver()
        connection = None
    try:
        for pk in due:
            if deliver(pk, connection=connection) == State.SENT:
                sent += 1
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a broken SMTP connection may fail again; nothing to keep
                log.debug("closing the mail connection failed", exc_info=True)
    return sent


def was_queued(*, user_id: int, template: str, url: str) -> bool:
    """Whether this person was already sent this e-mail about this address (a task that
    queues mail checks it first, so running it twice sends nothing twice)."""
    return OutboxMessage.objects.filter(user_id=user_id, template=template, context__url=url).exists()
