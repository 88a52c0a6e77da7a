"""The demo seeder of interests: every state, introductions with outcomes, no e-mail,
idempotent."""

import io

import pytest
from django.core.management import call_command

from kakehashi.mail.models import OutboxMessage
from kakehashi.opportunities.management.commands import seed_interests
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


def test_seeded_interest_messages_fit_any_sender(db):
    """Any organisation may send them (a university, a fund, an authority …): no message says
    where the sender is or what kind of organisation it is."""
    indian = MembershipFactory(organisation=OrganisationFactory(country="IN", org_type="government_body", city="Lucknow")).organisation
    japanese = MembershipFactory(organisation=OrganisationFactory(country="JP", org_type="university", region_code="JP-13")).organisation
    for n in range(12):
        OpportunityFactory(organisation=[indian, japanese][n % 2])

    call_command("seed_interests", stdout=io.StringIO())

    seeded = " ".join(Interest.objects.values_list("message", flat=True))
    every = " ".join(text for texts in seed_interests.MESSAGES.values() for text in texts)
    said = ["Bengaluru", "बेंगलुरु", "स्टार्टअप", "startup", "Nagoya", "名古屋", "manufacturer", "メーカー", "Pune"]
    assert Interest.objects.count() == 12
    assert [word for word in said if word in seeded + every] == []
