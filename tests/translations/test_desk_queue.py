"""The desk's stored queue: its order, its pages and counts, and how it is kept current."""

import dataclasses
import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kakehashi.accounts.models import Organisation
from kakehashi.core import leases
from kakehashi.opportunities import services as opportunities
from kakehashi.opportunities.models import Match
from kakehashi.translations import desk, services, sources
from kakehashi.translations.models import DeskEntry
from kakehashi.translations.views import DESK_PAGE_SIZE

from ..factories import OpportunityFactory
from .helpers import client_for, page
from .test_versions import HINDI

DESK = reverse("translations:desk")
ROW = re.compile(r'data-source="(\w+)" data-id="(\d+)"')
NOW = timezone.now()


def rows(html):
    return [(source, int(pk)) for source, pk in ROW.findall(html)]


def offer(world, title, *, days_ago=0, targets=("DE",), published_at=None):
    return OpportunityFactory(organisation=world.sundaram, title=title, target_countries=list(targets),
                              published_at=published_at or NOW - dt.timedelta(days=days_ago))


def matched(opportunity, n):
    for _ in range(n):
        other = OpportunityFactory(organisation=opportunity.organisation, language="ja", title="日本語の案件",
                                   target_countries=["DE"])
        Match.objects.create(opportunity=opportunity, other=other, score=0.7)


def test_the_desk_orders_by_reach_then_kind_then_the_sources_own_order(world):
    """Reach (most first); equal reach: opportunities before organisations (the sources'
    names), each newest first (opportunities by publication, organisations by joining), then
    the larger id."""
    older = offer(world, "Older", days_ago=3)
    newer = offer(world, "Newer", days_ago=1)
    popular = offer(world, "Popular", days_ago=5)
    matched(popular, 2)
    for_japan = offer(world, "For Japan", days_ago=9, targets=("JP",))  # +1: looks for partners in Japan
    same_time = NOW - dt.timedelta(days=2)
    tied_first, tied_second = offer(world, "Tied A", published_at=same_time), offer(world, "Tied B", published_at=same_time)
    services.refresh_desk()

    html = page(world.staff, DESK + "?lang=ja")

    opportunities_first = [("opportunity", o.pk) for o in (popular, for_japan, newer, tied_second, tied_first, older)]
    third = Organisation.objects.get(slug="third-party")
    organisations = [("organisation", o.pk) for o in (third, world.sundaram, world.tokai)]
    assert rows(html) == opportunities_first + organisations
    assert [item.reach for item in desk.waiting("ja")][:3] == [2, 1, 0]


def test_the_desk_shows_one_page_of_the_queue_with_its_total(world):
    for n in range(DESK_PAGE_SIZE + 3):
        offer(world, f"Offer {n}", days_ago=n)
    services.refresh_desk()
    queue = [(item.source.name, item.object_id) for item in desk.waiting("ja")]
    assert len(queue) == DESK_PAGE_SIZE + 6  # and the three organisations' English profiles

    first, second = page(world.staff, DESK + "?lang=ja"), page(world.staff, DESK + "?lang=ja&page=2")

    assert rows(first) == queue[:DESK_PAGE_SIZE]
    assert rows(second) == queue[DESK_PAGE_SIZE:]
    assert f"{DESK_PAGE_SIZE + 6} items wait for a version in this language." in first
    assert "Page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second
    assert f'<span class="badge desk-count-ja">{DESK_PAGE_SIZE + 6}</span>' in first


@pytest.mark.parametrize("number", ["3", "999", "99999999999999999999999", "-1", "0"])
def test_a_page_past_either_end_shows_the_last_page(world, number):
    for n in range(DESK_PAGE_SIZE + 3):
        offer(world, f"Offer {n}", days_ago=n)
    services.refresh_desk()

    response = client_for(world.staff).get(DESK, {"lang": "ja", "page": number})

    assert response.status_code == 200
    assert rows(response.content.decode()) == rows(page(world.staff, DESK + "?lang=ja&page=2"))


@pytest.mark.parametrize("number", ["", "x", "1.5", "1e3", "%00", "1; DROP TABLE x"])
def test_a_page_that_is_not_a_number_shows_the_first_page(world, number):
    services.refresh_desk()

    response = client_for(world.staff).get(DESK, {"lang": "ja", "page": number})

    assert response.status_code == 200
    assert rows(response.content.decode()) == rows(page(world.staff, DESK + "?lang=ja"))


def test_an_unknown_language_shows_the_japanese_queue(world):
    services.refresh_desk()

    assert rows(page(world.staff, DESK + "?lang=xx")) == rows(page(world.staff, DESK + "?lang=ja"))


def test_an_empty_queue_says_nothing_waits(world):
    html = page(world.staff, DESK + "?lang=ja")

    assert rows(html) == []
    assert "0 items wait for a version in this language." in html and "Nothing is waiting" in html


def test_an_item_translated_or_withdrawn_leaves_the_desk_and_its_counts_at_once(world):
    gears = offer(world, "Gear blanks")
    services.refresh_desk()
    assert desk.counts()["hi"]["waiting"] == 5  # the request, the gears, three profiles

    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    opportunities.close(world.reader, gears, outcome="no_fit")

    html = page(world.staff, DESK + "?lang=hi")
    assert ("opportunity", world.request.pk) not in rows(html) and ("opportunity", gears.pk) not in rows(html)
    assert desk.counts()["hi"] == {"waiting": 3, "versions": 1}
    assert '<span class="badge desk-count-hi">3</span>' in html


def test_an_item_whose_version_is_deleted_is_back_on_the_desk_at_once(world):
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    services.refresh_desk()
    assert ("opportunity", world.request.pk) not in rows(page(world.staff, DESK + "?lang=hi"))

    services.delete_version(world.owner, "opportunity", world.request.pk, "hi")

    assert ("opportunity", world.request.pk) in rows(page(world.staff, DESK + "?lang=hi"))


def test_a_new_item_and_a_new_reach_show_from_the_next_refresh(world):
    services.refresh_desk()
    gears = offer(world, "Gear blanks")
    assert ("opportunity", gears.pk) not in rows(page(world.staff, DESK + "?lang=ja"))

    services.refresh_desk()
    assert rows(page(world.staff, DESK + "?lang=ja"))[0] == ("opportunity", gears.pk)

    other = offer(world, "Other")
    matched(other, 1)
    services.refresh_desk()
    assert rows(page(world.staff, DESK + "?lang=ja"))[:2] == [("opportunity", other.pk), ("opportunity", gears.pk)]


def test_an_opportunity_staff_publish_waits_on_the_desk_at_once(world, django_capture_on_commit_callbacks):
    submitted = OpportunityFactory(organisation=world.sundaram, title="Gear blanks", status="submitted", published_at=None,
                                   target_countries=["DE"])
    services.refresh_desk()
    assert ("opportunity", submitted.pk) not in rows(page(world.staff, DESK + "?lang=ja"))

    with django_capture_on_commit_callbacks(execute=True):  # the desk's task runs after commit
        opportunities.approve(world.staff, submitted)

    assert ("opportunity", submitted.pk) in rows(page(world.staff, DESK + "?lang=ja"))
    assert sorted(DeskEntry.objects.filter(object_id=submitted.pk, source="opportunity").values_list("language", flat=True)) == ["hi", "ja"]


def test_a_post_and_a_session_published_wait_on_the_desk_at_once(world, django_capture_on_commit_callbacks):
    from kakehashi.community import services as community
    from kakehashi.events import services as events

    from ..factories import SeriesFactory

    with django_capture_on_commit_callbacks(execute=True):
        post = community.create_post(world.staff, title="Kaizen in Pune", body="Notes from the plant visit.", language="en")
        session = events.create_session(world.staff, SeriesFactory(), title="Supplier day", abstract="Meet buyers.",
                                        starts_at=NOW + dt.timedelta(days=3), ends_at=NOW + dt.timedelta(days=3, hours=1),
                                        timezone="Asia/Tokyo", published=True)

    waiting = rows(page(world.staff, DESK + "?lang=hi"))
    assert ("post", post.pk) in waiting and ("session", session.pk) in waiting


def test_a_draft_post_does_not_wait_on_the_desk(world, django_capture_on_commit_callbacks):
    from kakehashi.community import services as community

    with django_capture_on_commit_callbacks(execute=True):
        draft = community.create_post(world.staff, title="Draft", body="Not yet.", language="en", published_at=None)

    assert not DeskEntry.objects.filter(source="post", object_id=draft.pk).exists()


def test_refreshing_twice_changes_nothing_the_second_time(world):
    offer(world, "Gear blanks")

    first = services.refresh_desk()
    stored = sorted(DeskEntry.objects.values_list("source", "object_id", "language", "reach", "boost", "sort_at"))

    assert first == DeskEntry.objects.count() == 10  # the request (en, hi), the gears and three profiles (ja, hi)
    assert services.refresh_desk() == 0
    assert sorted(DeskEntry.objects.values_list("source", "object_id", "language", "reach", "boost", "sort_at")) == stored


def test_the_periodic_refresh_waits_while_another_process_holds_it(world):
    holder = leases.claim(services.DESK_LEASE, seconds=60)

    assert services.refresh_desk_queue() == 0
    assert not DeskEntry.objects.exists()

    leases.release(services.DESK_LEASE, holder)
    assert services.refresh_desk_queue() == 8
    assert not leases.held(services.DESK_LEASE)


def test_the_periodic_refresh_takes_over_the_lease_of_a_process_that_died(world):
    leases.claim(services.DESK_LEASE, seconds=-1)  # its holder was killed; the lease has run out

    assert services.refresh_desk_queue() == 8


def test_a_refresh_stopped_half_way_leaves_each_source_whole_and_the_next_run_finishes(world):
    """A source whose refresh fails (as a process killed there would) keeps what it had;
    the sources refreshed before it keep their new entries; the next run does the rest."""
    original = sources.get("organisation")
    sources.register(dataclasses.replace(original, reach=_fails))
    try:
        with pytest.raises(RuntimeError):
            services.refresh_desk()
        assert set(DeskEntry.objects.values_list("source", flat=True)) == {"opportunity"}
    finally:
        sources.register(original)

    assert services.refresh_desk() == 6  # the organisations' profiles, in ja and hi
    assert services.refresh_desk() == 0


def _fails(ids, language):
    raise RuntimeError("killed")


def test_an_entry_of_an_item_no_longer_offered_is_removed_by_the_refresh(world):
    gears = offer(world, "Gear blanks")
    services.refresh_desk()
    opportunities.close(world.reader, gears, outcome="no_fit")

    services.refresh_desk()

    assert not DeskEntry.objects.filter(source="opportunity", object_id=gears.pk).exists()


def test_entries_of_a_source_no_longer_registered_are_removed_by_the_refresh(world):
    DeskEntry.objects.create(source="retired", object_id=1, language="ja", sort_at=NOW)

    services.refresh_desk()

    assert not DeskEntry.objects.filter(source="retired").exists()
    assert desk.counts()["ja"]["waiting"] == 3


def test_a_refresh_of_the_queue_ends_no_cached_page(world):
    """The stored queue is staff bookkeeping: writing it bumps no content version (core/pagecache.py)."""
    from kakehashi.core import pagecache

    offer(world, "Waiting in Japanese")
    before = pagecache.current_version()

    changed = services.refresh_desk()

    assert changed > 0
    assert pagecache.current_version() == before
