"""Every write of the notification centre: adding notices, marking them read, the e-mail
switches. Domain apps call `notify` inside the transaction of their action, so a notice
exists exactly when the action committed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kakehashi.core import audit

from .kinds import KINDS, SWITCHES
from .models import EmailSwitch, Notice

User = Any  # the user model (accounts'), named by settings.AUTH_USER_MODEL: notices sit below accounts

U = TypeVar("U")


def _pk(person: Any) -> int:
    return person if isinstance(person, int) else person.pk


def notify(recipients: Iterable[Any], kind: str, *, key: str, url: str, actor: Any = None, **params: Any) -> int:
    """A notice of `kind` about `key` for each recipient (users or ids), never for the actor
    who caused it. Idempotent: a recipient who has this notice already gets no second one.
    `params` fill the kind's sentence (strings). Returns how many recipients were asked."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    actor_id = _pk(actor) if actor is not None else None
    ids = sorted({_pk(r) for r in recipients if r is not None} - {actor_id})
    values = {k: str(v) for k, v in params.items()}
    Notice.objects.bulk_create(
        [Notice(recipient_id=i, kind=kind, key=str(key)[:100], url=url[:500], actor_id=actor_id, params=values) for i in ids],
        ignore_conflicts=True,
    )
    return len(ids)


def withdraw(kind: str, key: str) -> int:
    """Remove the notices about something that no longer exists (e.g. a removed comment)."""
    return Notice.objects.filter(kind=kind, key=key).delete()[0]


def mark_read(user: User, ids: Iterable[int] | None = None, *, kinds: Iterable[str] | None = None, keys: Iterable[str] | None = None) -> int:
    """Mark the member's unread notices read: those listed (others' ids are ignored), or all
    (of `kinds`, about `keys`, when given)."""
    rows = Notice.objects.filter(recipient=user, read_at=None)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    if keys is not None:
        rows = rows.filter(key__in=list(keys))
    return rows.update(read_at=timezone.now())


def mark_read_at(user: User, path: str) -> int:
    """The member opened a place: their unread notices that lead there (or to a part of it,
    `…#message-4`) are read."""
    if not getattr(user, "is_authenticated", False) or not path.startswith("/"):
        return 0
    rows = Notice.objects.filter(Q(url=path) | Q(url__startswith=f"{path}#"), recipient=user, read_at=None)
    return rows.update(read_at=timezone.now())


def email_recipients(users: Iterable[U], kind: str) -> list[U]:
    """`users` less those who switched the e-mail of `kind` off (one query)."""
    people = list(users)
    if not people:
        return people
    off = set(EmailSwitch.objects.filter(kind=kind, user_id__in=[_pk(u) for u in people]).values_list("user_id", flat=True))
    return [u for u in people if _pk(u) not in off]


def wants_email(user: Any, kind: str) -> bool:
    return user is not None and bool(email_recipients([user], kind))


@transaction.atomic
def set_email_switches(user: User, switches: dict[str, bool]) -> dict[str, bool]:
    """Switch e-mails of each known switchable kind on (True) or off (False)."""
    known = {k.key for k in SWITCHES}
    changes = {}
    current_off = set(EmailSwitch.objects.filter(user=user).values_list("kind", flat=True))
    for kind, on in switches.items():
        if kind not in known or on == (kind not in current_off):
            continue
        if on:
            EmailSwitch.objects.filter(user=user, kind=kind).delete()
        else:
            EmailSwitch.objects.get_or_create(user=user, kind=kind)
        changes[kind] = on
    if changes:
        audit.record(user, "notices.email_switches", user, **changes)
    return changes
