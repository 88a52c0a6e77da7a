"""Published opportunities for matching tests, made without the publishing workflow."""

import datetime as dt

from django.utils import timezone

from kakehashi.core.models import Sector
from kakehashi.opportunities.matches import services
from kakehashi.opportunities.models import Opportunity, Status
from tests.factories import OrganisationFactory

_orgs: dict[str, object] = {}


def organisation(country: str, name: str | None = None):
    name = name or f"{country} Works"
    return OrganisationFactory(name=name, country=country, region_code="JP-13" if country == "JP" else "IN-TN")


def published(org, kind: str, title: str, summary: str, details: str = "", *, language: str = "en",
              sectors=("29",), refresh: bool = True, **fields) -> Opportunity:
    opportunity = Opportunity.objects.create(
        organisation=org, kind=kind, title=title, summary=summary, details=details, language=language,
        status=Status.PUBLISHED, published_at=timezone.now(),
        expires_on=timezone.localdate() + dt.timedelta(days=90), **fields,
    )
    opportunity.sectors.set(Sector.objects.filter(code__in=sectors))
    if refresh:
        services.refresh_opportunity(opportunity.pk)
    return opportunity


def buyer_with_two_offers():
    """A Japanese buyer's sourcing request (in Japanese) matched by two Indian offers: a close
    one (auto parts machining) and a looser one (machine tools). → (buyer, request, offer, machinery)."""
    from tests.factories import MembershipFactory, UserFactory

    buyer_org = organisation("JP", "Tokai Motors")
    buyer = MembershipFactory(organisation=buyer_org, role="owner", user=UserFactory(language="en")).user
    offer = published(organisation("IN", "Chennai Precision Components"), "manufacturing_offer",
                      "CNC machining capacity for precision auto parts",
                      "We machine brake components and transmission shafts.", sectors=("29",))
    machinery = published(organisation("IN", "Pune Machine Tools"), "manufacturing_offer",
                          "Machine tools and precision spindles", "We build CNC lathes and spindles.", sectors=("28",))
    request = published(buyer_org, "sourcing_request", "精密自動車部品の調達先を探しています",
                        "ブレーキ部品のCNC加工ができるサプライヤーを求めています。", language="ja", sectors=("29",))
    return buyer, request, offer, machinery
