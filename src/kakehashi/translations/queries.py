"""What a reader sees of a text: the original, a person's version or a machine translation.

`shown_for(request, source, objects)` is the one read pages use: for each object the viewer
already may read (the caller got it from its own permission-checked query), the text in the
viewer's language when a version or a finished machine translation exists, else the
original, with what the "Translate" button may offer. Two queries for any number of objects.
`readable(viewer, source, object_id)` is the check for requests that name an item by id (the
translate button, the version form, the API): 404 when the viewer may not read the original.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from kakehashi.core.languages import NATIVE_NAMES, supported

from . import providers, sources
from .models import MachineTranslation, Version, fields_hash, text_hash

LANGUAGES_CACHE_KEY = "translations:languages:{provider}"


@dataclass
class Shown:
    source: str
    object_id: int
    original_language: str
    original: dict[str, str]
    fields: dict[str, str]
    language: str
    target: str
    origin: str = "original"  # or "author", "secretariat", "machine"
    machine_state: str = ""  # "", "pending", "failed", "unsupported", "too_long"
    can_translate: bool = False
    stale: bool = False  # a person's version of an original that has changed since
    original_requested: bool = False  # the reader asked for the original
    has_translation: bool = False
    ids: list[int] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return self.origin != "original"

    @property
    def original_language_name(self) -> str:
        return NATIVE_NAMES.get(self.original_language, self.original_language)

    @property
    def target_name(self) -> str:
        return NATIVE_NAMES.get(self.target, self.target)

    def __getitem__(self, name: str) -> str:
        """`{{ shown.title }}`: a field of the text shown (other names fall through to attributes)."""
        return self.fields[name]


def viewer_language(request: HttpRequest | None = None) -> str:
    if request is not None and request.GET.get("lang") in NATIVE_NAMES:
        return str(request.GET["lang"])
    return supported(get_language())


def wants_original(request: HttpRequest | None) -> bool:
    return bool(request is not None and request.GET.get("original") == "1")


def known_languages(provider: providers.Provider) -> frozenset[str] | None:
    """The provider's languages if a task already asked it (never asked from a page)."""
    codes = cache.get(LANGUAGES_CACHE_KEY.format(provider=provider.name))
    return frozenset(codes) if codes is not None else None


def remember_languages(provider: providers.Provider, codes: Iterable[str]) -> None:
    cache.set(LANGUAGES_CACHE_KEY.format(provider=provider.name), sorted(codes), 3600)


def too_long(text: str) -> bool:
    return len(text) > int(settings.TRANSLATION_MAX_TEXT_CHARS)


def shown_for(
    request: HttpRequest | None, source_name: str, objects: Sequence[Any], *, target: str | None = None, original: bool | None = None
) -> dict[int, Shown]:
    source = sources.get(source_name)
    target = target or viewer_language(request)
    original = wants_original(request) if original is None else original
    texts = {obj.pk: source.texts(obj) for obj in objects}
    # Languages the author wrote an item in themselves: the caller shows that text (no translation).
    authored = {obj.pk: source.authored_languages(obj) for obj in objects} if source.written_in is not None else {}
    self_written = {pk for pk, langs in authored.items() if target in langs}
    foreign = [pk for pk, (language, _fields) in texts.items() if language != target and pk not in self_written]
    versions = {  # sources that take no versions (private texts) skip the query
        v.object_id: v for v in Version.objects.filter(source=source_name, object_id__in=foreign, language=target)
    } if foreign and source.can_author is not None else {}
    provider = providers.current()
    machine: dict[tuple[str, str], MachineTranslation] = {}
    wanted = [pk for pk in foreign if pk not in versions]
    if provider is not None and wanted:
        hashes = {text_hash(text) for pk in wanted for text in texts[pk][1].values() if text.strip()}
        for row in MachineTranslation.objects.filter(text_hash__in=hashes, target_language=target, provider=provider.name):
            machine[(row.text_hash, row.source_language)] = row
    languages = known_languages(provider) if provider is not None else None
    shown: dict[int, Shown] = {}
    used: list[int] = []
    for pk, (language, fields) in texts.items():
        item = Shown(source_name, pk, language, dict(fields), dict(fields), language, target, original_requested=original)
        shown[pk] = item
        if language == target or target in authored.get(pk, ()):
            continue
        version = versions.get(pk)
        if version is not None:
            item.has_translation = True
            item.stale = version.original_hash != fields_hash(fields)
            if not original:
                item.fields = {name: version.fields.get(name, "") or "" for name in fields}
                item.language, item.origin = target, version.origin
            continue
        if provider is None:
            continue
        rows = {name: machine.get((text_hash(text), language)) for name, text in fields.items() if text.strip()}
        states = {row.state if row else "" for row in rows.values()}
        if rows and states == {MachineTranslation.State.DONE}:
            item.has_translation = True
            used.extend(row.pk for row in rows.values() if row)
            if not original:
                results = {name: row.result for name, row in rows.items() if row is not None}
                item.fields = {name: results.get(name, text) for name, text in fields.items()}
                item.language, item.origin = target, "machine"
            continue
        if any(too_long(text) for text in fields.values()):
            item.machine_state = "too_long"
        elif languages is not None and not (language in languages and target in languages) or states & {MachineTranslation.State.UNSUPPORTED}:
            item.machine_state = "unsupported"
        elif states & {MachineTranslation.State.PENDING, MachineTranslation.State.RUNNING}:
            item.machine_state = "pending"
            item.ids = [row.pk for row in rows.values() if row]
        elif states & {MachineTranslation.State.FAILED}:
            item.machine_state = "failed"
            item.can_translate = True
        else:
            item.can_translate = True
    if used:
        now = timezone.now()
        MachineTranslation.objects.filter(pk__in=used, used_at__lt=now - dt.timedelta(days=1)).update(used_at=now)
    return shown


def attach(request: HttpRequest | None, source_name: str, objects: Sequence[Any], attribute: str = "shown") -> None:
    """`obj.shown` for each object (a list page, a thread)."""
    shown = shown_for(request, source_name, objects)
    for obj in objects:
        setattr(obj, attribute, shown[obj.pk])


def shown_one(request: HttpRequest | None, source_name: str, obj: Any, **kwargs: Any) -> Shown:
    return shown_for(request, source_name, [obj], **kwargs)[obj.pk]


def in_language(source_name: str, objects: Sequence[Any], language: str) -> dict[int, Shown]:
    """API reads with `?lang=`: the best text of each object (the caller already checked that
    the viewer may read it) in `language`; a missing source gives {}."""
    if sources.find(source_name) is None or not objects:
        return {}
    return shown_for(None, source_name, objects, target=language, original=False)


def readable(viewer: Any, source_name: str, object_id: int) -> tuple[sources.Source, Any]:
    """The source and the object, or 404 when the viewer may not read the original."""
    source = sources.find(source_name)
    if source is None:
        raise Http404
    obj = source.readable(viewer, object_id)
    if obj is None:
        raise Http404
    return source, obj


def is_translator(user: Any) -> bool:
    """Staff, or a member staff made a translator (the `translations.translate` permission)."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.has_perm("translations.translate")))


def may_write_version(user: Any, source: sources.Source, obj: Any) -> str | None:
    """The origin a version by this user would carry ("author" / "secretariat"), or None."""
    if source.can_author is None:
        return None
    if user.is_authenticated and source.can_author(user, obj):
        return "author"
    if is_translator(user):
        return "secretariat"
    return None


def versions_of(source_name: str, object_id: int) -> list[Version]:
    return list(Version.objects.filter(source=source_name, object_id=object_id).order_by("language"))


def version_texts(source_name: str, object_ids: Iterable[int]) -> dict[int, list[str]]:
    """{id: [each published version's fields joined, by language]} of these objects (one query):
    what search reads of an item besides its original. Fields in the source's order: a JSON
    column on PostgreSQL (jsonb) does not keep the order they were written in."""
    source = sources.find(source_name)
    order = {name: i for i, name in enumerate(source.fields if source else ())}
    out: dict[int, list[str]] = {}
    rows = Version.objects.filter(source=source_name, object_id__in=list(object_ids)).order_by("object_id", "language")
    for object_id, fields in rows.values_list("object_id", "fields"):
        ordered = sorted((fields or {}).items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        out.setdefault(object_id, []).append("\n".join(str(v) for _, v in ordered if v))
    return out


def machine_state(source_name: str, obj: Any, target: str) -> tuple[str, dict[str, str]]:
    """("done" / "pending" / "failed" / "unsupported" / "none" / "original", the translated fields)."""
    shown = shown_for(None, source_name, [obj], target=target, original=False)[obj.pk]
    if shown.original_language == target:
        return "original", {}
    if shown.origin == "machine":
        return "done", shown.fields
    return (shown.machine_state or "none"), {}
