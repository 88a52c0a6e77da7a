"""An agreement, memorandum or initiative between India and Japan (and partners), with its
official sources, and the links that tag platform items with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("en", "ja", "hi")


class Agreement(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement")
        MEMORANDUM = "memorandum", _("Memorandum of cooperation")
        INITIATIVE = "initiative", _("Initiative")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    signed = models.BooleanField(_("signed or launched"), default=True, help_text=_("Untick for an entry that is announced but not yet signed."))
    parties = models.CharField(_("parties"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200, blank=True)
    title_hi = models.CharField(_("title (Hindi)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=1000)
    summary_ja = models.TextField(_("summary (Japanese)"), max_length=1000, blank=True)
    summary_hi = models.TextField(_("summary (Hindi)"), max_length=1000, blank=True)
    # [{"url": "https://…", "label": "…", "checked_on": "YYYY-MM-DD"}]: at least one, official
    sources = models.JSONField(_("official sources"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "slug"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("knowledge:agreement", args=[self.slug])

    def _in(self, field: str, language: str) -> str:
        code = language[:2] if language[:2] in LANGUAGES else "en"
        return getattr(self, f"{field}_{code}") or getattr(self, f"{field}_en")

    def title_in(self, language: str) -> str:
        return self._in("title", language)

    def summary_in(self, language: str) -> str:
        return self._in("summary", language)


class ItemLink(models.Model):
    """Tags one platform item (`kind` names it: session, opportunity, post) with an agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "kind", "object_id"], name="knowledge_link_once")]
        indexes = [models.Index(fields=["kind", "object_id"], name="knowledge_link_item")]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.kind}:{self.object_id}"


class Term(models.Model):
    """A partnership term in English, Japanese and Hindi, with a short definition. A term in
    any language names one entry only (services refuse a duplicate)."""

    en = models.CharField(_("term (English)"), max_length=120)
    ja = models.CharField(_("term (Japanese)"), max_length=120, blank=True)
    hi = models.CharField(_("term (Hindi)"), max_length=120, blank=True)
    definition_en = models.TextField(_("definition (English)"), max_length=500, blank=True)
    definition_ja = models.TextField(_("definition (Japanese)"), max_length=500, blank=True)
    definition_hi = models.TextField(_("definition (Hindi)"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["en"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [models.UniqueConstraint(models.functions.Lower("en"), name="knowledge_term_en_once")]

    def __str__(self) -> str:
        return self.en

    def definition_in(self, language: str) -> str:
        code = language[:2] if language[:2] in LANGUAGES else "en"
        return getattr(self, f"definition_{code}") or self.definition_en
