"""The post-session feedback survey: a 1–5 rating and a comment, asked by e-mail once the
session has ended, answered through a signed link (no sign-in needed), shown to organisers.

`send_due_feedback_requests()` is a periodic job: a session that ended (within the last
`FEEDBACK_WINDOW`) and was not asked yet is claimed with one conditional UPDATE on
`feedback_requested_at`, in the transaction that queues the e-mails, so every confirmed
registrant (except those marked absent) is asked exactly once.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core import audit
from kakehashi.mail.services import send_queued_after_commit

from . import mails, tokens
from .models import Feedback, Registration, Session

FEEDBACK_WINDOW = dt.timedelta(days=7)
MAX_COMMENT = 2000


def send_due_feedback_requests(now: dt.datetime | None = None) -> int:
    """Queue the survey e-mails of sessions that have ended. Returns how many were queued."""
    now = now or timezone.now()
    due = Session.objects.filter(
        published=True, feedback_survey=True, feedback_requested_at=None,
        ends_at__lte=now, ends_at__gt=now - FEEDBACK_WINDOW,
    ).values_list("pk", flat=True)
    queued = 0
    for session_id in list(due):
        with transaction.atomic():
            if not Session.objects.filter(pk=session_id, feedback_requested_at=None).update(feedback_requested_at=now):
                continue  # another worker has it
            registrations = (
                Registration.objects.filter(session_id=session_id, status=Registration.Status.CONFIRMED)
                .exclude(attended=False)
                .select_related("session__series", "user")
            )
            for registration in registrations:
                mails.feedback_request(registration)
                queued += 1
    if queued:
        send_queued_after_commit()
    return queued


def registration_for_feedback(token: str) -> Registration:
    registration = tokens.registration_for(token, tokens.FEEDBACK_SALT)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("This link is not valid."))
    if registration.session.ends_at > timezone.now():
        raise ValidationError(_("The survey opens when the session has ended."))
    return registration


@transaction.atomic
def submit(token: str, *, rating: int, comment: str = "") -> Feedback:
    """Record (or replace) the registrant's answer."""
    registration = registration_for_feedback(token)
    errors = {}
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        errors["rating"] = [_("Choose a rating from 1 to 5.")]
    comment = (comment or "").strip()
    if "\x00" in comment:
        errors["comment"] = [_("Null characters are not allowed.")]
    elif len(comment) > MAX_COMMENT:
        errors["comment"] = [_("Comments can be at most %(max)d characters long.") % {"max": MAX_COMMENT}]
    if errors:
        raise ValidationError(errors)
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration, defaults={"rating": rating, "comment": comment, "created_at": timezone.now()}
    )
    audit.record(registration.user, "event.feedback", registration.session, rating=rating)
    return feedback
