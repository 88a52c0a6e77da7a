"""Fixtures of the interest and programme tests: two organisations and their people, and an
opportunity (helpers: helpers.py)."""

import pytest
from django.utils import translation

from ...factories import MembershipFactory, OpportunityFactory, OrganisationFactory, StaffFactory, UserFactory
from .helpers import OWNER_ORG, SENDER_ORG


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a page request leaves the member's language active in
    the thread, and service messages are translated when raised."""
    with translation.override("en"):
        yield


class World(dict):
    def __getattr__(self, name):
        return self[name]


@pytest.fixture
def world(db):
    """Tokai Seiki (Japan) owns an opportunity; Sundaram (India) is interested; a third
    organisation, an unapproved account and staff look on."""
    owner_org = OrganisationFactory(
        name=OWNER_ORG, slug="tokai-seiki", country="JP", region_code="JP-23", city="Nagoya",
        website="https://tokai-seiki.example.jp/",
    )
    sender_org = OrganisationFactory(name=SENDER_ORG, slug="sundaram", website="https://sundaram.example.in/")
    third_org = OrganisationFactory(name="Third Party Ltd", slug="third-party")
    owner = MembershipFactory(
        organisation=owner_org, role="owner",
        user=UserFactory(email="haruka@tokai.example.jp", display_name="Sato Haruka", language="ja"),
    ).user
    owner_colleague = MembershipFactory(
        organisation=owner_org, user=UserFactory(email="kenji@tokai.example.jp", display_name="Ito Kenji", language="ja"),
    ).user
    quiet_owner = MembershipFactory(
        organisation=owner_org,
        user=UserFactory(email="quiet@tokai.example.jp", display_name="Quiet", email_notifications=False),
    ).user
    sender = MembershipFactory(
        organisation=sender_org, role="owner",
        user=UserFactory(email="asha@sundaram.example.in", display_name="Asha Rao", language="hi"),
    ).user
    sender_colleague = MembershipFactory(
        organisation=sender_org, user=UserFactory(email="vikram@sundaram.example.in", display_name="Vikram", language="en"),
    ).user
    third = MembershipFactory(organisation=third_org, user=UserFactory(email="third@example.org")).user
    opportunity = OpportunityFactory(
        organisation=owner_org, created_by=owner, kind="sourcing_request", title="Precision auto parts sourcing",
        summary="We look for a supplier of machined aluminium housings.",
    )
    return World(
        owner_org=owner_org, sender_org=sender_org, third_org=third_org, owner=owner,
        owner_colleague=owner_colleague, quiet_owner=quiet_owner, sender=sender, sender_colleague=sender_colleague,
        third=third, staff=StaffFactory(email="staff@example.org", display_name="Staff"),
        unapproved=UserFactory(email="waiting@example.org", approval_status="pending"),
        opportunity=opportunity,
    )
