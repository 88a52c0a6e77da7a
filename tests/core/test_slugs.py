"""One unique-slug helper for organisations, posts, series and sessions."""

import pytest

from kakehashi.accounts.models import Organisation
from kakehashi.core.slugs import unique_slug

from ..factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_unique_slug_is_the_slugified_text_when_free():
    assert unique_slug(Organisation, "Hamamatsu Seimitsu K.K.", fallback="organisation") == "hamamatsu-seimitsu-kk"


def test_unique_slug_counts_up_while_the_slug_is_taken():
    OrganisationFactory(slug="hamamatsu-seimitsu")
    OrganisationFactory(slug="hamamatsu-seimitsu-2")

    assert unique_slug(Organisation, "Hamamatsu Seimitsu", fallback="organisation") == "hamamatsu-seimitsu-3"


def test_unique_slug_falls_back_when_the_text_has_no_latin_letters():
    assert unique_slug(Organisation, "浜松精密", fallback="organisation") == "organisation"


def test_unique_slug_leaves_room_for_the_counter_in_the_field():
    slug = unique_slug(Organisation, "a" * 500, fallback="organisation")

    assert slug == "a" * 208  # the field holds 220
