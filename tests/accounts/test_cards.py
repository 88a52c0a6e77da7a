"""Cards of the directory and of the opportunity search are cached per object, version and
language (`{% cache %}` keyed by id, `updated_at`, language, and for an opportunity the
owner as the viewer may see it): an edit shows at once, a language never sees another's
card, and an anonymous owner stays hidden from the viewers it is hidden from."""

import pytest
from django.test import Client

from kakehashi.accounts import services
from kakehashi.core.models import Sector

from ..factories import MembershipFactory, OpportunityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _get(client: Client, path: str, language: str = "en") -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_an_edited_organisation_shows_its_new_card_in_the_directory_at_once():
    owner = MembershipFactory(role="owner", organisation__name="Kaveri Castings", organisation__city="Coimbatore")
    client = Client()
    assert "Coimbatore" in _get(client, "/organisations/")

    services.update_organisation(owner.user, owner.organisation, sectors=list(Sector.objects.filter(code="29")),
                                 descriptions={"en": "We cast iron."}, city="Hosur")

    page = _get(client, "/organisations/")
    assert "Hosur" in page
    assert "Coimbatore" not in page


def test_an_organisation_card_is_cached_per_language():
    OrganisationFactory(name="Kaveri Castings", country="JP", region_code="JP-13", city="Tokyo")
    client = Client()

    english, japanese = _get(client, "/organisations/", "en"), _get(client, "/organisations/", "ja")

    assert '<span class="flag flag-JP">Japan</span>' in english
    assert '<span class="flag flag-JP">日本</span>' in japanese


def test_an_anonymous_owner_seen_by_its_member_stays_hidden_from_another_member_after_the_card_is_cached():
    org = OrganisationFactory(name="Secretive Gearworks")
    author = MembershipFactory(organisation=org, role="owner").user
    OpportunityFactory(organisation=org, created_by=author, visibility="anonymous", title="Gear grinding partner wanted")
    own, other = Client(), Client()
    own.force_login(author)
    other.force_login(MembershipFactory().user)
    assert "Secretive Gearworks" in _get(own, "/opportunities/")

    page = _get(other, "/opportunities/")

    assert "Gear grinding partner wanted" in page
    assert "Secretive Gearworks" not in page
