"""Query-count guards: the marketplace, my requests, my agenda, the organisers' print sheet
and exports, and the API lists make as many queries for 10 rows as for 3 (tests/querycount.py)."""

import itertools

import pytest

from kakehashi.meetings.models import Meeting, MeetingRequest, Slot

from ..api import bearer_client, session_client
from ..factories import OpportunityFactory, ParticipantFactory
from ..querycount import assert_flat

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def others(world):
    """Participants with a live opportunity each, who asked the seller and were accepted, and
    a published meeting each (in the grid's slots, round robin)."""
    slots = list(Slot.objects.filter(grid=world.grid))

    def add(n: int) -> list[str]:
        names = []
        for _ in range(n):
            other = ParticipantFactory(session=world.session)
            other.organisation.name = f"Row organisation {next(_numbers)}"
            other.organisation.save()
            OpportunityFactory(organisation=other.organisation)
            request = MeetingRequest.objects.create(session=world.session, requester=other, receiver=world.seller, state="accepted")
            Meeting.objects.create(request=request, slot=slots[request.pk % len(slots)], table=1)
            names.append(other.organisation.name)
        return names

    return add


@pytest.mark.parametrize(("path", "ceiling"), [
    ("/meetings/ev-meet/", 30), ("/meetings/ev-meet/requests/", 20), ("/meetings/ev-meet/agenda/", 20),
])
def test_participant_lists_are_flat(world, path, ceiling, django_assert_max_num_queries):
    assert_flat(session_client(world.seller.user), path, others(world), ceiling, django_assert_max_num_queries)


@pytest.mark.parametrize(("path", "ceiling"), [
    ("/meetings/ev-meet/manage/print/", 20), ("/meetings/ev-meet/manage/meetings.csv", 20),
])
def test_organiser_lists_are_flat(world, path, ceiling, django_assert_max_num_queries):
    assert_flat(session_client(world.actors["staff"]), path, others(world), ceiling, django_assert_max_num_queries)


@pytest.mark.parametrize("path", ["participants", "requests", "agenda"])
def test_api_lists_are_flat(world, path, django_assert_max_num_queries):
    assert_flat(bearer_client(world.seller.user), f"/api/v1/meetings/sessions/ev-meet/{path}", others(world), 20, django_assert_max_num_queries)
