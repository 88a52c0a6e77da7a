"""`accounts.people`: the one rule other apps use for who acts for which organisation."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kakehashi.accounts import people
from tests.factories import MembershipFactory, OpportunityFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Sundaram Precision", slug="sundaram")


@pytest.fixture
def cast(org):
    """Everyone the rule must tell apart, around one approved organisation."""
    declined_org = OrganisationFactory(name="Declined Org", status="declined")
    pending_org = OrganisationFactory(name="Pending Org", status="pending")
    other_org = OrganisationFactory(name="Tokyo Other", country="JP")
    cast = {
        "stranger": AnonymousUser(),
        "non_member": UserFactory(email="outsider@example.org"),
        "owner": MembershipFactory(organisation=org, role="owner", user=UserFactory(email="owner@example.org")).user,
        "admin": MembershipFactory(organisation=org, role="admin", user=UserFactory(email="admin@example.org")).user,
        "member": MembershipFactory(organisation=org, role="member", user=UserFactory(email="member@example.org")).user,
        "pending_member": MembershipFactory(
            organisation=org, role="admin", user=UserFactory(email="pending@example.org", approval_status="pending")
        ).user,
        "declined_member": MembershipFactory(
            organisation=org, user=UserFactory(email="declined@example.org", approval_status="declined")
        ).user,
        "inactive_account": MembershipFactory(
            organisation=org, role="owner", user=UserFactory(email="gone@example.org", is_active=False)
        ).user,
        "asked_to_join": MembershipFactory(
            organisation=org, status="requested", user=UserFactory(email="asking@example.org")
        ).user,
        "refused_membership": MembershipFactory(
            organisation=org, status="declined", user=UserFactory(email="refused@example.org")
        ).user,
        "other_org_member": MembershipFactory(organisation=other_org, role="owner").user,
        "declined_org_owner": MembershipFactory(organisation=declined_org, role="owner").user,
        "pending_org_owner": MembershipFactory(organisation=pending_org, role="owner").user,
        "staff_outside": StaffFactory(email="staff@example.org", approval_status="pending"),
        "staff_member": MembershipFactory(
            organisation=org, role="member", user=StaffFactory(email="staff-member@example.org", approval_status="pending")
        ).user,
    }
    cast["other_org"] = other_org
    return cast


def test_is_approved_member_is_true_for_approved_active_accounts_and_staff_only(cast):
    names = [n for n in cast if n != "other_org"]

    approved = {n for n in names if people.is_approved_member(cast[n])}

    assert approved == {
        "non_member", "owner", "admin", "member", "asked_to_join", "refused_membership", "other_org_member",
        "declined_org_owner", "pending_org_owner", "staff_outside", "staff_member",
    }
    assert people.is_approved_member(None) is False


def test_is_approved_member_matches_the_approved_member_filter(cast):
    from_filter = set(people.approved_members().values_list("email", flat=True))

    from_function = {u.email for n, u in cast.items() if n not in ("stranger", "other_org") and people.is_approved_member(u)}

    assert from_filter == from_function


def test_organisation_ids_for_needs_an_approved_member_an_active_membership_and_an_approved_organisation(cast, org):
    acting = {n for n, u in cast.items() if n != "other_org" and org.pk in people.organisation_ids_for(u)}

    assert acting == {"owner", "admin", "member", "staff_member"}


def test_organisation_ids_for_a_member_of_a_declined_or_pending_organisation_is_empty(cast):
    assert people.organisation_ids_for(cast["declined_org_owner"]) == frozenset()
    assert people.organisation_ids_for(cast["pending_org_owner"]) == frozenset()


def test_organisation_ids_for_a_stranger_a_non_member_and_staff_outside_is_empty(cast):
    for name in ("stranger", "non_member", "staff_outside"):
        assert people.organisation_ids_for(cast[name]) == frozenset(), name


def test_organisation_ids_for_managing_counts_owners_and_admins_only(cast, org):
    managing = {n for n, u in cast.items() if n != "other_org" and people.acts_for(u, org.pk, managing=True)}

    assert managing == {"owner", "admin"}


def test_organisations_for_a_member_of_another_organisation_is_that_organisation(cast, org):
    assert list(people.organisations_for(cast["other_org_member"])) == [cast["other_org"]]
    assert people.acts_for(cast["other_org_member"], org.pk) is False


def test_organisations_for_lists_several_organisations_by_name(cast, org):
    MembershipFactory(user=cast["member"], organisation=OrganisationFactory(name="Aoi Robotics"))

    assert [o.name for o in people.organisations_for(cast["member"])] == ["Aoi Robotics", "Sundaram Precision"]


def test_people_of_an_organisation_are_those_who_act_for_it(cast, org):
    assert [u.email for u in people.people_of(org.pk)] == [
        "owner@example.org", "admin@example.org", "member@example.org", "staff-member@example.org",
    ]


def test_managers_of_an_organisation_are_its_acting_owners_and_admins(cast, org):
    assert [u.email for u in people.managers_of(org.pk)] == ["owner@example.org", "admin@example.org"]


def test_people_of_a_declined_organisation_is_empty(cast):
    declined = cast["declined_org_owner"].memberships.get().organisation

    assert list(people.people_of(declined.pk)) == []
    assert list(people.managers_of(declined.pk)) == []


def test_people_by_organisation_agrees_with_people_of(cast, org):
    declined = cast["declined_org_owner"].memberships.get().organisation
    other = cast["other_org"]

    grouped = people.people_by_organisation([org.pk, other.pk, declined.pk])

    assert {k: [u.pk for u in v] for k, v in grouped.items()} == {
        org.pk: list(people.people_of(org.pk).values_list("pk", flat=True)),
        other.pk: [cast["other_org_member"].pk],
    }


def test_people_by_organisation_managing_lists_managers_only(cast, org):
    grouped = people.people_by_organisation([org.pk], managing=True)

    assert [u.email for u in grouped[org.pk]] == ["owner@example.org", "admin@example.org"]


def test_organisation_ids_for_outside_a_request_reads_the_database_each_time(cast, org):
    member = cast["member"]
    assert org.pk in people.organisation_ids_for(member)

    member.memberships.update(status="declined")

    assert people.organisation_ids_for(member) == frozenset()


def test_organisation_ids_for_inside_a_request_is_one_query(cast, org, django_assert_num_queries):
    member = cast["member"]
    with people.remembering(), django_assert_num_queries(2):
        for _ in range(8):
            people.organisation_ids_for(member)
            people.organisation_ids_for(member, managing=True)


def test_organisation_ids_for_inside_a_request_forgets_when_a_membership_is_saved(cast, org):
    member = cast["member"]
    with people.remembering():
        assert org.pk in people.organisation_ids_for(member)
        membership = member.memberships.get()
        membership.status = "declined"
        membership.save()

        assert people.organisation_ids_for(member) == frozenset()


def test_organisation_by_slug_finds_any_status_and_none_for_an_unknown_slug(cast, org):
    assert people.organisation_by_slug("sundaram") == org
    assert people.organisation_by_slug("no-such-organisation") is None


def test_user_by_id_is_none_for_an_unknown_or_malformed_id(cast):
    assert people.user_by_id(cast["member"].pk) == cast["member"]
    assert people.user_by_id(10**9) is None
    assert people.user_by_id("not-a-number") is None


def test_an_opportunity_page_looks_up_the_viewers_organisations_once(cast, org):
    opportunity = OpportunityFactory(organisation=cast["other_org"], visibility="members")
    client = Client()
    client.force_login(cast["member"])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/opportunities/{opportunity.reference}/")

    lookups = [q["sql"] for q in queries.captured_queries if 'FROM "accounts_membership"' in q["sql"]]
    assert (response.status_code, len(lookups)) == (200, 1)
