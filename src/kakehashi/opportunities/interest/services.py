"""Every write about expressions of interest, introductions, their threads and outcomes.

An interest goes pending → accepted (an Introduction is made) | declined (with a reason) |
withdrawn (by its sender) | expired (unanswered after 21 days; the owner is reminded at
14). Each transition is one conditional UPDATE on `state = pending`, so two people answering
at once cannot both win. E-mails are rendered in each recipient's language and queued in
the same transaction (sent after commit). Until an interest is accepted, nothing sent to
the sender's side names the owner of an anonymous opportunity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kakehashi.accounts.people import is_approved_member
from kakehashi.core import audit
from kakehashi.core.dates import format_day
from kakehashi.core.links import absolute_url
from kakehashi.mail.services import queue_mail
from kakehashi.notices import services as notices

from ..models import Interest, Introduction, IntroductionMessage, Opportunity, Outcome, OutcomeRecord, live_q
from . import queries, translated_mail

if TYPE_CHECKING:
    from kakehashi.accounts.models import Organisation, User

State = Interest.State

MESSAGE_MAX = 4000
NOTE_MAX = 2000
REMIND_AFTER = dt.timedelta(days=14)
EXPIRE_AFTER = dt.timedelta(days=21)


# --- validation ---------------------------------------------------------------------------------


def _text(value: str, field: str, *, limit: int, required: bool = True) -> str:
    """Stripped text, or a field error: required, at most `limit` characters, no NUL."""
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError({field: [_("Null characters are not allowed.")]})
    if required and not value:
        raise ValidationError({field: [_("This field is required.")]})
    if len(value) > limit:
        raise ValidationError(
            {field: [_("Write at most %(limit)s characters (you wrote %(count)s).") % {"limit": limit, "count": len(value)}]}
        )
    return value


def _url(name: str, *args: Any) -> str:
    return absolute_url(f"opportunities:{name}", *args)


# --- recipients and mail ------------------------------------------------------------------------


def _recipients(organisation_id: int, *, always: Sequence[Any] = (), exclude: Any = None) -> list[User]:
    """The organisation's members who want activity e-mails, plus `always` (the people the
    action is about, who are told whatever their setting), never `exclude`."""
    people = {u.pk: u for u in queries.people_of(organisation_id) if u.email_notifications}
    for person in always:
        if person is not None and person.is_active and person.pk in _member_ids(organisation_id):
            people.setdefault(person.pk, person)
    if exclude is not None:
        people.pop(exclude.pk, None)
    return sorted(people.values(), key=lambda u: u.pk)


def _member_ids(organisation_id: int) -> set[int]:
    return set(queries.people_of(organisation_id).values_list("pk", flat=True))


def _mail(users: list[User], template: str, localised: Any = None, *, kind: str, **context: Any) -> None:
    """Queue one e-mail per user in their language, except to those who switched the
    e-mails of notice `kind` off; `localised()` adds context computed in that language
    (country names)."""
    for user in notices.email_recipients(users, kind):
        extra = {}
        if localised is not None:
            with translation.override(user.language):
                extra = localised()
        queue_mail(
            to=user.email,
            user=user,
            template=f"opportunities/mail/{template}",
            context={"name": user.get_short_name(), **context, **extra},
            locale=user.language,
        )


def _notify(organisation_ids: Sequence[int], kind: str, *, key: str, url: str, actor: Any = None, **params: Any) -> None:
    """A notice for everyone who acts for the organisations (never the actor)."""
    people: set[int] = set()
    for organisation_id in organisation_ids:
        people |= _member_ids(organisation_id)
    notices.notify(people, kind, key=key, url=url, actor=actor, **params)


def _path(name: str, pk: int) -> str:
    return reverse(f"opportunities:{name}", args=[pk])


def _opportunity_context(opportunity: Opportunity) -> dict[str, str]:
    """What the sender's side may read about an opportunity before an introduction."""
    return {"opportunity_title": opportunity.title, "reference": opportunity.reference}


def _contact(organisation: Organisation, person: User | None) -> dict[str, str]:
    """An organisation's contact details as an introduction e-mail shows them."""
    return {
        "organisation": organisation.name,
        "website": organisation.website,
        "country": str(organisation.country_display),
        "person": person.get_full_name() if person else "",
        "email": person.email if person else "",
    }


# --- expressing and answering -------------------------------------------------------------------


@transaction.atomic
def express_interest(user: User, opportunity: Opportunity, *, message: str, organisation: Organisation | None = None) -> Interest:
    """An approved member asks, for one of their organisations, to be introduced to the
    owner of a live opportunity. One open (pending or accepted) interest per organisation."""
    if not is_approved_member(user):
        raise PermissionDenied
    if not Opportunity.objects.filter(pk=opportunity.pk).filter(live_q()).exists():
        raise ValidationError(_("This opportunity is not open for expressions of interest."))
    # Who the caller acts for is checked first, so that naming an organisation they do not
    # act for (the owner of an anonymous opportunity included) always gets the same answer.
    allowed = {o.pk: o for o in queries.sending_organisations(user, opportunity)}
    mine = queries.organisation_ids_of(user)
    if organisation is not None:
        if organisation.pk not in mine:
            raise ValidationError({"organisation": [_("You can write only for an approved organisation you belong to.")]})
        if organisation.pk == opportunity.organisation_id:
            raise ValidationError(_("You cannot express interest in your own organisation's opportunity."))
        if organisation.pk not in allowed:
            raise ValidationError({"organisation": [_("You can write only for an approved organisation you belong to.")]})
    elif not allowed:
        if opportunity.organisation_id in mine:
            raise ValidationError(_("You cannot express interest in your own organisation's opportunity."))
        raise ValidationError(_("You need to belong to an approved organisation to express interest."))
    elif len(allowed) > 1:
        raise ValidationError({"organisation": [_("Choose the organisation you write for.")]})
    else:
        organisation = next(iter(allowed.values()))
    message = _text(message, "message", limit=MESSAGE_MAX)
    if Interest.objects.filter(opportunity=opportunity, organisation=organisation, state__in=queries.OPEN_STATES).exists():
        raise ValidationError(_("Your organisation has already expressed interest in this opportunity."))
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                opportunity=opportunity, organisation=organisation, sent_by=user, message=message
            )
    except IntegrityError:  # another member of the organisation was faster
        raise ValidationError(_("Your organisation has already expressed interest in this opportunity.")) from None
    audit.record(user, "interest.expressed", interest, opportunity=opportunity.pk, organisation=organisation.pk)
    _notify([opportunity.organisation_id], "interest_received", key=f"interest:{interest.pk}",
            url=_path("interest_detail", interest.pk), actor=user, organisation=organisation.name, title=opportunity.title)
    excerpt = Truncator(message).chars(600)
    translated_mail.mail(  # with a machine translation for readers of another language
        notices.email_recipients(_recipients(opportunity.organisation_id, always=[opportunity.created_by]), "interest_received"),
        "interest_received",
        quote=excerpt,
        countries=translated_mail.in_every_language(lambda: str(organisation.country_display)),
        **_opportunity_context(opportunity),
        sender_organisation=organisation.name,
        sender_person=user.get_full_name(),
        excerpt=excerpt,
        url=_url("interest_detail", interest.pk),
    )
    return interest


def _require_side(user: User, interest: Interest, side: str) -> None:
    if not is_approved_member(user) or queries.side_of(user, interest) != side:
        raise PermissionDenied


def _claim(interest: Interest, **changes: Any) -> None:
    """Move a pending interest on; refuse if someone already answered it."""
    changed = Interest.objects.filter(pk=interest.pk, state=State.PENDING).update(updated_at=timezone.now(), **changes)
    if not changed:
        interest.refresh_from_db()
        raise ValidationError(
            _("This expression of interest is no longer waiting for an answer (it is now: %(state)s).")
            % {"state": interest.get_state_display()}
        )
    interest.refresh_from_db()


@transaction.atomic
def withdraw_interest(user: User, interest: Interest) -> Interest:
    """The sender's side takes back a pending interest."""
    _require_side(user, interest, "sender")
    _claim(interest, state=State.WITHDRAWN, answered_at=timezone.now(), answered_by=user)
    audit.record(user, "interest.withdrawn", interest)
    return interest


@transaction.atomic
def decline_interest(user: User, interest: Interest, *, reason: str) -> Interest:
    """The owner's side declines with a reason, which the sender's side is e-mailed."""
    _require_side(user, interest, "owner")
    reason = _text(reason, "reason", limit=MESSAGE_MAX)
    _claim(interest, state=State.DECLINED, decline_reason=reason, answered_at=timezone.now(), answered_by=user)
    audit.record(user, "interest.declined", interest)
    _notify([interest.organisation_id], "interest_declined", key=f"interest:{interest.pk}",
            url=_path("interest_detail", interest.pk), actor=user, title=interest.opportunity.title)
    _mail(
        _recipients(interest.organisation_id, always=[interest.sent_by]),
        "interest_declined",
        kind="interest_declined",
        **_opportunity_context(interest.opportunity),
        reason=reason,
        url=_url("interest_detail", interest.pk),
    )
    return interest


@transaction.atomic
def accept_interest(user: User, interest: Interest) -> Introduction:
    """The owner's side accepts: an introduction is made, and each side is e-mailed the
    other's contact details and the link to their private thread. From now on the
    sender's organisation may see who owns an anonymous opportunity."""
    _require_side(user, interest, "owner")
    _claim(interest, state=State.ACCEPTED, answered_at=timezone.now(), answered_by=user)
    introduction = Introduction.objects.create(interest=interest)
    audit.record(user, "interest.accepted", interest, introduction=introduction.pk)
    opportunity = interest.opportunity
    owner_org, sender_org = opportunity.organisation, interest.organisation
    common = {
        "opportunity_title": opportunity.title,
        "reference": opportunity.reference,
        "url": _url("intro_thread", introduction.pk),
    }
    _notify([sender_org.pk], "interest_accepted", key=f"interest:{interest.pk}",
            url=_path("intro_thread", introduction.pk), actor=user, title=opportunity.title)
    _mail(
        _recipients(sender_org.pk, always=[interest.sent_by]),
        "intro_made",
        kind="interest_accepted",
        localised=lambda: {"other": _contact(owner_org, user)},
        message=Truncator(interest.message).chars(600),
        **common,
    )
    _mail(
        _recipients(owner_org.pk, always=[user]),
        "intro_made",
        kind="interest_accepted",
        localised=lambda: {"other": _contact(sender_org, interest.sent_by)},
        message=Truncator(interest.message).chars(600),
        **common,
    )
    return introduction


# --- the conversation thread and outcomes -------------------------------------------------------


def _require_party(user: User, introduction: Introduction, *, staff_too: bool) -> frozenset[int]:
    """The introduction's organisations `user` belongs to (refuse anyone else)."""
    if not is_approved_member(user):
        raise PermissionDenied
    interest = introduction.interest
    mine = queries.organisation_ids_of(user) & {interest.organisation_id, interest.opportunity.organisation_id}
    if not mine and not (staff_too and user.is_staff):
        raise PermissionDenied
    return mine


@transaction.atomic
def post_message(user: User, introduction: Introduction, *, body: str) -> IntroductionMessage:
    """A member of either side (or staff) writes in the thread; the other side is e-mailed
    (those who switched activity e-mails off are not)."""
    mine = _require_party(user, introduction, staff_too=True)
    body = _text(body, "body", limit=MESSAGE_MAX)
    message = IntroductionMessage.objects.create(introduction=introduction, author=user, body=body)
    audit.record(user, "introduction.message", introduction, message=message.pk)
    interest = introduction.interest
    sides = {interest.organisation_id, interest.opportunity.organisation_id}
    to_sides = (sides - mine) if mine else sides  # staff write to both sides
    _notify(sorted(to_sides), "thread_message", key=f"message:{message.pk}",
            url=_path("intro_thread", introduction.pk) + f"#message-{message.pk}", actor=user,
            actor_name=user.get_full_name(), title=interest.opportunity.title)
    recipients = {}
    for org_id in to_sides:
        for person in _recipients(org_id, exclude=user):
            recipients[person.pk] = person
    excerpt = Truncator(body).chars(600)
    translated_mail.mail(  # with a machine translation for readers of another language
        notices.email_recipients(sorted(recipients.values(), key=lambda u: u.pk), "thread_message"),
        "intro_message",
        quote=excerpt,
        opportunity_title=interest.opportunity.title,
        reference=interest.opportunity.reference,
        author=user.get_full_name(),
        excerpt=excerpt,
        url=_url("intro_thread", introduction.pk) + f"#message-{message.pk}",
    )
    return message


@transaction.atomic
def record_outcome(user: User, introduction: Introduction, *, outcome: str, note: str = "") -> OutcomeRecord:
    """Either side records what came of the introduction (several over time)."""
    mine = _require_party(user, introduction, staff_too=False)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Choose one of the outcomes.")]})
    note = _text(note, "note", limit=NOTE_MAX, required=False)
    interest = introduction.interest
    organisation_id = interest.organisation_id if interest.organisation_id in mine else interest.opportunity.organisation_id
    record = OutcomeRecord.objects.create(
        introduction=introduction, organisation_id=organisation_id, recorded_by=user, outcome=outcome, note=note
    )
    audit.record(user, "introduction.outcome", introduction, outcome=outcome, record=record.pk)
    return record


# --- periodic jobs ------------------------------------------------------------------------------


def remind_unanswered(now: dt.datetime | None = None) -> int:
    """Remind the owner's side once about interests pending for 14 days (not yet 21).
    Safe in several processes: each reminder is claimed by a conditional UPDATE."""
    now = now or timezone.now()
    due = Interest.objects.filter(
        state=State.PENDING, reminder_sent_at=None, created_at__lte=now - REMIND_AFTER, created_at__gt=now - EXPIRE_AFTER
    ).values_list("pk", flat=True)
    sent = 0
    for interest_id in list(due):
        with transaction.atomic():
            if not Interest.objects.filter(pk=interest_id, state=State.PENDING, reminder_sent_at=None).update(
                reminder_sent_at=now
            ):
                continue
            interest = Interest.objects.select_related("opportunity__created_by", "organisation").get(pk=interest_id)
            expires_day = (interest.created_at + EXPIRE_AFTER).date()
            expires_on = expires_day.isoformat()
            _notify([interest.opportunity.organisation_id], "interest_expiring", key=f"interest:{interest.pk}",
                    url=_path("interest_detail", interest.pk), organisation=interest.organisation.name,
                    title=interest.opportunity.title, date=expires_on)
            _mail(
                _recipients(interest.opportunity.organisation_id, always=[interest.opportunity.created_by]),
                "interest_reminder",
                lambda day=expires_day: {"expires_on": format_day(day)},
                kind="interest_expiring",
                **_opportunity_context(interest.opportunity),
                sender_organisation=interest.organisation.name,
                url=_url("interest_detail", interest.pk),
            )
            sent += 1
    return sent


def expire_unanswered(now: dt.datetime | None = None) -> int:
    """Interests pending for 21 days expire; the sender's side is told."""
    now = now or timezone.now()
    due = Interest.objects.filter(state=State.PENDING, created_at__lte=now - EXPIRE_AFTER).values_list("pk", flat=True)
    expired = 0
    for interest_id in list(due):
        with transaction.atomic():
            if not Interest.objects.filter(pk=interest_id, state=State.PENDING).update(
                state=State.EXPIRED, answered_at=now, updated_at=now
            ):
                continue
            interest = Interest.objects.select_related("opportunity", "sent_by").get(pk=interest_id)
            audit.record(None, "interest.expired", interest)
            _notify([interest.organisation_id], "interest_expired", key=f"interest:{interest.pk}",
                    url=_path("interest_detail", interest.pk), title=interest.opportunity.title)
            _mail(
                _recipients(interest.organisation_id, always=[interest.sent_by]),
                "interest_expired",
                kind="interest_expired",
                **_opportunity_context(interest.opportunity),
                url=_url("interest_detail", interest.pk),
            )
            expired += 1
    return expired
