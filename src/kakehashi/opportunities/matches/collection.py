"""The "opportunity" collection of the matching engine: registered in
`OpportunitiesConfig.ready` (`register_collection()`), it tells the engine which texts to
embed and which ids are live or visible to a viewer. Only live opportunities are indexed.

Deleting an opportunity (itself, or by cascade when its organisation or the last member's
account is deleted) forgets its vectors and neighbourhoods in the same transaction: a
cascade calls no service, so a `post_delete` receiver does it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models.signals import post_delete

from kakehashi.matching import services as matching
from kakehashi.matching.collections import Collection, Document, passages, register
from kakehashi.translations import queries as translations

from .. import queries
from ..models import Opportunity, live_q
from . import COLLECTION, services


def document_of(opportunity: Opportunity, versions: Sequence[str] = ()) -> Document:
    """The opportunity for the engine; `versions` (its published translations) are read by
    search's lexical signal only."""
    return Document(
        opportunity.pk, opportunity.language,
        (opportunity.text_for_matching, *passages(opportunity.title, opportunity.summary, opportunity.details)),
        tuple(versions),
    )


def fetch(ids: Sequence[int]) -> Iterable[Document]:
    found = list(Opportunity.objects.filter(live_q(), pk__in=list(ids)).order_by("pk"))
    versions = translations.version_texts("opportunity", [o.pk for o in found])
    return [document_of(o, versions.get(o.pk, ())) for o in found]


def live_ids() -> Iterable[int]:
    return Opportunity.objects.filter(live_q()).values_list("pk", flat=True)


def visible_ids(viewer: Any) -> Iterable[int]:
    return queries.visible_to(viewer).filter(live_q()).values_list("pk", flat=True)


def _forget_deleted(sender: type[Opportunity], instance: Opportunity, **kwargs: Any) -> None:
    matching.forget(COLLECTION, [instance.pk])


def register_collection() -> None:
    register(Collection(
        name=COLLECTION, fetch=fetch, live_ids=live_ids, visible_ids=visible_ids,
        on_change=services.document_changed, on_reindex=services.rebuild_matches,
    ))
    post_delete.connect(_forget_deleted, sender=Opportunity, dispatch_uid="opportunities.matches.forget_deleted")
