"""The Specified Skilled Worker rules as data: the fields (with their names in en/ja/hi and
what each requires) and the programme-wide rules, each with validity dates and official
sources. A rule change is an edit in the admin, not code."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.people import ApprovalStatus
from kakehashi.core.models import TimeStampedModel

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


# --- Employers and their jobs -------------------------------------------------------------


class SswEmployer(TimeStampedModel):
    """An organisation's standing as an SSW employer: asked for by one of its managers,
    approved or declined by staff. Kept here (not on the organisation) so talent owns it."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="ssw_employer")
    status = models.CharField(_("status"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    note = models.CharField(_("about your SSW hiring"), max_length=1000, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("SSW employer")
        verbose_name_plural = _("SSW employers")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.status})"

    @property
    def is_approved(self) -> bool:
        return self.status == ApprovalStatus.APPROVED


class Job(TimeStampedModel):
    """A Specified Skilled Worker job posted by an approved SSW employer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    class Housing(models.TextChoices):
        PROVIDED = "provided", _("Housing provided")
        HELP = "help", _("Help finding housing")
        NONE = "none", _("No housing support")

    class Interview(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        EITHER = "either", _("Online or in person")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="ssw_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    field_code = models.SlugField(_("SSW field"), max_length=40)
    level = models.PositiveSmallIntegerField(_("SSW level"), choices=[(1, _("SSW (i)")), (2, _("SSW (ii)"))], default=1)
    category = models.SlugField(_("job category with its own language rule"), max_length=40, blank=True)
    title_en = models.CharField(_("job title (English)"), max_length=200, blank=True)
    title_ja = models.CharField(_("job title (Japanese)"), max_length=200, blank=True)
    duties_en = models.TextField(_("duties (English)"), max_length=5000, blank=True)
    duties_ja = models.TextField(_("duties (Japanese)"), max_length=5000, blank=True)
    prefecture = models.CharField(_("prefecture"), max_length=10)  # ISO 3166-2, e.g. JP-13
    city = models.CharField(_("city"), max_length=100, blank=True)
    monthly_wage_jpy = models.PositiveIntegerField(_("monthly wage before tax (JPY)"))
    hours_per_week = models.PositiveSmallIntegerField(_("working hours per week"))
    hours_note = models.CharField(_("working hours (details)"), max_length=300, blank=True)
    housing = models.CharField(_("housing"), max_length=10, choices=Housing.choices, default=Housing.HELP)
    housing_note = models.CharField(_("housing (details)"), max_length=300, blank=True)
    support_organisation = models.CharField(_("registered support organisation"), max_length=200, blank=True)
    support_registration = models.CharField(_("its registration number"), max_length=40, blank=True)
    required_jlpt = models.PositiveSmallIntegerField(
        _("JLPT level the employer asks for"), null=True, blank=True,
        help_text=_("1 to 5 (4 is N4); empty to ask only what the programme asks."),
    )
    required_tests = models.CharField(_("other tests or licences required"), max_length=300, blank=True)
    openings = models.PositiveSmallIntegerField(_("openings"), default=1)
    start_date = models.DateField(_("start date"))
    interview_mode = models.CharField(_("interview"), max_length=10, choices=Interview.choices, default=Interview.ONLINE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SSW job")
        verbose_name_plural = _("SSW jobs")
        indexes = [
            models.Index(fields=["status", "field_code"]),
            models.Index(fields=["status", "prefecture"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return self.title_en or self.title_ja or f"{self.field_code} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("talent:job", args=[self.pk])

    def title_in(self, language: str) -> str:
        first = self.title_ja if language[:2] == "ja" else self.title_en
        return first or self.title_en or self.title_ja

    def duties_in(self, language: str) -> str:
        first = self.duties_ja if language[:2] == "ja" else self.duties_en
        return first or self.duties_en or self.duties_ja


# --- Candidates ---------------------------------------------------------------------------


class CandidateProfile(TimeStampedModel):
    """An individual member's SSW candidate profile; no organisation needed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile")
    fields_of_interest = models.JSONField(_("fields of interest"), default=list, blank=True)  # SSW field codes
    jlpt_level = models.PositiveSmallIntegerField(_("JLPT level passed"), null=True, blank=True)  # 1..5, 4 is N4
    jlpt_date = models.DateField(_("JLPT result date"), null=True, blank=True)
    jft_score = models.PositiveSmallIntegerField(_("JFT-Basic score"), null=True, blank=True)  # 10..250; A2 from 200
    jft_date = models.DateField(_("JFT-Basic test date"), null=True, blank=True)
    care_test_date = models.DateField(_("Care Japanese Evaluation Test passed on"), null=True, blank=True)
    ssw1_months = models.PositiveSmallIntegerField(_("months already spent in SSW (i)"), default=0)
    work_experience = models.TextField(_("work experience"), max_length=5000, blank=True)
    education = models.TextField(_("education"), max_length=2000, blank=True)
    languages = models.CharField(_("languages you speak"), max_length=300, blank=True)
    preferred_prefectures = models.JSONField(_("preferred prefectures"), default=list, blank=True)  # ISO 3166-2 codes
    available_from = models.DateField(_("available from"), null=True, blank=True)
    expected_wage_jpy = models.PositiveIntegerField(_("lowest monthly wage you would accept (JPY)"), null=True, blank=True)
    discoverable = models.BooleanField(
        _("employers may find me"), default=False,
        help_text=_("Approved SSW employers see your profile in their candidate search. Off: only employers you apply to see it."),
    )

    class Meta:
        verbose_name = _("candidate profile")
        verbose_name_plural = _("candidate profiles")
        indexes = [models.Index(fields=["discoverable"])]

    def __str__(self) -> str:
        return str(self.user)


class SkillsTestResult(models.Model):
    """A field skills test the candidate passed (SSW (i) or (ii)), with its certificate."""

    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="skills_tests")
    field_code = models.SlugField(_("SSW field"), max_length=40)
    level = models.PositiveSmallIntegerField(_("SSW level"), choices=[(1, _("SSW (i)")), (2, _("SSW (ii)"))], default=1)
    passed_on = models.DateField(_("passed on"))
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    certificate = models.ForeignKey("CandidateDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-passed_on"]
        verbose_name = _("skills test passed")
        verbose_name_plural = _("skills tests passed")
        constraints = [models.UniqueConstraint(fields=["profile", "field_code", "level"], name="talent_one_skills_test_per_level")]


class TitpRecord(models.Model):
    """Technical Intern Training the candidate did: field, stage (i)–(iii), completion."""

    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="titp_records")
    field_code = models.SlugField(_("related SSW field"), max_length=40)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=[(1, _("TITP (i)")), (2, _("TITP (ii)")), (3, _("TITP (iii)"))])
    completed_on = models.DateField(_("completed on"), null=True, blank=True, help_text=_("Empty while in progress."))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-stage"]
        verbose_name = _("Technical Intern Training record")
        verbose_name_plural = _("Technical Intern Training records")


def private_storage() -> FileSystemStorage:
    """Candidate documents never sit under MEDIA_ROOT: they are served only by permission-checked views."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT).parent / "private")


def document_path(instance: CandidateDocument, filename: str) -> str:
    return f"talent/{instance.profile_id}/{uuid.uuid4().hex}"


class CandidateDocument(models.Model):
    """A passport or certificate, checked by content (PDF, JPEG or PNG) and size."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        CERTIFICATE = "certificate", _("Certificate")
        OTHER = "other", _("Other document")

    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=document_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("candidate document")
        verbose_name_plural = _("candidate documents")

    def __str__(self) -> str:
        return self.original_name


# The application pipeline's models live in talent.pipeline (loaded here so Django finds them).
from .pipeline.models import Application, ApplicationEvent, CandidateView, EmployerNote  # noqa: E402

__all__ = ["Application", "ApplicationEvent", "CandidateDocument", "CandidateProfile", "CandidateView", "EmployerNote", "Job",
           "Rule", "SkillsTestResult", "SswEmployer", "SswField", "TitpRecord", "Valid"]
