"""A member's registration leaves notices: a seat confirmed, a move up from the waiting list,
a cancellation by someone else, a recording online; e-mail switches drop only the e-mail."""

import pytest

from kakehashi.events import queries, registration, services
from kakehashi.events.models import SeriesFollow
from kakehashi.notices import services as notices
from kakehashi.notices.models import Notice

from ..factories import StaffFactory
from .helpers import members, outbox

pytestmark = pytest.mark.django_db


def kinds_of(user):
    return sorted(Notice.objects.filter(recipient=user).values_list("kind", flat=True))


def test_seat_confirmed_and_move_up_from_the_waiting_list_are_notified(session):
    first, second, third = members(3)
    for user in (first, second, third):
        registration.register_member(user, session)

    registration.cancel(queries.registration_of(first, session), actor=first)

    assert kinds_of(first) == ["registration_confirmed"]  # their own cancellation needs no notice
    assert kinds_of(second) == ["registration_confirmed"]
    assert kinds_of(third) == ["registration_promoted"]
    promoted = Notice.objects.get(recipient=third)
    assert promoted.url == session.get_absolute_url()
    assert promoted.text == f"A seat came free at “{session.title}”: you moved up from the waiting list."


def test_cancellation_by_an_organiser_is_notified(session):
    (member,) = members(1)
    registration.register_member(member, session)

    registration.cancel(queries.registration_of(member, session), actor=StaffFactory())

    assert kinds_of(member) == ["registration_cancelled", "registration_confirmed"]


def test_registering_again_after_cancelling_is_a_new_notice(session):
    (member,) = members(1)
    registration.register_member(member, session)
    registration.cancel(queries.registration_of(member, session), actor=member)

    registration.register_member(member, session)

    assert kinds_of(member) == ["registration_confirmed", "registration_confirmed"]


def test_switching_the_seat_email_off_keeps_the_notice(session):
    (member,) = members(1)
    notices.set_email_switches(member, {"registration_confirmed": False})

    registration.register_member(member, session)

    assert outbox("registered") == []
    assert kinds_of(member) == ["registration_confirmed"]


def test_recording_online_notifies_registrants_and_followers_once(session):
    registrant, follower, quiet = members(3)
    registration.register_member(registrant, session)
    for user in (follower, quiet):
        SeriesFollow.objects.create(user=user, series=session.series, active=True)
    notices.set_email_switches(quiet, {"recording_available": False})
    staff = StaffFactory()

    services.update_session(staff, session, recording_url="https://www.youtube.com/watch?v=abcdefghijk")
    services.update_session(staff, session, recording_url="https://www.youtube.com/watch?v=abcdefghijk", title="Renamed")

    assert sorted(Notice.objects.filter(kind="recording_available").values_list("recipient", flat=True)) == sorted(
        [registrant.pk, follower.pk, quiet.pk]
    )
    assert sorted(m.recipient for m in outbox("recording")) == sorted([registrant.email, follower.email])
