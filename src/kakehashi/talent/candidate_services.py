"""Writes of a candidate's own profile: the profile itself, the tests passed, Technical
Intern Training records and documents. Only the candidate writes them; every write
validates completely first (impossible dates, scores out of range, unknown fields, files of
the wrong type or size), so nothing is stored partially."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts import people
from kakehashi.accounts.people import Viewer
from kakehashi.accounts.regions import is_region_of
from kakehashi.core import audit
from kakehashi.matching import services as matching

from . import queries
from .models import CandidateDocument, CandidateProfile, SkillsTestResult, TitpRecord

TITP_START = dt.date(1993, 4, 1)  # Technical Intern Training began in 1993
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 20
JFT_RANGE = (10, 250)
SIGNATURES = {"application/pdf": b"%PDF-", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
EXTENSIONS = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
TEXT_FIELDS = ["work_experience", "education", "languages"]


def profile_for_update(user: Viewer) -> CandidateProfile:
    """The user's profile (created empty on first use), locked for the write."""
    if not people.is_approved_member(user):
        raise PermissionDenied
    profile, _created = CandidateProfile.objects.select_for_update().get_or_create(user_id=user.pk)
    return profile


def _date_error(value: dt.date | None, first: dt.date, test: str, today: dt.date) -> str | None:
    if value is None:
        return None
    if value > today:
        return _("This date is in the future.")
    if value < first:
        return _("%(test)s did not exist before %(date)s.") % {"test": test, "date": first.isoformat()}
    return None


def validate_profile(profile: CandidateProfile, today: dt.date) -> None:
    errors: dict[str, str] = {}
    first = queries.first_test_dates(today)
    codes = {f.code for f in queries.fields_on(today)}
    for name in TEXT_FIELDS:
        if "\x00" in (getattr(profile, name) or ""):
            errors[name] = _("Null characters are not allowed.")
    interest = profile.fields_of_interest
    if not isinstance(interest, list) or len(interest) > 16 or any(code not in codes for code in interest):
        errors["fields_of_interest"] = _("Choose SSW fields in force.")
    prefectures = profile.preferred_prefectures
    if not isinstance(prefectures, list) or len(prefectures) > 47 or any(not is_region_of(str(c), "JP") for c in prefectures):
        errors["preferred_prefectures"] = _("Choose prefectures of Japan.")
    if profile.jlpt_level is not None and profile.jlpt_level not in range(1, 6):
        errors["jlpt_level"] = _("Give a JLPT level from 1 to 5.")
    if profile.jlpt_level and not profile.jlpt_date:
        errors["jlpt_date"] = _("Give the date of your JLPT result.")
    elif message := _date_error(profile.jlpt_date, first["jlpt"], "JLPT", today):
        errors["jlpt_date"] = message
    if profile.jft_score is not None and not JFT_RANGE[0] <= profile.jft_score <= JFT_RANGE[1]:
        errors["jft_score"] = _("A JFT-Basic score is from 10 to 250.")
    if profile.jft_score is not None and not profile.jft_date:
        errors["jft_date"] = _("Give the date of your JFT-Basic test.")
    elif message := _date_error(profile.jft_date, first["jft"], "JFT-Basic", today):
        errors["jft_date"] = message
    if message := _date_error(profile.care_test_date, first["care"], _("The Care Japanese Evaluation Test"), today):
        errors["care_test_date"] = message
    if not 0 <= (profile.ssw1_months or 0) <= 120:
        errors["ssw1_months"] = _("Give the months already spent in SSW (i), from 0 to 120.")
    if profile.available_from and not today - dt.timedelta(days=366) <= profile.available_from <= today + dt.timedelta(days=5 * 366):
        errors["available_from"] = _("Give a date within the next five years.")
    if profile.expected_wage_jpy is not None and not 0 < profile.expected_wage_jpy <= 2_000_000:
        errors["expected_wage_jpy"] = _("Give a monthly wage in yen from 1 to 2,000,000.")
    if errors:
        raise ValidationError(errors)
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError as e:
        raise ValidationError(e.message_dict) from None


EDITABLE = ["fields_of_interest", "jlpt_level", "jlpt_date", "jft_score", "jft_date", "care_test_date", "ssw1_months",
            "work_experience", "education", "languages", "preferred_prefectures", "available_from", "expected_wage_jpy",
            "discoverable"]


@transaction.atomic
def save_profile(user: Viewer, changes: dict) -> CandidateProfile:
    """Apply `changes` (names of EDITABLE) to the user's profile, all or nothing."""
    profile = profile_for_update(user)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({sorted(unknown)[0][:40]: _("This cannot be changed here.")})
    for name, value in changes.items():
        setattr(profile, name, value)
    validate_profile(profile, timezone.localdate())
    profile.save()
    audit.record(user, "talent.profile_saved", profile)
    _reindex(profile)
    return profile


@transaction.atomic
def add_skills_test(user: Viewer, field_code: str, level: int, passed_on: dt.date | None, score: int | None,
                    certificate: IO[bytes] | None = None, certificate_name: str = "") -> SkillsTestResult:
    profile = profile_for_update(user)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    field = queries.fields_on(today).filter(code=field_code).first()
    if field is None:
        errors["field_code"] = _("Choose one of the SSW fields in force.")
    elif level == 2 and not field.has_ssw2:
        errors["level"] = _("This field has no SSW (ii).")
    elif level not in (1, 2):
        errors["level"] = _("Choose SSW (i) or SSW (ii).")
    if passed_on is None:
        errors["passed_on"] = _("Give the date you passed the test.")
    elif message := _date_error(passed_on, max(queries.first_test_dates(today)["care"], field.valid_from if field else dt.date.min),
                                _("This skills test"), today):
        errors["passed_on"] = message
    if score is not None and not 0 <= score <= 100:
        errors["score"] = _("A score is a percentage from 0 to 100.")
    if errors:
        raise ValidationError(errors)
    assert field is not None and passed_on is not None
    document = _store_document(profile, CandidateDocument.Kind.CERTIFICATE, certificate, certificate_name) if certificate else None
    result, _created = SkillsTestResult.objects.update_or_create(
        profile=profile, field_code=field_code, level=level,
        defaults={"passed_on": passed_on, "score": score, **({"certificate": document} if document else {})},
    )
    audit.record(user, "talent.skills_test_recorded", profile, field=field_code, level=level)
    return result


@transaction.atomic
def remove_skills_test(user: Viewer, result_id: int) -> None:
    profile = profile_for_update(user)
    deleted, _detail = SkillsTestResult.objects.filter(pk=result_id, profile=profile).delete()
    if not deleted:
        raise PermissionDenied


@transaction.atomic
def add_titp(user: Viewer, field_code: str, stage: int, completed_on: dt.date | None) -> TitpRecord:
    profile = profile_for_update(user)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not queries.fields_on(today).filter(code=field_code).exists():
        errors["field_code"] = _("Choose one of the SSW fields in force.")
    if stage not in (1, 2, 3):
        errors["stage"] = _("Choose TITP (i), (ii) or (iii).")
    if message := _date_error(completed_on, TITP_START, _("Technical Intern Training"), today):
        errors["completed_on"] = message
    if errors:
        raise ValidationError(errors)
    record = TitpRecord.objects.create(profile=profile, field_code=field_code, stage=stage, completed_on=completed_on)
    audit.record(user, "talent.titp_recorded", profile, field=field_code, stage=stage)
    return record


@transaction.atomic
def remove_titp(user: Viewer, record_id: int) -> None:
    profile = profile_for_update(user)
    deleted, _detail = TitpRecord.objects.filter(pk=record_id, profile=profile).delete()
    if not deleted:
        raise PermissionDenied


def sniff(head: bytes) -> str | None:
    """The content type the first bytes show (PDF, JPEG or PNG), whatever the name says."""
    for content_type, signature in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def _store_document(profile: CandidateProfile, kind: str, upload: IO[bytes], name: str) -> CandidateDocument:
    name = (name or "document").replace("\x00", "")[-200:]
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is too large (at most 5 MB).")})
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    claimed = EXTENSIONS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
    if content_type is None or claimed != content_type:
        raise ValidationError({"file": _("Upload a PDF, JPEG or PNG file whose content matches its name.")})
    if kind not in CandidateDocument.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    if profile.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError({"file": _("You can keep at most 20 documents. Delete one first.")})
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    document = CandidateDocument(profile=profile, kind=kind, original_name=name, content_type=content_type, size=size,
                                 sha256=digest.hexdigest())
    document.file.save(name, File(upload), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def upload_document(user: Viewer, kind: str, upload: IO[bytes], name: str) -> CandidateDocument:
    profile = profile_for_update(user)
    document = _store_document(profile, kind, upload, name)
    audit.record(user, "talent.document_uploaded", profile, kind=kind)
    return document


@transaction.atomic
def delete_document(user: Viewer, document_id: int) -> None:
    profile = profile_for_update(user)
    document = CandidateDocument.objects.filter(pk=document_id, profile=profile).first()
    if document is None:
        raise PermissionDenied
    stored = document.file.name or ""
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    audit.record(user, "talent.document_deleted", profile)


def _reindex(profile: CandidateProfile) -> None:
    from .matches import CANDIDATES  # noqa: PLC0415  (matches imports the queries this module uses)

    matching.index_document(CANDIDATES, profile.pk)
