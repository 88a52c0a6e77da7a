"""The programme fixture, counted by hand (see `programme`), and the four actors."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import translation

from kakehashi.events.models import Feedback, Registration
from kakehashi.opportunities.interest import services
from kakehashi.opportunities.models import Interest, Introduction, OutcomeRecord

from ..factories import (
    EventSessionFactory,
    MatchedPairFactory,
    MembershipFactory,
    OpportunityFactory,
    OrganisationFactory,
    RegistrationFactory,
    StaffFactory,
    UserFactory,
)


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _dated(model, pk, when):
    model.objects.filter(pk=pk).update(created_at=when)


@pytest.fixture
def programme(db):
    """Two Indian organisations (Pune SME, Bengaluru startup) and two Japanese (Osaka large
    company, Tokyo investor), one person each, one published opportunity each (January).

    Hand count, all time (and per month):
    - matches: a–c (Jan 20), b–d (Feb 5), a–d (Mar 3), a–b (Apr 8, both Indian) = 4
    - expressions of interest: Osaka → a (Feb 10, accepted), Tokyo → b (Feb 20, accepted),
      Pune → d (Mar 5, pending), Bengaluru → c (Mar 6, declined) = 4
    - introductions: Osaka–Pune (Feb 12), Tokyo–Bengaluru (Mar 10) = 2
    - partnerships formed: Osaka–Pune, recorded by both sides (Mar 1, Mar 4): 1, in March
    - investments made: Tokyo–Bengaluru (Apr 2): 1; a meeting held (Mar 15) is not in the funnel
    - event registrations: 3 in February (Pune attended and rated 5, Tokyo attended and rated
      4, Osaka absent), 1 cancelled in March
    """
    pune = OrganisationFactory(name="Pune Forge", country="IN", org_type="sme", sectors=["29"])
    blr = OrganisationFactory(name="Bengaluru Robotics", country="IN", org_type="startup", sectors=["62"])
    osaka = OrganisationFactory(name="Osaka Heavy", country="JP", org_type="large_company", region_code="JP-27",
                                city="Osaka", sectors=["29"])
    tokyo = OrganisationFactory(name="Tokyo Capital", country="JP", org_type="investor", region_code="JP-13",
                                city="Tokyo", sectors=["64"])
    people = {org: MembershipFactory(organisation=org, role="owner").user for org in (pune, blr, osaka, tokyo)}
    for org in (pune, blr, osaka, tokyo):
        _dated(type(org), org.pk, at(1, 5))
        type(people[org].memberships.get()).objects.filter(organisation=org).update(created_at=at(1, 6))
    a = OpportunityFactory(organisation=pune, kind="manufacturing_offer", published_at=at(1, 10))
    b = OpportunityFactory(organisation=blr, kind="technology_offer", published_at=at(1, 12), sectors=["62"])
    c = OpportunityFactory(organisation=osaka, kind="sourcing_request", published_at=at(1, 14), visibility="anonymous")
    d = OpportunityFactory(organisation=tokyo, kind="investor_mandate", published_at=at(1, 16), sectors=["64"])
    for low, high, when in ((a, c, at(1, 20)), (b, d, at(2, 5)), (a, d, at(3, 3)), (a, b, at(4, 8))):
        MatchedPairFactory(low=low, high=high, first_matched_at=when)

    def express(org, opportunity, when):
        interest = services.express_interest(people[org], opportunity, message="We would like to talk.")
        _dated(Interest, interest.pk, when)
        return interest

    one = services.accept_interest(people[pune], express(osaka, a, at(2, 10)))
    _dated(Introduction, one.pk, at(2, 12))
    two = services.accept_interest(people[blr], express(tokyo, b, at(2, 20)))
    _dated(Introduction, two.pk, at(3, 10))
    express(pune, d, at(3, 5))
    services.decline_interest(people[osaka], express(blr, c, at(3, 6)), reason="Not now.")
    for user, introduction, outcome, when in (
        (people[pune], one, "partnership_formed", at(3, 1)), (people[osaka], one, "partnership_formed", at(3, 4)),
        (people[tokyo], two, "meeting_held", at(3, 15)), (people[tokyo], two, "investment_made", at(4, 2)),
    ):
        _dated(OutcomeRecord, services.record_outcome(user, introduction, outcome=outcome).pk, when)

    session = EventSessionFactory(capacity=10)
    for org, attended, rating in ((pune, True, 5), (tokyo, True, 4), (osaka, False, None)):
        registration = RegistrationFactory(session=session, user=people[org], attended=attended)
        _dated(Registration, registration.pk, at(2, 2))
        if rating:
            Feedback.objects.create(registration=registration, rating=rating)
    cancelled = RegistrationFactory(session=session, user=UserFactory(), status="cancelled")
    _dated(Registration, cancelled.pk, at(3, 3))
    return SimpleNamespace(pune=pune, blr=blr, osaka=osaka, tokyo=tokyo, people=people, a=a, b=b, c=c, d=d)


@pytest.fixture
def actors(db):
    """stranger (not signed in), a signed-in account not yet approved, the owner of an
    Indian organisation (counted in the dashboard's figures), an approved member of another
    organisation (Japanese), staff."""
    own = OrganisationFactory(name="Own Figures Ltd", country="IN")
    return {
        "stranger": None,
        "unapproved": UserFactory(approval_status="pending"),
        "member": MembershipFactory(organisation=own, role="owner").user,
        "other_org_member": MembershipFactory(organisation=OrganisationFactory(name="Elsewhere KK", country="JP")).user,
        "staff": StaffFactory(),
    }
