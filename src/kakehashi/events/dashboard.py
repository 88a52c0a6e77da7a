"""What events add to the member's dashboard: their upcoming sessions (seats and places on
a waiting list), with times in their zone, IST and JST."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Min
from django.utils import timezone

from . import queries

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

SHOWN = 5


def dashboard_panel(user: User) -> dict[str, Any]:
    """`changes_at`: when the first of these sessions ends and leaves the panel by itself."""
    upcoming = queries.my_registrations(user).filter(session__ends_at__gt=timezone.now())
    figures = upcoming.aggregate(count=Count("id"), changes_at=Min("session__ends_at"))
    return {"registrations": list(upcoming[:SHOWN]), **figures}
