"""The member's dashboard answers "what needs me now": unread notices, interests awaiting an
answer, unread thread messages, new strong matches, drafts returned by staff, upcoming
sessions (in the viewer's zone, IST and JST); "My organisation's opportunities" counts
matches and interests. The home page leads approved members there."""

import itertools

import pytest
from django.conf import settings

from kakehashi.events import registration
from kakehashi.notices import services as notices
from kakehashi.opportunities.interest import services as interest_services
from kakehashi.opportunities.models import Match

from ..api import session_client
from ..factories import EventSessionFactory, MembershipFactory, OpportunityFactory, OrganisationFactory, UserFactory
from ..querycount import assert_flat

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


@pytest.fixture
def member():
    return MembershipFactory(
        organisation=OrganisationFactory(name="Tokai Seiki", country="JP"),
        user=UserFactory(display_name="Sato Haruka", timezone="Europe/Berlin"),
    ).user


def _interest_in(opportunity, *, org_name=None):
    sender = MembershipFactory(organisation=OrganisationFactory(name=org_name or f"Sender {next(_numbers)}")).user
    return interest_services.express_interest(sender, opportunity, message="We can help.")


def test_home_page_leads_an_approved_member_to_the_dashboard(client, member):
    client.force_login(member)

    response = client.get("/")

    assert response.status_code == 302 and response["Location"] == "/dashboard/"


@pytest.mark.parametrize("who", ["visitor", "non_member"])
def test_home_page_stays_the_public_one_for_visitors_and_accounts_awaiting_approval(client, who):
    if who == "non_member":
        client.force_login(UserFactory(approval_status="pending"))

    response = client.get("/")

    assert response.status_code == 200 and "accounts/home.html" in [t.name for t in response.templates]


def test_dashboard_shows_what_waits_for_the_member(client, member):
    org = member.memberships.get().organisation
    opportunity = OpportunityFactory(organisation=org, created_by=member, title="Aluminium housings")
    interest = _interest_in(opportunity, org_name="Sundaram Precision")
    OpportunityFactory(organisation=org, title="Returned draft", status="returned")
    other = OpportunityFactory(title="Chennai machining")
    notices.notify([member], "new_match", key="match:1", url=f"/opportunities/{other.reference}/",
                   mine="Aluminium housings", title="Chennai machining")
    session = EventSessionFactory(title="Digital partnership session")
    registration.register_member(member, session)
    client.force_login(member)

    html = client.get("/dashboard/").content.decode()

    assert "3 unread notifications" in html  # interest received, new match, seat confirmed
    assert "1 interest awaits your answer" in html
    assert f'<a href="/opportunities/interests/{interest.pk}/">Sundaram Precision: “Aluminium housings”</a>' in html
    assert "0 unread thread messages" in html
    assert "1 new strong match" in html and "New strong match for “Aluminium housings”: “Chennai machining”." in html
    assert "Returned draft" in html
    assert "My upcoming sessions" in html and "Digital partnership session" in html
    session_times = html.split("Digital partnership session")[1].split("</li>")[0]
    assert [z for z in ("Europe/Berlin", "IST", "JST") if f"<abbr>{z}</abbr>" in session_times] == ["Europe/Berlin", "IST", "JST"]


def test_dashboard_of_a_member_of_another_organisation_shows_none_of_it(client, member):
    org = member.memberships.get().organisation
    _interest_in(OpportunityFactory(organisation=org, title="Aluminium housings"))
    stranger = MembershipFactory(organisation=OrganisationFactory(name="Elsewhere")).user
    client.force_login(stranger)

    html = client.get("/dashboard/").content.decode()

    assert "Aluminium housings" not in html
    assert "0 unread notifications" in html and "0 interests await your answer" in html


@pytest.mark.parametrize("who", ["visitor", "non_member"])
def test_dashboard_refuses_strangers_and_accounts_awaiting_approval(client, who):
    if who == "non_member":
        client.force_login(UserFactory(approval_status="pending"))

    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/" if who == "visitor" else "/welcome/")


def test_my_opportunities_counts_strong_matches_and_interests(client, member):
    org = member.memberships.get().organisation
    opportunity = OpportunityFactory(organisation=org, title="Aluminium housings")
    for _ in range(2):
        _interest_in(opportunity)
    strong, weak = OpportunityFactory(), OpportunityFactory()
    Match.objects.create(opportunity=opportunity, other=strong, score=settings.MATCHING_STRONG_SCORE)
    Match.objects.create(opportunity=opportunity, other=weak, score=settings.MATCHING_STRONG_SCORE / 2)
    client.force_login(member)

    html = client.get("/opportunities/mine/").content.decode()

    assert f'<td class="count-matches"><a href="/opportunities/{opportunity.reference}/#matches-heading">1</a></td>' in html
    assert '<td class="count-interests">2 <span class="badge" title="awaiting your answer">2 new</span></td>' in html


# --- query counts -----------------------------------------------------------------------------


def _everything_for(member):
    """Each row: an organisation of the member with an opportunity, an interest in it, a
    notice and a registration; the dashboard lists each organisation."""
    def add(n: int) -> list[str]:
        names = []
        for _ in range(n):
            k = next(_numbers)
            org = MembershipFactory(user=member, organisation=OrganisationFactory(name=f"Works {k}")).organisation
            opportunity = OpportunityFactory(organisation=org)
            _interest_in(opportunity)
            notices.notify([member], "new_match", key=f"match:{k}", url="/", mine=opportunity.title, title="Other")
            registration.register_member(member, EventSessionFactory(capacity=None))
            names.append(org.name)
        return names
    return add


def test_dashboard_queries_do_not_grow_with_what_waits(member, django_assert_max_num_queries):
    # 17: the supply-chain panel reads its lists in one query
    assert_flat(session_client(member), "/dashboard/", _everything_for(member), 17, django_assert_max_num_queries)


def test_my_opportunities_queries_do_not_grow_with_opportunities(member, django_assert_max_num_queries):
    org = member.memberships.get().organisation

    def add(n: int) -> list[str]:
        titles = []
        for _ in range(n):
            opportunity = OpportunityFactory(organisation=org)
            _interest_in(opportunity)
            titles.append(opportunity.title)
        return titles

    assert_flat(session_client(member), "/opportunities/mine/", add, 9, django_assert_max_num_queries)


def test_opportunities_and_events_register_their_dashboard_panels():
    from kakehashi.core import registry

    assert [p.template for p in registry.dashboard_panels()] == [
        "opportunities/_dashboard.html", "events/_dashboard.html", "supplychain/_dashboard.html",
    ]
