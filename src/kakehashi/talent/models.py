"""The Specified Skilled Worker rules as data: the fields (with their names in en/ja/hi and
what each requires) and the programme-wide rules, each with validity dates and official
sources. A rule change is an edit in the admin, not code."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("en", "ja", "hi")


class Valid(models.Model):
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Leave empty while the rule is in force."))
    # [{"url": "https://…", "label": "…", "checked_on": "YYYY-MM-DD"}]: at least one, official
    sources = models.JSONField(_("official sources"), default=list)
    source_note = models.TextField(_("source note"), max_length=2000, blank=True, help_text=_("What the sources say, and anything still to confirm."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @staticmethod
    def in_force(on: dt.date) -> Q:
        return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class SswField(Valid):
    """One SSW field (特定産業分野)."""

    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ja = models.CharField(_("name (Japanese)"), max_length=120)
    name_hi = models.CharField(_("name (Hindi)"), max_length=120)
    has_ssw2 = models.BooleanField(_("has SSW (ii)"), default=False)
    needs_care_test = models.BooleanField(_("needs the Care Japanese Evaluation Test for SSW (i)"), default=False)
    ssw2_jlpt = models.PositiveSmallIntegerField(_("JLPT level needed for SSW (ii)"), null=True, blank=True, help_text=_("1 to 5 (N1 to N5); empty when SSW (ii) asks for no language test."))
    # {"bus_taxi": {"jlpt": 3, "jft": false}}: job categories with their own language rule
    categories = models.JSONField(_("job categories with their own language rule"), default=dict, blank=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("SSW field")
        verbose_name_plural = _("SSW fields")
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="talent_field_once_per_start")]

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, language: str) -> str:
        code = language[:2] if language[:2] in LANGUAGES else "en"
        return getattr(self, f"name_{code}") or self.name_en


class Rule(Valid):
    """A programme-wide rule: `key` names it (see talent.rules.KEYS), `value` is an integer or a date."""

    key = models.SlugField(_("key"), max_length=60)
    value = models.CharField(_("value"), max_length=40)

    class Meta:
        ordering = ["key", "valid_from"]
        verbose_name = _("SSW rule")
        verbose_name_plural = _("SSW rules")
        constraints = [models.UniqueConstraint(fields=["key", "valid_from"], name="talent_rule_once_per_start")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
