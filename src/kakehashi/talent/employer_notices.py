"""Telling people about the "SSW employer" flag: staff when an organisation asks for it, the
organisation's people when staff approve or decline it. Each recipient gets a notice in the
notification centre and an e-mail in their own language (always sent, like the decisions on
other requests staff review: there is no switch to turn them off). Called inside the
service's transaction: the notices and outbox rows commit with the change."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kakehashi.accounts import people
from kakehashi.core.links import absolute_url
from kakehashi.mail.services import queue_mail
from kakehashi.notices import services as notices

from .models import SswEmployer

REQUESTED = "ssw_employer_requested"
APPROVED = "ssw_employer_approved"
DECLINED = "ssw_employer_declined"


def _mail(person: Any, template: str, **context: Any) -> None:
    queue_mail(to=person.email, user=person, template=f"talent/mail/{template}",
               context={"name": person.get_short_name(), **context}, locale=(person.language or "en")[:2])


def staff_recipients() -> list[Any]:
    """Active staff of the running body (they review the request)."""
    return list(people.active_users().filter(is_staff=True).order_by("pk"))


def requested(employer: SswEmployer, actor: Any) -> None:
    """An organisation asked for the flag: every member of staff is told."""
    path = reverse("talent:staff_employers")
    organisation = employer.organisation.name
    applicant = actor.get_full_name() if actor is not None else ""
    staff = [person for person in staff_recipients() if actor is None or person.pk != actor.pk]
    notices.notify(staff, REQUESTED, key=f"ssw_employer:{employer.pk}:{employer.updated_at.timestamp():.6f}", url=path,
                   actor=actor, organisation=organisation)
    for person in staff:
        _mail(person, "employer_requested", organisation=organisation, applicant=applicant, note=employer.note,
              url=absolute_url(path))


def decided(employer: SswEmployer, actor: Any) -> None:
    """Staff approved or declined the flag: the people acting for the organisation are told."""
    approved = employer.is_approved
    path = reverse("talent:employer") + f"#organisation-{employer.organisation_id}"
    organisation = employer.organisation.name
    members = list(people.people_of(employer.organisation_id))
    key = f"ssw_employer:{employer.pk}:{employer.decided_at.timestamp() if employer.decided_at else 0:.6f}"
    notices.notify(members, APPROVED if approved else DECLINED, key=key, url=path, actor=actor, organisation=organisation)
    for person in members:
        _mail(person, "employer_decided", organisation=organisation, approved=approved, reason=employer.decision_note,
              url=absolute_url(path))
