"""When a pair of opportunities was first matched (`MatchedPair`) survives its `Match` rows
being dropped and recomputed, by a real reindex through the engine; the migration backfills it."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from kakehashi.matching import services as matching
from kakehashi.opportunities.matches import services
from kakehashi.opportunities.models import Match, MatchedPair

from .helpers import organisation, published

pytestmark = pytest.mark.django_db

JAN = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)


def pair(a, b):
    return MatchedPair.objects.get(low=min(a.pk, b.pk), high=max(a.pk, b.pk))


@pytest.fixture
def pairs():
    buyer = published(organisation("JP", "Tokai Motors"), "sourcing_request", "Precision auto parts supplier wanted",
                      "We look for CNC machined brake components and transmission shafts.")
    offer = published(organisation("IN", "Chennai Precision"), "manufacturing_offer", "CNC machining of auto parts",
                      "We machine brake components and transmission shafts for car makers.")
    return buyer, offer


def test_matching_a_pair_notes_when_it_was_first_matched(pairs):
    buyer, offer = pairs

    assert Match.objects.filter(opportunity=buyer, other=offer).exists()
    assert MatchedPair.objects.count() == 1
    # matched when the offer was published (the buyer had no match before)
    assert pair(buyer, offer).first_matched_at == Match.objects.get(opportunity=offer, other=buyer).computed_at


def test_first_matched_date_survives_dropped_matches_and_a_reindex(pairs):
    buyer, offer = pairs
    MatchedPair.objects.update(first_matched_at=JAN)  # first matched in January
    services.document_changed(buyer.pk, indexed=False)  # the engine drops the buyer's matches (paused, edited)
    assert not Match.objects.filter(opportunity=buyer).exists()

    figures = matching.reindex()

    assert figures["opportunity"] == 2
    again = Match.objects.get(opportunity=buyer, other=offer)
    assert again.first_seen_at > JAN  # the Match row is new ...
    assert pair(buyer, offer).first_matched_at == JAN  # ... the pair keeps its first date
    assert MatchedPair.objects.count() == 1


def test_a_pair_first_found_by_a_reindex_dates_from_when_both_sides_were_live(pairs):
    buyer, offer = pairs
    feb = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    type(buyer).objects.filter(pk=buyer.pk).update(published_at=JAN)
    type(offer).objects.filter(pk=offer.pk).update(published_at=feb)
    MatchedPair.objects.all().delete()  # as before the first reindex of the demo

    matching.reindex()

    assert pair(buyer, offer).first_matched_at == feb


def test_backfill_dates_a_pair_by_its_earliest_row_but_not_after_both_sides_were_live(pairs):
    buyer, offer = pairs
    feb, may = dt.datetime(2026, 2, 1, tzinfo=dt.UTC), dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    type(buyer).objects.filter(pk=buyer.pk).update(published_at=JAN)
    type(offer).objects.filter(pk=offer.pk).update(published_at=feb)
    Match.objects.update(first_seen_at=may)  # both rows found by one reindex in May
    MatchedPair.objects.all().delete()
    migration = importlib.import_module("kakehashi.opportunities.migrations.0004_matched_pair")

    migration.backfill(apps, None)

    assert pair(buyer, offer).first_matched_at == feb  # when the later side was published
