"""The demo seeder of interests: every state, introductions with outcomes, no e-mail,
idempotent."""

import io

import pytest
from django.core.management import call_command

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.models import Interest, Introduction, OutcomeRecord

from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_seed_interests_fills_every_state_once_without_mail(db):
    indian = [MembershipFactory(organisation=OrganisationFactory(country="IN")).organisation for _ in range(2)]
    japanese = [
        MembershipFactory(organisation=OrganisationFactory(country="JP", region_code="JP-13")).organisation for _ in range(2)
    ]
    for n in range(14):
        OpportunityFactory(organisation=(indian + japanese)[n % 4])

    call_command("seed_interests", stdout=io.StringIO())
    first = list(Interest.objects.order_by("pk").values_list("opportunity_id", "organisation_id", "state"))
    call_command("seed_interests", stdout=io.StringIO())

    assert list(Interest.objects.order_by("pk").values_list("opportunity_id", "organisation_id", "state")) == first
    assert len(first) == 14
    assert {state for _o, _org, state in first} == {"pending", "accepted", "declined", "expired", "withdrawn"}
    assert (Introduction.objects.count(), OutcomeRecord.objects.count()) == (7, 11)
    for interest in Interest.objects.select_related("opportunity__organisation", "organisation"):
        assert interest.organisation.country != interest.opportunity.organisation.country
    assert OutboxMessage.objects.count() == 0
