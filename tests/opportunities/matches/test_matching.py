"""Matches between opportunities: complementary kinds, other organisations, live only, ranked
across languages, with reasons; and free-text search in any language."""

import datetime as dt

import pytest
from django.utils import timezone

from kakehashi.matching import encoders
from kakehashi.matching import services as matching
from kakehashi.matching.models import Embedding
from kakehashi.opportunities.matches import services
from kakehashi.opportunities.matches.queries import matches_for
from kakehashi.opportunities.models import Match, Opportunity, Status, Visibility
from kakehashi.opportunities.queries import rank_opportunities
from tests.factories import MembershipFactory

from .helpers import organisation, published

pytestmark = pytest.mark.django_db

AUTO_PARTS_JA = (
    "精密自動車部品の調達先を探しています",
    "ブレーキ部品やトランスミッションシャフトなど、CNC加工による精密自動車部品を安定して供給できるサプライヤーを求めています。",
    "年間十万個規模の量産に対応でき、日本の自動車メーカーの品質基準を満たす工場との長期取引を希望します。",
)


@pytest.fixture
def market():
    """A Japanese buyer of precision auto parts and Indian offers, one relevant, some not."""
    buyer = organisation("JP", "Tokai Motors")
    chennai = organisation("IN", "Chennai Precision Components")
    other_indian = organisation("IN", "Surat Textiles")
    pharma = organisation("IN", "Hyderabad Pharma")
    offers = {
        "auto": published(chennai, "manufacturing_offer", "CNC machining capacity for precision auto parts",
                          "We machine brake components, transmission shafts and aluminium housings for car makers.",
                          "300 CNC machines in Chennai, IATF 16949 certified, experienced with Japanese OEM quality "
                          "requirements and just-in-time delivery."),
        "textile": published(other_indian, "manufacturing_offer", "Cotton garment manufacturing capacity",
                             "Knitted and woven cotton garments, dyeing and printing for fashion brands.",
                             sectors=("13",)),
        "pharma": published(pharma, "manufacturing_offer", "Contract manufacturing of generic tablets",
                            "GMP-certified plant producing tablets and capsules for export markets.", sectors=("21",)),
        "tech": published(chennai, "technology_offer", "Machine-vision inspection for machined parts",
                          "Camera-based inspection software for precision auto parts."),
    }
    request = published(buyer, "sourcing_request", *AUTO_PARTS_JA, language="ja")
    return buyer, request, offers


def test_japanese_sourcing_request_ranks_the_indian_auto_parts_offer_first(market):
    _, request, offers = market

    ranked = list(Match.objects.filter(opportunity=request).order_by("-score").values_list("other_id", flat=True))

    assert ranked[0] == offers["auto"].pk
    assert set(ranked) == {offers["auto"].pk, offers["textile"].pk, offers["pharma"].pk}  # offers only, not tech


def test_match_explains_itself_with_signals_and_passages_across_languages(market):
    _, request, offers = market

    match = Match.objects.get(opportunity=request, other=offers["auto"])

    assert match.signals["cross_language"] is True
    assert match.signals["languages"] == ["ja", "en"]
    assert match.signals["kinds"] == ["sourcing_request", "manufacturing_offer"]
    assert match.signals["sectors"]["shared"] == ["29"]
    assert match.signals["country"]["other_country"] is True
    assert len(match.signals["passages"]) == 2
    assert match.signals["semantic"] > Match.objects.get(opportunity=request, other=offers["textile"]).signals["semantic"]


def test_match_is_recorded_on_both_sides(market):
    _, request, offers = market

    assert Match.objects.filter(opportunity=offers["auto"], other=request).exists()


def test_matches_never_include_the_same_organisation():
    org = organisation("IN")
    offer = published(org, "manufacturing_offer", "Forging capacity", "Closed-die forging of steel parts.")
    published(org, "sourcing_request", "We need forgings", "Looking for closed-die steel forgings.")

    assert not Match.objects.filter(opportunity=offer).exists()


def test_expired_opportunity_leaves_the_matches_at_once(market):
    _, request, offers = market
    Opportunity.objects.filter(pk=offers["auto"].pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    viewer = MembershipFactory(organisation=organisation("IN", "Viewer Org")).user

    shown = [m.other.pk for m in matches_for(request, viewer)]

    assert offers["auto"].pk not in shown
    assert offers["textile"].pk in shown


def test_closing_an_opportunity_removes_its_matches_when_refreshed(market):
    _, request, offers = market
    Opportunity.objects.filter(pk=offers["auto"].pk).update(status=Status.CLOSED)

    services.refresh_opportunity(offers["auto"].pk)

    assert not Match.objects.filter(other=offers["auto"]).exists()
    assert not Match.objects.filter(opportunity=offers["auto"]).exists()


def test_deleted_opportunity_loses_its_vectors_and_matches(market):
    _, request, offers = market
    pk = offers["pharma"].pk
    Opportunity.objects.filter(pk=pk).delete()

    services.refresh_opportunity(pk)

    assert not Embedding.objects.filter(collection="opportunity", object_id=pk).exists()


def test_anonymous_match_hides_the_organisation_from_outsiders(market):
    _, request, offers = market
    Opportunity.objects.filter(pk=offers["auto"].pk).update(visibility=Visibility.ANONYMOUS)
    outsider = MembershipFactory(organisation=organisation("JP", "Osaka Outsider")).user

    shown = {m.other.pk: m for m in matches_for(request, outsider)}

    assert shown[offers["auto"].pk].organisation is None
    assert shown[offers["textile"].pk].organisation.name == "Surat Textiles"


def test_visitor_sees_no_matches_of_a_members_only_opportunity(market, client):
    from django.contrib.auth.models import AnonymousUser

    _, request, _ = market

    assert matches_for(request, AnonymousUser()) == []


def test_japanese_query_finds_the_english_opportunity_first(market):
    _, _, offers = market

    ranked = rank_opportunities("ブレーキ部品のCNC加工", Opportunity.objects.filter(kind="manufacturing_offer"))

    assert ranked[0][0] == offers["auto"].pk


def test_hindi_query_finds_the_english_opportunity_first(market):
    _, _, offers = market

    ranked = rank_opportunities("सूती कपड़ों का उत्पादन", Opportunity.objects.filter(status=Status.PUBLISHED))

    assert ranked[0][0] == offers["textile"].pk


def test_search_is_restricted_to_the_given_queryset(market):
    _, _, offers = market

    everything = Opportunity.objects.filter(status=Status.PUBLISHED)
    assert offers["auto"].pk in [pk for pk, _ in rank_opportunities("precision-machined auto parts", everything)]

    ranked = rank_opportunities(
        "precision-machined auto parts", Opportunity.objects.filter(pk__in=[offers["pharma"].pk, offers["textile"].pk])
    )

    assert offers["auto"].pk not in [pk for pk, _ in ranked]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02", "\u200b\u200b"])
def test_search_with_no_readable_text_ranks_nothing(market, text):
    assert rank_opportunities(text, Opportunity.objects.all()) == []


def test_reindex_rebuilds_matches_from_the_database(market):
    _, request, offers = market
    Match.objects.all().delete()

    figures = matching.reindex()

    assert figures["opportunity"] == 5
    assert Match.objects.filter(opportunity=request).order_by("-score").first().other_id == offers["auto"].pk


def test_a_new_encoder_version_makes_the_periodic_job_re_embed_everything():
    offer = published(organisation("IN"), "manufacturing_offer", "Forging capacity", "Closed-die steel forgings.")
    Embedding.objects.filter(collection="opportunity", encoder="e5").update(version="an-older-e5")

    assert matching.needs_reindex() is True
    assert matching.compact_indexes() is True
    assert set(Embedding.objects.filter(object_id=offer.pk, encoder="e5").values_list("version", flat=True)) == {
        encoders.active()[1].version
    }
    assert matching.needs_reindex() is False
