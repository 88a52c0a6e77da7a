"""Every write: versions people publish, machine translations requested and computed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core import audit, leases
from kakehashi.core.languages import CODES

from . import desk, engine, providers, queries, sources
from .models import DeskEntry, MachineTranslation, Origin, Version, fields_hash, text_hash

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

log = logging.getLogger(__name__)

MAX_FIELD_CHARS = 20000
# A translation claimed this long ago by a worker that did not finish is taken again.
CLAIM_LEASE = dt.timedelta(minutes=10)
State = MachineTranslation.State


# --- versions written by people -----------------------------------------------------------------


@transaction.atomic
def save_version(user: User, source_name: str, object_id: int, language: str, fields: dict[str, str]) -> Version:
    """Publish (or replace) the version of an item in `language`, by its author or the secretariat."""
    source, obj = queries.readable(user, source_name, object_id)
    origin = queries.may_write_version(user, source, obj)
    if origin is None:
        raise PermissionDenied
    original_language, original = source.texts(obj)
    if language not in CODES:
        raise ValidationError({"language": _("Choose English, Japanese or Hindi.")})
    if language == original_language:
        raise ValidationError({"language": _("This is the language of the original.")})
    if language in source.authored_languages(obj):
        raise ValidationError({"language": _("The author wrote this text in that language.")})
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in source.fields:
        value = (fields.get(name) or "").strip()
        if original.get(name, "").strip() and not value:
            errors[name] = _("Translate this part too: the original has it.")
        elif len(value) > MAX_FIELD_CHARS:
            errors[name] = _("At most %(limit)s characters.") % {"limit": MAX_FIELD_CHARS}
        clean[name] = value
    if errors:
        raise ValidationError(errors)
    version, created = Version.objects.update_or_create(
        source=source_name, object_id=object_id, language=language,
        defaults={"fields": clean, "origin": origin, "original_hash": fields_hash(original), "published_by": user},
    )
    audit.record(user, "translation.version_published", version, source=source_name, object_id=object_id, language=language,
                 origin=origin, created=created)
    DeskEntry.objects.filter(source=source_name, object_id=object_id, language=language).delete()  # off the desk
    if source.on_version is not None:
        source.on_version(object_id)
    return version


@transaction.atomic
def delete_version(user: User, source_name: str, object_id: int, language: str) -> None:
    source, obj = queries.readable(user, source_name, object_id)
    if queries.may_write_version(user, source, obj) is None:
        raise PermissionDenied
    version = Version.objects.filter(source=source_name, object_id=object_id, language=language).first()
    if version is None:
        return
    audit.record(user, "translation.version_deleted", version, source=source_name, object_id=object_id, language=language)
    version.delete()
    if source.desk is not None:  # back on the desk, if it is still offered
        refresh_desk(source_name, [object_id])
    if source.on_version is not None:
        source.on_version(object_id)


def forget_versions(source_name: str, object_ids: list[int]) -> int:
    """An app calls this when items are deleted (their versions go with them)."""
    return Version.objects.filter(source=source_name, object_id__in=object_ids).delete()[0]


# --- the desk's stored queue ------------------------------------------------------------------

DESK_LEASE = "translations.desk"
DESK_LEASE_SECONDS = 900  # longer than a refresh of tens of thousands of items takes
DESK_CHUNK = 500  # items whose reach is read at once (SQLite caps the parameters of a query)


def refresh_desk(source_name: str | None = None, object_ids: Iterable[int] | None = None) -> int:
    """Bring the desk's stored queue (`DeskEntry`) in line with what the sources offer, the
    versions published and each item's reach: every source, or one source's items `object_ids`
    (an app may call this when it changes them). Returns the entries added, changed or removed.

    Safe to run twice and in several processes at once: it compares and writes only the
    difference (an entry is unique per item and language; a conflicting insert is skipped).
    Reading is done outside any transaction; each source's writes are one transaction, so a
    run killed half-way leaves every source either refreshed or as it was, and the next run
    finishes the work."""
    ids = None if object_ids is None else list(object_ids)
    changed = 0
    if source_name is None and ids is None:  # a source no longer registered leaves nothing behind
        changed += DeskEntry.objects.exclude(source__in=[source.name for source in desk.desk_sources()]).delete()[0]
    for source in desk.desk_sources():
        if source_name is None or source.name == source_name:
            changed += _refresh_source(source, ids)
    return changed


def _refresh_source(source: sources.Source, ids: list[int] | None) -> int:
    assert source.desk is not None
    offered = source.desk()
    if ids is not None:
        offered = offered.filter(pk__in=ids)  # type: ignore[attr-defined]
    objects = list(offered)
    wanted: dict[tuple[int, str], desk.Row] = {}
    for start in range(0, len(objects), DESK_CHUNK):
        wanted.update(desk.wanted(source, objects[start:start + DESK_CHUNK]))
    now = timezone.now()
    with transaction.atomic():
        stored = DeskEntry.objects.filter(source=source.name)
        if ids is not None:
            stored = stored.filter(object_id__in=ids)
        existing = {(entry.object_id, entry.language): entry for entry in stored.only(
            "object_id", "language", "reach", "boost", "sort_at")}
        gone = [entry.pk for key, entry in existing.items() if key not in wanted]
        new, changed = [], []
        for (object_id, language), (reach, boost, sort_at) in wanted.items():
            entry = existing.get((object_id, language))
            if entry is None:
                new.append(DeskEntry(source=source.name, object_id=object_id, language=language, reach=reach, boost=boost,
                                     sort_at=sort_at, refreshed_at=now))
            elif (entry.reach, entry.boost, entry.sort_at) != (reach, boost, sort_at):
                entry.reach, entry.boost, entry.sort_at, entry.refreshed_at = reach, boost, sort_at, now
                changed.append(entry)
        for start in range(0, len(gone), DESK_CHUNK):
            DeskEntry.objects.filter(pk__in=gone[start:start + DESK_CHUNK]).delete()
        DeskEntry.objects.bulk_create(new, batch_size=DESK_CHUNK, ignore_conflicts=True)
        DeskEntry.objects.bulk_update(changed, ["reach", "boost", "sort_at", "refreshed_at"], batch_size=DESK_CHUNK)
    return len(gone) + len(new) + len(changed)


def item_changed(source_name: str, object_id: int) -> None:
    """An app calls this when one of its items is published, changed or withdrawn: after
    commit, a task brings that item's desk entries in line (`refresh_desk` for the item), so
    a newly published item waits on the desk at once instead of from the next periodic
    refresh. The periodic refresh remains the safety net (a task lost with its queue, the
    reach of the other items a publication changes)."""
    from . import tasks  # noqa: PLC0415  (circular: tasks import this module)

    if sources.get(source_name).desk is None:  # fails now, in the caller, on an unknown source
        return
    transaction.on_commit(lambda: tasks.refresh_desk_item.enqueue(source=source_name, object_id=object_id))


def refresh_desk_queue() -> int:
    """Periodic (`TRANSLATION_DESK_SECONDS`): refresh the whole queue, in one process at a time
    (a lease; a process killed while holding it loses it when it expires, and the next run
    does the work again)."""
    holder = leases.claim(DESK_LEASE, seconds=DESK_LEASE_SECONDS)
    if holder is None:
        return 0
    try:
        return refresh_desk()
    finally:
        leases.release(DESK_LEASE, holder)


# --- machine translations ----------------------------------------------------------------------


def request_translation(viewer: Any, source_name: str, object_id: int, target: str) -> str:
    """Queue the machine translation of an item's texts into `target` (the reader may read it).

    Returns the state: "done" (cached), "pending" (queued; a task computes it), "original"
    (already in that language), "too_long", "unsupported". A failed one is queued again.
    """
    source, obj = queries.readable(viewer, source_name, object_id)
    provider = providers.current()
    if provider is None:
        raise ValidationError(_("Machine translation is not set up on this platform."))
    if target not in CODES:
        raise ValidationError({"lang": _("Choose English, Japanese or Hindi.")})
    language, fields = source.texts(obj)
    if language == target:
        return "original"
    texts = [text for text in fields.values() if text.strip()]
    if any(queries.too_long(text) for text in texts):
        return "too_long"
    languages = queries.known_languages(provider)
    if languages is not None and not (language in languages and target in languages):
        return "unsupported"
    queued: list[int] = []
    states: set[str] = set()
    for text in texts:
        row = _row_for(text, language, target, provider.name)
        if row.state == State.FAILED or (row.state == State.RUNNING and row.claimed_at and row.claimed_at < timezone.now() - CLAIM_LEASE):
            MachineTranslation.objects.filter(pk=row.pk, state=row.state).update(state=State.PENDING, requested_at=timezone.now())
            row.state = State.PENDING
        if row.state == State.PENDING:
            queued.append(row.pk)
        states.add(row.state)
    if queued:
        transaction.on_commit(lambda: _enqueue(queued))
    if states <= {State.DONE}:
        return "done"
    if State.UNSUPPORTED in states:
        return "unsupported"
    return "pending"


def _row_for(text: str, source: str, target: str, provider: str) -> MachineTranslation:
    key = {"text_hash": text_hash(text), "source_language": source, "target_language": target, "provider": provider}
    row = MachineTranslation.objects.filter(**key).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return MachineTranslation.objects.create(text=text, **key)
    except IntegrityError:  # another request queued the same text a moment ago
        return MachineTranslation.objects.get(**key)


def _enqueue(ids: list[int]) -> None:
    from .tasks import translate  # noqa: PLC0415  (circular: tasks import this module)

    for translation_id in ids:
        translate.enqueue(translation_id=translation_id)


def translate_for_mail(text: str, source: str, target: str) -> str | None:
    """The cached translation of a quoted text, or None; a missing one is queued for next time."""
    provider = providers.current()
    if provider is None or source == target or not text.strip() or queries.too_long(text):
        return None
    row = _row_for(text, source, target, provider.name)
    if row.state == State.DONE:
        return row.result
    if row.state in (State.PENDING, State.FAILED):
        transaction.on_commit(lambda: _enqueue([row.pk]))
    return None


def run_translation(translation_id: int) -> str:
    """The task's work: claim the row, ask the provider, store the result. Safe to run twice:
    a row is claimed by a conditional UPDATE, and a finished one is left alone."""
    now = timezone.now()
    claimed = MachineTranslation.objects.filter(
        Q(state=State.PENDING) | Q(state=State.RUNNING, claimed_at__lt=now - CLAIM_LEASE), pk=translation_id
    ).update(state=State.RUNNING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    row = MachineTranslation.objects.get(pk=translation_id)
    provider = providers.current()
    if provider is None or provider.name != row.provider:
        return _finish(row, State.FAILED, error="provider not configured")
    try:
        languages = provider.languages()
        queries.remember_languages(provider, languages)
        if not (row.source_language in languages and row.target_language in languages):
            return _finish(row, State.UNSUPPORTED, error=f"{provider.name} does not translate {row.source_language}→{row.target_language}")
        result = engine.translate_text(provider, row.text, row.source_language, row.target_language)
    except providers.Rejected as failure:
        log.warning("translation %s refused: %s", row.pk, failure)
        return _finish(row, State.FAILED, error=str(failure))
    except providers.Unavailable as failure:
        log.warning("translation %s not available: %s", row.pk, failure)
        return _finish(row, State.FAILED, error=str(failure))
    return _finish(row, State.DONE, result=result)


def _finish(row: MachineTranslation, state: str, *, result: str = "", error: str = "") -> str:
    MachineTranslation.objects.filter(pk=row.pk, state=State.RUNNING).update(
        state=state, result=result, error=error[:300], finished_at=timezone.now()
    )
    return str(state)


def forget_unused(now: dt.datetime | None = None) -> int:
    """Periodic: drop cached translations nobody read for `TRANSLATION_CACHE_DAYS` days."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=int(settings.TRANSLATION_CACHE_DAYS))
    return MachineTranslation.objects.filter(used_at__lt=cutoff, requested_at__lt=cutoff).delete()[0]


ORIGINS = dict(Origin.choices)


def translate_now(text: str, source: str, target: str) -> str | None:
    """For tasks only (it waits for the provider): the translation, from the cache or computed
    now and cached; None when there is no provider, the text cannot be sent, or it fails."""
    provider = providers.current()
    if provider is None or source == target or not text.strip() or queries.too_long(text):
        return None
    row = _row_for(text, source, target, provider.name)
    if row.state == State.DONE:
        return row.result
    if row.state == State.FAILED:
        MachineTranslation.objects.filter(pk=row.pk, state=State.FAILED).update(state=State.PENDING)
    run_translation(row.pk)
    row.refresh_from_db()
    return row.result if row.state == State.DONE else None
