"""Every write of talent: staff change the SSW fields and rules (from the admin). A rule
change is a new row or an edited row with validity dates and its sources, audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.people import Viewer
from kakehashi.core import audit

from .models import Rule, SswField, Valid
from .rules import KEYS

LEVELS = range(1, 6)
_url = URLValidator(schemes=["https"])


def _require_staff(user: Viewer) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        raise PermissionDenied


def _clean_sources(sources: object) -> list[dict[str, str]]:
    """At least one official https source; a new one is stamped as checked today."""
    if not isinstance(sources, list) or not sources or len(sources) > 10:
        raise ValidationError({"sources": _("Give one to ten official sources.")})
    cleaned = []
    for source in sources:
        if not isinstance(source, dict):
            raise ValidationError({"sources": _("Each source must be an https:// address.")})
        url, label = str(source.get("url", "")).strip(), str(source.get("label", "")).strip()[:200]
        try:
            if len(url) > 500 or "\x00" in url + label:
                raise ValidationError("")
            _url(url)
        except ValidationError:
            raise ValidationError({"sources": _("Each source must be an https:// address.")}) from None
        checked = str(source.get("checked_on", ""))
        try:
            checked = dt.date.fromisoformat(checked).isoformat()
        except ValueError:
            checked = timezone.localdate().isoformat()
        cleaned.append({"url": url, "label": label, "checked_on": checked})
    return cleaned


def _validate(row: Valid) -> None:
    row.sources = _clean_sources(row.sources)
    if row.valid_to and row.valid_to < row.valid_from:
        raise ValidationError({"valid_to": _("A rule cannot end before it starts.")})


@transaction.atomic
def save_field(staff: Viewer, field: SswField) -> SswField:
    _require_staff(staff)
    _validate(field)
    if field.ssw2_jlpt is not None and field.ssw2_jlpt not in LEVELS:
        raise ValidationError({"ssw2_jlpt": _("Give a JLPT level from 1 to 5.")})
    if not isinstance(field.categories, dict) or any(
        not isinstance(v, dict) or int(v.get("jlpt", 4)) not in LEVELS for v in field.categories.values()
    ):
        raise ValidationError({"categories": _('Give job categories as {"bus_taxi": {"jlpt": 3, "jft": false}}.')})
    field.full_clean()
    created = field.pk is None
    field.save()
    audit.record(staff, "talent.field_created" if created else "talent.field_updated", field)
    return field


@transaction.atomic
def save_rule(staff: Viewer, rule: Rule) -> Rule:
    _require_staff(staff)
    _validate(rule)
    if rule.key not in KEYS:
        raise ValidationError({"key": _("Unknown rule.")})
    try:
        if rule.key.endswith(("_test", "_first", "_start")):
            dt.date.fromisoformat(rule.value)
        elif int(rule.value) < 0:
            raise ValueError
    except ValueError:
        raise ValidationError({"value": _("This rule's value must be a date (YYYY-MM-DD) or a whole number.")}) from None
    rule.full_clean()
    created = rule.pk is None
    rule.save()
    audit.record(staff, "talent.rule_created" if created else "talent.rule_updated", rule, key=rule.key, value=rule.value)
    return rule
