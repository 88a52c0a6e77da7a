"""Events fixtures: a staff-run series with one upcoming session of two seats, an
organisation-run series whose owners and admins organise it, and `world`: the actors of
the permission matrices (see helpers.ACTORS) around the Indo-Nippon Business Council."""

from types import SimpleNamespace

import pytest

from kakehashi.events import registration
from kakehashi.events.models import Question

from ..factories import (
    EventSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    SeriesFactory,
    SpeakerFactory,
    StaffFactory,
    UserFactory,
)


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


@pytest.fixture
def world(db):
    inbc = OrganisationFactory(name="Indo-Nippon Business Council", slug="inbc", org_type="chamber")
    other = OrganisationFactory(name="Tokyo Other", slug="tokyo-other", country="JP", region_code="JP-13")
    member = MembershipFactory(organisation=inbc, role="member").user
    org_admin = MembershipFactory(organisation=inbc, role="admin").user
    other_owner = MembershipFactory(organisation=other, role="owner").user
    perspectives = SeriesFactory(slug="perspectives")
    open_session = EventSessionFactory(series=perspectives, slug="open", capacity=10)
    org_series = SeriesFactory(slug="ev-matchmaking", organisation=inbc)
    org_open = EventSessionFactory(series=org_series, slug="org-open", capacity=10)
    EventSessionFactory(series=org_series, slug="org-draft", published=False)
    question = Question.objects.create(session=org_open, text="Which parts do you make?")
    speaker = SpeakerFactory(series=org_series)
    guest = registration.register_member(UserFactory(email="guest@example.org"), org_open)
    return SimpleNamespace(
        actors={
            "visitor": None, "unapproved": UserFactory(approval_status="pending"), "member": member,
            "other_org_member": other_owner, "org_admin": org_admin, "staff": StaffFactory(),
        },
        open_session=open_session, org_open=org_open, question=question, speaker=speaker, guest=guest,
    )
