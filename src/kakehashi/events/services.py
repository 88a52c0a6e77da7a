"""Every organiser's write: series, speakers, sessions, questions, announcements, the
recording link, attendance; and following a series.

Organisers are staff, or the active owners and admins of the series' organisation
(`queries.can_organise`). Seat-taking writes live in `registration.py`, reminders in
`reminders.py`, the feedback survey in `feedback.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core import audit
from kakehashi.core.markdown import render_markdown
from kakehashi.core.slugs import unique_slug
from kakehashi.mail.services import send_queued_after_commit
from kakehashi.notices import services as notices
from kakehashi.translations import services as translations

from . import mails, queries, registration, reminders
from .models import Announcement, Question, Registration, Series, SeriesFollow, Session, Speaker

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

Status = Registration.Status
MAX_QUESTIONS = 20


def _require_organiser(actor: User, series: Series) -> None:
    if not queries.can_organise(actor, series):
        raise PermissionDenied


# --- series and speakers ---------------------------------------------------------------------


@transaction.atomic
def create_series(actor: User, *, title: str, description: str = "", language: str = "en", organisation: Any = None) -> Series:
    """Staff create any series (without an organisation: run by the staff); an organisation's
    owners and admins create series of that organisation."""
    if not queries.may_create_series(actor):
        raise PermissionDenied
    if organisation is None and not actor.is_staff:
        raise ValidationError({"organisation": [_("Choose the organisation that runs the series.")]})
    if organisation is not None and not queries.organiser_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    series = Series(
        title=title, slug=unique_slug(Series, title, fallback="series"), description=description,
        description_html=render_markdown(description), language=language, organisation=organisation, created_by=actor,
    )
    series.full_clean()
    series.save()
    audit.record(actor, "series.created", series)
    return series


@transaction.atomic
def update_series(actor: User, series: Series, **fields: Any) -> Series:
    _require_organiser(actor, series)
    allowed = {"title", "description", "language", "organisation"}
    if set(fields) - allowed:
        raise ValueError(f"not series fields: {sorted(set(fields) - allowed)}")
    organisation = fields.get("organisation", series.organisation)
    if "organisation" in fields and organisation != series.organisation:
        if organisation is None and not actor.is_staff:
            raise ValidationError({"organisation": [_("Choose the organisation that runs the series.")]})
        if organisation is not None and not queries.organiser_organisations(actor).filter(pk=organisation.pk).exists():
            raise PermissionDenied
    for key, value in fields.items():
        setattr(series, key, value)
    series.description_html = render_markdown(series.description)
    series.full_clean()
    series.save()
    audit.record(actor, "series.updated", series, fields=sorted(fields))
    return series


@transaction.atomic
def set_following(user: User, series: Series, *, active: bool) -> SeriesFollow:
    follow, _created = SeriesFollow.objects.update_or_create(user=user, series=series, defaults={"active": active})
    return follow


@transaction.atomic
def save_speaker(actor: User, series: Series, speaker: Speaker | None = None, **fields: Any) -> Speaker:
    _require_organiser(actor, series)
    allowed = {"name", "title", "affiliation", "bio", "photo"}
    if set(fields) - allowed:
        raise ValueError(f"not speaker fields: {sorted(set(fields) - allowed)}")
    speaker = speaker or Speaker(series=series)
    if speaker.series_id != series.pk:
        raise PermissionDenied
    for key, value in fields.items():
        setattr(speaker, key, value)
    speaker.full_clean()
    speaker.save()
    audit.record(actor, "speaker.saved", speaker)
    return speaker


# --- sessions --------------------------------------------------------------------------------

SESSION_FIELDS = {
    "title", "abstract", "kind", "languages", "starts_at", "ends_at", "timezone", "format", "online_url", "venue",
    "capacity", "visitors_may_register", "published", "recorded", "recording_url", "writeup_post",
    "reminder_offsets", "feedback_survey",
}


def _check_speakers(series: Series, speakers: list[Speaker]) -> None:
    if any(s.series_id != series.pk for s in speakers):
        raise ValidationError({"speakers": [_("Choose speakers of this series.")]})


@transaction.atomic
def create_session(actor: User, series: Series, *, speakers: list[Speaker] | None = None, **fields: Any) -> Session:
    _require_organiser(actor, series)
    if set(fields) - SESSION_FIELDS:
        raise ValueError(f"not session fields: {sorted(set(fields) - SESSION_FIELDS)}")
    speakers = speakers or []
    _check_speakers(series, speakers)
    session = Session(series=series, created_by=actor, **fields)
    session.slug = unique_slug(Session, f"{session.title} {session.starts_at:%Y-%m-%d}" if session.starts_at else session.title, fallback="session")
    session.abstract_html = render_markdown(session.abstract)
    if session.recording_url:
        session.recording_added_at = timezone.now()
    session.full_clean()
    session.save()
    session.speakers.set(speakers)
    audit.record(actor, "session.created", session)
    translations.item_changed("session", session.pk)  # a published session waits on the translation desk at once
    return session


def update_session(actor: User, session: Session, *, speakers: list[Speaker] | None = None, **fields: Any) -> Session:
    """Edit a session. Under the session's lock: the capacity may not fall below the seats
    already taken, and a larger capacity promotes from the waiting list. A new start time
    raises the calendar SEQUENCE and moves the pending reminders. A recording link added for
    the first time e-mails the registrants and the series' followers."""
    _require_organiser(actor, session.series)
    if set(fields) - SESSION_FIELDS:
        raise ValueError(f"not session fields: {sorted(set(fields) - SESSION_FIELDS)}")
    with transaction.atomic():
        locked = Session.objects.select_for_update(of=("self",)).select_related("series").get(pk=session.pk)
        before = {name: getattr(locked, name) for name in SESSION_FIELDS}
        for key, value in fields.items():
            setattr(locked, key, value)
        confirmed = locked.registrations.filter(status=Status.CONFIRMED).count()
        if locked.capacity is not None and locked.capacity < confirmed:
            raise ValidationError({"capacity": [
                _("%(n)d people already have a seat: the capacity cannot be lower.") % {"n": confirmed}
            ]})
        if speakers is not None:
            _check_speakers(locked.series, speakers)
        locked.abstract_html = render_markdown(locked.abstract)
        moved = (locked.starts_at, locked.ends_at) != (before["starts_at"], before["ends_at"])
        if moved:
            locked.sequence += 1
        new_recording = bool(locked.recording_url) and not before["recording_url"]
        if new_recording:
            locked.recording_added_at = timezone.now()
        locked.full_clean()
        locked.save()
        if speakers is not None:
            locked.speakers.set(speakers)
        if moved or locked.reminder_offsets != before["reminder_offsets"]:
            reminders.reschedule(locked)
        if locked.capacity is None or (before["capacity"] is not None and locked.capacity > before["capacity"]):
            registration.promote(locked)
        if new_recording:
            _notify_recording(locked)
        audit.record(actor, "session.updated", locked, fields=sorted(k for k in fields if fields[k] != before[k]))
        translations.item_changed("session", locked.pk)
    return locked


def _notify_recording(session: Session) -> int:
    """E-mail everyone who registered (confirmed) and every follower of the series, once each;
    the members among them get a notice."""
    seen: set[str] = set()
    members: set[int] = set()
    for reg in session.registrations.filter(status=Status.CONFIRMED).select_related("user"):
        seen.add(reg.email)
        if reg.user_id:
            members.add(reg.user_id)
        mails.recording(session, email=reg.email, name=reg.name, language=reg.language, zone=reg.timezone,
                        user=reg.user, follower=False)
    followers = SeriesFollow.objects.filter(series=session.series, active=True, user__is_active=True).select_related("user")
    for follow in followers:
        user = follow.user
        if user.email.lower() in seen:
            continue
        seen.add(user.email.lower())
        members.add(user.pk)
        mails.recording(session, email=user.email, name=user.get_short_name(), language=user.language,
                        zone=user.timezone, user=user, follower=True)
    notices.notify(members, "recording_available", key=f"session:{session.pk}", url=session.get_absolute_url(),
                   title=session.title)
    send_queued_after_commit()
    return len(seen)


# --- questions, announcements, attendance ----------------------------------------------------


@transaction.atomic
def add_question(actor: User, session: Session, *, text: str, required: bool = False) -> Question:
    _require_organiser(actor, session.series)
    if session.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(_("A session can have at most %(n)d questions.") % {"n": MAX_QUESTIONS})
    question = Question(session=session, text=" ".join(text.split()), required=required, position=session.questions.count())
    question.full_clean()
    question.save()
    audit.record(actor, "question.added", question)
    return question


@transaction.atomic
def delete_question(actor: User, question: Question) -> None:
    _require_organiser(actor, question.session.series)
    audit.record(actor, "question.deleted", question)
    question.delete()


@transaction.atomic
def send_announcement(actor: User, session: Session, *, subject: str, body: str, include_waitlist: bool = False) -> Announcement:
    """E-mail a message to the registrants (confirmed; optionally the waiting list too),
    through the outbox, each wrapped in their own language."""
    _require_organiser(actor, session.series)
    item = Announcement(session=session, author=actor, subject=" ".join(subject.split()), body=body.strip(),
                        include_waitlist=include_waitlist)
    item.full_clean()
    statuses = [Status.CONFIRMED, Status.WAITLISTED] if include_waitlist else [Status.CONFIRMED]
    recipients = list(session.registrations.filter(status__in=statuses).select_related("session__series", "user"))
    item.recipients = len(recipients)
    item.save()
    for reg in recipients:
        mails.announcement(reg, item)
    send_queued_after_commit()
    audit.record(actor, "session.announced", session, recipients=len(recipients))
    return item


@transaction.atomic
def mark_attendance(actor: User, session: Session, marks: dict[int, bool | None]) -> int:
    """Set attended yes/no/unknown for registrations of this session (others are ignored)."""
    _require_organiser(actor, session.series)
    changed = 0
    for value in (True, False, None):
        ids = [pk for pk, mark in marks.items() if mark is value]
        if ids:
            changed += session.registrations.filter(pk__in=ids).exclude(status=Status.PENDING).update(
                attended=value, updated_at=timezone.now()
            )
    audit.record(actor, "session.attendance", session, changed=changed)
    return changed


def import_attendance(actor: User, session: Session, rows: list[tuple[str, bool]]) -> dict[str, Any]:
    """Attendance from (e-mail, attended) pairs, e.g. parsed from a CSV by `exports`."""
    by_email = dict(session.registrations.exclude(status=Status.PENDING).values_list("email", "pk"))
    marks: dict[int, bool | None] = {}
    unknown = []
    for email, attended in rows:
        pk = by_email.get(email.strip().lower())
        if pk is None:
            unknown.append(email)
        else:
            marks[pk] = attended
    updated = mark_attendance(actor, session, marks)
    return {"updated": updated, "unknown": unknown}
