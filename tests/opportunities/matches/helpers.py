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
