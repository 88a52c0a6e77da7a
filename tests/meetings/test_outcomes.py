"""After the event: outcomes per meeting, the introduction they feed, the organisers' report."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kakehashi.meetings import report, services
from kakehashi.meetings.models import Meeting, MeetingRequest, Slot
from kakehashi.opportunities.models import Interest, Introduction, OutcomeRecord

from ..factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world):
    """A published meeting whose slot started an hour ago."""
    slot = Slot.objects.filter(grid=world.grid).order_by("starts_at").first()
    Slot.objects.filter(pk=slot.pk).update(starts_at=slot.starts_at.replace(year=2020), ends_at=slot.ends_at.replace(year=2020))
    request = MeetingRequest.objects.create(session=world.session, requester=world.seller, receiver=world.buyer, state="accepted")
    return Meeting.objects.create(request=request, slot=Slot.objects.get(pk=slot.pk), table=1)


def test_held_meeting_counts_on_the_pairs_introduction_once(world, held):
    opportunity = OpportunityFactory(organisation=world.buyer.organisation, kind="sourcing_request")
    interest = Interest.objects.create(opportunity=opportunity, organisation=world.seller.organisation, message="Hello", state="accepted")
    introduction = Introduction.objects.create(interest=interest)

    services.record_outcome(world.seller.user, held, outcome="held")
    services.record_outcome(world.seller.user, held, outcome="follow_up")
    services.record_outcome(world.buyer.user, held, outcome="held")

    records = OutcomeRecord.objects.filter(introduction=introduction).order_by("id")
    assert [(r.organisation_id, r.outcome) for r in records] == [
        (world.seller.organisation.pk, "meeting_held"), (world.buyer.organisation.pk, "meeting_held"),
    ]


def test_outcome_before_the_meeting_or_by_a_stranger_is_refused(world, held):
    with pytest.raises(PermissionDenied):
        services.record_outcome(world.actors["other_org_member"], held, outcome="held")
    Slot.objects.filter(pk=held.slot_id).update(starts_at=world.session.starts_at + dt.timedelta(days=1))
    held.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.record_outcome(world.seller.user, held, outcome="held")
    assert error.value.messages == ["You can record an outcome once the meeting has started."]


def test_report_counts_held_meetings_and_no_shows_by_country_pair(world, held):
    services.record_outcome(world.seller.user, held, outcome="no_show")

    summary = report.summary(world.session)

    assert (summary["meetings"], summary["reported"], summary["held"], summary["no_show"], summary["no_show_rate"]) == (1, 1, 0, 1, 1.0)
    assert summary["pairs"] == [("IN ↔ JP", {"no_show": 1})]


def test_both_sides_following_up_creates_their_introduction(world, held):
    OpportunityFactory(organisation=world.buyer.organisation, kind="sourcing_request", title="EV harness sourcing")

    services.record_outcome(world.seller.user, held, outcome="follow_up")
    assert Introduction.objects.count() == 0
    services.record_outcome(world.buyer.user, held, outcome="follow_up")

    introduction = Introduction.objects.get()
    interest = introduction.interest
    assert (interest.organisation, interest.opportunity.title, interest.state) == (world.seller.organisation, "EV harness sourcing", "accepted")
    assert sorted(introduction.outcomes.values_list("organisation__name", "outcome")) == [
        ("Chennai Harness", "meeting_held"), ("Tokyo Motors", "meeting_held"),
    ]
