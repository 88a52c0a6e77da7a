"""The last seat is never over-booked: real concurrent transactions on PostgreSQL.

Skipped elsewhere: on SQLite the IMMEDIATE transactions serialise every write anyway (one
writer at a time), and the in-memory test database cannot be shared by threads safely.
Run with `DATABASE_URL=postgres://… pytest tests/events/test_concurrency.py`."""

import threading

import pytest
from django.db import close_old_connections, connection

from kakehashi.events import registration
from kakehashi.events.models import Registration

from ..factories import EventSessionFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks and real concurrency"),
]
THREADS = 8


def _run_together(actions) -> list[BaseException]:
    """Start every action at the same moment, each on its own thread and connection."""
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action):
        try:
            barrier.wait(timeout=30)
            action()
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_concurrent_registrations_on_the_last_seat_never_overbook():
    session = EventSessionFactory(capacity=3)
    for user in UserFactory.create_batch(2):
        registration.register_member(user, session)
    racers = UserFactory.create_batch(THREADS)

    errors = _run_together([lambda u=u: registration.register_member(u, session) for u in racers])

    assert errors == []
    statuses = list(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waitlisted") == THREADS - 1


def test_concurrent_cancellations_and_registrations_never_overbook():
    session = EventSessionFactory(capacity=2)
    holders = [registration.register_member(u, session) for u in UserFactory.create_batch(2)]
    waiting = [registration.register_member(u, session) for u in UserFactory.create_batch(2)]
    newcomers = UserFactory.create_batch(4)

    actions = [lambda r=r: registration.cancel(r) for r in holders]
    actions += [lambda u=u: registration.register_member(u, session) for u in newcomers]
    errors = _run_together(actions)

    assert errors == []
    rows = dict(Registration.objects.filter(session=session).values_list("email", "status"))
    confirmed = [email for email, status in rows.items() if status == "confirmed"]
    assert len(confirmed) == 2
    # The two who waited first got the freed seats: promotion runs in the cancelling transaction.
    assert sorted(confirmed) == sorted(r.email for r in waiting)
    assert list(rows.values()).count("waitlisted") == 4
