"""The supply-chain panel of the member's dashboard: the newest versions of their
organisations' supplier lists, and where to upload one."""

from __future__ import annotations

from typing import Any

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer

from . import queries

SHOWN = 3


def dashboard_panel(user: Viewer) -> dict[str, Any] | None:
    """Only for members acting for an organisation (those who can upload)."""
    if not people.organisation_ids_for(user):
        return None
    return {"lists": list(queries.latest_versions(user)[:SHOWN])}
