"""The demo simulations: one per demo organisation's newest list, run once."""

import io

import pytest
from django.core.management import call_command

from kakehashi.supplychain.models import Simulation

pytestmark = pytest.mark.django_db


def test_seed_runs_one_simulation_per_demo_list_once():
    call_command("seed_accounts", stdout=io.StringIO())
    call_command("seed_supplychain", stdout=io.StringIO())
    call_command("seed_simulations", stdout=io.StringIO())
    call_command("seed_simulations", stdout=io.StringIO())

    runs = {s.supplier_list.organisation.slug: s for s in Simulation.objects.select_related("supplier_list__organisation")}
    assert sorted(runs) == ["owari-electric-components", "yamuna-electronics"]
    owari = runs["owari-electric-components"]
    assert (owari.kind, owari.supplier_list.version, owari.countries) == ("closure", 2, ["CHN"])
    assert owari.results["after"]["expected_shortfall"] < owari.results["before"]["expected_shortfall"]
    assert runs["yamuna-electronics"].kind == "hazard"
