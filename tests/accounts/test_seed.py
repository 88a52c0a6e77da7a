"""The accounts demo: "Recently joined" on the front page shows Indian and Japanese
organisations, not the few from elsewhere."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_recently_joined_shows_indian_and_japanese_organisations_alternately(client):
    call_command("seed_accounts", stdout=io.StringIO())

    recent = list(client.get("/").context["recent"])

    assert [o.country for o in recent] == ["JP", "IN", "JP", "IN", "JP", "IN"]
