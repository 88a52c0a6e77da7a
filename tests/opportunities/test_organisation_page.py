"""An organisation's page lists its open opportunities, each as the way to get in touch (express
interest, then an introduction); what the viewer may not see of it stays out (actors: helpers.py)."""

import pytest

from ..api import session_client
from ..factories import OpportunityFactory
from ..querycount import assert_flat
from .helpers import ACTORS, client_for

pytestmark = pytest.mark.django_db

# Which of organisation A's opportunities each viewer finds on A's page.
SEEN = {
    "visitor": ["Public offer"],
    "unapproved": ["Public offer"],
    "other_org_member": ["Members offer", "Public offer"],
    "member": ["Anonymous offer", "Members offer", "Public offer"],
    "staff": ["Anonymous offer", "Members offer", "Public offer"],
}
ALL_TITLES = ["Public offer", "Members offer", "Anonymous offer", "Draft offer", "Submitted offer", "Returned offer",
              "Expired offer", "Closed offer", "Past-date offer"]


@pytest.mark.parametrize("actor", ACTORS)
def test_organisation_page_lists_the_open_opportunities_the_viewer_may_see(world, actor):
    html = client_for(world.actors[actor]).get(world.org_a.get_absolute_url()).content.decode()

    section = html[html.index('id="opportunities"'):]
    assert sorted(t for t in ALL_TITLES if f">{t}</a>" in section) == SEEN[actor]


def test_organisation_page_shows_another_organisation_how_to_get_in_touch(world):
    html = client_for(world.actors["other_org_member"]).get(world.org_a.get_absolute_url()).content.decode()

    assert "open one of its opportunities and express interest" in html
    assert f'href="/opportunities/{world.public.reference}/"' in html


def test_organisation_page_offers_no_contact_path_to_its_own_member(world):
    html = client_for(world.actors["member"]).get(world.org_a.get_absolute_url()).content.decode()

    assert "express interest" not in html
    assert "Ask to join this organisation" not in html


def test_organisation_page_without_open_opportunities_says_so(other_org_member, member):
    org = other_org_member.memberships.get().organisation

    html = client_for(member).get(org.get_absolute_url()).content.decode()

    assert f"{org.name} has no open opportunities right now." in html


def test_organisation_page_keeps_ask_to_join_after_the_opportunities(world):
    html = client_for(world.actors["other_org_member"]).get(world.org_a.get_absolute_url()).content.decode()

    assert html.index('id="opportunities"') < html.index("Ask to join this organisation")


def test_organisation_page_queries_do_not_grow_with_its_opportunities(other_org_member, member, org_a,
                                                                      django_assert_max_num_queries):
    counter = iter(range(1000))

    def add(n: int) -> list[str]:
        titles = [f"Offer number {next(counter)}" for _ in range(n)]
        for title in titles:
            OpportunityFactory(organisation=org_a, title=title, visibility="members")
        return titles

    assert_flat(session_client(other_org_member), org_a.get_absolute_url(), add, 11, django_assert_max_num_queries)
