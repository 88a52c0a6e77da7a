"""Telling the other side about a change: a notice in the notification centre and an e-mail,
each rendered in the recipient's language (job title, state, the interview in the
recipient's zone plus IST and JST, with the .ics attached). Called inside the change's
transaction: the outbox rows commit with it and are sent after commit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation

from kakehashi.accounts import people
from kakehashi.core.dates import format_day_time
from kakehashi.core.links import absolute_url
from kakehashi.core.timezones import dual_times
from kakehashi.mail.services import queue_mail
from kakehashi.notices import services as notices

from .. import translation as job_translation
from . import ics, states
from .models import Application, ApplicationEvent

TO_CANDIDATE = "ssw_application_update"
TO_EMPLOYER = "ssw_candidate_update"
TEMPLATE = "talent/mail/application_changed"


def interview_times(application: Application, zone: str | None, language: str) -> list[str]:
    """"Mon 21 Dec 2026 15:30 IST", then the other zones, as the recipient reads them."""
    if application.interview_at is None:
        return []
    return [f"{format_day_time(local, language)} {label}" for label, local in dual_times(application.interview_at, zone)]


def _recipients(application: Application, event: ApplicationEvent) -> list[Any]:
    if event.side == states.CANDIDATE:
        return list(people.people_of(application.job.organisation_id))
    if event.side == states.EMPLOYER and application.candidate is not None:
        return [application.candidate.user]
    return []


def changed(application: Application, event: ApplicationEvent) -> None:
    to_employer = event.side == states.CANDIDATE
    kind = TO_EMPLOYER if to_employer else TO_CANDIDATE
    path = reverse("talent:application", args=[application.pk])
    candidate_name = application.candidate.user.get_short_name() if application.candidate else ""
    for person in _recipients(application, event):
        language = (person.language or "en")[:2]
        with translation.override(language):
            title = job_translation.title_for(application.job, language)
            state = str(states.LABELS[application.state])
        notices.notify([person], kind, key=f"application:{application.pk}:{event.pk}", url=path, actor=event.actor,
                       title=title, state=state, actor_name=candidate_name)
        if not notices.wants_email(person, kind):
            continue
        scheduled = application.state == states.INTERVIEW and application.interview_at is not None
        context = {
            "name": person.get_short_name(), "title": title, "state": state, "to_employer": to_employer,
            "candidate": candidate_name, "organisation": application.job.organisation.name,
            "reason": event.reason if application.state in (states.WITHDRAWN, states.REJECTED) else "",
            "interview": interview_times(application, person.timezone, language) if scheduled else [],
            "where": application.interview_where if scheduled else "", "url": absolute_url(path),
        }
        attachments = []
        if scheduled:
            with translation.override(language):
                attachments.append(ics.attachment(application, url=context["url"]))
        queue_mail(to=person.email, user=person, template=TEMPLATE, context=context, locale=language, attachments=attachments)
