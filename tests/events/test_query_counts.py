"""Query-count guards: every events list (the index, a series, its feeds and calendar, my
registrations, the organiser's overview, registrants and their exports, questions), as
pages and through the API, makes as many queries for 10 rows as for 3 (see tests/querycount.py)."""

import itertools

import pytest

from kakehashi.events import registration
from kakehashi.events.models import Question

from ..api import api_url, bearer_client, session_client
from ..factories import EventSessionFactory, SeriesFactory, SpeakerFactory, UserFactory
from ..querycount import assert_flat

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def sessions_of(series):
    """Published upcoming sessions with two speakers and one registration each."""
    def add(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            session = EventSessionFactory(series=series, title=f"Row session {next(_numbers)}", capacity=20)
            session.speakers.add(SpeakerFactory(series=series), SpeakerFactory(series=series))
            registration.register_member(UserFactory(), session)
            titles.append(session.title)
        return titles
    return add


def registrations_of(user):
    def add(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            session = EventSessionFactory(title=f"Row session {next(_numbers)}", capacity=20)
            session.speakers.add(SpeakerFactory(series=session.series))
            registration.register_member(user, session)
            titles.append(session.title)
        return titles
    return add


def registrants_of(session):
    """Members registered (the first confirmed, then the waiting list)."""
    def add(n: int) -> list[str]:
        return [registration.register_member(UserFactory(), session).user.email for _ in range(n)]
    return add


def many_series(n: int) -> list[str]:
    titles = []
    for _ in range(n):
        series = SeriesFactory(title=f"Row series {next(_numbers)}")
        EventSessionFactory(series=series)
        titles.append(series.title)
    return titles


@pytest.fixture
def series(db):
    return SeriesFactory(slug="perspectives")


def test_index_page_queries_do_not_grow_with_sessions(member, series, django_assert_max_num_queries):
    assert_flat(session_client(member), "/events/", sessions_of(series), 9, django_assert_max_num_queries)


def test_series_page_queries_do_not_grow_with_sessions(member, series, django_assert_max_num_queries):
    assert_flat(session_client(member), "/events/series/perspectives/", sessions_of(series), 10,
                django_assert_max_num_queries)


@pytest.mark.parametrize(("path", "ceiling"), [
    ("/events/feed/rss/", 2), ("/events/calendar.ics", 2), ("/events/series/perspectives/atom/", 3),
    ("/events/series/perspectives/calendar.ics", 3),
])
def test_feed_queries_do_not_grow_with_sessions(series, path, ceiling, django_assert_max_num_queries):
    assert_flat(session_client(None), path, sessions_of(series), ceiling, django_assert_max_num_queries)


def test_my_registrations_page_queries_do_not_grow_with_registrations(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/events/my/", registrations_of(member), 4, django_assert_max_num_queries)


def test_manage_page_queries_do_not_grow_with_sessions(staff, series, django_assert_max_num_queries):
    assert_flat(session_client(staff), "/events/manage/", sessions_of(series), 6, django_assert_max_num_queries)


def test_registrants_page_queries_do_not_grow_with_registrants(staff, session, django_assert_max_num_queries):
    assert_flat(session_client(staff), f"/events/manage/sessions/{session.slug}/registrants/", registrants_of(session),
                8, django_assert_max_num_queries)


def test_registrants_csv_queries_do_not_grow_with_registrants(staff, session, django_assert_max_num_queries):
    assert_flat(session_client(staff), f"/events/manage/sessions/{session.slug}/registrants.csv",
                registrants_of(session), 7, django_assert_max_num_queries)


def test_series_api_queries_do_not_grow_with_series(django_assert_max_num_queries):
    assert_flat(bearer_client(None), api_url("events/series"), many_series, 1, django_assert_max_num_queries)


def test_sessions_api_queries_do_not_grow_with_sessions(series, django_assert_max_num_queries):
    assert_flat(bearer_client(None), api_url("events/sessions"), sessions_of(series), 3, django_assert_max_num_queries)


def test_registrations_api_queries_do_not_grow_with_registrations(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("events/registrations"), registrations_of(member), 3,
                django_assert_max_num_queries)


def test_registrants_api_queries_do_not_grow_with_registrants(staff, session, django_assert_max_num_queries):
    assert_flat(bearer_client(staff), api_url(f"events/sessions/{session.slug}/registrants"), registrants_of(session),
                6, django_assert_max_num_queries)


def test_registrants_xlsx_queries_do_not_grow_with_registrants(staff, session, django_assert_max_num_queries):
    assert_flat(session_client(staff), f"/events/manage/sessions/{session.slug}/registrants.xlsx",
                lambda n: registrants_of(session)(n) and [], 7, django_assert_max_num_queries)


def test_questions_page_queries_do_not_grow_with_questions(staff, session, django_assert_max_num_queries):
    def add(n: int) -> list[str]:
        return [Question.objects.create(session=session, text=f"Row question {next(_numbers)}").text for _ in range(n)]
    assert_flat(session_client(staff), f"/events/manage/sessions/{session.slug}/questions/", add, 6,
                django_assert_max_num_queries)
