"""Query-count guards: every opportunity list (the public list, mine, the review queue,
interests, introductions, an introduction's thread, the programme and its exports), as pages
and through the API, makes as many queries for 10 rows as for 3 (see tests/querycount.py)."""

import itertools

import pytest
from django.utils import timezone

from kakehashi.opportunities.interest import services

from ..api import api_url, bearer_client, session_client
from ..factories import MembershipFactory, OpportunityFactory
from ..querycount import assert_flat

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
MESSAGE = "We machine aluminium housings for Tier-1 suppliers."


def _other_owner():
    return MembershipFactory(role="owner").user


def _published(owner, **kwargs):
    org = owner.memberships.get().organisation
    return OpportunityFactory(organisation=org, created_by=owner, title=f"Row opportunity {next(_numbers)}", **kwargs)


def published(n: int) -> list[str]:
    return [_published(_other_owner()).title for _ in range(n)]


def mine_of(member):
    """Published and draft opportunities of the member's organisation."""
    def add(n: int) -> list[str]:
        return [_published(member, **({"status": "draft", "published_at": None} if i % 2 else {})).title
                for i in range(n)]
    return add


def submitted(n: int) -> list[str]:
    return [_published(_other_owner(), status="submitted", published_at=None, submitted_at=timezone.now()).title
            for _ in range(n)]


def interests_of(member, box: str = "both"):
    """Interest the member's organisation sent, or received, or both alternately."""
    def add(n: int) -> list[str]:
        titles = []
        for i in range(n):
            if box == "received" or (box == "both" and i % 2):
                opportunity = _published(member)
                services.express_interest(_other_owner(), opportunity, message=MESSAGE)
            else:
                opportunity = _published(_other_owner())
                services.express_interest(member, opportunity, message=MESSAGE)
            titles.append(opportunity.title)
        return titles
    return add


def introductions_of(member):
    def add(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            owner = _other_owner()
            opportunity = _published(owner)
            services.accept_interest(owner, services.express_interest(member, opportunity, message=MESSAGE))
            titles.append(opportunity.title)
        return titles
    return add


def thread(member):
    """One introduction of the member's organisation; rows are messages, from both sides."""
    owner = _other_owner()
    introduction = services.accept_interest(owner, services.express_interest(member, _published(owner), message=MESSAGE))

    def add(n: int) -> list[str]:
        return [services.post_message(owner if i % 2 else member, introduction, body=f"Row message {next(_numbers)}").body
                for i in range(n)]
    return introduction, add


def programme_rows(n: int) -> list[str]:
    """Opportunities with interest, half of it accepted, with an outcome recorded."""
    titles = []
    for i in range(n):
        owner, sender = _other_owner(), _other_owner()
        opportunity = _published(owner)
        interest = services.express_interest(sender, opportunity, message=MESSAGE)
        if i % 2:
            introduction = services.accept_interest(owner, interest)
            services.record_outcome(owner, introduction, outcome="meeting_held")
        titles.append(opportunity.title)
    return titles


def test_list_page_queries_do_not_grow_with_opportunities(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/opportunities/", published, 7, django_assert_max_num_queries)


def test_filtered_list_page_queries_do_not_grow_with_opportunities(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/opportunities/?kind=manufacturing_offer&country=IN", published, 7,
                django_assert_max_num_queries)


def test_list_api_queries_do_not_grow_with_opportunities(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("opportunities/"), published, 6, django_assert_max_num_queries)


def test_mine_page_queries_do_not_grow_with_opportunities(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/opportunities/mine/", mine_of(member), 9, django_assert_max_num_queries)  # 9: match and interest counts


def test_mine_api_queries_do_not_grow_with_opportunities(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("opportunities/mine"), mine_of(member), 6, django_assert_max_num_queries)


def test_review_queue_page_queries_do_not_grow_with_submissions(staff, django_assert_max_num_queries):
    assert_flat(session_client(staff), "/opportunities/review/", submitted, 5, django_assert_max_num_queries)


def test_review_queue_api_queries_do_not_grow_with_submissions(staff, django_assert_max_num_queries):
    assert_flat(bearer_client(staff), api_url("opportunities/review"), submitted, 5, django_assert_max_num_queries)


def test_interests_page_queries_do_not_grow_with_interests(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/opportunities/interests/", interests_of(member), 9,
                django_assert_max_num_queries)


@pytest.mark.parametrize("box", ["sent", "received"])
def test_interests_api_queries_do_not_grow_with_interests(member, box, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url(f"opportunities/interests?box={box}"), interests_of(member, box), 5,
                django_assert_max_num_queries)


def test_introductions_api_queries_do_not_grow_with_introductions(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("opportunities/introductions"), introductions_of(member), 5,
                django_assert_max_num_queries)


def test_thread_page_queries_do_not_grow_with_messages(member, django_assert_max_num_queries):
    introduction, add = thread(member)
    assert_flat(session_client(member), f"/opportunities/introductions/{introduction.pk}/", add, 8,
                django_assert_max_num_queries)


def test_thread_api_queries_do_not_grow_with_messages(member, django_assert_max_num_queries):
    introduction, add = thread(member)
    assert_flat(bearer_client(member), api_url(f"opportunities/introductions/{introduction.pk}/messages"), add, 5,
                django_assert_max_num_queries)


def test_programme_page_queries_do_not_grow_with_activity(staff, django_assert_max_num_queries):
    # 30: the versions-by-language table is one query for the versions and one per translatable
    # source; the dismissal rates are two
    # 33: the translation counts read each translatable source once (organisations: 2 queries; SSW jobs: 1)
    # 28: the translation counts are two queries (the desk's stored queue by language, the versions)
    assert_flat(session_client(staff), "/opportunities/programme/", lambda n: programme_rows(n) and [], 28,
                django_assert_max_num_queries)


@pytest.mark.parametrize(("name", "ceiling"), [("opportunities", 4), ("interests", 3), ("outcomes", 3)])
def test_programme_export_queries_do_not_grow_with_activity(staff, name, ceiling, django_assert_max_num_queries):
    texts = (lambda n: programme_rows(n)) if name != "outcomes" else (lambda n: programme_rows(n) and [])
    assert_flat(session_client(staff), f"/opportunities/programme/export/{name}.csv", texts, ceiling,
                django_assert_max_num_queries)


# --- match cards, saved matches, dismissal rates ----------------------------------------------------


def _matched_request(member):
    """A live, embedded sourcing request of the member's organisation, and a way to add
    matches to it: saved, answered with an interest or left alone in turn, the last dismissed."""
    from kakehashi.opportunities.matches import feedback
    from kakehashi.opportunities.models import Match

    from .matches.helpers import published as engine_published

    request = engine_published(member.memberships.get().organisation, "sourcing_request", "Row request",
                               "Machined parts wanted.")

    def add(n: int) -> list[str]:
        titles = []
        for i in range(n):
            other = _published(_other_owner())
            Match.objects.create(opportunity=request, other=other, score=0.5 + i / 100, signals={
                "semantic": 0.5, "sectors": {"shared": ["29"], "adjacent": []}, "kinds": [request.kind, other.kind],
                "country": {"mine": "IN", "theirs": "IN", "other_country": False, "in_my_targets": True},
                "stage": {}, "languages": ["en", "en"], "cross_language": False, "passages": [],
            })
            if i % 3 == 0:
                feedback.save_match(member, request, other)
            elif i % 3 == 1:
                services.express_interest(member, other, message=MESSAGE)
            titles.append(other.title)
        feedback.dismiss_match(member, request, other)  # the last one: listed as hidden
        titles.pop()
        return titles
    return request, add


def test_match_cards_queries_do_not_grow_with_matches(member, django_assert_max_num_queries):
    request, add = _matched_request(member)
    # 19: the page's match cards, plus its translation versions, the header's notice badge,
    # the "Part of" agreements box (knowledge) and whether a reindex is still under way (the
    # panel then says its matches are still being computed)
    assert_flat(session_client(member), f"/opportunities/{request.reference}/", add, 19, django_assert_max_num_queries)


def saved_of(member):
    from kakehashi.opportunities.matches import feedback
    from kakehashi.opportunities.models import Match

    own = _published(member, kind="sourcing_request")

    def add(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            other = _published(_other_owner(), visibility="anonymous" if len(titles) % 2 else "public")
            Match.objects.create(opportunity=own, other=other, score=0.6, signals={})
            feedback.save_match(member, own, other)
            titles.append(other.title)
        return titles
    return add


def test_saved_matches_page_queries_do_not_grow_with_saves(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/opportunities/saved/", saved_of(member), 7, django_assert_max_num_queries)


def test_saved_matches_api_queries_do_not_grow_with_saves(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("opportunities/matches/saved"), saved_of(member), 6,
                django_assert_max_num_queries)


def dismissal_rows(n: int) -> list[str]:
    """Matches of several kind and language pairs, every other one dismissed."""
    from kakehashi.opportunities.matches import feedback
    from kakehashi.opportunities.models import Match

    for i in range(n):
        owner = _other_owner()
        own = _published(owner, kind="sourcing_request", language="ja" if i % 2 else "en")
        other = _published(_other_owner())
        Match.objects.create(opportunity=own, other=other, score=0.3 + i / 20, signals={})
        if i % 2:
            feedback.dismiss_match(owner, own, other)
    return []


def test_programme_dismissal_rates_queries_do_not_grow_with_matches(staff, django_assert_max_num_queries):
    # 28: as test_programme_page_queries_do_not_grow_with_activity (versions by language included)
    assert_flat(session_client(staff), "/opportunities/programme/", dismissal_rows, 28, django_assert_max_num_queries)
