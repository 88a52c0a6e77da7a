"""Infrastructure shared by every app: base model, audit log, the sector taxonomy."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One state change: who did what to which object, when. Written by services only."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


class Sector(models.Model):
    """ISIC Rev.4 section (A–U) or division (01–99), named in en/ja/hi.

    India's NIC-2008 and Japan's JSIC both derive from ISIC, so one taxonomy serves both.
    """

    class Level(models.TextChoices):
        SECTION = "section", _("section")
        DIVISION = "division", _("division")

    code = models.CharField(max_length=4, primary_key=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name_en = models.CharField(max_length=200)
    name_ja = models.CharField(max_length=200)
    name_hi = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    @property
    def name(self) -> str:
        """The name in the active language."""
        lang = (get_language() or "en")[:2]
        return getattr(self, f"name_{lang}", None) or self.name_en

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TaskWorker(models.Model):
    """A process running tasks from the database queue (`kakehashi worker`, or the worker
    thread of `kakehashi run`) and when it last said it was alive (`core/taskworker.py`)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.IntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.worker_id


class Lease(models.Model):
    """A named lock shared by every process on one database (`core/leases.py`): held by
    `holder` until `expires_at`, claimed and renewed with conditional UPDATEs."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class InstanceFlag(models.Model):
    """A fact about this instance written by a command (`core/flags.py`), such as
    `demo_data`: `kakehashi seed-demo` loaded the invented demo data (the footer says so).
    Staff delete the row in the admin once the instance holds real data only."""

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("instance flag")
        verbose_name_plural = _("instance flags")

    def __str__(self) -> str:
        return self.name


class ContentVersion(models.Model):
    """One row (id 1): a counter bumped once per committed transaction that wrote content.

    The visitor page cache (core/pagecache.py) puts it in every key, so a page cached
    before a change is never served after it, on any process or node sharing the database."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content version")

    def __str__(self) -> str:
        return str(self.value)
