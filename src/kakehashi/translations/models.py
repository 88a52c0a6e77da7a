"""Versions written by people, and the cache of machine translations."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.core.languages import Language
from kakehashi.core.models import TimeStampedModel


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fields_hash(fields: dict[str, str]) -> str:
    """One hash for a text made of named fields (title, summary, details …)."""
    return text_hash("\x1f".join(f"{name}\x1e{fields[name]}" for name in sorted(fields)))


class Origin(models.TextChoices):
    AUTHOR = "author", _("the author")
    SECRETARIAT = "secretariat", _("the secretariat")


class Version(TimeStampedModel):
    """The text of one item (a source's object) in another language, written by a person.

    `fields` holds the same named fields as the original (an opportunity's title, summary and
    details); `original_hash` is the hash of the original's fields when the version was
    written, so a reader can be told that the original has changed since.
    """

    source = models.CharField(_("kind of text"), max_length=20)
    object_id = models.BigIntegerField()
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    fields = models.JSONField(_("text"), default=dict)
    origin = models.CharField(_("translated by"), max_length=12, choices=Origin.choices)
    original_hash = models.CharField(max_length=64)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "object_id", "language"], name="version_one_per_language")]
        indexes = [models.Index(fields=["source", "language"])]
        permissions = [("translate", "Can publish versions of any visible item as the secretariat")]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.source}#{self.object_id} [{self.language}]"


class DeskEntry(models.Model):
    """One item waiting on the translation desk for a version in one language: the stored
    queue, so the desk orders and slices it in the database (`desk.queue`).

    Written only by `services.refresh_desk` (the periodic job, and the version services for
    the item they change). `reach` is how many readers of the language the item would reach
    (`Source.reach`); `boost` and `sort_at` are the source's own order among items of equal
    reach (`Source.desk_key`: a pinned post first, then newest). The desk still checks each
    entry against the source's live offer and the published versions when it reads, so an
    item withdrawn, hidden or translated since the last refresh never shows.
    """

    source = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=2, choices=Language.choices)
    reach = models.IntegerField(default=0)
    boost = models.SmallIntegerField(default=0)
    sort_at = models.DateTimeField()
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "object_id", "language"], name="desk_entry_once")]
        indexes = [
            # the desk's order (`desk.ORDER`), walked for one language
            models.Index(fields=["language", "-reach", "source", "-boost", "-sort_at", "-object_id"], name="desk_entry_order"),
        ]
        verbose_name = _("waiting item")
        verbose_name_plural = _("waiting items")

    def __str__(self) -> str:
        return f"{self.source}#{self.object_id} [{self.language}] reach {self.reach}"


class MachineTranslation(models.Model):
    """One text translated by one provider: the cache, keyed by what was translated.

    Keyed by the hash of the text (not by the item), so an edited text never shows the
    translation of its former wording, and one text quoted in several places is translated
    once. Rows not read for `TRANSLATION_CACHE_DAYS` are forgotten.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("translating")
        DONE = "done", _("translated")
        FAILED = "failed", _("not available right now")
        UNSUPPORTED = "unsupported", _("language not supported")

    text_hash = models.CharField(max_length=64)
    source_language = models.CharField(max_length=2, choices=Language.choices)
    target_language = models.CharField(max_length=2, choices=Language.choices)
    provider = models.CharField(max_length=20)
    text = models.TextField()
    result = models.TextField(blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["text_hash", "source_language", "target_language", "provider"], name="machine_translation_once"
            )
        ]
        verbose_name = _("machine translation")
        verbose_name_plural = _("machine translations")

    def __str__(self) -> str:
        return f"{self.text_hash[:10]} {self.source_language}→{self.target_language} ({self.provider}, {self.state})"
