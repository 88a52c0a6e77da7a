from django.conf import settings
from django.db import models
from django.utils import timezone

from .kinds import sentence


class Notice(models.Model):
    """Something that happened which concerns one member: it links to the place. `key` names
    what it is about (``interest:12``, ``message:40``); one notice per recipient, kind and key,
    so notifying twice (a task run again) adds nothing."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    url = models.CharField(max_length=500)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "kind", "key"], name="one_notice_per_event")]
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.recipient_id}"

    @property
    def text(self) -> str:
        return sentence(self.kind, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailSwitch(models.Model):
    """A member switched off the e-mail of one kind of notice (no row: it is on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_switch_per_kind")]
