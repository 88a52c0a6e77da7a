"""The visitor page cache (core/pagecache.py): who gets cached pages, when they end, CSRF.
Members' own copies: tests/core/test_member_pagecache.py."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from kakehashi.community import services as community
from kakehashi.community import viewcounts
from kakehashi.community.models import Post
from kakehashi.core import pagecache
from kakehashi.core.models import ContentVersion
from tests.api import bearer_client
from tests.factories import MembershipFactory, OpportunityFactory, OrganisationFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def cache_state(response) -> str | None:
    return response.headers.get(pagecache.HIT_HEADER)


def test_a_visitor_gets_the_cached_page():
    PostFactory(slug="cached", title="Lead times from Pune")

    first = Client().get("/community/posts/cached/")
    second = Client().get("/community/posts/cached/")

    assert (first.status_code, cache_state(first)) == (200, "miss")
    assert (second.status_code, cache_state(second)) == (200, "hit")
    assert "Lead times from Pune" in second.content.decode()
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())


def test_an_edit_by_a_member_is_visible_to_the_next_visitor_at_once():
    post = PostFactory(slug="edited")
    Client().get("/community/posts/edited/")

    community.add_comment(UserFactory(display_name="Asha Rao"), post, body="Samples ship on Monday.")
    after = Client().get("/community/posts/edited/")

    assert cache_state(after) == "miss"
    assert "Samples ship on Monday." in after.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_committed_transaction_bumps_the_version_once_and_a_rolled_back_one_not_at_all():
    post = PostFactory(slug="committed")
    before = pagecache.current_version()

    with transaction.atomic():
        community.add_comment(UserFactory(), post, body="one")
        community.add_comment(UserFactory(), post, body="two")
    committed = pagecache.current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(title="never")
        raise RuntimeError

    assert committed == before + 1
    assert pagecache.current_version() == committed


@pytest.mark.django_db(transaction=True)
def test_a_committed_edit_is_visible_to_the_next_visitor_at_once():
    post = PostFactory(slug="committed-edit", title="Before")
    Client().get("/community/posts/committed-edit/")
    assert cache_state(Client().get("/community/posts/committed-edit/")) == "hit"

    community.update_post(UserFactory(is_staff=True), post, title="After the edit")
    after = Client().get("/community/posts/committed-edit/")

    assert cache_state(after) == "miss"
    assert "After the edit" in after.content.decode()


def test_a_members_only_post_is_never_cached_for_visitors(member):
    PostFactory(slug="inner", visibility="members", title="Members' circle")

    visitor = [Client().get("/community/posts/inner/") for _ in range(2)]
    client = Client()
    client.force_login(member)
    seen = [client.get("/community/posts/inner/") for _ in range(2)]
    after = Client().get("/community/posts/inner/")

    assert [(r.status_code, cache_state(r)) for r in visitor] == [(404, None), (404, None)]
    assert [(r.status_code, cache_state(r)) for r in seen] == [(200, "miss"), (200, "hit")]  # the member's own copy
    assert (after.status_code, cache_state(after)) == (404, None)
    assert "Members&#x27; circle" in seen[1].content.decode()


def test_a_signed_in_user_never_gets_the_visitors_cached_page(member):
    Client().get("/organisations/")
    client = Client()
    client.force_login(member)

    response = client.get("/organisations/")

    assert cache_state(response) is None
    assert "Sign out" in response.content.decode()


def test_a_bearer_token_caller_never_gets_a_cached_api_list(member):
    first, second = Client().get("/api/v1/organisations"), Client().get("/api/v1/organisations")

    with_token = bearer_client(member).get("/api/v1/organisations")

    assert (cache_state(first), cache_state(second)) == ("miss", "hit")
    assert (with_token.status_code, cache_state(with_token)) == (200, None)


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache():
    Client().get("/organisations/")
    client = Client()
    client.cookies["sessionid"] = "whatever"

    assert cache_state(client.get("/organisations/")) is None


def test_languages_are_cached_apart():
    english = [Client().get("/organisations/", HTTP_ACCEPT_LANGUAGE="en") for _ in range(2)]
    japanese = [Client().get("/organisations/", HTTP_ACCEPT_LANGUAGE="ja") for _ in range(2)]

    assert [cache_state(r) for r in english + japanese] == ["miss", "hit", "miss", "hit"]
    assert '<html lang="en">' in english[1].content.decode()
    assert '<html lang="ja">' in japanese[1].content.decode()


def test_the_key_holds_the_language_the_zone_and_the_normalised_query(rf):
    def key(path: str, language: str = "en", zone: str = "UTC") -> str:
        with translation.override(language), timezone.override(zone):
            return pagecache.page_key(rf.get(path), 7)

    assert key("/opportunities/?q=gears&country=IN") == key("/opportunities/?country=IN&q=gears")
    assert len({key("/x/"), key("/x/", language="ja"), key("/x/", zone="Asia/Tokyo"), key("/x/?page=2")}) == 4


@pytest.mark.urls("tests.core.pagecache_urls")
@pytest.mark.parametrize("path", ["/cookie/", "/message/", "/token/", "/private/"])
def test_a_response_that_sets_a_cookie_or_is_private_is_not_cached(path):
    first, second = Client().get(path), Client().get(path)

    assert (first.status_code, cache_state(first), cache_state(second)) == (200, None, None)


def test_two_visitors_get_different_tokens_and_each_token_works():
    PostFactory(slug="tokens")
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    pages = [alice.get("/community/posts/tokens/"), bob.get("/community/posts/tokens/")]
    tokens = [TOKEN.search(page.content.decode()).group(1) for page in pages]
    switched = alice.post("/i18n/setlang/", {"language": "ja", "next": "/", "csrfmiddlewaretoken": tokens[0]})
    crossed = bob.post("/i18n/setlang/", {"language": "ja", "next": "/", "csrfmiddlewaretoken": tokens[0]})

    assert [cache_state(page) for page in pages] == ["miss", "hit"]
    assert tokens[0] != tokens[1] and not tokens[1].startswith("kkcsrf")
    assert alice.cookies["csrftoken"].value != bob.cookies["csrftoken"].value
    assert (switched.status_code, switched.cookies["kakehashi_language"].value) == (302, "ja")
    assert crossed.status_code == 403


def test_anonymous_owners_stay_hidden_from_visitors_of_the_cached_list(member):
    org = OrganisationFactory(name="Hidden Gears Pvt")
    OpportunityFactory(organisation=org, visibility="anonymous", title="Gear grinding partner wanted")
    OpportunityFactory(title="Open casting capacity")
    client = Client()
    client.force_login(member)
    client.get("/opportunities/")

    pages = [Client().get("/opportunities/").content.decode() for _ in range(2)]

    assert all("Open casting capacity" in page and "Hidden Gears" not in page for page in pages)


def test_views_served_from_the_cache_are_counted_when_flushed_and_end_no_cached_page(settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    PostFactory(slug="counted")
    version = pagecache.current_version()

    states = [cache_state(Client().get("/community/posts/counted/")) for _ in range(3)]
    before_flush = Post.objects.get(slug="counted").view_count
    viewcounts.flush()

    assert states == ["miss", "hit", "hit"]
    assert (before_flush, Post.objects.get(slug="counted").view_count) == (1, 3)
    assert pagecache.current_version() == version


def test_views_served_from_the_cache_are_written_once_the_flush_is_due(settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 0
    PostFactory(slug="due")

    for _ in range(3):
        Client().get("/community/posts/due/")

    assert Post.objects.get(slug="due").view_count == 3


def test_a_cache_hit_reads_only_the_version(django_assert_num_queries):
    MembershipFactory()
    Client().get("/organisations/")

    with django_assert_num_queries(1):
        hit = Client().get("/organisations/")

    assert cache_state(hit) == "hit"


def test_a_cached_post_page_reads_only_the_version_until_the_views_are_due(settings, django_assert_num_queries):
    settings.VIEW_COUNT_FLUSH_SECONDS = 3600
    PostFactory(slug="one-query")
    Client().get("/community/posts/one-query/")

    with django_assert_num_queries(1):
        Client().get("/community/posts/one-query/")


def test_writes_to_ignored_tables_leave_the_version_alone(member):
    version = pagecache.current_version()
    client = Client()
    client.force_login(member)  # a session row

    assert pagecache.current_version() == version
    assert ContentVersion.objects.get(pk=1).value == version


@pytest.mark.parametrize(("sql", "table"), [
    ('INSERT INTO "community_comment" ("body") VALUES (%s)', "community_comment"),
    ('UPDATE "accounts_user" SET "last_login" = %s', "accounts_user"),
    ('DELETE FROM "django_session" WHERE 1', "django_session"),
    ('SELECT "id" FROM "community_post" FOR UPDATE', None),
    ("WITH x AS (SELECT 1) UPDATE community_post SET pinned = 1", ""),
    ("SAVEPOINT s1", None),
])
def test_written_table(sql, table):
    assert pagecache.written_table(sql) == table


def test_a_head_request_is_served_from_the_cache_but_does_not_fill_it():
    head_first = Client().head("/organisations/")
    get = Client().get("/organisations/")
    head_after = Client().head("/organisations/")

    assert [cache_state(r) for r in (head_first, get, head_after)] == [None, "miss", "hit"]


def test_an_update_that_changes_no_row_leaves_the_version_alone():
    post = PostFactory()
    version = pagecache.current_version()

    Post.objects.filter(pk=post.pk, pinned=True).update(title="never")
    unchanged = pagecache.current_version()
    Post.objects.filter(pk=post.pk).update(title="changed")

    assert (unchanged, pagecache.current_version()) == (version, version + 1)
