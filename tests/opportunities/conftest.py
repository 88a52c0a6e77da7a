"""Fixtures of the opportunity tests: organisation A and one opportunity in each state
(actors: see helpers.py)."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from ..factories import OpportunityFactory
from .helpers import in_days


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
