"""Named leases: one holder at a time across processes and machines sharing the database.

    holder = leases.claim("matching.reindex", seconds=900)
    if holder is None: ...  # someone else holds it
    try: ...; leases.renew("matching.reindex", holder, seconds=900)
    finally: leases.release("matching.reindex", holder)

A claim is a conditional UPDATE (free or expired → mine), atomic on SQLite and PostgreSQL;
a holder that dies loses its lease when it expires.
"""

import os
import socket
import uuid
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from .models import Lease


def claim(name: str, *, seconds: int) -> str | None:
    """Take the lease if it is free or expired; returns the holder token, or None."""
    now = timezone.now()
    Lease.objects.bulk_create([Lease(name=name, holder="", expires_at=now)], ignore_conflicts=True)
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    taken = (
        Lease.objects.filter(name=name)
        .filter(Q(holder="") | Q(expires_at__lte=now))
        .update(holder=holder, expires_at=now + timedelta(seconds=seconds))
    )
    return holder if taken else None


def renew(name: str, holder: str, *, seconds: int) -> bool:
    """Extend a lease still held by `holder`; False if it was lost."""
    until = timezone.now() + timedelta(seconds=seconds)
    return bool(Lease.objects.filter(name=name, holder=holder).update(expires_at=until))


def release(name: str, holder: str) -> None:
    Lease.objects.filter(name=name, holder=holder).update(holder="", expires_at=timezone.now())


def held(name: str) -> bool:
    """Someone holds this lease now."""
    return Lease.objects.filter(name=name, expires_at__gt=timezone.now()).exclude(holder="").exists()
