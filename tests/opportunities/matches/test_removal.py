"""Removing opportunities forgets them in the matching engine at once: deleting an account
or an organisation cascades to its opportunities, and their vectors, passages and
neighbourhoods must not stay behind until a manual reindex."""

import pytest

from kakehashi.accounts import services as accounts
from kakehashi.matching import queries as matching
from kakehashi.matching.models import Embedding, Neighbourhood
from kakehashi.opportunities.matches import COLLECTION
from kakehashi.opportunities.models import Opportunity
from tests.factories import MembershipFactory

from .helpers import organisation, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organisations():
    leaving = organisation("IN", "Pune Forgings")
    staying = organisation("JP", "Nagoya Castings")
    forging = published(leaving, "manufacturing_offer", "Closed-die forging of steel crankshafts",
                        "Forged crankshafts and connecting rods for engine makers.")
    casting = published(staying, "manufacturing_offer", "Aluminium die casting for engine parts",
                        "Die-cast aluminium housings and engine brackets.")
    return leaving, forging, casting


def _rows(model, pk):
    return model.objects.filter(collection=COLLECTION, object_id=pk).count()


def test_deleting_the_only_members_account_forgets_its_organisations_opportunities(two_organisations):
    leaving, forging, casting = two_organisations
    user = MembershipFactory(organisation=leaving, role="owner").user
    assert _rows(Embedding, forging.pk) > 1 and _rows(Neighbourhood, forging.pk) == 1

    accounts.delete_account(user)

    assert not Opportunity.objects.filter(pk=forging.pk).exists()
    assert _rows(Embedding, forging.pk) == 0
    assert _rows(Neighbourhood, forging.pk) == 0
    assert _rows(Embedding, casting.pk) > 1
    # relevant=False: every allowed document ranked, so only the forgotten one can be missing
    found = matching.search(COLLECTION, "forged steel crankshafts", allowed={forging.pk, casting.pk}, relevant=False)
    assert [pk for pk, _ in found] == [casting.pk]


def test_deleting_an_organisation_forgets_its_opportunities(two_organisations):
    leaving, forging, casting = two_organisations

    leaving.delete()

    assert _rows(Embedding, forging.pk) == 0
    assert _rows(Neighbourhood, forging.pk) == 0
    assert _rows(Neighbourhood, casting.pk) == 1

