"""Absolute links for e-mails, feeds and calendars come from one helper."""

import pytest

from kakehashi.core.links import absolute_url

from ..factories import OrganisationFactory


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://kakehashi.example.org"


def test_absolute_url_of_a_url_name_with_args():
    assert absolute_url("accounts:organisation", "tokai-seiki") == "https://kakehashi.example.org/organisations/tokai-seiki/"


def test_absolute_url_of_a_path():
    assert absolute_url("/media/speakers/a.png") == "https://kakehashi.example.org/media/speakers/a.png"


@pytest.mark.django_db
def test_absolute_url_of_an_object_uses_its_get_absolute_url():
    organisation = OrganisationFactory(slug="hamamatsu-seimitsu")

    assert absolute_url(organisation) == "https://kakehashi.example.org/organisations/hamamatsu-seimitsu/"
