"""Reads of knowledge. Agreements are public facts; the items tagged with one are shown only
as far as the viewer may see them (each item's own app decides)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import get_language

from kakehashi.accounts.people import Viewer

from . import items
from .models import Agreement, ItemLink


def timeline() -> QuerySet[Agreement]:
    return Agreement.objects.all()


def agreement_for(slug: str) -> Agreement:
    agreement = Agreement.objects.filter(slug=slug).first() if "\x00" not in slug else None
    if agreement is None:
        raise Http404
    return agreement


def link_for(staff: Viewer, agreement: Agreement, link_id: int) -> ItemLink:
    if not getattr(staff, "is_staff", False):
        raise Http404
    link = agreement.links.filter(pk=link_id).first()
    if link is None:
        raise Http404
    return link


def tagged_items(agreement: Agreement, viewer: Viewer) -> list[dict[str, Any]]:
    """The items tagged with the agreement that the viewer may see, by kind:
    [{"kind", "label", "title", "url", "reference", "link_id"}]."""
    links = list(agreement.links.order_by("kind", "created_at"))
    shown = []
    for code, kind in items.KINDS.items():
        ids = {link.object_id: link.pk for link in links if link.kind == code}
        if not ids:
            continue
        for item in kind.visible(viewer).filter(pk__in=ids).order_by("pk"):
            shown.append({
                "kind": code, "label": kind.label, "title": str(item.title), "url": kind.url(item),
                "reference": kind.reference(item), "link_id": ids[item.pk],
            })
    return shown


def agreements_of(kind: str, object_id: int) -> QuerySet[Agreement]:
    return Agreement.objects.filter(links__kind=kind, links__object_id=object_id).distinct()


def part_of(kind: str, item: Any, user: Viewer) -> dict[str, Any] | None:
    """The "Part of:" box of an item's page (registered with core.registry.item_aside): the
    page's own view already decided the viewer may see the item."""
    if kind not in items.KINDS or getattr(item, "pk", None) is None:
        return None
    language = get_language() or "en"
    agreements = [{"title": a.title_in(language), "url": a.get_absolute_url(), "date": a.date} for a in agreements_of(kind, item.pk)]
    return {"agreements": agreements} if agreements else None
