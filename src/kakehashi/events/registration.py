"""Registration, the waiting list and cancellation: every write that takes or frees a seat.

Race-free by construction: each of these writes runs in one transaction that first locks the
session's row (`select_for_update`; on SQLite the IMMEDIATE transaction holds the database's
write lock) and then counts the confirmed registrations. Two people can therefore never
take the last seat together, and a cancellation promotes the first person on the waiting
list in the same transaction that frees the seat.

Visitors (no account; only where the session allows it) hold **no seat** until they confirm
their e-mail address through a signed link: a `pending` row only keeps their name and
answers. Confirming takes a seat, or a place on the waiting list, like a member's
registration. Nobody can fill a session with unconfirmed addresses.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.people import is_approved_member
from kakehashi.core import audit
from kakehashi.notices import services as notices

from . import mails, reminders, tokens
from .models import Answer, Question, Registration, Session

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

Status = Registration.Status
MAX_ANSWER = 2000
CONFIRMATION_RESEND_AFTER = dt.timedelta(minutes=10)


def _locked(session_id: int) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("series").get(pk=session_id)


def _confirmed(session: Session) -> int:
    return session.registrations.filter(status=Status.CONFIRMED).count()


def _check_open(session: Session) -> None:
    if not session.published:
        raise ValidationError(_("Registration is not open for this session."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("This session has already started; registration is closed."))


def clean_answers(session: Session, answers: dict[int, str]) -> dict[int, str]:
    """Answers by question id: required ones present, none too long, no foreign question."""
    questions = {q.pk: q for q in session.questions.all()}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, str] = {}
    for question_id, text in answers.items():
        if question_id not in questions:
            raise ValidationError(_("That question belongs to another session."))
        text = (text or "").strip()
        if "\x00" in text:
            errors[f"question_{question_id}"] = [_("Null characters are not allowed.")]
        elif len(text) > MAX_ANSWER:
            errors[f"question_{question_id}"] = [
                _("Answers can be at most %(max)d characters long.") % {"max": MAX_ANSWER}
            ]
        cleaned[question_id] = text
    for question in questions.values():
        if question.required and not cleaned.get(question.pk):
            errors.setdefault(f"question_{question.pk}", [_("Please answer this question.")])
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_answers(registration: Registration, answers: dict[int, str]) -> None:
    registration.answers.all().delete()
    Answer.objects.bulk_create(
        [Answer(registration=registration, question_id=qid, text=text) for qid, text in answers.items() if text]
    )


def _notice(registration: Registration, kind: str, at: dt.datetime | None, *, actor: User | None = None) -> None:
    """A member's registration changed: a notice in their centre (visitors have none)."""
    if registration.user_id and at is not None:
        notices.notify([registration.user_id], kind, key=f"registration:{registration.pk}:{at.isoformat()}",
                       url=registration.session.get_absolute_url(), actor=actor, title=registration.session.title)


def _take_place(session: Session, registration: Registration) -> None:
    """With the session locked: a seat if one is free, else the end of the waiting list."""
    now = timezone.now()
    if session.capacity is None or _confirmed(session) < session.capacity:
        registration.status, registration.confirmed_at, registration.waitlisted_at = Status.CONFIRMED, now, None
        registration.save()
        reminders.schedule(registration)
        mails.registered(registration)
        _notice(registration, "registration_confirmed", now)
    else:
        registration.status, registration.waitlisted_at = Status.WAITLISTED, now
        registration.save()
        mails.waitlisted(registration)


def register_member(user: User, session: Session, *, answers: dict[int, str] | None = None) -> Registration:
    """An approved member registers: a seat, or a place on the waiting list. E-mailed in
    their language (with the .ics for a seat)."""
    if not is_approved_member(user):
        raise PermissionDenied
    answers = clean_answers(session, answers or {})
    with transaction.atomic():
        session = _locked(session.pk)
        _check_open(session)
        email = user.email.lower()
        registration = session.registrations.filter(email=email).first()
        if registration is not None and registration.is_active:
            raise ValidationError(_("You are already registered for this session."))
        if registration is None:
            registration = Registration(session=session, email=email)
        registration.user, registration.name = user, user.get_full_name()[:200]
        registration.language, registration.timezone = user.language, user.timezone
        registration.cancelled_at = None
        registration.attended = None
        _take_place(session, registration)
        _save_answers(registration, answers)
        audit.record(user, "event.registered", registration, status=registration.status)
    return registration


def register_visitor(
    session: Session, *, email: str, name: str, language: str, answers: dict[int, str] | None = None
) -> Registration:
    """A visitor asks for a place: a pending row and an e-mail with a confirmation link.

    Someone already registered, or who asked less than ten minutes ago, gets no new
    e-mail; the answer to the caller is the same, so nobody learns who registered."""
    if not session.visitors_may_register:
        raise PermissionDenied
    email = email.strip().lower()
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": [_("This field is required.")]})
    answers = clean_answers(session, answers or {})
    with transaction.atomic():
        session = _locked(session.pk)
        _check_open(session)
        registration = session.registrations.filter(email=email).first()
        now = timezone.now()
        if registration is not None and (
            registration.is_active
            or (registration.confirmation_sent_at and now - registration.confirmation_sent_at < CONFIRMATION_RESEND_AFTER)
        ):
            return registration
        if registration is None:
            registration = Registration(session=session, email=email)
        registration.name, registration.language = name[:200], language
        registration.timezone = mails.default_zone(language)
        registration.status, registration.confirmation_sent_at, registration.cancelled_at = Status.PENDING, now, None
        registration.full_clean(exclude=["session", "user"])
        registration.save()
        _save_answers(registration, answers)
        mails.confirm_address(registration)
        audit.record(None, "event.visitor_registered", registration)
    return registration


def confirm_visitor(token: str) -> Registration:
    """The visitor followed the link: take a seat or join the waiting list (once)."""
    registration = tokens.registration_for(token, tokens.CONFIRM_SALT)
    with transaction.atomic():
        session = _locked(registration.session_id)
        registration = Registration.objects.select_related("session").get(pk=registration.pk)
        if registration.status != Status.PENDING:
            if registration.status == Status.CANCELLED:
                raise ValidationError(_("This registration was cancelled. Register again to get a new link."))
            return registration
        _check_open(session)
        _take_place(session, registration)
        audit.record(None, "event.visitor_confirmed", registration, status=registration.status)
    return registration


def cancel(registration: Registration, *, actor: User | None = None) -> Registration:
    """Cancel (idempotent). A freed seat goes to the first person on the waiting list, in
    the same transaction, and they are e-mailed."""
    with transaction.atomic():
        session = _locked(registration.session_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return registration
        if session.starts_at <= timezone.now() and registration.status == Status.CONFIRMED:
            raise ValidationError(_("This session has already started; the registration can no longer be cancelled."))
        was_confirmed = registration.status == Status.CONFIRMED
        registration.status, registration.cancelled_at = Status.CANCELLED, timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        reminders.cancel(registration)
        audit.record(actor, "event.cancelled", registration)
        registration.session = session
        _notice(registration, "registration_cancelled", registration.cancelled_at, actor=actor)
        if was_confirmed:
            promote(session)
    registration.session = session
    return registration


def cancel_by_link(token: str) -> Registration:
    return cancel(tokens.registration_for(token, tokens.CANCEL_SALT))


def promote(session: Session) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served. The caller holds the
    session's lock (`_locked`) inside its transaction."""
    if session.starts_at <= timezone.now():
        return []
    waiting = session.registrations.filter(status=Status.WAITLISTED).order_by("waitlisted_at", "id")
    if session.capacity is not None:
        free = session.capacity - _confirmed(session)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status, registration.confirmed_at = Status.CONFIRMED, now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        reminders.schedule(registration)
        mails.registered(registration, promoted=True)
        _notice(registration, "registration_promoted", now)
        audit.record(None, "event.promoted", registration)
    return promoted


def questions_of(session: Session) -> list[Question]:
    return list(session.questions.all())
