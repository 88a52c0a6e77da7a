"""Events fixtures: a staff-run series with one upcoming session of two seats, and an
organisation-run series whose owners and admins organise it."""

import pytest

from kakehashi.mail.models import OutboxMessage

from ..factories import EventSessionFactory, MembershipFactory, OrganisationFactory, SeriesFactory, UserFactory


@pytest.fixture
def session(db):
    """Upcoming, online, 2 seats, 10:00 JST in ten days."""
    return EventSessionFactory(slug="digital-partnership", title="The India–Japan Digital Partnership")


@pytest.fixture
def org_series(db):
    org = OrganisationFactory(name="Indo-Nippon Business Council", slug="inbc")
    return SeriesFactory(slug="ev-matchmaking", title="EV matchmaking", organisation=org)


@pytest.fixture
def org_admin(org_series):
    return MembershipFactory(organisation=org_series.organisation, role="admin", user=UserFactory(email="admin@inbc.example")).user


def members(n: int, **kwargs) -> list:
    return [UserFactory(**kwargs) for _ in range(n)]


def outbox(template: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(template=f"events/mail/{template}").order_by("created_at"))
