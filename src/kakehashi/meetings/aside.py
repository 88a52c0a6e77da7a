"""The "Matchmaking" box on a matchmaking session's page (events shows it through
`core.registry.item_aside` without importing meetings): links for participants, for
registered members who have not joined yet, and for the organisers."""

from __future__ import annotations

from typing import Any

from kakehashi.accounts.people import Viewer, is_approved_member
from kakehashi.events.models import Session

from . import queries


def session_aside(kind: str, item: Any, user: Viewer) -> dict[str, Any] | None:
    if kind != "session" or not isinstance(item, Session) or item.kind != Session.Kind.MATCHMAKING or not is_approved_member(user):
        return None
    organiser = queries.can_organise(user, item)
    participant = queries.participant_of(user, item) is not None
    registered = participant or queries.is_registered(user, item)
    if not (organiser or registered):
        return None
    return {"slug": item.slug, "participant": participant, "registered": registered, "organiser": organiser}
