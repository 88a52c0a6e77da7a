"""The translation desk's reads: what waits for a version in each language, and in which order.

An item waits in a language when its source offers it to the desk (published and visible:
`Source.desk`), it is not written in that language (nor did its author write it in it:
`Source.written_in`), and nobody published a version in it.

The order (`ORDER`), the rule the desk has always had:
1. most readers of the language reached first (`Source.reach`: an opportunity's matches
   written in that language, a post's followers reading it, …);
2. among equal reach, by kind of text, in the alphabetical order of the sources' names
   (opportunity, organisation, post, session, ssw_job);
3. within a kind, the source's own order (`Source.desk_key`, the order of `Source.desk()`):
   pinned posts first, then newest (opportunities and jobs by publication, organisations by
   joining, sessions by start);
4. then the larger id (the newer row). Before the queue was stored, items the source's order
   left tied (one publication time) came in whatever order the database's plan gave;
   they now have this fixed one, the one jobs already had.

The queue is stored (`models.DeskEntry`, one row per item and language it waits in, written by
`services.refresh_desk`: by the periodic job, at once for an item whose version is published
or deleted, and in a task after commit for an item its app publishes or changes:
`services.item_changed`, called by opportunities, posts, sessions and SSW jobs), so a page of
the desk is one ordered, sliced query and a count, however long the queue is. Every read
still checks each entry against the source's live offer and the published versions (in the
same query), so an item translated, withdrawn, expired or hidden since the last refresh never
shows and is never counted. A changed reach (an opportunity's new matches, a post's new
followers), and an organisation's new description, show from the next periodic refresh
(`TRANSLATION_DESK_SECONDS`).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from kakehashi.core.languages import CODES

from . import sources
from .models import DeskEntry, Version

ORDER = ("-reach", "source", "-boost", "-sort_at", "-object_id")
# The date of an item whose source gives none: after every dated one, as NULLs sorted last.
UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

Row = tuple[int, int, dt.datetime]  # (reach, boost, sort_at) of one item in one language


@dataclass
class DeskItem:
    source: sources.Source
    obj: Any
    language: str  # the original's
    title: str
    reach: int

    @property
    def object_id(self) -> int:
        return int(self.obj.pk)

    @property
    def url(self) -> str:
        """Reversed only for the items of the page shown."""
        return self.source.url(self.obj)


def desk_sources() -> list[sources.Source]:
    """The sources offering items to the desk, in the order of their names (rule 2)."""
    return [source for source in sources.registered() if source.desk is not None]


def offered_ids(source: sources.Source) -> QuerySet[Any]:
    """The ids of the items the source offers now, as a subquery."""
    assert source.desk is not None
    return source.desk().prefetch_related(None).order_by().values("pk")  # type: ignore[attr-defined]


def wanted(source: sources.Source, objects: list[Any]) -> dict[tuple[int, str], Row]:
    """What the stored queue should hold for these offered objects of one source, in every
    language: {(id, language): (reach, boost, date)} (a few queries per language, none per item)."""
    if not objects:
        return {}
    ids = [obj.pk for obj in objects]
    done = set(Version.objects.filter(source=source.name, object_id__in=ids).values_list("object_id", "language"))
    written = {obj.pk: {source.texts(obj)[0], *source.authored_languages(obj)} for obj in objects}
    keys = {obj.pk: _key(source, obj) for obj in objects}
    rows: dict[tuple[int, str], Row] = {}
    for language in CODES:
        waiting = [pk for pk in ids if language not in written[pk] and (pk, language) not in done]
        reach = source.reach(waiting, language) if source.reach is not None and waiting else {}
        for pk in waiting:
            rows[(pk, language)] = (int(reach.get(pk, 0)), *keys[pk])
    return rows


def _key(source: sources.Source, obj: Any) -> tuple[int, dt.datetime]:
    boost, at = source.desk_key(obj) if source.desk_key is not None else (0, None)
    return int(boost), at or UNDATED


def _live(language: str | None = None) -> tuple[Q, Any]:
    """Filters: entries of items still offered and still without a version in their language."""
    offered = [Q(source=source.name, object_id__in=offered_ids(source)) for source in desk_sources()]
    translated = Version.objects.filter(
        source=OuterRef("source"), object_id=OuterRef("object_id"), language=language or OuterRef("language"))
    return reduce(operator.or_, offered, Q(pk__in=[])), ~Exists(translated)


def queue(language: str) -> QuerySet[DeskEntry]:
    """The queue of one language in the desk's order: slice it (a page), count it."""
    return DeskEntry.objects.filter(*_live(language), language=language).order_by(*ORDER)


def items(entries: Iterable[DeskEntry]) -> list[DeskItem]:
    """The items of some entries (a page), in their order: one query per source among them."""
    entries = list(entries)
    wanted_ids: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        wanted_ids[entry.source].append(entry.object_id)
    objects: dict[tuple[str, int], Any] = {}
    for name, ids in wanted_ids.items():
        source = sources.find(name)
        if source is not None and source.desk is not None:
            objects.update(((name, obj.pk), obj) for obj in source.desk().filter(pk__in=ids))  # type: ignore[attr-defined]
    out: list[DeskItem] = []
    for entry in entries:
        obj = objects.get((entry.source, entry.object_id))
        if obj is None:  # withdrawn since the page's query
            continue
        source = sources.get(entry.source)
        original_language, fields = source.texts(obj)
        title = next((text for text in fields.values() if text.strip()), "")
        out.append(DeskItem(source, obj, original_language, title[:200], entry.reach))
    return out


def waiting(language: str) -> list[DeskItem]:
    """Every item waiting in a language, in order (tests, benchmarks; the page reads a slice)."""
    return items(queue(language))


def counts() -> dict[str, dict[str, int]]:
    """Per language: items waiting for a version (the entries the desk would list), and
    versions published. Two queries."""
    waiting = dict(
        DeskEntry.objects.filter(*_live()).order_by().values_list("language").annotate(n=Count("id")).values_list("language", "n"))
    published = dict(Version.objects.order_by().values_list("language").annotate(n=Count("id")).values_list("language", "n"))
    return {code: {"waiting": waiting.get(code, 0), "versions": published.get(code, 0)} for code in CODES}
