"""The translation desk's reads: what waits for a version in each language, and for whom.

An item waits in a language when its source offers it to the desk (published and visible:
`Source.desk`), it is not written in that language, and nobody published a version in it.
Items are ordered by how many readers of that language they would reach (`Source.reach`,
e.g. an opportunity's matches written in that language), then newest first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kakehashi.core.languages import CODES

from . import sources
from .models import Version


@dataclass
class DeskItem:
    source: sources.Source
    obj: Any
    language: str
    title: str
    reach: int

    @property
    def object_id(self) -> int:
        return int(self.obj.pk)

    @property
    def url(self) -> str:
        """Reversed only for the items of the page shown (the queue can hold thousands)."""
        return self.source.url(self.obj)


def _offered() -> list[tuple[sources.Source, list[Any]]]:
    return [(source, list(source.desk())) for source in sources.registered() if source.desk is not None]


def waiting(language: str, offered: list[tuple[sources.Source, list[Any]]] | None = None) -> list[DeskItem]:
    items: list[DeskItem] = []
    for source, objects in offered if offered is not None else _offered():
        if not objects:
            continue
        done = set(Version.objects.filter(source=source.name, language=language).values_list("object_id", flat=True))
        candidates = [(obj, source.texts(obj)) for obj in objects if obj.pk not in done]
        candidates = [(obj, texts) for obj, texts in candidates
                      if texts[0] != language and language not in source.authored_languages(obj)]
        reach = source.reach([obj.pk for obj, _t in candidates], language) if source.reach else {}
        for obj, (original_language, fields) in candidates:
            title = next((text for text in fields.values() if text.strip()), "")
            items.append(DeskItem(source, obj, original_language, title[:200], reach.get(obj.pk, 0)))
    items.sort(key=lambda item: -item.reach)
    return items


def offered() -> list[tuple[sources.Source, list[Any]]]:
    """What each source offers the desk, read once for `waiting` and `counts` on one page."""
    return _offered()


def counts(offered: list[tuple[sources.Source, list[Any]]] | None = None) -> dict[str, dict[str, int]]:
    """Per language: items waiting for a version, and versions published (one query for
    the versions, one per source for its items)."""
    offered = offered if offered is not None else _offered()
    done: dict[tuple[str, str], set[int]] = defaultdict(set)
    published: dict[str, int] = defaultdict(int)
    for source, object_id, language in Version.objects.values_list("source", "object_id", "language"):
        done[(source, language)].add(object_id)
        published[language] += 1
    languages = [(source, [(obj.pk, {source.texts(obj)[0], *source.authored_languages(obj)}) for obj in objects])
                 for source, objects in offered]
    return {
        code: {
            "waiting": sum(
                1 for source, items in languages for pk, written in items if code not in written and pk not in done[(source.name, code)]
            ),
            "versions": published[code],
        }
        for code in CODES
    }
