"""Members, organisations and memberships.

A person signs up (allauth), verifies their e-mail, then creates an organisation or asks to
join one. Staff of the running body approve members and organisations; the organisation's
owners and admins accept join requests and manage roles.
"""

import re
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kakehashi.core.countries import country_name
from kakehashi.core.languages import LANGUAGES
from kakehashi.core.models import Sector, TimeStampedModel

from .regions import region_name

# A member's @handle: how others mention them. Stored in lower case, unique whatever the case.
HANDLE_PATTERN = re.compile(r"[a-z0-9_]{3,30}")
RESERVED_HANDLES = frozenset({"all", "admin", "everyone", "here", "kakehashi", "members", "staff"})


def validate_handle(value: str) -> None:
    if not HANDLE_PATTERN.fullmatch(value or ""):
        raise ValidationError(_("Use 3 to 30 characters: lower-case letters a–z, digits and _."), code="invalid")
    if value in RESERVED_HANDLES:
        raise ValidationError(_("This handle is reserved. Choose another."), code="reserved")


def handle_base(display_name: str, email: str) -> str:
    """A handle stem from the name (Latin letters and digits only), else the e-mail address,
    else "member"; at most 26 characters, leaving room for a numeric suffix."""
    for source in (display_name, email.split("@")[0]):
        stem = slugify(source.replace(".", " ").replace("_", " ")).replace("-", "_")[:26].strip("_")
        if len(stem) >= 3 and stem not in RESERVED_HANDLES:
            return stem
    return "member"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)  # type: ignore[attr-defined]  # self.model is User
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, approval_status=ApprovalStatus.APPROVED)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. Signs in with their e-mail address; no username."""

    class Digest(models.TextChoices):
        OFF = "off", _("No digest")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    username = None  # type: ignore[assignment]  # removed: the e-mail address is the login
    first_name = None  # type: ignore[assignment]  # removed: the e-mail address is the login
    last_name = None  # type: ignore[assignment]  # removed: the e-mail address is the login
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=120, blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    bio = models.TextField(_("about me"), max_length=2000, blank=True)
    language = models.CharField(_("preferred language"), max_length=5, choices=LANGUAGES, default="en")
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    approval_status = models.CharField(
        _("membership"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    approval_decided_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.CharField(_("reason"), max_length=500, blank=True)
    email_notifications = models.BooleanField(
        _("e-mail me about activity"),
        default=True,
        help_text=_("Switch off to receive only e-mails about your account itself."),
    )
    digest = models.CharField(_("digest e-mail"), max_length=10, choices=Digest.choices, default=Digest.OFF)
    handle = models.CharField(
        _("handle"), max_length=30, null=True, blank=True, validators=[validate_handle],
        help_text=_("Others mention you in comments as @handle. 3 to 30 characters: a–z, 0–9 and _."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc, assignment]  # e-mail instead of username: our own manager

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                Lower("handle"), name="unique_handle_any_case", violation_error_message=_("This handle is taken.")
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_approved(self) -> bool:
        return self.approval_status == ApprovalStatus.APPROVED

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@")[0]


class Organisation(TimeStampedModel):
    class Country(models.TextChoices):
        INDIA = "IN", _("India")
        JAPAN = "JP", _("Japan")
        OTHER = "XX", _("Other country")

    class Type(models.TextChoices):
        SME = "sme", _("SME")
        STARTUP = "startup", _("Startup")
        LARGE_COMPANY = "large_company", _("Large company")
        INVESTOR = "investor", _("Investor")
        UNIVERSITY = "university", _("University")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        GOVERNMENT_BODY = "government_body", _("Government body")
        CHAMBER = "chamber", _("Chamber or association")
        NGO = "ngo", _("NGO")

    class SizeBand(models.TextChoices):
        MICRO = "1-9", _("1–9 people")
        SMALL = "10-49", _("10–49 people")
        MEDIUM = "50-249", _("50–249 people")
        LARGE = "250-999", _("250–999 people")
        XLARGE = "1000+", _("1,000 or more people")

    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(
        _("name in Japanese or Hindi"), max_length=200, blank=True, help_text=_("Optional, e.g. 株式会社…")
    )
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=False)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    other_country = models.CharField(
        _("which country"), max_length=2, blank=True, help_text=_("ISO 3166 code, for organisations outside India and Japan.")
    )
    org_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="organisations")
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices)
    region_code = models.CharField(_("state or prefecture"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    status_note = models.CharField(_("reason"), max_length=500, blank=True)
    status_decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["status", "country", "org_type"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation", args=[self.slug])

    @property
    def country_display(self) -> str:
        """India, Japan, or the named other country, in the active language."""
        if self.country == self.Country.OTHER and self.other_country:
            return country_name(self.other_country)
        return self.get_country_display()

    @property
    def region_name(self) -> str:
        return region_name(self.region_code)

    def description_for(self, language: str | None = None) -> "OrganisationDescription | None":
        """The description in the viewer's language, else English, else any."""
        descriptions = list(self.descriptions.all())
        wanted = [(language or get_language() or "en")[:2], "en"]
        for code in wanted:
            for d in descriptions:
                if d.language == code:
                    return d
        return descriptions[0] if descriptions else None


class OrganisationDescription(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="descriptions")
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES)
    text = models.TextField(_("description"), max_length=5000)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "language"], name="one_description_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.language})"


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    message = models.CharField(_("message to the organisation"), max_length=1000, blank=True)

    class Meta:
        ordering = ["organisation__name", "created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role}, {self.status})"

    @property
    def can_manage(self) -> bool:
        return self.status == self.Status.ACTIVE and self.role in (self.Role.OWNER, self.Role.ADMIN)


ACTIVE_MANAGER = Q(status=Membership.Status.ACTIVE, role__in=[Membership.Role.OWNER, Membership.Role.ADMIN])


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
