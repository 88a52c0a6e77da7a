"""Registration, the waiting list, promotion and cancellation (services)."""

import datetime as dt
import re
import time

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kakehashi.core.models import AuditEntry
from kakehashi.events import registration, services, tokens
from kakehashi.events.models import Question, Registration, Reminder

from ..factories import EventSessionFactory, StaffFactory, UserFactory
from .helpers import members, outbox

pytestmark = pytest.mark.django_db
Status = Registration.Status


def statuses(session) -> list[tuple[str, str]]:
    return list(session.registrations.order_by("created_at", "id").values_list("email", "status"))


def test_member_registration_takes_a_seat_and_schedules_two_reminders(session):
    user = UserFactory(email="asha@example.in", language="hi", timezone="Asia/Kolkata")

    reg = registration.register_member(user, session)

    assert (reg.status, reg.email, reg.language, reg.timezone) == (Status.CONFIRMED, "asha@example.in", "hi", "Asia/Kolkata")
    assert list(reg.reminders.order_by("-offset_minutes").values_list("offset_minutes", "due_at", "state")) == [
        (1440, session.starts_at - dt.timedelta(hours=24), "pending"),
        (60, session.starts_at - dt.timedelta(hours=1), "pending"),
    ]
    assert AuditEntry.objects.filter(action="event.registered").count() == 1


def test_third_member_goes_to_the_waiting_list_in_order(session):
    a, b, c, d = members(4)

    for user in (a, b, c, d):
        registration.register_member(user, session)

    assert statuses(session) == [(a.email, "confirmed"), (b.email, "confirmed"), (c.email, "waitlisted"), (d.email, "waitlisted")]
    assert Reminder.objects.filter(registration__status=Status.WAITLISTED).count() == 0
    assert [m.recipient for m in outbox("waitlisted")] == [c.email, d.email]


def test_cancelling_a_seat_promotes_the_first_waitlisted_and_mails_them(session):
    a, b, c, d = members(4)
    regs = [registration.register_member(u, session) for u in (a, b, c, d)]

    registration.cancel(regs[0], actor=a)

    assert statuses(session) == [(a.email, "cancelled"), (b.email, "confirmed"), (c.email, "confirmed"), (d.email, "waitlisted")]
    promoted = [m for m in outbox("registered") if m.recipient == c.email]
    assert len(promoted) == 1 and promoted[0].context["promoted"] is True
    assert regs[0].reminders.filter(state="pending").count() == 0
    assert Registration.objects.get(pk=regs[2].pk).reminders.filter(state="pending").count() == 2


def test_cancelling_a_waitlisted_place_promotes_nobody(session):
    a, b, c, d = members(4)
    regs = [registration.register_member(u, session) for u in (a, b, c, d)]

    registration.cancel(regs[2])

    assert statuses(session) == [(a.email, "confirmed"), (b.email, "confirmed"), (c.email, "cancelled"), (d.email, "waitlisted")]


def test_cancel_is_idempotent(session):
    reg = registration.register_member(UserFactory(), session)

    registration.cancel(reg)
    again = registration.cancel(reg)

    assert again.status == Status.CANCELLED
    assert AuditEntry.objects.filter(action="event.cancelled").count() == 1


def test_cancel_by_signed_link_frees_the_seat(session):
    a, b, c = members(3)
    first = registration.register_member(a, session)
    registration.register_member(b, session)
    registration.register_member(c, session)
    link = re.search(r"/events/cancel/([^/\s]+)/", outbox("registered")[0].body_text).group(1)

    registration.cancel_by_link(link)

    assert Registration.objects.get(pk=first.pk).status == Status.CANCELLED
    assert statuses(session)[2] == (c.email, "confirmed")


def test_cancel_link_forged_or_for_another_address_is_refused(session):
    reg = registration.register_member(UserFactory(), session)
    other = Registration(pk=reg.pk, email="someone@else.example")

    with pytest.raises(ValidationError) as forged:
        registration.cancel_by_link("not-a-token")
    with pytest.raises(ValidationError) as wrong_address:
        registration.cancel_by_link(tokens.make(other, tokens.CANCEL_SALT))

    assert forged.value.messages == wrong_address.value.messages == ["This link is not valid."]
    assert Registration.objects.get(pk=reg.pk).status == Status.CONFIRMED


def test_registering_twice_is_refused(session):
    user = UserFactory()
    registration.register_member(user, session)

    with pytest.raises(ValidationError) as exc:
        registration.register_member(user, session)

    assert exc.value.messages == ["You are already registered for this session."]


def test_registering_again_after_cancelling_reuses_the_row_at_the_end_of_the_queue(session):
    a, b, c = members(3)
    first = registration.register_member(a, session)
    registration.register_member(b, session)
    registration.cancel(first)
    registration.register_member(c, session)

    again = registration.register_member(a, session)

    assert (again.pk, again.status) == (first.pk, Status.WAITLISTED)
    assert session.registrations.count() == 3


def test_unapproved_member_cannot_register(session):
    with pytest.raises(PermissionDenied):
        registration.register_member(UserFactory(approval_status="pending"), session)


def test_registration_closes_when_the_session_starts():
    started = EventSessionFactory(starts_at=timezone.now() - dt.timedelta(minutes=5))

    with pytest.raises(ValidationError) as exc:
        registration.register_member(UserFactory(), started)

    assert exc.value.messages == ["This session has already started; registration is closed."]


def test_unpublished_session_refuses_registration():
    with pytest.raises(ValidationError):
        registration.register_member(UserFactory(), EventSessionFactory(published=False))


def test_cancelling_a_seat_after_the_start_is_refused(session):
    reg = registration.register_member(UserFactory(), session)
    type(session).objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=1), ends_at=timezone.now() + dt.timedelta(hours=1)
    )

    with pytest.raises(ValidationError):
        registration.cancel(reg)


def test_answers_are_stored_and_required_ones_enforced(session):
    level = Question.objects.create(session=session, text="Japanese level?", required=True)
    goal = Question.objects.create(session=session, text="Your goal?")

    with pytest.raises(ValidationError) as missing:
        registration.register_member(UserFactory(), session, answers={goal.pk: "talk"})
    reg = registration.register_member(UserFactory(), session, answers={level.pk: " N4 ", goal.pk: ""})

    assert missing.value.message_dict == {f"question_{level.pk}": ["Please answer this question."]}
    assert list(reg.answers.values_list("question_id", "text")) == [(level.pk, "N4")]


def test_over_long_answer_and_foreign_question_are_refused(session):
    level = Question.objects.create(session=session, text="Level?")
    foreign = Question.objects.create(session=EventSessionFactory(), text="Elsewhere?")

    with pytest.raises(ValidationError) as too_long:
        registration.register_member(UserFactory(), session, answers={level.pk: "x" * 2001})
    with pytest.raises(ValidationError) as wrong:
        registration.register_member(UserFactory(), session, answers={foreign.pk: "x"})

    assert too_long.value.message_dict == {f"question_{level.pk}": ["Answers can be at most 2000 characters long."]}
    assert wrong.value.messages == ["That question belongs to another session."]
    assert session.registrations.count() == 0


# --- visitors ----------------------------------------------------------------------------------


def test_visitor_holds_no_seat_until_the_address_is_confirmed():
    session = EventSessionFactory(visitors_may_register=True, capacity=1)

    pending = registration.register_visitor(session, email=" Guest@Example.ORG ", name=" Mei  Lin ", language="ja")
    member = registration.register_member(UserFactory(), session)
    link = re.search(r"/events/confirm/([^/\s]+)/", outbox("confirm_address")[0].body_text).group(1)
    confirmed = registration.confirm_visitor(link)

    assert (pending.status, pending.email, pending.name, pending.timezone) == (Status.PENDING, "guest@example.org", "Mei Lin", "Asia/Tokyo")
    assert member.status == Status.CONFIRMED  # the visitor held no seat
    assert confirmed.status == Status.WAITLISTED
    assert registration.confirm_visitor(link).status == Status.WAITLISTED  # a second click changes nothing
    assert [m.locale for m in outbox("confirm_address")] == ["ja"]


def test_visitor_registration_needs_the_sessions_permission(session):
    with pytest.raises(PermissionDenied):
        registration.register_visitor(session, email="guest@example.org", name="Guest", language="en")


def test_visitor_asking_twice_within_ten_minutes_gets_one_email():
    session = EventSessionFactory(visitors_may_register=True)

    registration.register_visitor(session, email="guest@example.org", name="Guest", language="en")
    registration.register_visitor(session, email="guest@example.org", name="Guest", language="en")

    assert len(outbox("confirm_address")) == 1


class EightDaysAgoSigner(signing.TimestampSigner):
    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)


def test_visitor_confirmation_link_expires_after_seven_days():
    session = EventSessionFactory(visitors_may_register=True)
    reg = registration.register_visitor(session, email="guest@example.org", name="Guest", language="en")
    expired = EightDaysAgoSigner(salt=tokens.CONFIRM_SALT).sign_object({"r": reg.pk, "e": reg.email}, compress=True)

    with pytest.raises(ValidationError) as exc:
        registration.confirm_visitor(expired)

    assert exc.value.messages == ["This link has expired. Register again to get a new one."]
    assert Registration.objects.get(pk=reg.pk).status == Status.PENDING


def test_visitor_with_an_invalid_address_gets_a_field_error():
    session = EventSessionFactory(visitors_may_register=True)

    with pytest.raises(ValidationError) as exc:
        registration.register_visitor(session, email="not an address", name="Guest", language="en")

    assert exc.value.message_dict == {"email": ["Enter a valid email address."]}


# --- capacity changes ---------------------------------------------------------------------------


def test_raising_the_capacity_promotes_from_the_waiting_list(session):
    a, b, c, d = members(4)
    for user in (a, b, c, d):
        registration.register_member(user, session)

    services.update_session(StaffFactory(), session, capacity=3)

    assert statuses(session) == [(a.email, "confirmed"), (b.email, "confirmed"), (c.email, "confirmed"), (d.email, "waitlisted")]


def test_capacity_below_the_seats_taken_is_refused(session):
    for user in members(2):
        registration.register_member(user, session)

    with pytest.raises(ValidationError) as exc:
        services.update_session(StaffFactory(), session, capacity=1)

    assert exc.value.message_dict == {"capacity": ["2 people already have a seat: the capacity cannot be lower."]}
    assert type(session).objects.get(pk=session.pk).capacity == 2
