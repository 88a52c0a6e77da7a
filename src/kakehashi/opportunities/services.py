"""Every write of an opportunity's life: draft → submitted → (returned ⇄ submitted) →
published → expired (unless renewed) → closed with an outcome.

Each function owns its transaction, refuses a transition its state does not allow
(`ValidationError`) or an actor who may not act (`PermissionDenied`), writes an audit entry,
queues the owner's e-mail and, when matching is affected, tells the matching engine after
commit (`matches.services.opportunity_changed`). Dates are checked against `today`
(default: the current date) and the sweeps take `now`, so tests move the clock by argument.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts import people
from kakehashi.core import audit
from kakehashi.core.countries import country_name
from kakehashi.core.dates import format_day
from kakehashi.core.language import detect_language
from kakehashi.core.links import absolute_url
from kakehashi.core.models import Sector
from kakehashi.mail.services import queue_mail
from kakehashi.notices import services as notices

from . import queries
from .matches.services import opportunity_changed
from .models import INVESTMENT_KINDS, TRL_KINDS, Kind, Opportunity, Outcome, Status

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation, User

DETAILS_MAX = 10_000
SECTORS_MAX = 5
TARGET_COUNTRIES_MAX = 30
REMIND_DAYS_BEFORE = 14
EDITABLE = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.PUBLISHED)
TEXT_FIELDS = ("title", "summary", "details")
FIELDS = {
    "kind", "title", "summary", "details", "language", "sectors", "target_countries", "trl", "company_stage",
    "ticket_min_usd", "ticket_max_usd", "visibility", "expires_on", "notify_matches",
}


def latest_expiry(today: dt.date) -> dt.date:
    """Twelve months after `today` (29 February → 28 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


# --- validation ------------------------------------------------------------------------------


def _clean_text(opportunity: Opportunity, errors: dict[str, list[str]]) -> None:
    for name in TEXT_FIELDS:
        value = getattr(opportunity, name) or ""
        if "\x00" in value:
            errors.setdefault(name, []).append(_("Null characters are not allowed."))
            continue
        value = value.strip()
        setattr(opportunity, name, value)
        if not value and name != "details":
            errors.setdefault(name, []).append(_("This field is required."))
    try:
        MaxLengthValidator(DETAILS_MAX)(opportunity.details)
    except ValidationError as exc:
        errors.setdefault("details", []).extend(exc.messages)


def _check_countries(countries: Any, errors: dict[str, list[str]]) -> list[str]:
    if not isinstance(countries, list | tuple) or not all(isinstance(c, str) for c in countries):
        errors.setdefault("target_countries", []).append(_("Give a list of country codes."))
        return []
    codes = list(dict.fromkeys(c.strip().upper() for c in countries))
    unknown = [c for c in codes if len(c) != 2 or country_name(c) == c]
    if unknown:
        errors.setdefault("target_countries", []).append(
            _("Unknown country code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if len(codes) > TARGET_COUNTRIES_MAX:
        errors.setdefault("target_countries", []).append(
            _("Choose at most %(n)d countries.") % {"n": TARGET_COUNTRIES_MAX}
        )
    return codes


def _check_kind_fields(o: Opportunity, errors: dict[str, list[str]]) -> None:
    """What may be filled in for the kind (always checked, drafts included)."""
    if o.trl is not None:
        if o.kind not in TRL_KINDS:
            errors.setdefault("trl", []).append(
                _("A technology readiness level applies only to technology, joint R&D and pilot-project opportunities.")
            )
        elif not 1 <= o.trl <= 9:
            errors.setdefault("trl", []).append(_("Enter a level from 1 to 9."))
    if o.kind not in INVESTMENT_KINDS:
        if o.ticket_min_usd is not None or o.ticket_max_usd is not None:
            errors.setdefault("ticket_min_usd", []).append(_("Ticket sizes apply only to investment opportunities."))
        if o.company_stage:
            errors.setdefault("company_stage", []).append(_("A company stage applies only to investment opportunities."))
    elif o.ticket_min_usd is not None and o.ticket_max_usd is not None and o.ticket_min_usd > o.ticket_max_usd:
        errors.setdefault("ticket_max_usd", []).append(_("The largest ticket must not be smaller than the smallest."))


def _check_complete(o: Opportunity, sector_count: int, today: dt.date, errors: dict[str, list[str]], *, expiry: bool = True) -> None:
    """What a submitted or published opportunity needs."""
    if sector_count == 0:
        errors.setdefault("sectors", []).append(_("Choose at least one sector."))
    if o.kind in TRL_KINDS and o.trl is None:
        errors.setdefault("trl", []).append(_("Give the technology readiness level (1–9)."))
    if o.kind == Kind.INVESTMENT_SOUGHT and not o.company_stage:
        errors.setdefault("company_stage", []).append(_("Give the stage of the company."))
    if o.kind in INVESTMENT_KINDS:
        for name in ("ticket_min_usd", "ticket_max_usd"):
            if getattr(o, name) is None:
                errors.setdefault(name, []).append(_("Give the ticket size in US dollars."))
    if expiry:
        _check_expiry(o.expires_on, today, errors)


def _check_expiry(expires_on: dt.date | None, today: dt.date, errors: dict[str, list[str]], field: str = "expires_on") -> None:
    if expires_on is None:
        errors.setdefault(field, []).append(_("This field is required."))
    elif expires_on <= today:
        errors.setdefault(field, []).append(_("The expiry date must be in the future."))
    elif expires_on > latest_expiry(today):
        errors.setdefault(field, []).append(
            _("The expiry date can be at most twelve months ahead (%(date)s).") % {"date": format_day(latest_expiry(today))}
        )


def _validate(o: Opportunity, sectors: list[Sector], errors: dict[str, list[str]]) -> None:
    """Model field checks (choices, lengths) merged with ours; raises with every error."""
    _clean_text(o, errors)
    if not o.language:
        o.language = detect_language(o.title, o.summary, o.details)
    if len(sectors) > SECTORS_MAX:
        errors.setdefault("sectors", []).append(_("Choose at most five sectors."))
    if o.kind in Kind.values:
        _check_kind_fields(o, errors)
    try:
        o.full_clean(exclude=["organisation", "created_by", "reference", "aim", *errors])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _resolve_sectors(codes_or_sectors: Any) -> list[Sector]:
    items = list(codes_or_sectors or [])
    codes = [s.code if isinstance(s, Sector) else str(s) for s in items]
    found = {s.code: s for s in Sector.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError({"sectors": [_("Unknown sector: %(codes)s.") % {"codes": ", ".join(unknown)}]})
    return [found[c] for c in dict.fromkeys(codes)]


# --- mail -----------------------------------------------------------------------------------


def _owner_recipients(opportunity: Opportunity) -> list[User]:
    """Whoever created it while they still act for its organisation; otherwise the
    organisation's managers (`accounts.people`: approved members, active memberships)."""
    organisation_id = opportunity.organisation_id
    if opportunity.created_by_id and people.people_of(organisation_id).filter(pk=opportunity.created_by_id).exists():
        return [cast("User", opportunity.created_by)]  # created_by_id is set
    return list(people.managers_of(organisation_id))


def _notify_owner(opportunity: Opportunity, kind: str, actor: User) -> None:
    """A notice of a staff decision for the people the decision's e-mail goes to; keyed by the
    decision's moment, so a second return of the same opportunity is a second notice."""
    key = f"opportunity:{opportunity.pk}:{opportunity.updated_at.timestamp():.6f}"
    url = reverse("opportunities:detail", args=[opportunity.reference])
    notices.notify(_owner_recipients(opportunity), kind, key=key, url=url, actor=actor, title=opportunity.title)


def _mail_owner(opportunity: Opportunity, template: str, *, activity: bool = False, **context: Any) -> None:
    """`activity` mails (reminders) respect the recipient's 'e-mail me about activity' switch;
    staff decisions on a submission are always sent."""
    url = absolute_url("opportunities:detail", opportunity.reference)
    for user in _owner_recipients(opportunity):
        if activity and not user.email_notifications:
            continue
        queue_mail(
            to=user.email,
            user=user,
            template=f"opportunities/mail/{template}",
            context={
                "name": user.get_short_name(),
                "title": opportunity.title,
                "reference": opportunity.reference,
                "expires_on": format_day(opportunity.expires_on, user.language),
                "url": url,
                "renew_url": absolute_url("opportunities:renew", opportunity.reference),
                **context,
            },
            locale=user.language,
        )


# --- writes by the owning organisation ----------------------------------------------------


def _ensure_publisher(actor: User, organisation: Organisation) -> None:
    if not people.is_approved_member(actor):
        raise PermissionDenied
    # Pages and the API offer only organisations the member acts for; a pending one reaches
    # here only from its own members, who are told why.
    if not people.is_approved_organisation(organisation):
        raise ValidationError(_("Your organisation must be approved before it can publish opportunities."))
    if not people.acts_for(actor, organisation.pk):
        raise PermissionDenied


def _ensure_manager(actor: User, opportunity: Opportunity) -> None:
    if not queries.can_manage(actor, opportunity):
        raise PermissionDenied


def _refused(action: str) -> ValidationError:
    """The transition is not allowed from the opportunity's current state."""
    messages = {
        "edit": _("Expired and closed opportunities cannot be edited."),
        "submit": _("Only drafts and returned opportunities can be submitted."),
        "renew": _("Only published or expired opportunities can be renewed."),
        "close": _("Only published or expired opportunities can be closed."),
        "approve": _("Only submitted opportunities can be approved."),
        "return": _("Only submitted opportunities can be returned."),
    }
    return ValidationError(messages[action], code="invalid_transition")


@transaction.atomic
def create_draft(actor: User, organisation: Organisation, *, sectors: Any = (), **fields: Any) -> Opportunity:
    """A new draft of the organisation, written by one of its approved members. The language
    is detected from the text when not given."""
    _ensure_publisher(actor, organisation)
    if set(fields) - FIELDS:
        raise ValueError(f"not opportunity fields: {sorted(set(fields) - FIELDS)}")
    errors: dict[str, list[str]] = {}
    fields["target_countries"] = _check_countries(fields.get("target_countries", []), errors)
    fields["language"] = fields.get("language") or ""  # empty: detected from the text
    opportunity = Opportunity(organisation=organisation, created_by=actor, status=Status.DRAFT, **fields)
    sector_list = _resolve_sectors(sectors)
    _validate(opportunity, sector_list, errors)
    opportunity.save()
    opportunity.sectors.set(sector_list)
    audit.record(actor, "opportunity.created", opportunity, kind=opportunity.kind)
    return opportunity


@transaction.atomic
def update(actor: User, opportunity: Opportunity, *, today: dt.date | None = None, **fields: Any) -> Opportunity:
    """Edit the text and facts. A published opportunity stays published (checked as on
    submission) and is matched again; drafts, submitted and returned ones keep their state."""
    _ensure_manager(actor, opportunity)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status not in EDITABLE:
        raise _refused("edit")
    if set(fields) - FIELDS:
        raise ValueError(f"not opportunity fields: {sorted(set(fields) - FIELDS)}")
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    old_sectors = list(opportunity.sectors.all())
    sector_list = _resolve_sectors(fields.pop("sectors")) if "sectors" in fields else old_sectors
    if "target_countries" in fields:
        fields["target_countries"] = _check_countries(fields["target_countries"], errors)
    old_expiry = opportunity.expires_on
    changed = [name for name, value in fields.items() if getattr(opportunity, name) != value]
    if {s.code for s in sector_list} != {s.code for s in old_sectors}:
        changed.append("sectors")
    for name, value in fields.items():
        setattr(opportunity, name, value)
    if opportunity.status == Status.PUBLISHED:
        _check_complete(opportunity, len(sector_list), today, errors, expiry=opportunity.expires_on != old_expiry)
    _validate(opportunity, sector_list, errors)
    opportunity.save()
    opportunity.sectors.set(sector_list)
    audit.record(actor, "opportunity.updated", opportunity, fields=sorted(changed))
    if opportunity.status == Status.PUBLISHED:
        opportunity_changed(opportunity.pk)
    return opportunity


@transaction.atomic
def submit(actor: User, opportunity: Opportunity, *, today: dt.date | None = None, now: dt.datetime | None = None) -> Opportunity:
    """Send a draft (or a returned opportunity) to staff for review, once it is complete."""
    _ensure_manager(actor, opportunity)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status not in (Status.DRAFT, Status.RETURNED):
        raise _refused("submit")
    if not people.is_approved_organisation(opportunity.organisation):
        raise ValidationError(_("Your organisation must be approved before it can publish opportunities."))
    errors: dict[str, list[str]] = {}
    _check_complete(opportunity, opportunity.sectors.count(), today or timezone.localdate(), errors)
    if errors:
        raise ValidationError(errors)
    opportunity.status = Status.SUBMITTED
    opportunity.submitted_at = now or timezone.now()
    opportunity.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor, "opportunity.submitted", opportunity)
    return opportunity


@transaction.atomic
def renew(actor: User, opportunity: Opportunity, *, expires_on: dt.date, today: dt.date | None = None) -> Opportunity:
    """Push the expiry date back (at most twelve months from today). An expired opportunity
    is published again; the expiry reminder will be sent again before the new date."""
    _ensure_manager(actor, opportunity)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status not in (Status.PUBLISHED, Status.EXPIRED):
        raise _refused("renew")
    errors: dict[str, list[str]] = {}
    _check_expiry(expires_on, today or timezone.localdate(), errors)
    if errors:
        raise ValidationError(errors)
    old = opportunity.expires_on
    revived = opportunity.status == Status.EXPIRED
    opportunity.expires_on = expires_on
    opportunity.status = Status.PUBLISHED
    opportunity.expiry_reminder_sent_at = None
    opportunity.save(update_fields=["expires_on", "status", "expiry_reminder_sent_at", "updated_at"])
    audit.record(actor, "opportunity.renewed", opportunity, expires_on=expires_on.isoformat(), previous=old.isoformat(), revived=revived)
    opportunity_changed(opportunity.pk)
    return opportunity


@transaction.atomic
def close(actor: User, opportunity: Opportunity, *, outcome: str, now: dt.datetime | None = None) -> Opportunity:
    """Take a published or expired opportunity off the platform, saying what came of it."""
    _ensure_manager(actor, opportunity)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status not in (Status.PUBLISHED, Status.EXPIRED):
        raise _refused("close")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Choose what came of it.")]})
    opportunity.status = Status.CLOSED
    opportunity.outcome = outcome
    opportunity.closed_at = now or timezone.now()
    opportunity.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    audit.record(actor, "opportunity.closed", opportunity, outcome=outcome)
    opportunity_changed(opportunity.pk)
    return opportunity


# --- staff review ---------------------------------------------------------------------------


def _ensure_staff(actor: User) -> None:
    if not getattr(actor, "is_staff", False):
        raise PermissionDenied


@transaction.atomic
def approve(actor: User, opportunity: Opportunity, *, now: dt.datetime | None = None) -> Opportunity:
    """Staff publish a submitted opportunity; its owner is told."""
    _ensure_staff(actor)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status != Status.SUBMITTED:
        raise _refused("approve")
    now = now or timezone.now()
    if opportunity.expires_on < timezone.localdate(now):
        raise ValidationError(_("Its expiry date has passed: return it so the owner can choose a new date."))
    opportunity.status = Status.PUBLISHED
    opportunity.published_at = now
    opportunity.review_comment = ""
    opportunity.expiry_reminder_sent_at = None
    opportunity.save(update_fields=["status", "published_at", "review_comment", "expiry_reminder_sent_at", "updated_at"])
    audit.record(actor, "opportunity.approved", opportunity)
    _mail_owner(opportunity, "opportunity_published")
    _notify_owner(opportunity, "opportunity_published", actor)
    opportunity_changed(opportunity.pk)
    return opportunity


@transaction.atomic
def return_for_changes(actor: User, opportunity: Opportunity, *, comment: str) -> Opportunity:
    """Staff send a submitted opportunity back with comments, e-mailed to its owner."""
    _ensure_staff(actor)
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status != Status.SUBMITTED:
        raise _refused("return")
    if "\x00" in comment:
        raise ValidationError({"comment": [_("Null characters are not allowed.")]})
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": [_("Say what should change.")]})
    try:
        MaxLengthValidator(2000)(comment)
    except ValidationError as exc:
        raise ValidationError({"comment": exc.messages}) from None
    opportunity.status = Status.RETURNED
    opportunity.review_comment = comment
    opportunity.save(update_fields=["status", "review_comment", "updated_at"])
    audit.record(actor, "opportunity.returned", opportunity, comment=comment)
    _mail_owner(opportunity, "opportunity_returned", comments=comment)
    _notify_owner(opportunity, "opportunity_returned", actor)
    return opportunity


# --- periodic jobs (registered in apps.py) -------------------------------------------------


def expire_due(now: dt.datetime | None = None) -> int:
    """Published opportunities past their expiry date become expired; owners are told.
    Each row is claimed with one conditional UPDATE, so several workers never double-mail."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = Opportunity.objects.filter(status=Status.PUBLISHED, expires_on__lt=today).values_list("pk", flat=True)
    done = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Opportunity.objects.filter(pk=pk, status=Status.PUBLISHED, expires_on__lt=today).update(
                status=Status.EXPIRED, updated_at=now
            )
            if not claimed:
                continue
            opportunity = Opportunity.objects.select_related("organisation", "created_by").get(pk=pk)
            audit.record(None, "opportunity.expired", opportunity)
            _mail_owner(opportunity, "opportunity_expired", activity=True)
            opportunity_changed(pk)
            done += 1
    return done


def remind_expiring(now: dt.datetime | None = None) -> int:
    """Once per expiry date, 14 days (or fewer) before it, e-mail the owner a renew link."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = Opportunity.objects.filter(
        status=Status.PUBLISHED, expiry_reminder_sent_at=None, expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).values_list("pk", flat=True)
    done = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Opportunity.objects.filter(pk=pk, status=Status.PUBLISHED, expiry_reminder_sent_at=None).update(
                expiry_reminder_sent_at=now
            )
            if not claimed:
                continue
            opportunity = Opportunity.objects.select_related("organisation", "created_by").get(pk=pk)
            audit.record(None, "opportunity.expiry_reminded", opportunity)
            _mail_owner(opportunity, "opportunity_expiring", activity=True, days=(opportunity.expires_on - today).days)
            done += 1
    return done
