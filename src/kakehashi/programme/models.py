"""The running body's choice to publish the programme summary (one row, off until staff turn it on)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SummarySetting(models.Model):
    published = models.BooleanField(_("publish the programme summary"), default=False)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("programme summary setting")
