"""An event session's page for visitors is served from the visitor page cache
(core/pagecache.py): seats and registration stay right, and it lasts until the session starts."""

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from kakehashi.core import pagecache
from kakehashi.events import registration

from ..factories import EventSessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def seconds_cached() -> float:
    """How long the one cached page lasts (the per-process memory cache's expiry)."""
    [expiry] = [at for key, at in caches[pagecache.CACHE]._expire_info.items() if key.startswith(":1:kk:page:")]
    return expiry - timezone.now().timestamp()


def test_a_registration_shows_in_the_seats_of_the_next_visitor_at_once():
    session = EventSessionFactory(slug="seats", capacity=2)
    before = [Client().get("/events/sessions/seats/") for _ in range(2)]

    registration.register_member(UserFactory(), session)
    after = Client().get("/events/sessions/seats/")

    assert [r.headers[pagecache.HIT_HEADER] for r in [*before, after]] == ["miss", "hit", "miss"]
    assert "2 seats left (of 2)" in before[1].content.decode()
    assert "1 seat left (of 2)" in after.content.decode()


def test_a_visitor_registers_with_the_token_of_a_page_served_from_the_cache():
    EventSessionFactory(slug="open-to-all", visitors_may_register=True, capacity=5)
    Client().get("/events/sessions/open-to-all/")
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/events/sessions/open-to-all/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)

    sent = visitor.post("/events/sessions/open-to-all/register/",
                        {"name": "Mei Lin", "email": "mei@example.org", "csrfmiddlewaretoken": token})

    assert page.headers[pagecache.HIT_HEADER] == "hit"
    assert sent.status_code == 200 and "We have sent a link to mei@example.org" in sent.content.decode()


def test_a_page_open_for_registration_is_cached_until_the_session_starts():
    EventSessionFactory(slug="soon", starts_at=timezone.now() + dt.timedelta(seconds=120))

    Client().get("/events/sessions/soon/")

    assert 100 < seconds_cached() <= 120


def test_a_later_session_is_cached_for_the_page_cache_lifetime(settings):
    EventSessionFactory(slug="later")

    Client().get("/events/sessions/later/")

    assert settings.PAGE_CACHE_SECONDS - 20 < seconds_cached() <= settings.PAGE_CACHE_SECONDS
