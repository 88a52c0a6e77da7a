"""Supplier lists uploaded by an organisation, and their rows.

A list is one version of the organisation's supplier file: re-uploading creates a new
version linked to the one before (`previous`), whose rows and saved analysis stay for
comparison. The rows are written in one transaction by the import (all or nothing); a large
file is imported by a task that reads the stored upload, so the list carries its status and
progress.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kakehashi.core.models import TimeStampedModel


class ListStatus(models.TextChoices):
    MAPPING = "mapping", _("waiting for column mapping")
    QUEUED = "queued", _("queued")
    IMPORTING = "importing", _("importing")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


# Python codec names as shown to the member.
ENCODING_NAMES = {
    "utf_8": "UTF-8", "utf_8_sig": "UTF-8 (BOM)", "utf_16": "UTF-16", "cp932": "Shift_JIS (CP932)",
    "shift_jis": "Shift_JIS", "euc_jp": "EUC-JP", "ascii": "ASCII", "iso2022_jp": "ISO-2022-JP",
}


def private_storage() -> Storage:
    """Uploaded supplier files live outside MEDIA_ROOT: they are never served by URL."""
    return FileSystemStorage(location=settings.DATA_DIR / "private")


def new_token() -> str:
    return secrets.token_hex(16)


def upload_path(instance: SupplierList, filename: str) -> str:
    # The member's file name is kept in `file_name`; the stored name reveals nothing.
    return f"supplychain/uploads/{instance.organisation_id}/{instance.token}.{instance.file_format or 'bin'}"


class SupplierList(TimeStampedModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="supplier_lists", verbose_name=_("organisation")
    )
    # 1, 2, 3 … per organisation and name: a re-upload of "Brake parts" is its next version.
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=120)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_version", verbose_name=_("previous version")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by")
    )
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(_("file format"), max_length=4, choices=FileFormat.choices, blank=True)
    upload = models.FileField(_("uploaded file"), upload_to=upload_path, storage=private_storage, blank=True)
    # What charset-normalizer found for a CSV ("cp932", "utf_8", "utf_16" …) and how sure it was.
    encoding = models.CharField(_("detected encoding"), max_length=40, blank=True)
    # canonical column -> header in the file, as confirmed on the mapping screen
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ListStatus.choices, default=ListStatus.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    # [{"row": 12, "column": "supplier_country", "message": "…"}] for a failed import
    errors = models.JSONField(_("errors"), default=list, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    # The concentration analysis saved when the import finished (see supplychain.analysis).
    analysis = models.JSONField(_("analysis"), default=dict, blank=True)

    class Meta:
        ordering = ["organisation", "name", "-version"]
        verbose_name = _("supplier list")
        verbose_name_plural = _("supplier lists")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name", "version"], name="supplychain_list_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def encoding_label(self) -> str:
        return ENCODING_NAMES.get(self.encoding, self.encoding)


class SupplierRow(models.Model):
    supplier_list = models.ForeignKey(SupplierList, on_delete=models.CASCADE, related_name="rows", verbose_name=_("supplier list"))
    # The row's line in the file (the header is line 1), for error messages and comparison.
    row_number = models.PositiveIntegerField(_("row"))
    item = models.CharField(_("item / commodity"), max_length=200)
    hs_code = models.CharField(
        _("HS code"), max_length=6, blank=True,
        validators=[RegexValidator(r"^\d{2,6}$", _("An HS code has 2 to 6 digits."))],
    )
    supplier = models.CharField(_("supplier"), max_length=200)
    country = models.CharField(_("supplier country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code."))
    spend = models.DecimalField(_("annual spend"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217 code."))
    # Spend in the list's analysis currency; equal to `spend` when the row is in that currency.
    # There is no shipped exchange-rate table: a list with several currencies is refused unless
    # the file gives this column (see docs/architecture.md, "Supply chain").
    spend_usd = models.DecimalField(_("annual spend (USD)"), max_digits=18, decimal_places=2, null=True, blank=True)
    volume_share = models.DecimalField(
        _("volume share (%)"), max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)
    inventory_cover_days = models.PositiveIntegerField(_("inventory cover (days)"), null=True, blank=True)
    qualified_alternates = models.PositiveIntegerField(_("qualified alternates"), null=True, blank=True)

    class Meta:
        ordering = ["supplier_list", "row_number"]
        verbose_name = _("supplier row")
        verbose_name_plural = _("supplier rows")
        constraints = [
            models.UniqueConstraint(fields=["supplier_list", "row_number"], name="supplychain_row_once"),
        ]
        indexes = [models.Index(fields=["supplier_list", "item"])]

    def __str__(self) -> str:
        return f"{self.item} — {self.supplier} ({self.country})"


class CountryWeights(TimeStampedModel):
    """A member's own weights for the country scores and their investment-strategy ratings
    (0–10 per country). Validated by `supplychain.scoring` before they are saved."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="country_weights", verbose_name=_("member")
    )
    # criterion key -> weight (≥ 0, not all zero); missing keys take the documented default
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    # ISO3 code -> the member's investment-strategy rating, 0–10
    ratings = models.JSONField(_("investment-strategy ratings"), default=dict, blank=True)

    class Meta:
        verbose_name = _("country weights")
        verbose_name_plural = _("country weights")

    def __str__(self) -> str:
        return f"country weights of user {self.user_id}"


class ScenarioKind(models.TextChoices):
    CLOSURE = "closure", _("a country or supplier closed for N weeks")
    HAZARD = "hazard", _("natural-hazard draws (INFORM Risk 2025)")
    SLOWDOWN = "slowdown", _("port and logistics slowdown (LPI 2023 timeliness)")


class SimulationStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("could not be run")


class Simulation(TimeStampedModel):
    """One disruption simulation of a supplier list: the scenario, the proposed re-allocation
    and the summary of the draws before and after it (the draws themselves are reproducible
    from the seed and are not stored). A request creates it QUEUED; a task runs it
    (`planning.execute_simulation`), keeping `progress` and `heartbeat_at` on the row."""

    supplier_list = models.ForeignKey(
        SupplierList, on_delete=models.CASCADE, related_name="simulations", verbose_name=_("supplier list")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("run by")
    )
    kind = models.CharField(_("scenario"), max_length=10, choices=ScenarioKind.choices)
    weeks = models.PositiveSmallIntegerField(_("weeks"), validators=[MinValueValidator(1), MaxValueValidator(52)])
    countries = models.JSONField(_("closed countries"), default=list, blank=True)  # ISO3 codes
    suppliers = models.JSONField(_("closed suppliers"), default=list, blank=True)
    draws = models.PositiveIntegerField(_("draws"))
    seed = models.PositiveIntegerField(_("seed"))
    hazard_rate = models.FloatField(_("hazard rate"), default=0.25)
    # [{"from_country": "CHN", "from_supplier": "", "to_country": "IND", "fraction": 0.5}]
    moves = models.JSONField(_("re-allocation"), default=list, blank=True)
    # {"before": {...}, "after": {...}, "items": [...], "histogram": {...}, "missing_countries": [...]}
    results = models.JSONField(_("results"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=SimulationStatus.choices, default=SimulationStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    # Claims so far; a run whose worker died is claimed again (planning.execute_simulation).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Why a FAILED run stopped: "lost" (its workers died too often) or "error"
    error = models.CharField(_("error"), max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("disruption simulation")
        verbose_name_plural = _("disruption simulations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.supplier_list}"
