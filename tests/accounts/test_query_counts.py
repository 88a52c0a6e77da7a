"""Query-count guards: the directory, an organisation's members, the approval queue (as pages
and through the API), the sectors and a member's API tokens make as many queries for 10 rows
as for 3 (see tests/querycount.py)."""

import itertools

import pytest
from allauth.account.models import EmailAddress

from kakehashi.accounts.services import create_api_token

from ..api import api_url, bearer_client, session_client
from ..factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory
from ..querycount import assert_flat

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def organisations(n: int) -> list[str]:
    names = []
    for _ in range(n):
        org = MembershipFactory(role="owner").organisation
        names.append(org.name)
    return names


def members_of(org):
    def add(n: int) -> list[str]:
        return [MembershipFactory(organisation=org).user.display_name for _ in range(n)]
    return add


def pending(n: int) -> list[str]:
    """n sign-ups without an organisation, and n organisations waiting with their owner."""
    texts = []
    for _ in range(n):
        user = UserFactory(approval_status="pending")
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        founder = UserFactory(approval_status="pending")
        org = OrganisationFactory(status="pending", created_by=founder)
        MembershipFactory(organisation=org, user=founder, role="owner", status="active")
        texts += [user.email, org.name]
    return texts


def test_directory_page_queries_do_not_grow_with_organisations(member, django_assert_max_num_queries):
    assert_flat(session_client(member), "/organisations/", organisations, 7, django_assert_max_num_queries)


def test_directory_api_queries_do_not_grow_with_organisations(member, django_assert_max_num_queries):
    assert_flat(bearer_client(member), api_url("organisations"), organisations, 6, django_assert_max_num_queries)


def test_members_page_queries_do_not_grow_with_members(owner, django_assert_max_num_queries):
    org = owner.memberships.get().organisation
    assert_flat(session_client(owner), f"/organisations/{org.slug}/members/", members_of(org), 6,
                django_assert_max_num_queries)


def test_members_api_queries_do_not_grow_with_members(owner, django_assert_max_num_queries):
    org = owner.memberships.get().organisation
    assert_flat(bearer_client(owner), api_url(f"organisations/{org.slug}/members"), members_of(org), 5,
                django_assert_max_num_queries)


def test_approval_queue_page_queries_do_not_grow_with_sign_ups(django_assert_max_num_queries):
    assert_flat(session_client(StaffFactory()), "/staff/approvals/", pending, 9, django_assert_max_num_queries)


def test_approval_queue_api_queries_do_not_grow_with_sign_ups(django_assert_max_num_queries):
    assert_flat(bearer_client(StaffFactory()), api_url("staff/approvals"), pending, 8, django_assert_max_num_queries)


def test_sectors_api_queries_are_constant(django_assert_max_num_queries):
    assert_flat(bearer_client(None), api_url("sectors"), lambda n: [], 1, django_assert_max_num_queries)


def test_settings_page_queries_do_not_grow_with_api_tokens(member, django_assert_max_num_queries):
    def add(n: int) -> list[str]:
        return [create_api_token(member, name=f"Row token {next(_numbers)}")[0].name for _ in range(n)]
    assert_flat(session_client(member), "/settings/", add, 8, django_assert_max_num_queries)  # 8: the e-mail switches
