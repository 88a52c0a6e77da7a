"""Opt-in digests (daily or weekly; off by default). A member on a digest gets e-mails at
once only for replies to them and mentions of them; comments on posts they follow and new
posts in tags they follow wait for the digest.

`send_due_digests(now)` is a periodic job: for each member whose period has passed since
their last digest (or since they opted in), it collects the notifications of that period
and queues one e-mail, recording a `DigestRun` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from kakehashi.accounts import people
from kakehashi.core.links import absolute_url
from kakehashi.mail.services import queue_mail

from .models import DigestRun, Notification

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

PERIODS = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}


def wants_digest(user: User) -> bool:
    return getattr(user, "digest", "off") in PERIODS


def _start_of(user: User) -> dt.datetime:
    last = DigestRun.objects.filter(user=user).order_by("-period_end").values_list("period_end", flat=True).first()
    return last or user.date_joined


def send_due_digests(now: dt.datetime | None = None) -> int:
    """Queue the digests that are due at `now`. Returns how many were queued."""
    now = now or timezone.now()
    sent = 0
    for user in people.active_users().filter(digest__in=list(PERIODS), is_active=True, email_notifications=True).iterator():
        start = _start_of(user)
        if now - start < PERIODS[user.digest]:
            continue
        try:
            with transaction.atomic():
                # Another worker may be sending this digest right now: wait for it (the user
                # row is the lock), then see whether the period is still open.
                list(type(user).objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
                if _start_of(user) != start:
                    continue
                items = list(
                    Notification.objects.filter(recipient=user, created_at__gt=start, created_at__lte=now)
                    .select_related("post", "actor").order_by("created_at")
                )
                DigestRun.objects.create(user=user, period_start=start, period_end=now, notifications=len(items))
                if items:
                    queue_mail(
                        to=user.email, user=user, template="community/mail/digest", locale=user.language,
                        context={
                            "name": user.get_short_name(),
                            "period": user.digest,
                            "items": [
                                {"actor": n.actor.get_full_name() if n.actor else "", "kind": n.kind,
                                 "title": n.post.title, "url": absolute_url(n)}
                                for n in items
                            ],
                        },
                    )
                    sent += 1
        except IntegrityError:  # another worker sent this digest at the same moment
            continue
    return sent
