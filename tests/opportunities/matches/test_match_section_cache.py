"""The matches section of an opportunity's page as a member fragment (core/fragments.py): a
member's second view is served from the cache, and whatever changes under it (a dismissal, a
save, another viewer, the engine still at work) shows at once."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation

from kakehashi.core import fragments
from kakehashi.opportunities.matches import feedback
from tests.api import session_client
from tests.factories import MembershipFactory, StaffFactory

from .helpers import buyer_with_two_offers, organisation, published

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    return buyer_with_two_offers()


def view(client: Client, reference: str) -> tuple[str, list[str]]:
    """The page's HTML and the SQL of the queries that made it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/opportunities/{reference}/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def asks_for_matches(sql: list[str]) -> bool:
    return any('FROM "matching_match"' in statement for statement in sql)


def test_a_members_second_view_is_served_without_reading_the_matches(world):
    buyer, request, offer, _ = world
    client = session_client(buyer)

    first, first_sql = view(client, request.reference)
    second, second_sql = view(client, request.reference)

    assert asks_for_matches(first_sql) and not asks_for_matches(second_sql)
    assert len(second_sql) < len(first_sql)
    assert f'id="match-{offer.reference}"' in second
    assert TOKEN.sub("", first) == TOKEN.sub("", second)


def test_a_dismissal_shows_on_the_next_view(world):
    buyer, request, offer, machinery = world
    client = session_client(buyer)
    view(client, request.reference)

    response = client.post(f"/opportunities/{request.reference}/matches/{machinery.reference}/dismiss/")
    html, sql = view(client, request.reference)

    assert response.status_code == 302
    assert asks_for_matches(sql)
    assert f'id="match-{machinery.reference}"' not in html and "Hidden match (1)" in html
    assert f'id="match-{offer.reference}"' in html


def test_a_save_made_elsewhere_shows_on_the_next_view(world):
    buyer, request, offer, _ = world
    client = session_client(buyer)
    view(client, request.reference)

    feedback.save_match(buyer, request, offer)
    html, _sql = view(client, request.reference)

    assert f"/matches/{offer.reference}/unsave/" in html


def test_each_viewer_gets_their_own_section(world):
    buyer, request, offer, _ = world
    view(session_client(buyer), request.reference)

    for_staff, staff_sql = view(session_client(StaffFactory()), request.reference)
    colleague = MembershipFactory(organisation=request.organisation, role="member").user
    for_colleague, colleague_sql = view(session_client(colleague), request.reference)

    assert asks_for_matches(staff_sql) and asks_for_matches(colleague_sql)
    assert offer.title in for_staff and f"/matches/{offer.reference}/dismiss/" not in for_staff
    assert f"/matches/{offer.reference}/dismiss/" in for_colleague


def test_a_cached_sections_forms_carry_this_requests_csrf_token(world):
    buyer, request, _offer, machinery = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)
    view(client, request.reference)

    html, sql = view(client, request.reference)
    token = re.search(
        rf'action="/opportunities/{request.reference}/matches/{machinery.reference}/dismiss/"[^>]*>'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(f"/opportunities/{request.reference}/matches/{machinery.reference}/dismiss/",
                           {"csrfmiddlewaretoken": token})

    assert not asks_for_matches(sql)
    assert response.status_code == 302
    stored = list(caches[fragments.CACHE]._cache.values())  # locmem keeps pickled values
    assert stored and all(token.encode() not in value for value in stored)


def test_the_section_is_not_kept_while_matches_are_still_being_computed(db):
    owner_org = organisation("JP", "Lonely Works")
    owner = MembershipFactory(organisation=owner_org, role="owner").user
    mine = published(owner_org, "sourcing_request", "Ceramic kiln parts", "We need kiln shelves.", sectors=("23",))
    published(organisation("IN", "Not Yet Indexed"), "manufacturing_offer", "Kiln shelves", "We make them.",
              sectors=("23",), refresh=False)
    client = session_client(owner)

    view(client, mine.reference)
    html, sql = view(client, mine.reference)

    assert asks_for_matches(sql)
    assert "Matches are still being computed: 1 of 2 opportunities indexed." in html


def test_the_section_is_not_cached_when_the_page_cache_is_off(world):
    buyer, request, _offer, _ = world
    client = session_client(buyer)

    with override_settings(PAGE_CACHE_SECONDS=0):
        view(client, request.reference)
        _html, sql = view(client, request.reference)

    assert asks_for_matches(sql)


def test_the_section_follows_the_readers_language(world):
    buyer, request, *_ = world
    client = session_client(buyer)
    view(client, request.reference)

    type(buyer).objects.filter(pk=buyer.pk).update(language="ja")
    html, _sql = view(client, request.reference)

    assert "マッチ" in html and "Strong match" not in html and "Good match" not in html
