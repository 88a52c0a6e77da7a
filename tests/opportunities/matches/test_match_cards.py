"""The match cards on an opportunity's page, from matches the engine made: a plain strength
label instead of a percentage, sectors and countries by name in the reader's language, the
actions for the owning organisation only, hidden matches apart with undo."""

import re

import pytest
from django.utils import translation

from kakehashi.core import leases
from kakehashi.matching import services as engine
from kakehashi.opportunities.matches import feedback, ranking, services
from kakehashi.opportunities.models import Opportunity
from tests.api import session_client
from tests.factories import MembershipFactory, StaffFactory

from .helpers import buyer_with_two_offers, organisation, published

pytestmark = pytest.mark.django_db

LABELS = {"en": ("Strong match", "Good match", "Possible match"), "ja": ("強いマッチ", "良いマッチ", "可能性のあるマッチ")}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def page_of(db):
    buyer, request, offer, machinery = buyer_with_two_offers()

    def page(user, language="en", query=""):
        type(user).objects.filter(pk=user.pk).update(language=language)
        return session_client(user).get(f"/opportunities/{request.reference}/{query}").content.decode()

    return page, buyer, request, offer, machinery


def cards(html: str) -> str:
    return html[html.index('id="matches-heading"'):]


def test_cards_show_a_strength_label_and_no_percentage(page_of):
    page, buyer, *_ = page_of

    html = cards(page(buyer))

    labels = re.findall(r'<span class="strength strength-(\w+)">([^<]+)</span>', html)
    assert len(labels) == 2
    assert all(text == dict(zip(("strong", "good", "possible"), LABELS["en"], strict=True))[code]
               for code, text in labels)
    assert not re.search(r"\d+%", html)


def test_cards_name_sectors_and_countries(page_of):
    page, buyer, *_ = page_of

    html = cards(page(buyer))

    assert "Shared sectors: Manufacture of motor vehicles, trailers and semi-trailers" in html
    assert "Related sectors (same section): Manufacturing" in html
    assert "Across countries: Japan ↔ India" in html


def test_cards_name_sectors_in_the_readers_language(page_of):
    page, buyer, *_ = page_of

    html = cards(page(buyer, "ja"))

    assert "自動車・トレーラー・セミトレーラー製造業" in html and "Manufacture of motor vehicles" not in html
    assert "日本 ↔ インド" in html
    assert any(label in html for label in LABELS["ja"])


def test_owner_gets_the_actions_and_staff_only_read(page_of):
    page, buyer, request, offer, _ = page_of

    for_owner = cards(page(buyer))
    for_staff = cards(page(StaffFactory()))

    for action in ("interest", "save", "dismiss"):
        assert f"/opportunities/{request.reference}/matches/{offer.reference}/{action}/" in for_owner
        assert f"/matches/{offer.reference}/{action}/" not in for_staff
    assert offer.title in for_staff


def test_dismissed_card_is_hidden_counted_and_can_be_undone(page_of):
    page, buyer, request, offer, machinery = page_of
    feedback.dismiss_match(buyer, request, machinery)

    html = cards(page(buyer, query=f"?undo={machinery.reference}"))

    assert f'id="match-{machinery.reference}"' not in html
    assert f'id="match-{offer.reference}"' in html
    assert "Hidden match (1)" in html
    assert f"“{machinery.title}” is hidden as not relevant." in html
    assert html.count(f"/matches/{machinery.reference}/restore/") == 2  # "Undo" and "Show again"
    for_staff = cards(page(StaffFactory(), query=f"?undo={machinery.reference}"))
    assert "Hidden match (1)" in for_staff and "/restore/" not in for_staff


def test_dismissal_and_save_survive_the_engine_recomputing_the_matches(page_of):
    page, buyer, request, offer, machinery = page_of
    feedback.dismiss_match(buyer, request, machinery)
    feedback.save_match(buyer, request, offer)

    Opportunity.objects.filter(pk=request.pk).update(summary="ブレーキ部品とシャフトのCNC加工を依頼したい。")
    services.refresh_opportunity(request.pk)

    html = cards(page(buyer))
    assert f'id="match-{machinery.reference}"' not in html and "Hidden match (1)" in html
    assert f"/matches/{offer.reference}/unsave/" in html


# --- while the engine is still working (the first start, a reindex) ------------------------

NOTHING_YET = "No complementary opportunities from other organisations yet."


def test_an_empty_panel_while_others_are_not_indexed_says_matches_are_still_being_computed(db):
    owner_org = organisation("JP", "Lonely Works")
    owner = MembershipFactory(organisation=owner_org, role="owner").user
    mine = published(owner_org, "sourcing_request", "Ceramic kiln parts", "We need kiln shelves.", sectors=("23",))
    published(organisation("IN", "Not Yet Indexed"), "manufacturing_offer", "Kiln shelves", "We make them.",
              sectors=("23",), refresh=False)

    html = cards(session_client(owner).get(f"/opportunities/{mine.reference}/").content.decode())

    assert "Matches are still being computed: 1 of 2 opportunities indexed." in html
    assert NOTHING_YET not in html


def test_while_a_reindex_ranks_the_matches_the_panel_says_so(db):
    owner_org = organisation("JP", "Lonely Works")
    owner = MembershipFactory(organisation=owner_org, role="owner").user
    mine = published(owner_org, "sourcing_request", "Ceramic kiln parts", "We need kiln shelves.", sectors=("23",))
    holder = leases.claim(engine.REINDEX_LEASE, seconds=60)

    during = cards(session_client(owner).get(f"/opportunities/{mine.reference}/").content.decode())
    leases.release(engine.REINDEX_LEASE, holder)
    after = cards(session_client(owner).get(f"/opportunities/{mine.reference}/").content.decode())

    assert "every opportunity is indexed and the matches are being ranked" in during and NOTHING_YET not in during
    assert NOTHING_YET in after and "still being computed" not in after


def test_matches_found_so_far_are_listed_under_the_progress_notice(page_of):
    page, buyer, request, offer, _machinery = page_of
    published(organisation("IN", "Not Yet Indexed"), "manufacturing_offer", "Forged brake discs", "We forge discs.",
              refresh=False)

    html = cards(page(buyer))

    assert "Matches are still being computed: 3 of 4 opportunities indexed." in html
    assert offer.title in html and html.index("still being computed") < html.index(offer.title)


def test_the_reasons_name_the_languages_compared_not_their_codes(page_of):
    page, buyer, *_ = page_of

    english = cards(page(buyer))
    japanese = cards(page(buyer, language="ja"))

    assert "compared across languages (日本語 ↔ English)" in english
    assert re.findall(r"異なる言語間で比較（[^）]*）", japanese)[0] == "異なる言語間で比較（日本語 ↔ English）"


TEXT_FITS = {
    "en": ("The texts describe closely matching needs", "The texts are on related subjects",
           "The texts are only loosely related"),
    "hi": ("दोनों विवरण आपस में काफ़ी मेल खाते हैं", "दोनों विवरण संबंधित विषयों पर हैं", "दोनों विवरणों का संबंध कम है"),
}


@pytest.mark.parametrize("language", ["en", "hi"])
def test_the_reasons_say_how_close_the_texts_are_in_words_not_a_number(page_of, language):
    page, buyer, *_ = page_of

    html = cards(page(buyer, language=language))

    fits = re.findall(r'<li class="text-fit">([^<—]+?)\s*(?:—|</li>)', html)
    assert len(fits) == 2
    assert all(fit in TEXT_FITS[language] for fit in fits)
    reasons = re.findall(r'<ul class="reasons">(.*?)</ul>', html, re.S)
    assert len(reasons) == 2
    assert not any(re.search(r"\d\.\d", r) for r in reasons)  # no raw similarity such as 0.49


def test_the_text_fit_label_follows_the_strength_floors():
    assert [ranking.text_fit(s) for s in (0.9, 0.62, 0.5, 0.45, 0.2)] == ["close", "close", "related", "related", "loose"]
