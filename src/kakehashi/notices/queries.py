"""Reads of the notification centre, always of one member's own notices."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from kakehashi.core.validation import DB_INT_MAX

from .kinds import SWITCHES
from .models import EmailSwitch, Notice

User = Any  # the user model (accounts'), named by settings.AUTH_USER_MODEL: notices sit below accounts


def notices_of(user: User, *, unread_only: bool = False, kinds: list[str] | None = None) -> QuerySet[Notice]:
    rows = Notice.objects.filter(recipient=user)
    if unread_only:
        rows = rows.filter(read_at=None)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return rows


def notice_for(user: Any, notice_id: int) -> Notice:
    """One of the member's notices; 404 for anyone else's (or none)."""
    if not user.is_authenticated or not 1 <= notice_id <= DB_INT_MAX:
        raise Http404
    notice = Notice.objects.filter(pk=notice_id, recipient_id=user.pk).first()
    if notice is None:
        raise Http404
    return notice


def unread_count(user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at=None).count()


def email_switches(user: User) -> dict[str, bool]:
    """Every switchable kind: True when its e-mails are on."""
    off = set(EmailSwitch.objects.filter(user=user).values_list("kind", flat=True))
    return {k.key: k.key not in off for k in SWITCHES}


def page_state(user: User) -> str:
    """What a member's pages show of their notices, in one value that changes whenever that
    does: the unread count (the header), the newest notice's id (one arrives) and the latest
    reading time (one is read). Notices are only added, read or withdrawn (services.py), so an
    unread list with the same three values is the same list. One query, read on every cached
    member page (core/pagecache.py), hence written out rather than compiled by the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(_PAGE_STATE_SQL, [user.pk])
        unread, newest, read = cursor.fetchone()
    return f"{unread or 0}:{newest}:{read}"


_PAGE_STATE_SQL = (
    f"SELECT SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), MAX(id), MAX(read_at) "  # the table name only: no user text
    f"FROM {Notice._meta.db_table} WHERE recipient_id = %s"
)
