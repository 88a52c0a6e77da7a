"""API: versions as sub-resources of any translatable item, and machine translation.

`{source}` names a registered kind of text (`opportunity`, `interest`, `intro_message`,
`post`, `comment`, `session` …) and `{object_id}` its id. Every operation needs a signed-in,
approved member, then the same rule as the pages: 404 unless the caller may read the
original. Writing a version needs its author or the secretariat (staff, translators): 403.
`POST …/translate` answers 202 and queues the work; `GET …/translation?lang=` returns the
best text in that language (a person's version, else the cached machine translation, else
the original with the machine translation's state).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status

from kakehashi.accounts.auth import MemberRequest, member_auth, require_approved
from kakehashi.core.apicontract import ErrorOut
from kakehashi.core.languages import Code
from kakehashi.core.validation import Id, PlainText

from . import queries, services
from .models import Version

router = Router(tags=["translations"], auth=member_auth)




class VersionOut(Schema):
    language: str
    origin: Literal["author", "secretariat"]
    fields: dict[str, str]
    original_changed: bool = Field(description="the original was edited after this version was written")
    updated_at: datetime


class VersionIn(Schema):
    fields: dict[PlainText, PlainText] = Field(..., description="the same named fields as the original (title, summary, details …)")


class TranslateIn(Schema):
    lang: Code


class LangQuery(Schema):
    lang: Code


class StateOut(Schema):
    state: Literal["done", "pending", "failed", "unsupported", "too_long", "original", "none"]


class TranslationOut(Schema):
    language: str = Field(description="the language of `fields`")
    original_language: str
    origin: Literal["original", "author", "secretariat", "machine"]
    machine_state: str = Field(description="when the original is returned: pending, failed, unsupported, too_long or empty")
    fields: dict[str, str]
    original: dict[str, str]


def _version_out(version: Version, original_hash: str) -> VersionOut:
    return VersionOut(language=version.language, origin=version.origin, fields=version.fields,  # type: ignore[arg-type]
                      original_changed=version.original_hash != original_hash, updated_at=version.updated_at)


@router.get("/{source}/{object_id}/versions", response=list[VersionOut], summary="The versions people wrote of an item, in other languages (readers of the item)")
def list_versions(request: MemberRequest, source: str, object_id: Id):
    require_approved(request)
    src, obj = queries.readable(request.auth, source, object_id)
    from .models import fields_hash  # noqa: PLC0415  (kept next to its one use)

    current = fields_hash(src.texts(obj)[1])
    return [_version_out(v, current) for v in queries.versions_of(source, object_id)]


@router.put("/{source}/{object_id}/versions/{language}", response=VersionOut, summary="Publish or replace the version in one language (the item's author, or the secretariat: staff and translators)")
def put_version(request: MemberRequest, source: str, object_id: Id, language: Code, payload: VersionIn):
    require_approved(request)
    src, obj = queries.readable(request.auth, source, object_id)
    if queries.may_write_version(request.auth, src, obj) is None:
        raise PermissionDenied
    version = services.save_version(request.auth, source, object_id, language, {str(k): str(v) for k, v in payload.fields.items()})
    return _version_out(version, version.original_hash)


@router.delete("/{source}/{object_id}/versions/{language}", response={204: None, 404: ErrorOut}, summary="Delete the version in one language (its author or the secretariat)")
def delete_version(request: MemberRequest, source: str, object_id: Id, language: Code):
    require_approved(request)
    services.delete_version(request.auth, source, object_id, language)
    return Status(204, None)


@router.post("/{source}/{object_id}/translate", response={202: StateOut}, summary="Queue the machine translation of an item into a language; poll GET …/translation for the result (readers of the item)")
def translate(request: MemberRequest, source: str, object_id: Id, payload: TranslateIn):
    require_approved(request)
    queries.readable(request.auth, source, object_id)
    return Status(202, StateOut(state=services.request_translation(request.auth, source, object_id, payload.lang)))  # type: ignore[arg-type]


@router.get("/{source}/{object_id}/translation", response=TranslationOut, summary="The item in a language: a person's version, else the cached machine translation, else the original (readers of the item)")
def get_translation(request: MemberRequest, source: str, object_id: Id, query: Query[LangQuery]):
    require_approved(request)
    _src, obj = queries.readable(request.auth, source, object_id)
    shown = queries.shown_one(None, source, obj, target=query.lang, original=False)
    return TranslationOut(language=shown.language, original_language=shown.original_language, origin=shown.origin,  # type: ignore[arg-type]
                          machine_state=shown.machine_state, fields=shown.fields, original=shown.original)
