"""Shared fixtures of the opportunity tests (imported by the test modules that use them).

Actors, all relative to organisation A ("Sundaram Precision", approved, India):
visitor, unapproved (signed in, waiting for approval), other_org_member (approved owner of
"Tokyo Other", Japan), member (approved member of A, role "member"), staff.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from kakehashi.opportunities import services

from ..factories import OpportunityFactory

ACTORS = ["visitor", "unapproved", "other_org_member", "member", "staff"]
ORG_NAME = "Sundaram Precision"


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def draft_fields(**overrides) -> dict:
    """A complete manufacturing offer, ready to submit."""
    fields = {
        "kind": "manufacturing_offer",
        "title": "Precision machining capacity in Chennai",
        "summary": "CNC turning and milling of transmission shafts and gear blanks for car makers.",
        "details": "IATF 16949 certified. 40 machining centres, 50,000 parts a month.",
        "sectors": ["29"],
        "target_countries": ["JP"],
        "visibility": "public",
        "expires_on": in_days(120),
    }
    fields.update(overrides)
    return fields


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def org_a(member):
    return member.memberships.get().organisation


@pytest.fixture
def world(db, member, other_org_member, unapproved, staff, org_a):
    """One opportunity of organisation A in each state and visibility."""
    def make(**kwargs):
        return OpportunityFactory(organisation=org_a, created_by=member, **kwargs)

    return SimpleNamespace(
        actors={"visitor": None, "unapproved": unapproved, "other_org_member": other_org_member, "member": member,
                "staff": staff},
        org_a=org_a,
        public=make(title="Public offer"),
        members=make(title="Members offer", visibility="members"),
        anonymous=make(title="Anonymous offer", visibility="anonymous"),
        draft=make(title="Draft offer", status="draft", published_at=None),
        submitted=make(title="Submitted offer", status="submitted", published_at=None, submitted_at=timezone.now()),
        returned=make(title="Returned offer", status="returned", published_at=None, review_comment="Add the capacity."),
        expired=make(title="Expired offer", status="expired", expires_on=in_days(-3)),
        closed=make(title="Closed offer", status="closed", outcome="no_fit"),
        past_date=make(title="Past-date offer", expires_on=in_days(-1)),
    )


def new_draft(member, org, **overrides):
    return services.create_draft(member, org, **draft_fields(**overrides))
