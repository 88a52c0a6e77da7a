"""The demo seed: the EV matchmaking session gets participants, requests and a published schedule."""

import io
from collections import Counter

import pytest
from django.core.management import call_command

from kakehashi.meetings.models import Grid, Meeting, MeetingRequest, Participant

pytestmark = pytest.mark.django_db


def test_seed_fills_the_ev_matchmaking_with_a_published_schedule():
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_community", stdout=io.StringIO())
    call_command("seed_events", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_meetings", stdout=out)

    grid = Grid.objects.get(session__title__startswith="EV components: Indian suppliers meet Japanese OEMs")
    people = Participant.objects.filter(session=grid.session)
    assert Counter(people.values_list("organisation__country", flat=True)) == {"IN": 22, "JP": 22}
    states = set(MeetingRequest.objects.filter(session=grid.session).values_list("state", flat=True))
    assert states == {"pending", "accepted", "declined", "expired", "cancelled"}
    assert grid.published_run is not None and grid.published_run.is_finished
    meetings = Meeting.objects.filter(request__session=grid.session, cancelled=False)
    assert meetings.count() == grid.published_run.placed > 0
    assert set(meetings.values_list("request__state", flat=True)) == {"accepted"}

    call_command("seed_meetings", stdout=out)  # twice: nothing more
    assert people.count() == 44
