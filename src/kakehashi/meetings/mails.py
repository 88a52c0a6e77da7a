"""The e-mails of meetings, each rendered in the recipient's language with times in their
zone plus IST and JST. Queued inside the caller's transaction; sent after commit."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation

from kakehashi.core.links import absolute_url
from kakehashi.mail.services import queue_mail, send_queued_after_commit

from . import agenda
from .models import Grid, Meeting, MeetingRequest, Participant


def _name(participant: Participant) -> str:
    return participant.user.display_name or participant.user.email.split("@")[0]


def _link(name: str, slug: str) -> str:
    return absolute_url(reverse(name, args=[slug]))


def _to(participant: Participant, template: str, **context: object) -> None:
    user = participant.user
    with translation.override(user.language):
        base = {
            "name": _name(participant),
            "session_title": participant.session.title,
            "requests_url": _link("meetings:requests", participant.session.slug),
            "agenda_url": _link("meetings:agenda", participant.session.slug),
            **context,
        }
    queue_mail(to=user.email, user=user, template=template, context=base, locale=user.language)


def request_received(request: MeetingRequest) -> None:
    _to(
        request.receiver, "meetings/mail/request_received",
        from_name=_name(request.requester), from_organisation=request.requester.organisation.name,
        message=request.message, must=request.priority == MeetingRequest.Priority.MUST,
    )


def request_answered(request: MeetingRequest) -> None:
    _to(
        request.requester, "meetings/mail/request_answered",
        to_name=_name(request.receiver), to_organisation=request.receiver.organisation.name,
        accepted=request.state == MeetingRequest.State.ACCEPTED,
    )


def request_reminder(request: MeetingRequest) -> None:
    _to(
        request.receiver, "meetings/mail/request_reminder",
        from_name=_name(request.requester), from_organisation=request.requester.organisation.name,
    )


def request_expired(request: MeetingRequest) -> None:
    _to(request.requester, "meetings/mail/request_expired", to_organisation=request.receiver.organisation.name)


def notify_changed_agendas(session_id: int) -> int:
    """E-mail each participant whose meetings changed since they were last told, once: their
    agenda and a calendar file with every meeting (changed ones with a new SEQUENCE).

    Each changed meeting is claimed by one conditional UPDATE in the same transaction as the
    e-mails, so two runs (or a run after a crash) never send it twice."""
    with transaction.atomic():
        changed = list(
            Meeting.objects.filter(request__session_id=session_id, notified_sequence__lt=F("sequence"))
            .values_list("pk", "sequence")
        )
        claimed = [pk for pk, seq in changed if Meeting.objects.filter(pk=pk, notified_sequence__lt=seq).update(notified_sequence=seq)]
        if not claimed:
            return 0
        people: set[int] = set()
        for a, b in MeetingRequest.objects.filter(meeting__pk__in=claimed).values_list("requester_id", "receiver_id"):
            people.update((a, b))
        grid = Grid.objects.filter(session_id=session_id).first()
        sent = 0
        for me in Participant.objects.filter(pk__in=people, active=True).select_related("user", "organisation", "session"):
            mine = list(
                Meeting.objects.filter(Q(request__requester=me) | Q(request__receiver=me), slot__isnull=False)
                .filter(Q(cancelled=False) | Q(pk__in=claimed))
                .select_related("slot", "request__requester__organisation", "request__receiver__organisation", "request__requester__user", "request__receiver__user")
                .order_by("slot__starts_at", "id")
            )
            user = me.user
            with translation.override(user.language):
                live = [m for m in mine if not m.cancelled]
                cancelled = [m for m in mine if m.cancelled]
                context = {
                    "name": _name(me),
                    "session_title": me.session.title,
                    "agenda_url": _link("meetings:agenda", me.session.slug),
                    "meetings": _strings(agenda.rows(live, me, grid, zone=user.timezone)),
                    "cancelled": _strings(agenda.rows(cancelled, me, grid, zone=user.timezone)),
                }
                ics = agenda.calendar(mine, me, grid, zone=user.timezone)
            queue_mail(
                to=user.email, user=user, template="meetings/mail/agenda", context=context, locale=user.language,
                attachments=[agenda.attachment(ics, me.session)], send=False,
            )
            sent += 1
        send_queued_after_commit()
    return sent


def _strings(rows: list[dict]) -> list[dict]:
    """Rows as the outbox keeps them: JSON-serialisable values only."""
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()} for row in rows]
