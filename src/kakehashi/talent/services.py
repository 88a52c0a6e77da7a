"""Writes of talent (candidate profiles: `candidate_services`): staff change the SSW fields
and rules (from the admin; a rule change is a new row or an edited row with validity dates
and its sources, audited) and approve SSW employers; employers post, edit, publish and close
jobs. Every write checks its permission and validates completely before storing anything."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts import people
from kakehashi.accounts.people import ApprovalStatus, Viewer
from kakehashi.accounts.regions import is_region_of
from kakehashi.core import audit
from kakehashi.matching import services as matching
from kakehashi.translations import services as translations

from . import employer_notices, minimum_wage, queries
from .models import Job, Rule, SswEmployer, SswField, Valid
from .rules import KEYS
from .translation import SOURCE

LEVELS = range(1, 6)
_url = URLValidator(schemes=["https"])


def _require_staff(user: Viewer) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        raise PermissionDenied


def _clean_sources(sources: object) -> list[dict[str, str]]:
    """At least one official https source; a new one is stamped as checked today."""
    if not isinstance(sources, list) or not sources or len(sources) > 10:
        raise ValidationError({"sources": _("Give one to ten official sources.")})
    cleaned = []
    for source in sources:
        if not isinstance(source, dict):
            raise ValidationError({"sources": _("Each source must be an https:// address.")})
        url, label = str(source.get("url", "")).strip(), str(source.get("label", "")).strip()[:200]
        try:
            if len(url) > 500 or "\x00" in url + label:
                raise ValidationError("")
            _url(url)
        except ValidationError:
            raise ValidationError({"sources": _("Each source must be an https:// address.")}) from None
        checked = str(source.get("checked_on", ""))
        try:
            checked = dt.date.fromisoformat(checked).isoformat()
        except ValueError:
            checked = timezone.localdate().isoformat()
        cleaned.append({"url": url, "label": label, "checked_on": checked})
    return cleaned


def _validate(row: Valid) -> None:
    row.sources = _clean_sources(row.sources)
    if row.valid_to and row.valid_to < row.valid_from:
        raise ValidationError({"valid_to": _("A rule cannot end before it starts.")})


@transaction.atomic
def save_field(staff: Viewer, field: SswField) -> SswField:
    _require_staff(staff)
    _validate(field)
    if field.ssw2_jlpt is not None and field.ssw2_jlpt not in LEVELS:
        raise ValidationError({"ssw2_jlpt": _("Give a JLPT level from 1 to 5.")})
    if not isinstance(field.categories, dict) or any(
        not isinstance(v, dict) or int(v.get("jlpt", 4)) not in LEVELS for v in field.categories.values()
    ):
        raise ValidationError({"categories": _('Give job categories as {"bus_taxi": {"jlpt": 3, "jft": false}}.')})
    field.full_clean()
    created = field.pk is None
    field.save()
    audit.record(staff, "talent.field_created" if created else "talent.field_updated", field)
    return field


@transaction.atomic
def save_rule(staff: Viewer, rule: Rule) -> Rule:
    _require_staff(staff)
    _validate(rule)
    if rule.key not in KEYS:
        raise ValidationError({"key": _("Unknown rule.")})
    try:
        if rule.key.endswith(("_test", "_first", "_start")):
            dt.date.fromisoformat(rule.value)
        elif int(rule.value) < 0:
            raise ValueError
    except ValueError:
        raise ValidationError({"value": _("This rule's value must be a date (YYYY-MM-DD) or a whole number.")}) from None
    rule.full_clean()
    created = rule.pk is None
    rule.save()
    audit.record(staff, "talent.rule_created" if created else "talent.rule_updated", rule, key=rule.key, value=rule.value)
    return rule


# --- SSW employers ------------------------------------------------------------------------

MAX_WAGE_JPY = 2_000_000  # a monthly wage above this is taken for a typing error
MAX_HOURS = 60
MAX_OPENINGS = 500


def _no_nul(obj: object, names: list[str]) -> None:
    for name in names:
        if "\x00" in str(getattr(obj, name, "") or ""):
            raise ValidationError({name: _("Null characters are not allowed.")})


@transaction.atomic
def request_employer(user: Viewer, organisation_id: int, note: str = "") -> SswEmployer:
    """A manager of a Japanese organisation asks staff to approve it as an SSW employer."""
    if not people.acts_for(user, organisation_id, managing=True):
        raise PermissionDenied
    organisation = people.approved_organisations().get(pk=organisation_id)
    if organisation.country != "JP":
        raise ValidationError({"organisation": _("Only organisations in Japan can employ Specified Skilled Workers.")})
    if "\x00" in note or len(note) > 1000:
        raise ValidationError({"note": _("Write at most 1,000 characters.")})
    employer, created = SswEmployer.objects.select_for_update().get_or_create(organisation_id=organisation_id)
    if employer.status == ApprovalStatus.APPROVED:
        return employer
    waiting = employer.status == ApprovalStatus.PENDING and not created  # asked before: staff were told then
    employer.status, employer.note, employer.requested_by = ApprovalStatus.PENDING, note, user  # type: ignore[assignment]
    employer.decided_by, employer.decided_at, employer.decision_note = None, None, ""
    employer.save()
    audit.record(user, "talent.employer_requested", employer)
    if not waiting:
        employer_notices.requested(employer, user)
    return employer


@transaction.atomic
def decide_employer(staff: Viewer, employer_id: int, approve: bool, note: str = "") -> SswEmployer:
    _require_staff(staff)
    employer = SswEmployer.objects.select_for_update().get(pk=employer_id)
    employer.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.DECLINED
    employer.decided_by, employer.decided_at, employer.decision_note = staff, timezone.now(), note[:500].replace("\x00", "")  # type: ignore[assignment]
    employer.save()
    audit.record(staff, "talent.employer_approved" if approve else "talent.employer_declined", employer)
    employer_notices.decided(employer, staff)
    if not approve:
        for job_id in Job.objects.filter(organisation_id=employer.organisation_id, status=Job.Status.PUBLISHED).values_list("pk", flat=True):
            _set_status(staff, Job.objects.get(pk=job_id), Job.Status.CLOSED)
    return employer


# --- Jobs ---------------------------------------------------------------------------------


def validate_job(job: Job, today: dt.date) -> None:
    """Everything a job must satisfy, as translated field errors (nothing is stored on error)."""
    errors: dict[str, str] = {}
    _no_nul(job, ["title_en", "title_ja", "duties_en", "duties_ja", "city", "hours_note", "housing_note",
                  "support_organisation", "support_registration", "required_tests"])
    fields = {f.code: f for f in queries.fields_on(today)}
    field = fields.get(job.field_code)
    if field is None:
        errors["field_code"] = _("Choose one of the SSW fields in force.")
    elif job.level == 2 and not field.has_ssw2:
        errors["level"] = _("This field has no SSW (ii).")
    elif job.category and job.category not in (field.categories or {}):
        errors["category"] = _("This job category does not belong to the field.")
    if not is_region_of(job.prefecture, "JP"):
        errors["prefecture"] = _("Choose a prefecture of Japan.")
    wage = job.monthly_wage_jpy
    if wage is None or wage <= 0:
        errors["monthly_wage_jpy"] = _("Give the monthly wage before tax in yen, above zero.")
    elif wage > MAX_WAGE_JPY:
        errors["monthly_wage_jpy"] = _("A monthly wage above ¥2,000,000 looks like a typing error.")
    if not job.hours_per_week or not 1 <= job.hours_per_week <= MAX_HOURS:
        errors["hours_per_week"] = _("Give the working hours per week, from 1 to 60.")
    elif "monthly_wage_jpy" not in errors and "prefecture" not in errors:
        floor = minimum_wage.monthly_floor(job.prefecture, job.hours_per_week)
        if floor is not None and wage < floor:
            errors["monthly_wage_jpy"] = _(
                "¥%(wage)s a month for %(hours)s hours a week is below the prefecture's minimum wage "
                "(¥%(hourly)s an hour in %(year)s: at least ¥%(floor)s a month)."
            ) % {"wage": f"{wage:,}", "hours": job.hours_per_week, "hourly": minimum_wage.hourly(job.prefecture),
                 "year": minimum_wage.FISCAL_YEAR, "floor": f"{floor:,}"}
    if not job.openings or not 1 <= job.openings <= MAX_OPENINGS:
        errors["openings"] = _("Give the number of openings, from 1 to 500.")
    if job.required_jlpt is not None and job.required_jlpt not in LEVELS:
        errors["required_jlpt"] = _("Give a JLPT level from 1 to 5.")
    if job.start_date is None or job.start_date > today + dt.timedelta(days=3 * 366):
        errors["start_date"] = _("Give a start date within the next three years.")
    elif job.status != Job.Status.CLOSED and job.start_date < today and job.pk is None:
        errors["start_date"] = _("The start date has passed.")
    errors.update(_text_errors(job))
    if errors:
        raise ValidationError(errors)
    try:
        job.full_clean(exclude=["organisation", "created_by"])
    except ValidationError as e:
        raise ValidationError(e.message_dict) from None


def _text_errors(job: Job) -> dict[str, str]:
    """A title and duties in one language at least, and never one without the other: a reader
    of that language would get a title in it above duties in the other (translations start
    from a complete text, `talent.translation`)."""
    en_title, en_duties = bool(job.title_en.strip()), bool(job.duties_en.strip())
    ja_title, ja_duties = bool(job.title_ja.strip()), bool(job.duties_ja.strip())
    if not (en_title or en_duties or ja_title or ja_duties):
        return {"title_en": _("Give the job title in English or Japanese."), "duties_en": _("Describe the duties in English or Japanese.")}
    errors: dict[str, str] = {}
    if en_title and not en_duties:
        errors["duties_en"] = _("Describe the duties in English too, or leave the English title empty.")
    if en_duties and not en_title:
        errors["title_en"] = _("Give the job title in English too, or leave the English duties empty.")
    if ja_title and not ja_duties:
        errors["duties_ja"] = _("Describe the duties in Japanese too, or leave the Japanese title empty.")
    if ja_duties and not ja_title:
        errors["title_ja"] = _("Give the job title in Japanese too, or leave the Japanese duties empty.")
    return errors


@transaction.atomic
def save_job(user: Viewer, job: Job) -> Job:
    """Create or edit a job of an approved SSW employer the user acts for."""
    if job.pk is not None:
        stored = Job.objects.select_for_update().get(pk=job.pk)
        if stored.organisation_id != job.organisation_id:
            raise PermissionDenied
    if not queries.can_edit_job(user, job):
        raise PermissionDenied
    validate_job(job, timezone.localdate())
    created = job.pk is None
    if created:
        job.created_by = user  # type: ignore[assignment]
    job.save()
    audit.record(user, "talent.job_created" if created else "talent.job_updated", job)
    _reindex_job(job)
    return job


TRANSITIONS = {
    Job.Status.DRAFT: {Job.Status.PUBLISHED, Job.Status.CLOSED},
    Job.Status.PUBLISHED: {Job.Status.CLOSED},
    Job.Status.CLOSED: {Job.Status.PUBLISHED},
}


@transaction.atomic
def set_job_status(user: Viewer, job_id: int, status: str) -> Job:
    job = Job.objects.select_for_update().get(pk=job_id)
    if not queries.can_edit_job(user, job):
        raise PermissionDenied
    if status not in TRANSITIONS.get(job.status, set()):  # type: ignore[call-overload]
        raise ValidationError({"status": _("A job cannot go from %(old)s to %(new)s.") % {"old": job.get_status_display(), "new": status[:20]}})
    if status == Job.Status.PUBLISHED:
        validate_job(job, timezone.localdate())
        if job.start_date < timezone.localdate():
            raise ValidationError({"start_date": _("The start date has passed.")})
    return _set_status(user, job, status)


def _set_status(user: Viewer, job: Job, status: str) -> Job:
    job.status = status
    if status == Job.Status.PUBLISHED:
        job.published_at = timezone.now()
    elif status == Job.Status.CLOSED:
        job.closed_at = timezone.now()
    job.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    audit.record(user, f"talent.job_{status}", job)
    _reindex_job(job)
    return job


def _reindex_job(job: Job) -> None:
    from .matches import JOBS  # noqa: PLC0415  (matches imports this module's neighbours)

    matching.index_document(JOBS, job.pk)
    translations.item_changed(SOURCE, job.pk)  # a published job waits on the translation desk at once
