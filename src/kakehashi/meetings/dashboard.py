"""What meetings add to the member's dashboard: the matchmaking sessions they take part in,
with the requests waiting for their answer and their next meeting. Left out for members
who take part in none."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils import timezone

from .models import Meeting, MeetingRequest, Participant

if TYPE_CHECKING:
    from kakehashi.accounts.models import User


def dashboard_panel(user: User) -> dict[str, Any] | None:
    """`changes_at`: when the panel next changes by itself (a session ends, a meeting starts)."""
    mine = list(
        Participant.objects.filter(user=user, active=True, session__ends_at__gt=timezone.now())
        .select_related("session").order_by("session__starts_at")
        .annotate(waiting=Count("requests_received", filter=Q(requests_received__state=MeetingRequest.State.PENDING)))
    )
    if not mine:
        return None
    upcoming = (
        Meeting.objects.filter(Q(request__requester__in=mine) | Q(request__receiver__in=mine), cancelled=False, slot__starts_at__gt=timezone.now())
        .select_related("slot").order_by("slot__starts_at")
    )
    next_of: dict[int, Meeting] = {}
    for meeting in upcoming.only("slot__starts_at", "request__session_id").select_related("request"):
        next_of.setdefault(meeting.request.session_id, meeting)
    # The panel changes by itself when a session ends or a next meeting starts.
    changes_at = min([p.session.ends_at for p in mine] + [m.slot.starts_at for m in next_of.values() if m.slot is not None])
    return {"rows": [{"participant": p, "waiting": p.waiting, "next": next_of.get(p.session_id)} for p in mine],
            "changes_at": changes_at}
