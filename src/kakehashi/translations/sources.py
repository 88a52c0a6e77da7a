"""The registry of translatable texts: how an app plugs its kinds of text in.

This app knows no domain model. An app registers one `Source` per kind of text, in its
`AppConfig.ready()` (as it registers matching collections):

    register(Source(
        name="opportunity",                       # stored with every version: never rename
        label=_("Opportunity"),
        fields=("title", "summary", "details"),
        texts=lambda o: (o.language, {"title": o.title, "summary": o.summary, "details": o.details}),
        readable=lambda viewer, pk: ...,          # the object if the viewer may read it, else None
        can_author=lambda user, obj: ...,         # may publish "the author's" version
        url=lambda obj: obj.get_absolute_url(),
        desk=lambda: ...,                         # published, visible objects the desk offers
        reach=lambda ids, language: {...},        # readers of that language each would reach
        desk_key=lambda o: (0, o.published_at),   # among equal reach: larger first (the order of `desk`)
    ))

`readable` is the one permission rule: every version, every machine translation and every
translate request goes through it, so a translation is only shown to someone who may read
the original (an anonymous opportunity stays anonymous: its texts never name the owner).
`written_in` names languages the author wrote the item in themselves (the desk does not
ask for those). Sources without `can_author` take machine translations only (private texts: interests,
thread messages); without `desk` they are not offered on the translation desk. The desk
stores its queue (`models.DeskEntry`): `desk_key(obj)` gives, as (boost, date), the order of
`desk()` among items of equal reach, so the database can keep it (both larger first; then
the larger id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Texts = tuple[str, dict[str, str]]  # (language, {field: text})


@dataclass(frozen=True)
class Source:
    name: str
    label: Any
    fields: tuple[str, ...]
    texts: Callable[[Any], Texts]
    readable: Callable[[Any, int], Any | None]
    url: Callable[[Any], str]
    can_author: Callable[[Any, Any], bool] | None = None
    desk: Callable[[], Iterable[Any]] | None = None
    reach: Callable[[list[int], str], dict[int, int]] | None = None
    desk_key: Callable[[Any], tuple[int, datetime | None]] | None = None
    multiline: tuple[str, ...] = ()  # fields edited in a text area
    lookup: Callable[[str], Any | None] | None = None  # a public key (reference, slug) -> the object (demo seeding)
    # Languages the author already wrote the item in beside the original (an organisation's
    # descriptions): no version is needed, or taken, in those.
    written_in: Callable[[Any], Iterable[str]] | None = None
    # Called with the object's id after one of its versions was published or deleted (search
    # reads an item's versions: the post collection re-indexes the post).
    on_version: Callable[[int], None] | None = None

    def authored_languages(self, obj: Any) -> set[str]:
        return set(self.written_in(obj)) if self.written_in is not None else set()

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 20:  # Version.source is 20 characters
            raise ValueError(f"a source name has 1–20 characters: {self.name!r}")


_registry: dict[str, Source] = {}


def register(source: Source) -> Source:
    _registry[source.name] = source
    return source


def unregister(name: str) -> None:
    _registry.pop(name, None)


def get(name: str) -> Source:
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"no translatable source {name!r} is registered") from None


def find(name: str) -> Source | None:
    return _registry.get(name)


def registered() -> list[Source]:
    return [_registry[name] for name in sorted(_registry)]
