"""The demo supplier lists: two organisations, imported through the services, with analyses."""

import io

import pytest
from django.core.management import call_command

from kakehashi.supplychain import queries
from kakehashi.supplychain.models import ListStatus, SupplierList

pytestmark = pytest.mark.django_db


def test_seed_imports_the_demo_lists_once_with_their_analyses():
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_supplychain", stdout=io.StringIO())
    call_command("seed_supplychain", stdout=io.StringIO())

    lists = {(sl.organisation.slug, sl.version): sl for sl in SupplierList.objects.all()}
    assert sorted(lists) == [("owari-electric-components", 1), ("owari-electric-components", 2), ("yamuna-electronics", 1)]
    assert {sl.status for sl in lists.values()} == {ListStatus.READY}
    first, second = lists[("owari-electric-components", 1)], lists[("owari-electric-components", 2)]
    assert (first.encoding, first.analysis["currency"], first.analysis["by_country"][0]["country"]) == ("cp932", "JPY", "CN")
    assert first.analysis["by_country"][0]["share"] > 70
    compared = queries.comparison(second)
    assert compared["previous"] == first
    assert compared["hhi_country"]["change"] < 0
    assert lists[("yamuna-electronics", 1)].analysis["currency"] == "INR"
