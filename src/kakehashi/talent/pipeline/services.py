"""Every write of the pipeline: apply, move an application (with its permission per
transition), schedule an interview, add an employer note, record who viewed a candidate.
Each change is one transaction: the application, its event (time, actor, side), the audit
entry, the notice and the e-mail to the other side (in each recipient's language)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core import audit

from . import notify, queries, states
from .models import MESSAGE_MAX, NOTE_MAX, REASON_MAX, Application, ApplicationEvent, CandidateView, EmployerNote

INTERVIEW_MINUTES = range(15, 481)
INTERVIEW_AHEAD = dt.timedelta(days=366)
side_of = queries.side_of


def _text(value: str, limit: int, field: str, *, required: bool = False) -> str:
    text = (value or "").replace("\x00", "").strip()
    if len(text) > limit:
        raise ValidationError({field: _("Keep this under %(limit)d characters.") % {"limit": limit}})
    if required and not text:
        raise ValidationError({field: _("Give a reason.")})
    return text


def _record(application: Application, actor: Any, side: str, source: str, reason: str = "") -> ApplicationEvent:
    event = ApplicationEvent.objects.create(
        application=application, actor=actor, side=side, source=source, target=application.state, reason=reason,
        interview_at=application.interview_at if application.state == states.INTERVIEW else None,
    )
    audit.record(actor, f"talent.application_{application.state}" if source else "talent.application_created", application,
                 source=source, state=application.state, side=side)
    return event


@transaction.atomic
def apply(user: Any, job: Any, message: str = "") -> Application:
    """The candidate applies to a published job (once per job)."""
    profile = queries.own_profile(user)
    if profile is None:
        raise PermissionDenied
    if not queries.job_open_for_applications(job):
        raise ValidationError(_("This job is not open for applications."))
    text = _text(message, MESSAGE_MAX, "message")
    try:
        with transaction.atomic():
            application = Application.objects.create(candidate=profile, job=job, message=text)
    except IntegrityError:
        raise ValidationError(_("You have already applied to this job.")) from None
    event = _record(application, user, states.CANDIDATE, "")
    notify.changed(application, event)
    return application


@transaction.atomic
def transition(user: Any, application: Application, target: str, *, reason: str = "") -> Application:
    """Move the application to `target` if `user`'s side may make that move from its state."""
    application = Application.objects.select_for_update(of=("self",)).select_related("job", "candidate").get(pk=application.pk)
    side = side_of(user, application)
    if side is None:
        raise PermissionDenied
    move = states.transition_for(application.state, target, side)
    if move is None:
        raise ValidationError({"state": _("This change is not possible now.")})
    if move.needs_interview:
        raise ValidationError({"state": _("Schedule the interview with its time.")})
    text = _text(reason, REASON_MAX, "reason", required=move.needs_reason)
    source = application.state
    application.state = target
    application.reason = text if move.needs_reason else application.reason
    application.state_changed_at = timezone.now()
    application.save(update_fields=["state", "reason", "state_changed_at", "updated_at"])
    event = _record(application, user, side, source, text)
    notify.changed(application, event)
    return application


def _check_interview(at: dt.datetime, minutes: int, where: str) -> tuple[dt.datetime, int, str]:
    if timezone.is_naive(at):
        raise ValidationError({"interview_at": _("Give the time with its time zone.")})
    now = timezone.now()
    if at <= now:
        raise ValidationError({"interview_at": _("The interview must be in the future.")})
    if at > now + INTERVIEW_AHEAD:
        raise ValidationError({"interview_at": _("The interview must be within a year.")})
    if minutes not in INTERVIEW_MINUTES:
        raise ValidationError({"interview_minutes": _("An interview lasts 15 minutes to 8 hours.")})
    return at.astimezone(dt.UTC), minutes, _text(where, 300, "interview_where")


@transaction.atomic
def schedule_interview(user: Any, application: Application, at: dt.datetime, minutes: int = 30, where: str = "") -> Application:
    """The employer schedules (from screening) or moves (during the interview stage) the interview."""
    application = Application.objects.select_for_update(of=("self",)).select_related("job", "candidate").get(pk=application.pk)
    if side_of(user, application) != states.EMPLOYER:
        raise PermissionDenied
    if application.state not in (states.SCREENING, states.INTERVIEW):
        raise ValidationError({"state": _("This change is not possible now.")})
    at, minutes, where = _check_interview(at, minutes, where)
    source = application.state
    application.interview_sequence += 1 if application.interview_at else 0
    application.interview_at, application.interview_minutes, application.interview_where = at, minutes, where
    application.state = states.INTERVIEW
    fields = ["state", "interview_at", "interview_minutes", "interview_where", "interview_sequence", "updated_at"]
    if source != states.INTERVIEW:
        application.state_changed_at = timezone.now()
        fields.append("state_changed_at")
    application.save(update_fields=fields)
    event = _record(application, user, states.EMPLOYER, source)
    notify.changed(application, event)
    return application


@transaction.atomic
def add_note(user: Any, application: Application, body: str) -> EmployerNote:
    if side_of(user, application) != states.EMPLOYER:
        raise PermissionDenied
    text = _text(body, NOTE_MAX, "body")
    if not text:
        raise ValidationError({"body": _("Write a note.")})
    return EmployerNote.objects.create(application=application, author=user, body=text)


def record_view(viewer: Any, profile: Any, kind: str, *, what: str = "", organisation_id: int | None = None) -> None:
    """Log that someone other than the candidate viewed the profile or a document."""
    if getattr(viewer, "pk", None) is None or viewer.pk == profile.user_id:
        return
    CandidateView.objects.create(candidate=profile, viewer=viewer, organisation_id=organisation_id, kind=kind, what=what[:200])


@transaction.atomic
def forget_candidate(profile: Any) -> int:
    """The candidate deleted their data: their applications stay for the employers as
    "withdrawn (account deleted)" with no personal data (message, reasons, notes, times).
    Returns how many applications were closed. The caller deletes the profile."""
    rows = list(Application.objects.select_for_update().filter(candidate=profile))
    for application in rows:
        source = application.state
        ApplicationEvent.objects.filter(application=application).update(reason="")
        ApplicationEvent.objects.filter(application=application, side=states.CANDIDATE).update(actor=None)
        EmployerNote.objects.filter(application=application).delete()
        if application.is_open:
            ApplicationEvent.objects.create(application=application, side="system", source=source, target=states.WITHDRAWN)
        Application.objects.filter(pk=application.pk).update(
            candidate=None, account_deleted=True, message="", reason="", interview_where="",
            state=states.WITHDRAWN if application.is_open else application.state, state_changed_at=timezone.now(),
        )
    return len(rows)


@transaction.atomic
def delete_candidate_data(user: Any) -> int:
    """The candidate deletes their candidate data: profile, tests, documents (their files once
    committed, see signals.py) and the personal data of their applications (forget_candidate,
    run by the profile's pre_delete). Returns how many applications were theirs."""
    profile = queries.own_profile(user)
    if profile is None:
        raise PermissionDenied
    applications = Application.objects.filter(candidate=profile).count()
    audit.record(user, "talent.candidate_deleted", profile, applications=applications, documents=profile.documents.count())
    profile.delete()
    return applications
