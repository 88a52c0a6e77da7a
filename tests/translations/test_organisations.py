"""An organisation's profile in the reader's language: its own descriptions first, then the
secretariat's versions or a machine translation of its English (else only) description."""

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from kakehashi.accounts.models import OrganisationDescription
from kakehashi.translations import desk, services
from kakehashi.translations.models import MachineTranslation, Version

from .helpers import client_for, page
from .servers import fake_translate

JAPANESE = "愛知県の精密部品メーカーです。"
HINDI = "हम आइची के सटीक पुर्जा निर्माता हैं।"


@pytest.fixture
def japanese_only(world):
    OrganisationDescription.objects.filter(organisation=world.tokai).update(language="ja", text=JAPANESE)
    return world


def profile(world) -> str:
    return reverse("accounts:organisation", args=[world.tokai.slug])


def version_url(world, language="hi") -> str:
    return reverse("translations:version", args=["organisation", world.tokai.pk, language])


def test_the_secretariat_publishes_a_version_a_reader_of_that_language_sees_marked(japanese_only):
    response = client_for(japanese_only.staff).post(version_url(japanese_only), {"description": HINDI})
    assert response.status_code == 302
    assert Version.objects.get(source="organisation").origin == "secretariat"
    html = page(japanese_only.reader, profile(japanese_only))
    assert f'<div class="description" lang="hi"><p>{HINDI}</p></div>' in html
    assert 'class="translation-note"' in html and 'class="show-original"' in html
    original = page(japanese_only.reader, profile(japanese_only) + "?original=1")
    assert f'<div class="description" lang="ja"><p>{JAPANESE}</p></div>' in original


def test_members_of_the_organisation_write_their_languages_in_the_profile_not_as_versions(japanese_only):
    assert client_for(japanese_only.owner).get(version_url(japanese_only)).status_code == 404
    assert client_for(japanese_only.reader).get(version_url(japanese_only)).status_code == 404
    assert not Version.objects.exists()


def test_a_language_the_organisation_wrote_itself_takes_no_version_and_waits_on_no_desk(world):
    OrganisationDescription.objects.create(organisation=world.tokai, language="hi", text=HINDI)
    assert client_for(world.staff).get(version_url(world, "hi")).status_code == 404
    with pytest.raises(ValidationError):
        services.save_version(world.staff, "organisation", world.tokai.pk, "hi", {"description": "x"})
    services.refresh_desk()
    waiting = {(item.source.name, item.object_id) for item in desk.waiting("hi")}
    assert ("organisation", world.tokai.pk) not in waiting
    assert ("organisation", world.tokai.pk) in {(item.source.name, item.object_id) for item in desk.waiting("ja")}
    html = page(world.reader, reverse("accounts:organisation", args=[world.tokai.slug]))
    assert f'<div class="description" lang="hi"><p>{HINDI}</p></div>' in html and "translate-button" not in html


def test_a_reader_has_the_profile_translated_by_machine(japanese_only, libretranslate):
    html = page(japanese_only.reader, profile(japanese_only))
    assert "translate-button" in html
    url = reverse("translations:translate", args=["organisation", japanese_only.tokai.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(japanese_only.reader).post(url, {"lang": "hi"})
    html = page(japanese_only.reader, profile(japanese_only))
    assert f'<div class="description" lang="hi"><p>{fake_translate(JAPANESE, "hi")}</p></div>' in html
    assert MachineTranslation.objects.get(text=JAPANESE).state == "done"


def test_a_pending_organisation_is_not_translated_for_others(japanese_only, libretranslate):
    japanese_only.tokai.status = "pending"
    japanese_only.tokai.save(update_fields=["status"])
    url = reverse("translations:translate", args=["organisation", japanese_only.tokai.pk])
    assert client_for(japanese_only.reader).post(url, {"lang": "hi"}).status_code == 404
    assert not MachineTranslation.objects.exists()
