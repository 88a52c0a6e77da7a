"""Helpers of the meetings tests: the world of a matchmaking session (conftest.world)."""

import datetime as dt
from types import SimpleNamespace

from kakehashi.meetings import services

from ..factories import (
    MatchmakingSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    SeriesFactory,
    StaffFactory,
    UserFactory,
)


def blocks_of(session, *spans):
    """(start minutes, end minutes) after the session's start → UTC (start, end) pairs."""
    return [(session.starts_at + dt.timedelta(minutes=a), session.starts_at + dt.timedelta(minutes=b)) for a, b in spans]


def set_grid(actor, session, **fields):
    """Three 15-minute slots with 5-minute breaks (00–55 after the start), 2 tables, by default."""
    values = {"slot_minutes": 15, "break_minutes": 5, "place": "tables", "capacity": 2, "cap": None, "mode": "any",
              "room_url_template": "", "requests_close_at": None, "remind_hours": 24}
    values.update(fields)
    blocks = values.pop("blocks", None) or blocks_of(session, (0, 55))
    return services.save_grid(actor, session, blocks=blocks, **values)


def build_world():
    """The Indo-Nippon Business Council (INBC) runs a matchmaking session.

    - buyer: owner of Tokyo Motors (JP), participant, writes Japanese, lives in JST
    - seller: owner of Chennai Harness (IN), participant, English, IST
    - member: approved member of INBC, not registered (a signed-in non-participant)
    - other_org_member: owner of another organisation, registered but not taking part
    - org_admin: admin of INBC: organises; staff: organises every session
    """
    council = OrganisationFactory(name="Indo-Nippon Business Council", slug="inbc")
    org_admin = MembershipFactory(organisation=council, role="admin").user
    member = MembershipFactory(organisation=council, role="member").user
    staff = StaffFactory(email="staff@example.org", display_name="Staff")
    session = MatchmakingSessionFactory(series=SeriesFactory(organisation=council, slug="ev-matchmaking"), slug="ev-meet")
    buyer = ParticipantFactory(
        session=session, organisation=OrganisationFactory(name="Tokyo Motors", country="JP", region_code="JP-13", city="Tokyo"),
        role="buyer",
        user=UserFactory(email="buyer@example.jp", display_name="Sato", language="ja", timezone="Asia/Tokyo"),
    )
    MembershipFactory(user=buyer.user, organisation=buyer.organisation, role="owner")
    seller = ParticipantFactory(
        session=session, organisation=OrganisationFactory(name="Chennai Harness"), role="seller",
        user=UserFactory(email="seller@example.in", display_name="Priya", language="en", timezone="Asia/Kolkata"),
    )
    MembershipFactory(user=seller.user, organisation=seller.organisation, role="owner")
    other = MembershipFactory(organisation=OrganisationFactory(name="Osaka Other", country="JP", region_code="JP-27", city="Osaka"), role="owner").user
    from ..factories import RegistrationFactory

    RegistrationFactory(session=session, user=other)
    grid = set_grid(staff, session)
    return SimpleNamespace(
        session=session, grid=grid, buyer=buyer, seller=seller, council=council,
        actors={"visitor": None, "member": member, "other_org_member": other, "buyer": buyer.user,
                "seller": seller.user, "org_admin": org_admin, "staff": staff},
    )
