"""An anonymous opportunity never shows its organisation (name or slug) to another
organisation before it has an accepted expression of interest: not on the search page, the
opportunity page, the API (list, search, detail) or in owner e-mails forwarded elsewhere.
Its own organisation and staff always see it."""

import json

import pytest
from django.utils import timezone

from kakehashi.opportunities import queries
from kakehashi.opportunities.models import Interest, Introduction

from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory
from .helpers import client_for

pytestmark = pytest.mark.django_db

NAME = "Secretive Gearworks"
SLUG = "secretive-gearworks"


@pytest.fixture
def hidden(db):
    org = OrganisationFactory(name=NAME, slug=SLUG, name_local="秘密歯車製作所", website="https://secretive.example/")
    author = MembershipFactory(organisation=org, role="owner").user
    opportunity = OpportunityFactory(
        organisation=org, created_by=author, visibility="anonymous", title="Gear grinding partner wanted",
        kind="sourcing_request", summary="Ground spur gears, module 1.5 to 4, 5,000 a month.",
    )
    return opportunity, author


def leaks(text: str) -> list[str]:
    return [needle for needle in (NAME, SLUG, "秘密歯車製作所", "secretive.example") if needle in text]


def pages_and_api(client, opportunity) -> dict[str, str]:
    ref = opportunity.reference
    return {
        "search page": client.get("/opportunities/").content.decode(),
        "search page, filtered": client.get("/opportunities/?kind=sourcing_request&country=IN&sector=29").content.decode(),
        "search page, text": client.get("/opportunities/?q=gear").content.decode(),
        "opportunity page": client.get(f"/opportunities/{ref}/").content.decode(),
        "api list": client.get("/api/v1/opportunities/").content.decode(),
        "api search": client.get("/api/v1/opportunities/?q=gear&aim=co_production").content.decode(),
        "api detail": client.get(f"/api/v1/opportunities/{ref}").content.decode(),
    }


def test_other_organisation_sees_the_reference_but_never_the_organisation(hidden, other_org_member):
    opportunity, _author = hidden
    client = client_for(other_org_member)

    rendered = pages_and_api(client, opportunity)

    assert {where: leaks(text) for where, text in rendered.items()} == {where: [] for where in rendered}
    assert f"Anonymous — reference {opportunity.reference}" in rendered["opportunity page"]
    assert f"Anonymous — reference {opportunity.reference}" in rendered["search page"]
    assert json.loads(rendered["api detail"])["organisation"] is None
    assert json.loads(rendered["api detail"])["organisation_country"] == "IN"


def test_visitors_do_not_even_see_that_it_exists(hidden, client):
    opportunity, _author = hidden

    rendered = pages_and_api(client, opportunity)

    assert {where: leaks(text) for where, text in rendered.items()} == {where: [] for where in rendered}
    assert opportunity.reference not in rendered["search page"]
    assert client.get(f"/opportunities/{opportunity.reference}/").status_code == 404


def test_a_pending_or_declined_interest_reveals_nothing(hidden, other_org_member):
    opportunity, _author = hidden
    other_org = other_org_member.memberships.get().organisation
    Interest.objects.create(opportunity=opportunity, organisation=other_org, sent_by=other_org_member, message="Hello")
    Interest.objects.create(opportunity=opportunity, organisation=OrganisationFactory(), message="Hi", state="declined")

    rendered = pages_and_api(client_for(other_org_member), opportunity)

    assert {where: leaks(text) for where, text in rendered.items()} == {where: [] for where in rendered}


def test_an_accepted_interest_reveals_the_organisation_to_that_organisation_only(hidden, other_org_member):
    opportunity, _author = hidden
    other_org = other_org_member.memberships.get().organisation
    interest = Interest.objects.create(
        opportunity=opportunity, organisation=other_org, sent_by=other_org_member, message="Hello",
        state=Interest.State.ACCEPTED, answered_at=timezone.now(),
    )
    Introduction.objects.create(interest=interest)  # as accepting an interest does
    third = MembershipFactory(organisation=OrganisationFactory(name="Third Party Ltd")).user

    accepted = client_for(other_org_member)
    page = accepted.get(f"/opportunities/{opportunity.reference}/").content.decode()
    api = accepted.get(f"/api/v1/opportunities/{opportunity.reference}").json()
    listed = accepted.get("/api/v1/opportunities/").json()["results"]
    outsider = pages_and_api(client_for(third), opportunity)

    assert NAME in page and f"/organisations/{SLUG}/" in page
    assert api["organisation"] == {"slug": SLUG, "name": NAME, "country": "IN"}
    assert [o["organisation"]["slug"] for o in listed] == [SLUG]
    assert {where: leaks(text) for where, text in outsider.items()} == {where: [] for where in outsider}


@pytest.mark.parametrize("who", ["author", "colleague", "staff"])
def test_own_organisation_and_staff_see_the_organisation(hidden, staff, who):
    opportunity, author = hidden
    viewer = {
        "author": author, "staff": staff,
        "colleague": MembershipFactory(organisation=opportunity.organisation, role="member").user,
    }[who]

    page = client_for(viewer).get(f"/opportunities/{opportunity.reference}/").content.decode()

    assert NAME in page
    assert queries.owner_org_display(opportunity, viewer) == opportunity.organisation


def test_revealed_ids_reads_interests_in_one_query(hidden, other_org_member, django_assert_num_queries):
    opportunity, _author = hidden
    others = [OpportunityFactory(organisation=opportunity.organisation, visibility="anonymous") for _ in range(5)]

    with django_assert_num_queries(2):  # the viewer's organisations, then accepted interests
        revealed = queries.revealed_ids(other_org_member, [opportunity, *others])

    assert revealed == set()


def test_owner_emails_stay_with_the_owner(hidden, staff):
    from kakehashi.mail.models import OutboxMessage
    from kakehashi.opportunities import services

    opportunity, author = hidden
    opportunity.status = "submitted"
    opportunity.save()

    services.return_for_changes(staff, opportunity, comment="Give the gear module range.")

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [author.email]
