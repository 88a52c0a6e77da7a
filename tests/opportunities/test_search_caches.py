"""Opportunity search after the caches of a search are warm: a newly published or edited
opportunity is found by the next search, and one that was closed or made members-only is
not (its vectors stay until its indexing task runs: which opportunities a viewer may see is
read anew on every search, nothing of it is kept)."""

import pytest

from kakehashi.matching import store
from kakehashi.opportunities import queries
from kakehashi.opportunities.matches import COLLECTION, services
from kakehashi.opportunities.matches.collection import document_of

from ..factories import OpportunityFactory

pytestmark = pytest.mark.django_db

MACHINING = "precision machining of auto parts"
SCOOTERS = "battery cells for electric scooters"


@pytest.fixture
def offers(member, org_a):
    made = {
        "cnc": OpportunityFactory(organisation=org_a, created_by=member, details="",
                                  title="CNC machining of precision auto parts in Chennai",
                                  summary="Turning and milling of transmission shafts for car makers."),
        "cotton": OpportunityFactory(organisation=org_a, created_by=member, details="", sectors=["14"],
                                     title="Organic cotton apparel sourcing",
                                     summary="Knitted T-shirts for retail chains."),
    }
    store.save(COLLECTION, [document_of(o) for o in made.values()])
    for viewer in (None, member):
        queries.search(viewer, q=MACHINING)  # warm: what a search keeps is in memory
    return made


def test_an_opportunity_published_after_a_search_is_found_by_the_next(offers, member, org_a):
    fresh = OpportunityFactory(organisation=org_a, created_by=member, details="", title=SCOOTERS.capitalize(),
                               summary="Lithium-ion cells and packs for two-wheelers.")
    services.refresh_opportunity(fresh.pk)

    assert queries.search(None, q=SCOOTERS)[:1] == [fresh.pk]


def test_an_edited_opportunity_is_found_by_its_new_text(offers):
    cotton = offers["cotton"]
    assert cotton.pk not in queries.search(None, q=SCOOTERS)

    cotton.title, cotton.summary = SCOOTERS.capitalize(), "Lithium-ion cells and packs for two-wheelers."
    cotton.save()
    services.refresh_opportunity(cotton.pk)

    assert queries.search(None, q=SCOOTERS)[:1] == [cotton.pk]


@pytest.mark.parametrize("change", [{"status": "closed", "outcome": "no_fit"}, {"visibility": "members"}])
def test_an_opportunity_hidden_after_a_search_is_not_found_by_the_next(offers, change):
    cnc = offers["cnc"]
    assert cnc.pk in queries.search(None, q=MACHINING)

    for field, value in change.items():
        setattr(cnc, field, value)
    cnc.save()  # its vectors stay until its indexing task runs

    assert cnc.pk not in queries.search(None, q=MACHINING)


def test_an_opportunity_made_members_only_is_still_found_by_members(offers, member):
    cnc = offers["cnc"]
    cnc.visibility = "members"
    cnc.save()

    assert cnc.pk in queries.search(member, q=MACHINING)
