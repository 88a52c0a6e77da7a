"""The pipeline's data: an application (candidate × job) with its state, interview and the
history of every change; the employer's private notes; and the log of who viewed which
candidate. Loaded by talent.models (Django finds the models there)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import states

REASON_MAX = 2000
NOTE_MAX = 4000
MESSAGE_MAX = 4000


class Application(models.Model):
    """A candidate's application to a job. When the candidate deletes their account the row
    stays for the employer's records as "withdrawn (account deleted)", with no personal data."""

    candidate = models.ForeignKey("talent.CandidateProfile", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications")
    job = models.ForeignKey("talent.Job", on_delete=models.CASCADE, related_name="applications")
    state = models.CharField(_("state"), max_length=20, choices=states.CHOICES, default=states.APPLIED)
    message = models.TextField(_("message to the employer"), max_length=MESSAGE_MAX, blank=True)
    reason = models.TextField(_("reason"), max_length=REASON_MAX, blank=True, help_text=_("Why it was withdrawn or rejected."))
    account_deleted = models.BooleanField(default=False)
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    interview_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    interview_where = models.CharField(_("where or how"), max_length=300, blank=True, help_text=_("A video link, a telephone call or an address."))
    interview_sequence = models.PositiveIntegerField(default=0)  # raised when the time changes (ICS SEQUENCE)
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-state_changed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "job"], condition=Q(candidate__isnull=False), name="talent_one_application_per_job"),
            models.CheckConstraint(condition=Q(state__in=[s for s, _label in states.CHOICES]), name="talent_application_state_known"),
        ]
        indexes = [models.Index(fields=["job", "state"])]

    def __str__(self) -> str:
        return f"application {self.pk} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state not in states.FINAL

    @property
    def state_label(self) -> str:
        if self.account_deleted:
            return str(_("Withdrawn (account deleted)"))
        return str(states.LABELS[self.state])


class ApplicationEvent(models.Model):
    """One change of an application: when, who (and on which side), from what to what."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    side = models.CharField(max_length=10)  # candidate | employer | system
    source = models.CharField(max_length=20, blank=True)  # empty for the application itself
    target = models.CharField(max_length=20)
    reason = models.TextField(max_length=REASON_MAX, blank=True)
    interview_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.source or '-'} → {self.target}"


class EmployerNote(models.Model):
    """A note of the employer's people about an application: never shown to the candidate."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("note"), max_length=NOTE_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class CandidateView(models.Model):
    """Someone other than the candidate looked at their profile or downloaded a document.
    The candidate sees this log; it goes with their profile when they delete it."""

    class Kind(models.TextChoices):
        PROFILE = "profile", _("viewed your profile")
        DOCUMENT = "document", _("downloaded a document")

    candidate = models.ForeignKey("talent.CandidateProfile", on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    what = models.CharField(max_length=200, blank=True)  # the document's name
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["candidate", "-at"])]

    def __str__(self) -> str:
        return f"{self.kind} of candidate {self.candidate_id}"
