"""Schedule runs: the real solver over the session's accepted requests, publishing, moves."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from kakehashi.mail.models import OutboxMessage
from kakehashi.meetings import mails, runs, services, sweeps
from kakehashi.meetings.models import Meeting, ScheduleRun, Slot

from ..factories import MeetingRequestFactory, ParticipantFactory
from .helpers import blocks_of, set_grid

pytestmark = pytest.mark.django_db


def accepted(world, a, b, priority="like"):
    request = services.send_request(a.user, world.session, receiver_id=b.pk, priority=priority)
    return services.answer_request(b.user, request, accept=True)


def run_now(world, capture, **kwargs):
    with capture(execute=True):
        run = services.start_run(world.actors["staff"], world.session, time_limit=kwargs.pop("time_limit", 5), **kwargs)
    run.refresh_from_db()
    return run


def test_schedule_places_accepted_meetings_around_unavailability(world, django_capture_on_commit_callbacks):
    third = ParticipantFactory(session=world.session)
    first = accepted(world, world.seller, world.buyer, "must")
    second = accepted(world, third, world.buyer)
    slots = list(Slot.objects.filter(grid=world.grid).order_by("starts_at"))
    services.set_unavailable(world.buyer.user, world.session, [slots[0].pk])
    run = run_now(world, django_capture_on_commit_callbacks)
    assert run.status == "optimal"
    assert run.placed == 2 and run.unplaced == {}
    assert run.weight == run.bound and run.gap == 0.0
    assert str(slots[0].pk) not in {str(v) for v in run.assignment.values()}
    assert run.assignment[str(first.pk)] != run.assignment[str(second.pk)]


def test_unplaced_meetings_are_listed_with_their_reason(world, django_capture_on_commit_callbacks):
    request = accepted(world, world.seller, world.buyer)
    services.set_unavailable(world.buyer.user, world.session, [s.pk for s in Slot.objects.filter(grid=world.grid)])
    run = run_now(world, django_capture_on_commit_callbacks)
    assert run.unplaced == {str(request.pk): "no_common_slot"}


def test_publish_writes_meetings_and_mails_each_side_once_with_a_calendar(world, django_capture_on_commit_callbacks):
    request = accepted(world, world.seller, world.buyer)
    run = run_now(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.publish_run(world.actors["staff"], run)
    assert changed == 1
    meeting = Meeting.objects.get(request=request)
    assert (meeting.slot_id, meeting.table, meeting.sequence, meeting.notified_sequence) == (run.assignment[str(request.pk)], 1, 0, 0)
    agendas = OutboxMessage.objects.filter(template="meetings/mail/agenda").order_by("recipient")
    assert [(m.recipient, m.locale) for m in agendas] == [("buyer@example.jp", "ja"), ("seller@example.in", "en")]
    assert mails.notify_changed_agendas(world.session.pk) == 0  # again: nothing left to tell
    calendar = Calendar.from_ical(__import__("base64").b64decode(agendas[0].attachments[0]["content_b64"]))
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert events[0]["DTSTART"].dt == meeting.slot.starts_at
    assert int(events[0]["SEQUENCE"]) == 0
    assert str(events[0]["LOCATION"]) == "テーブル 1"  # the buyer reads Japanese


def test_reschedule_keeps_published_meetings_and_moves_the_fewest(world, django_capture_on_commit_callbacks):
    set_grid(world.actors["staff"], world.session, capacity=1, blocks=blocks_of(world.session, (0, 35)))  # two slots, one table
    first = accepted(world, world.seller, world.buyer)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(world.actors["staff"], run_now(world, django_capture_on_commit_callbacks))
    kept = Meeting.objects.get(request=first)
    late = accepted(world, ParticipantFactory(session=world.session), ParticipantFactory(session=world.session))
    second = run_now(world, django_capture_on_commit_callbacks)
    assert second.placed == 2 and second.moved == []
    assert second.assignment[str(first.pk)] == kept.slot_id
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_run(world.actors["staff"], second) == 1  # only the late meeting is new
    assert sorted(OutboxMessage.objects.values_list("template", flat=True)) == ["meetings/mail/agenda", "meetings/mail/agenda"]
    assert late.meeting.sequence == 0


def test_a_moved_meeting_gets_a_new_sequence(world, django_capture_on_commit_callbacks):
    first = accepted(world, world.seller, world.buyer)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(world.actors["staff"], run_now(world, django_capture_on_commit_callbacks))
    meeting = Meeting.objects.get(request=first)
    services.set_unavailable(world.buyer.user, world.session, [meeting.slot_id])
    run = run_now(world, django_capture_on_commit_callbacks)
    assert run.moved == [first.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(world.actors["staff"], run)
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.notified_sequence) == (1, 1)
    assert meeting.slot_id == run.assignment[str(first.pk)]


def test_running_a_finished_run_again_changes_nothing(world, django_capture_on_commit_callbacks):
    accepted(world, world.seller, world.buyer)
    run = run_now(world, django_capture_on_commit_callbacks)
    assert runs.execute(run.pk) == "optimal"
    run.refresh_from_db()
    assert run.attempts == 1


def test_a_run_whose_worker_died_is_resumed_by_the_sweep(world, django_capture_on_commit_callbacks):
    accepted(world, world.seller, world.buyer)
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    run = ScheduleRun.objects.create(session=world.session, status="running", time_limit=5, attempts=1, started_at=long_ago, heartbeat_at=long_ago)
    assert sweeps.resume_stale_runs() == 1
    run.refresh_from_db()
    assert (run.status, run.attempts, run.placed) == ("optimal", 2, 1)


def test_a_live_run_is_not_taken_twice(world):
    accepted(world, world.seller, world.buyer)
    run = ScheduleRun.objects.create(session=world.session, status="running", time_limit=5, attempts=1, started_at=timezone.now(), heartbeat_at=timezone.now())
    assert runs.execute(run.pk) == "running"
    assert sweeps.resume_stale_runs() == 0


def test_a_second_run_cannot_start_while_one_is_queued(world):
    services.start_run(world.actors["staff"], world.session, time_limit=5)
    with pytest.raises(ValidationError) as error:
        services.start_run(world.actors["staff"], world.session, time_limit=5)
    assert error.value.messages == ["A schedule is already being computed for this session; wait for it or stop it."]


def test_stop_requested_keeps_the_best_so_far(world, django_capture_on_commit_callbacks):
    accepted(world, world.seller, world.buyer)
    run = services.start_run(world.actors["staff"], world.session, time_limit=5)
    services.stop_run(world.actors["staff"], run)
    assert runs.execute(run.pk) in ("stopped", "optimal")
    run.refresh_from_db()
    assert run.placed == 1


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"capacity": 0}, "capacity", "Give at least one table or room, or leave it empty for no limit."),
    ({"cap": 0}, "cap", "A cap of 0 meetings leaves nobody a meeting: give at least 1, or leave it empty."),
    ({"room_url_template": "http://meet.example/{room}"}, "room_url_template", "Give an https:// address containing {room}."),
    ({"slot_minutes": 5}, "slot_minutes", "Ensure this value is greater than or equal to 10."),
])
def test_grid_bad_values_are_refused(world, fields, field, message):
    with pytest.raises(ValidationError) as error:
        set_grid(world.actors["staff"], world.session, **fields)
    assert error.value.message_dict[field] == [message]


def test_grid_overlapping_blocks_are_refused(world):
    with pytest.raises(ValidationError) as error:
        set_grid(world.actors["staff"], world.session, blocks=blocks_of(world.session, (0, 60), (30, 90)))
    assert error.value.message_dict["blocks"] == ["Blocks must not overlap."]


def test_grid_keeps_slot_ids_and_availability_when_a_block_grows(world):
    slots = list(Slot.objects.filter(grid=world.grid).order_by("starts_at"))
    services.set_unavailable(world.buyer.user, world.session, [slots[0].pk])
    set_grid(world.actors["staff"], world.session, blocks=blocks_of(world.session, (0, 95)))
    after = list(Slot.objects.filter(grid=world.grid).order_by("starts_at"))
    assert [s.pk for s in after[:3]] == [s.pk for s in slots] and len(after) == 5
    assert world.buyer.unavailable.count() == 1


def test_a_published_meeting_is_cancelled_when_its_request_is_withdrawn(world, django_capture_on_commit_callbacks):
    first = accepted(world, world.seller, world.buyer)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(world.actors["staff"], run_now(world, django_capture_on_commit_callbacks))
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_request(world.seller.user, first)
    meeting = Meeting.objects.get(request=first)
    assert (meeting.cancelled, meeting.sequence, meeting.notified_sequence) == (True, 1, 1)
    assert OutboxMessage.objects.filter(template="meetings/mail/agenda").count() == 2


def test_sweep_reminds_then_expires_pending_requests_once(world):
    request = MeetingRequestFactory(requester=world.seller, receiver=world.buyer)
    closes = world.session.starts_at
    assert sweeps.sweep_requests(now=closes - dt.timedelta(hours=2))["reminded"] == 1
    assert sweeps.sweep_requests(now=closes - dt.timedelta(hours=1))["reminded"] == 0
    assert sweeps.sweep_requests(now=closes + dt.timedelta(minutes=1))["expired"] == 1
    assert sweeps.sweep_requests(now=closes + dt.timedelta(minutes=2))["expired"] == 0
    request.refresh_from_db()
    assert request.state == "expired"
    assert sorted(OutboxMessage.objects.values_list("template", flat=True)) == ["meetings/mail/request_expired", "meetings/mail/request_reminder"]


def test_locks_that_cannot_all_hold_are_released_and_explained(world, django_capture_on_commit_callbacks):
    set_grid(world.actors["staff"], world.session, capacity=1)
    first = accepted(world, world.seller, world.buyer)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(world.actors["staff"], run_now(world, django_capture_on_commit_callbacks))
    kept = Meeting.objects.get(request=first)
    services.set_unavailable(world.seller.user, world.session, [kept.slot_id])

    run = run_now(world, django_capture_on_commit_callbacks, lock_published=True)

    assert run.status == "optimal"
    assert run.problems == [["lock_unavailable", f"request_id={first.pk}"]]
    assert run.moved == [first.pk] and run.assignment[str(first.pk)] != kept.slot_id
