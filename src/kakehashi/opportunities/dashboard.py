"""What opportunities add to the member's dashboard ("what needs me now"), to an
organisation's page (its open opportunities) and to "My organisation's opportunities": interests awaiting an answer, unread thread messages, new
strong matches, drafts returned by staff, and per-opportunity match and interest counts.
Every read is of the member's own organisations or own notices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q

from kakehashi.notices import queries as notices

from . import queries
from .interest import queries as interest_queries
from .models import Interest, Match, Opportunity, Status, live_q

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

SHOWN = 5
ORGANISATION_SHOWN = 20


def dashboard_panel(user: User) -> dict[str, Any] | None:
    """None for a member who acts for no organisation (nothing of theirs to answer)."""
    if not queries.member_organisation_ids(user):
        return None
    awaiting = interest_queries.received_by_organisations_of(user).filter(state=Interest.State.PENDING)
    messages = notices.notices_of(user, unread_only=True, kinds=["thread_message"])
    matches = notices.notices_of(user, unread_only=True, kinds=["new_match"])
    returned = queries.of_my_organisations(user).filter(status=Status.RETURNED)
    return {
        "awaiting": list(awaiting[:SHOWN]), "awaiting_count": awaiting.count(),
        "messages": list(messages[:SHOWN]), "messages_count": messages.count(),
        "matches": list(matches[:SHOWN]), "matches_count": matches.count(),
        "returned": list(returned.prefetch_related(None)[:SHOWN]),
    }


def organisation_panel(user: User | Any, organisation: Any) -> dict[str, Any]:
    """An organisation's page: its open opportunities the viewer may see, never an anonymous
    one the viewer may not tie to it, and whether the viewer can express interest."""
    live = queries.visible_to(user).filter(live_q(), organisation_id=organisation.pk).order_by("-published_at", "-id")
    shown = [o for o in queries.with_owner_display(live[:ORGANISATION_SHOWN], user) if o.shown_organisation is not None]
    mine = queries.member_organisation_ids(user)
    return {
        "organisation": organisation, "opportunities": shown,
        "own": organisation.pk in mine, "can_express": bool(mine) and organisation.pk not in mine,
    }


def with_counts(opportunities: Iterable[Opportunity]) -> list[Opportunity]:
    """Sets `strong_matches`, `interest_count` and `interests_pending` on each (two queries)."""
    rows = list(opportunities)
    ids = [o.pk for o in rows]
    strong = dict(
        Match.objects.filter(opportunity_id__in=ids, score__gte=settings.MATCHING_STRONG_SCORE)
        .values("opportunity_id").annotate(n=Count("id")).values_list("opportunity_id", "n")
    )
    interests: dict[int, tuple[int, int]] = {
        opportunity_id: (total, pending)
        for opportunity_id, total, pending in Interest.objects.filter(opportunity_id__in=ids)
        .values("opportunity_id")
        .annotate(total=Count("id"), pending=Count("id", filter=Q(state=Interest.State.PENDING)))
        .values_list("opportunity_id", "total", "pending")
    }
    for o in rows:
        o.strong_matches = strong.get(o.pk, 0)  # type: ignore[attr-defined]
        o.interest_count, o.interests_pending = interests.get(o.pk, (0, 0))  # type: ignore[attr-defined]
    return rows
