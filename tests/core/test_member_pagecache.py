"""The page cache for signed-in members (core/pagecache.py `member_cache`): each member their
own copy of a page, ended by any content write, by a change of their notices, by the clock
where the page says so; never for staff, never with messages waiting; the current time and
the CSRF token filled in for every response."""

import datetime as dt
import re
import time
from types import SimpleNamespace

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.utils import timezone, translation

from kakehashi.community import services as community
from kakehashi.core import pagecache
from kakehashi.notices import services as notices
from tests.api import session_client
from tests.factories import (
    EventSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    PostFactory,
    RegistrationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NOW = re.compile(r'Now: <span class="dual-time"><time datetime="([^"]+)"')


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def state(response) -> str | None:
    return response.headers.get(pagecache.HIT_HEADER)


def new_member(name: str = "Sundaram Precision"):
    return MembershipFactory(organisation=OrganisationFactory(name=name), role="member", user=UserFactory(language="en")).user


def test_a_member_gets_their_own_cached_copy_of_a_post_page(member):
    PostFactory(slug="circle", visibility="members", title="Members' circle")
    other = new_member("Tokai Motors")

    mine = [session_client(member).get("/community/posts/circle/") for _ in range(2)]
    theirs = session_client(other).get("/community/posts/circle/")

    assert [(r.status_code, state(r)) for r in mine] == [(200, "miss"), (200, "hit")]
    assert (theirs.status_code, state(theirs)) == (200, "miss")
    assert TOKEN.sub("", mine[0].content.decode()) == TOKEN.sub("", mine[1].content.decode())


def test_a_visitor_never_gets_a_members_cached_page(member):
    PostFactory(slug="circle", visibility="members")
    session_client(member).get("/community/posts/circle/")

    visitor = Client().get("/community/posts/circle/")

    assert (visitor.status_code, state(visitor)) == (404, None)


def test_staff_never_get_a_cached_page():
    PostFactory(slug="open")
    client = session_client(StaffFactory())

    seen = [client.get("/community/posts/open/") for _ in range(2)]

    assert [(r.status_code, state(r)) for r in seen] == [(200, None), (200, None)]


def test_a_comment_ends_the_members_cached_copy_at_once(member):
    post = PostFactory(slug="thread")
    client = session_client(member)
    client.get("/community/posts/thread/")

    community.add_comment(new_member("Chennai Gears"), post, body="Samples ship on Monday.")
    after = client.get("/community/posts/thread/")

    assert state(after) == "miss"
    assert "Samples ship on Monday." in after.content.decode()


def test_a_member_who_loses_access_is_refused_not_served_their_copy(member):
    PostFactory(slug="circle", visibility="members")
    client = session_client(member)
    client.get("/community/posts/circle/")

    member.approval_status = "declined"
    member.save(update_fields=["approval_status"])
    after = client.get("/community/posts/circle/")

    assert (after.status_code, state(after)) == (404, None)


def test_a_message_waiting_to_be_shown_bypasses_the_cache(member):
    PostFactory(slug="flash")
    client = session_client(member)
    client.get("/community/posts/flash/")
    storage = CookieStorage(SimpleNamespace(COOKIES={}))
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.SUCCESS, "Saved your answer.")])

    shown = client.get("/community/posts/flash/")
    if not client.cookies[storage.cookie_name].value:  # shown and deleted: a browser drops it
        del client.cookies[storage.cookie_name]
    again = client.get("/community/posts/flash/")

    assert state(shown) is None
    assert "Saved your answer." in shown.content.decode()
    assert (state(again), "Saved your answer." in again.content.decode()) == ("hit", False)


def test_each_response_of_a_cached_page_carries_the_members_own_working_token(member):
    PostFactory(slug="tokens")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    pages = [client.get("/community/posts/tokens/") for _ in range(2)]
    tokens = [TOKEN.search(page.content.decode()).group(1) for page in pages]
    switched = client.post("/i18n/setlang/", {"language": "ja", "next": "/", "csrfmiddlewaretoken": tokens[1]})

    assert [state(page) for page in pages] == ["miss", "hit"]
    assert not tokens[1].startswith("kkcsrf")
    assert switched.status_code == 302


def test_a_cache_hit_reads_the_session_the_version_and_the_notices(member, django_assert_num_queries):
    PostFactory(slug="queries")
    client = session_client(member)
    client.get("/community/posts/queries/")

    with django_assert_num_queries(3):  # the member is remembered for this version (accounts/sessions.py)
        hit = client.get("/community/posts/queries/")

    assert state(hit) == "hit"


def test_a_new_notice_ends_the_cached_page_and_the_header_counts_it(member):
    PostFactory(slug="header")
    client = session_client(member)
    client.get("/community/posts/header/")

    notices.notify([member], "thread_message", key="message:1", url="/x/", actor_name="Sato", title="Gears")
    after = client.get("/community/posts/header/")

    assert state(after) == "miss"
    assert '<span class="badge">1</span>' in after.content.decode()


def test_the_dashboard_lists_a_new_notice_and_drops_a_read_one(member):
    client = session_client(member)
    client.get("/dashboard/")

    notices.notify([member], "thread_message", key="message:2", url="/x/", actor_name="Sato", title="Gears")
    listed = client.get("/dashboard/")
    notices.mark_read(member)
    read = client.get("/dashboard/")

    assert (state(listed), "Gears" in listed.content.decode()) == ("miss", True)
    assert (state(read), "Gears" in read.content.decode()) == ("miss", False)


def test_the_dashboard_shows_the_current_time_in_every_response(member):
    client = session_client(member)

    first = client.get("/dashboard/")
    time.sleep(1.1)
    second = client.get("/dashboard/")

    times = [dt.datetime.fromisoformat(NOW.search(r.content.decode()).group(1)) for r in (first, second)]
    assert [state(first), state(second)] == ["miss", "hit"]
    assert times[1] - times[0] >= dt.timedelta(seconds=1)
    assert "kklive" not in second.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_drops_a_session_once_it_ends_without_any_write():
    member = new_member()
    ends_at = timezone.now() + dt.timedelta(seconds=5)  # time enough to render and store it first on a slow machine
    session = EventSessionFactory(title="Kaizen for suppliers", starts_at=timezone.now() - dt.timedelta(hours=1), ends_at=ends_at)
    RegistrationFactory(session=session, user=member)
    client = session_client(member)

    before = [client.get("/dashboard/") for _ in range(2)]
    time.sleep(max(0.0, (ends_at - timezone.now()).total_seconds()) + 0.3)
    after = client.get("/dashboard/")

    assert [state(r) for r in before] == ["miss", "hit"]
    assert "Kaizen for suppliers" in before[1].content.decode()
    assert (state(after), "Kaizen for suppliers" in after.content.decode()) == ("miss", False)
