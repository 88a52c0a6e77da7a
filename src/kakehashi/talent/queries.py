"""Reads of talent. The SSW fields and rules are public facts: anyone may read them."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from . import eligibility
from .models import Rule, SswField


def fields_on(on: dt.date | None = None) -> QuerySet[SswField]:
    """The fields in force on a date (today by default), in their usual order."""
    return SswField.objects.filter(SswField.in_force(on or timezone.localdate()))


def rules_in_force(on: dt.date | None = None) -> QuerySet[Rule]:
    return Rule.objects.filter(Rule.in_force(on or timezone.localdate()))


def rule_values(on: dt.date | None = None) -> dict[str, str]:
    """key -> value of the rules in force (the latest start wins if two overlap)."""
    return {r.key: r.value for r in rules_in_force(on).order_by("key", "valid_from")}


def first_test_dates(on: dt.date | None = None) -> dict[str, dt.date]:
    """The earliest date a result of each test can carry: jlpt, jft, care (skills tests too)."""
    values = rule_values(on)
    defaults = {"jlpt": "1984-12-02", "jft": "2019-04-01", "care": "2019-04-01"}
    keys = {"jlpt": "jlpt_first_test", "jft": "jft_first_test", "care": "care_test_first"}
    return {name: dt.date.fromisoformat(values.get(keys[name], defaults[name])) for name in keys}


def rules_on(language: str, on: dt.date | None = None) -> eligibility.Rules:
    """The eligibility engine's rules for a date, field names in `language`."""
    values = rule_values(on)
    fields = {
        f.code: eligibility.FieldRule(
            code=f.code, name=f.name_in(language), has_ssw2=f.has_ssw2, needs_care_test=f.needs_care_test,
            ssw2_jlpt=f.ssw2_jlpt, categories=f.categories or {},
        )
        for f in fields_on(on)
    }
    return eligibility.Rules(
        fields=fields, jlpt_min=int(values.get("jlpt_min", 4)), ssw1_max_months=int(values.get("ssw1_max_months", 60)),
        titp2_language_any_field=values.get("titp2_language_any_field", "1") == "1",
    )
