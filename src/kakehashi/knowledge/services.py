"""Every write of knowledge: staff create and edit agreements and tag items with them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.people import Viewer
from kakehashi.core import audit
from kakehashi.core.slugs import unique_slug

from . import items
from .models import Agreement, ItemLink

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

FIELDS = ("kind", "date", "signed", "parties", "title_en", "title_ja", "title_hi", "summary_en", "summary_ja", "summary_hi", "sources")
MAX_SOURCES = 10
_url = URLValidator(schemes=["https"])


def _require_staff(user: Viewer) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        raise PermissionDenied


def clean_sources(sources: Any, today: dt.date) -> list[dict[str, str]]:
    """At least one official source: an https address, with an optional label; each keeps the
    date it was checked (today when it is new)."""
    if not isinstance(sources, list) or not sources:
        raise ValidationError({"sources": _("Give at least one official source.")})
    if len(sources) > MAX_SOURCES:
        raise ValidationError({"sources": _("Give at most %(n)d sources.") % {"n": MAX_SOURCES}})
    cleaned = []
    for source in sources:
        url = str(source.get("url", "") if isinstance(source, dict) else source).strip()
        label = str(source.get("label", "") if isinstance(source, dict) else "").strip()[:200]
        checked = str(source.get("checked_on", "") if isinstance(source, dict) else "")
        try:
            if len(url) > 500 or "\x00" in url + label:
                raise ValidationError("")
            _url(url)
        except ValidationError:
            raise ValidationError({"sources": _("Each source must be an https:// address.")}) from None
        try:
            checked = dt.date.fromisoformat(checked).isoformat() if checked else today.isoformat()
        except ValueError:
            checked = today.isoformat()
        cleaned.append({"url": url, "label": label, "checked_on": checked})
    return cleaned


def _validate(agreement: Agreement) -> None:
    today = timezone.localdate()
    agreement.sources = clean_sources(agreement.sources, today)
    if agreement.signed and agreement.date and agreement.date > today:
        raise ValidationError({"date": _("A signed agreement's date cannot be in the future.")})
    agreement.full_clean(exclude=["slug"])


@transaction.atomic
def create_agreement(staff: Viewer, **fields: Any) -> Agreement:
    _require_staff(staff)
    agreement = Agreement(**{k: v for k, v in fields.items() if k in FIELDS})
    _validate(agreement)
    agreement.slug = unique_slug(Agreement, agreement.title_en, fallback="agreement")
    agreement.save()
    audit.record(staff, "knowledge.agreement_created", agreement)
    return agreement


@transaction.atomic
def update_agreement(staff: Viewer, agreement: Agreement, **fields: Any) -> Agreement:
    _require_staff(staff)
    for name, value in fields.items():
        if name in FIELDS:
            setattr(agreement, name, value)
    _validate(agreement)
    agreement.save()
    audit.record(staff, "knowledge.agreement_updated", agreement, fields=sorted(k for k in fields if k in FIELDS))
    return agreement


def tag_item(staff: User, agreement: Agreement, kind: str, reference: str) -> ItemLink:
    """Tag the item addressed by `reference` (a session's or post's slug, an opportunity's
    KK- reference) with the agreement. Tagging it twice keeps one link."""
    _require_staff(staff)
    item_kind = items.KINDS.get(kind)
    if item_kind is None:
        raise ValidationError({"kind": _("Choose an event session, an opportunity or a community post.")})
    reference = reference.strip()
    item = item_kind.visible(staff).filter(**{"slug" if kind != "opportunity" else "reference": reference}).first() if reference and "\x00" not in reference else None
    if item is None:
        raise ValidationError({"reference": _("No such item: give the address part of its page (e.g. the session's slug).")})
    try:
        with transaction.atomic():
            link, _created = ItemLink.objects.get_or_create(agreement=agreement, kind=kind, object_id=item.pk, defaults={"created_by": staff})
            audit.record(staff, "knowledge.item_tagged", agreement, kind=kind, object_id=item.pk)
    except IntegrityError:  # a concurrent tag of the same item
        link = ItemLink.objects.get(agreement=agreement, kind=kind, object_id=item.pk)
    return link


@transaction.atomic
def untag_item(staff: Viewer, link: ItemLink) -> None:
    _require_staff(staff)
    audit.record(staff, "knowledge.item_untagged", link.agreement, kind=link.kind, object_id=link.object_id)
    link.delete()
