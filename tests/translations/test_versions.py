"""Versions people write: the author's and the secretariat's, shown to readers of that language."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kakehashi.core.models import AuditEntry
from kakehashi.translations import services
from kakehashi.translations.models import Version

from .helpers import client_for, page

HINDI = {"title": "भारत में सटीक पुर्जों के आपूर्तिकर्ता की तलाश", "summary": "ईवी मोटर पुर्जों के लिए साझेदार",
         "details": "IATF 16949 प्रमाणन आवश्यक।\n\nप्रति माह 50,000 पुर्जे।"}


def detail(world):
    return reverse("opportunities:detail", args=[world.request.reference])


def version_url(world, language="hi"):
    return reverse("translations:version", args=["opportunity", world.request.pk, language])


def test_an_author_publishes_a_version_from_the_form(world):
    response = client_for(world.owner).post(version_url(world), {**HINDI, "next": detail(world)})
    assert response.status_code == 302 and response["Location"] == detail(world)
    version = Version.objects.get()
    assert (version.source, version.object_id, version.language, version.origin) == ("opportunity", world.request.pk, "hi", "author")
    assert version.fields == HINDI and version.published_by == world.owner
    assert AuditEntry.objects.filter(action="translation.version_published").count() == 1


def test_a_reader_sees_the_version_in_their_language_marked_with_who_translated_it(world):
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    html = page(world.reader, detail(world))
    assert '<h1 lang="hi">भारत में सटीक पुर्जों के आपूर्तिकर्ता की तलाश</h1>' in html
    assert "ईवी मोटर पुर्जों के लिए साझेदार" in html
    assert "<p>IATF 16949 प्रमाणन आवश्यक।</p>\n\n<p>प्रति माह 50,000 पुर्जे।</p>" in html
    assert 'class="translation-note"' in html and 'class="show-original"' in html
    assert "インドの精密部品サプライヤーを探しています" not in html.split("<h1")[1]


def test_show_original_gives_the_original_with_a_way_back(world):
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    html = page(world.reader, detail(world) + "?original=1")
    assert '<h1 lang="ja">インドの精密部品サプライヤーを探しています</h1>' in html
    assert 'class="show-translation"' in html


def test_the_mark_names_the_original_language_and_the_translator(world, settings):
    services.save_version(world.staff, "opportunity", world.request.pk, "en", {**HINDI, "title": "Looking for Indian suppliers"})
    world.reader.language = "en"
    world.reader.save()
    html = page(world.reader, detail(world))
    assert "Written in 日本語 · translated by the secretariat" in html
    assert '<h1 lang="en">Looking for Indian suppliers</h1>' in html


def test_readers_of_the_original_language_see_the_original(world):
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    html = page(world.owner, detail(world))
    assert '<h1 lang="ja">インドの精密部品サプライヤーを探しています</h1>' in html and "translation-note" not in html


def test_a_version_of_an_original_changed_since_says_so(world):
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    world.request.summary = "変更しました"
    world.request.save()
    html = page(world.reader, detail(world))
    assert 'class="translation-stale"' in html


def test_staff_publish_as_the_secretariat_and_members_with_the_translator_permission_too(world):
    from django.contrib.auth.models import Permission

    assert services.save_version(world.staff, "opportunity", world.request.pk, "en", HINDI).origin == "secretariat"
    world.outsider.user_permissions.add(Permission.objects.get(codename="translate", content_type__app_label="translations"))
    outsider = type(world.outsider).objects.get(pk=world.outsider.pk)  # permissions are cached per instance
    assert services.save_version(outsider, "opportunity", world.request.pk, "hi", HINDI).origin == "secretariat"


@pytest.mark.parametrize("actor", ["reader", "outsider"])
def test_other_members_may_not_write_a_version(world, actor):
    with pytest.raises(PermissionDenied):
        services.save_version(world[actor], "opportunity", world.request.pk, "hi", HINDI)
    assert client_for(world[actor]).get(version_url(world)).status_code == 404
    assert client_for(world[actor]).post(version_url(world), HINDI).status_code == 404
    assert not Version.objects.exists()


def test_a_visitor_and_an_unapproved_account_are_sent_away_from_the_form(world):
    assert client_for(None).get(version_url(world)).status_code == 302
    response = client_for(world.unapproved).get(version_url(world))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:onboarding")


def test_a_version_in_the_original_language_or_missing_a_part_is_refused(world):
    with pytest.raises(ValidationError):
        services.save_version(world.owner, "opportunity", world.request.pk, "ja", HINDI)
    with pytest.raises(ValidationError) as refusal:
        services.save_version(world.owner, "opportunity", world.request.pk, "hi", {**HINDI, "summary": " "})
    assert "summary" in refusal.value.message_dict
    response = client_for(world.owner).post(version_url(world), {**HINDI, "summary": ""})
    assert response.status_code == 400


def test_the_author_sees_the_versions_panel_and_others_do_not(world):
    assert "versions-title" in page(world.owner, detail(world))
    assert "versions-title" in page(world.staff, detail(world))
    assert "versions-title" not in page(world.reader, detail(world))


def test_deleting_a_version_brings_back_the_original(world):
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    response = client_for(world.owner).post(version_url(world), {"action": "delete"})
    assert response.status_code == 302 and not Version.objects.exists()
    assert '<h1 lang="ja">' in page(world.reader, detail(world))


def test_an_anonymous_opportunity_stays_anonymous_in_its_version(world):
    world.request.visibility = "anonymous"
    world.request.save()
    services.save_version(world.owner, "opportunity", world.request.pk, "hi", HINDI)
    html = page(world.reader, detail(world))
    assert "भारत में सटीक" in html and "Tokai Seiki" not in html
    # a visitor learns nothing, in any language
    response = client_for(None).get(detail(world))
    assert response.status_code == 404 and "भारत" not in response.content.decode()


def test_without_a_provider_there_is_no_translate_button(world):
    html = page(world.reader, detail(world))
    assert "translate-button" not in html and "translation-note" not in html
