"""The kinds of platform item an agreement can tag, read through their own apps' queries:
`find` (one item by the reference in its address, as the viewer may see it, else Http404)
and `visible` (what the viewer may see)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.people import Viewer
from kakehashi.community import queries as community
from kakehashi.events import queries as events
from kakehashi.opportunities import queries as opportunities


@dataclass(frozen=True)
class ItemKind:
    label: Promise
    find: Callable[[Viewer, str], Any]
    visible: Callable[[Viewer], QuerySet[Any]]
    url: Callable[[Any], str]
    reference: Callable[[Any], str]


KINDS: dict[str, ItemKind] = {
    "session": ItemKind(
        _("Event session"), events.session_for, events.sessions_visible_to,
        lambda s: reverse("events:session", args=[s.slug]), lambda s: s.slug,
    ),
    "opportunity": ItemKind(
        _("Opportunity"), opportunities.opportunity_for, opportunities.visible_to,
        lambda o: reverse("opportunities:detail", args=[o.reference]), lambda o: o.reference,
    ),
    "post": ItemKind(
        _("Community post"), community.post_for, community.posts_visible_to,
        lambda p: reverse("community:post", args=[p.slug]), lambda p: p.slug,
    ),
}


def choices() -> list[tuple[str, Any]]:
    return [(code, kind.label) for code, kind in KINDS.items()]
